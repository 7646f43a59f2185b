//! The Outbox view: drafts with their discretion warnings, editing, approving (a
//! flagged draft only with an explicit per-draft override), discarding, sending what
//! is approved on a background thread with a progress bar, the emails that need a
//! decision after an interrupted send, and the sent history.

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::send_job::SendJob;
use super::widgets::{error_text, hint, labelled_line, labelled_multiline};
use crate::model::lint::{LintWarning, lint};
use crate::model::{OutboxEntry, OutboxId, OutboxStatus};
use crate::store::{Change, MailChange};

mod detail;
mod drafting;

use detail::{restore_ui, review_ui};

/// Which part of the outbox the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    Drafts,
    NeedsReview,
    Queued,
    Sent,
    Discarded,
}

impl Filter {
    const ALL: [Filter; 5] = [
        Filter::Drafts,
        Filter::NeedsReview,
        Filter::Queued,
        Filter::Sent,
        Filter::Discarded,
    ];

    fn label(self) -> &'static str {
        match self {
            Filter::Drafts => "Drafts",
            Filter::NeedsReview => "Needs review",
            Filter::Queued => "To send",
            Filter::Sent => "Sent",
            Filter::Discarded => "Discarded",
        }
    }

    fn statuses(self) -> &'static [OutboxStatus] {
        match self {
            Filter::Drafts => &[OutboxStatus::Draft],
            Filter::NeedsReview => &[OutboxStatus::NeedsReview],
            Filter::Queued => &[
                OutboxStatus::Approved,
                OutboxStatus::Failed,
                OutboxStatus::Sending,
            ],
            Filter::Sent => &[OutboxStatus::Sent],
            Filter::Discarded => &[OutboxStatus::Discarded],
        }
    }

    fn includes(self, status: OutboxStatus) -> bool {
        self.statuses().contains(&status)
    }
}

/// One line of the list, with its discretion-warning count, built once per change.
struct Row {
    id: OutboxId,
    text: String,
}

/// The list for one (model revision, filter): rebuilt only when either changes, so
/// the lint does not run over hundreds of emails every frame.
#[derive(Default)]
struct Rows {
    key: Option<(u64, Filter)>,
    rows: Vec<Row>,
}

/// At most this many emails are listed (newest first).
const LIST_LIMIT: usize = 500;

/// The words of the selected email as the user is editing them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    id: OutboxId,
    /// The revision of the entry the words were loaded from (a save names it).
    base: crate::model::Revision,
    subject: String,
    body: String,
    stored: (String, String),
}

impl Edit {
    /// Merges a change made elsewhere (the hourly run, the command line) into the words.
    fn follow(&mut self, entry: &OutboxEntry) {
        let revision = crate::model::Revision::of(entry);
        if self.base == revision {
            return;
        }
        crate::model::merge_field(&mut self.stored.0, &mut self.subject, &entry.subject);
        crate::model::merge_field(&mut self.stored.1, &mut self.body, &entry.body);
        self.base = revision;
    }

    fn dirty(&self) -> bool {
        (self.subject.as_str(), self.body.as_str())
            != (self.stored.0.as_str(), self.stored.1.as_str())
    }
}

#[derive(Default)]
pub struct OutboxView {
    /// The template editor tab instead of the emails.
    show_templates: bool,
    templates: super::templates::TemplatesView,
    filter: Filter,
    rows: Rows,
    selected: Option<OutboxId>,
    edit: Option<Edit>,
    override_lint: bool,
    job: Option<SendJob>,
    drafting: Option<drafting::Drafting>,
    digest: Option<drafting::DigestJob>,
}

impl OutboxView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.edit.as_ref().is_some_and(Edit::dirty) || self.templates.has_unsaved_changes()
    }

    pub fn revert(&mut self) {
        self.edit = None;
        self.templates.revert();
    }

    /// Saves the edited email ("Save and continue" in the discard question); says
    /// whether the email is left with nothing unsaved.
    pub fn save_now(&mut self, view: &mut ViewCtx<'_>) -> bool {
        match self.edit.clone() {
            Some(edit) if edit.dirty() => self.save(&edit, view),
            _ => true,
        }
    }

    /// Where the unsaved words are, for the status line and the discard question.
    pub fn unsaved_place(&self) -> Option<&'static str> {
        if self.edit.as_ref().is_some_and(Edit::dirty) {
            Some("the email")
        } else if self.templates.has_unsaved_changes() {
            Some("the template")
        } else {
            None
        }
    }

    /// Whether "Save and continue" can save all that is unsaved here: the template
    /// editor saves from its own button only.
    pub fn can_save_now(&self) -> bool {
        !self.templates.has_unsaved_changes()
    }

    /// Starts sending everything that is ready, unless a send is already running.
    pub fn start_sending(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        if self.job.is_some() {
            return;
        }
        let now = view.store().clock().now();
        let mail = view.model().mail();
        let ready = mail.ready_to_send(now);
        if ready.is_empty() {
            return;
        }
        self.job = Some(SendJob::start(
            ctx,
            view.model().settings().clone(),
            view.store().path().to_path_buf(),
            ready,
        ));
    }

    /// Applies the worker's reports; called every frame from the app.
    pub fn poll(&mut self, ctx: &egui::Context, view: &mut ViewCtx<'_>) {
        self.poll_drafting(ctx, view);
        let Some(job) = self.job.as_mut() else { return };
        job.poll(view);
        if job.is_finished() {
            let summary = job.summary.clone();
            self.job = None;
            let report = &summary.report;
            let (needs_review, withdrawn) = (report.needs_review.len(), report.withdrawn.len());
            match summary.setup_error {
                Some(error) => view.status.error(format!("Nothing was sent: {error}")),
                None if summary.commit_error.is_some() => view.status.error(format!(
                    "Sent {}, then a result could not be saved ({}), so sending stopped; an email caught in between waits under “Needs review” when the window opens again.",
                    report.sent,
                    summary.commit_error.unwrap_or_default()
                )),
                None if withdrawn > 0 => view.status.error(format!(
                    "Sent {}; {withdrawn} withdrawn before sending because the contact or your employer changed — the reason is under “Discarded”.",
                    report.sent
                )),
                None if needs_review > 0 => view.status.error(format!(
                    "Sent {}; {needs_review} may have been sent and {} will not be sent again on its own — look in your Sent folder, then answer under “Needs review”.",
                    report.sent,
                    if needs_review == 1 { "it" } else { "they" }
                )),
                None if report.failed > 0 => view.status.error(format!(
                    "Sent {}, failed {} — the failed ones wait under “To send”.",
                    report.sent, report.failed
                )),
                None => view.status.info(format!("Sent {} email(s).", report.sent)),
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        ui.heading("Outbox");
        hint(
            ui,
            "Reminder emails drafted from your capability log. Nothing is sent until you approve it.",
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .selectable_label(!self.show_templates, "Emails")
                .clicked()
            {
                self.show_templates = false;
            }
            if ui
                .selectable_label(self.show_templates, "Templates")
                .clicked()
            {
                self.show_templates = true;
            }
        });
        ui.separator();
        if self.show_templates {
            self.templates.ui(ui, view);
            return;
        }
        self.toolbar_ui(ui, view);
        ui.add_space(6.0);
        self.filter_ui(ui, view);
        ui.separator();
        let employer = view.model().settings().employer.name.clone();
        self.refresh_rows(view, &employer);
        if self.rows.rows.is_empty() {
            let text = match self.filter {
                Filter::Drafts => {
                    "No drafts. Reminders are drafted for the contacts who are due, every hour while the window is open."
                }
                Filter::NeedsReview => {
                    "Nothing needs review: every email that was sent is known to have gone."
                }
                Filter::Sent => "Nothing sent yet.",
                _ => "Nothing here.",
            };
            if self.filter == Filter::Drafts {
                // The toolbar above has the one button: Draft due reminders now.
                hint(ui, text);
            } else if super::widgets::empty_state(ui, text, "See the drafts") {
                self.filter = Filter::Drafts;
            }
            return;
        }
        // After Approve or Discard the next email is shown (a double-click never
        // reaches its buttons: they take single clicks only).
        if self
            .selected
            .is_none_or(|id| !self.rows.rows.iter().any(|r| r.id == id))
        {
            self.select(self.rows.rows.first().map(|r| r.id), view);
        }
        let selected = self
            .selected
            .and_then(|id| view.model().mail().entry(id))
            .cloned();
        super::widgets::columns(ui, 2, |columns| {
            self.list_ui(&mut columns[0], view);
            if let Some(entry) = &selected {
                // The email scrolls on its own, so Approve and Discard are never under
                // the status line.
                // The email scrolls on its own above its buttons, so Approve and
                // Discard are always in sight.
                let ui = &mut columns[1];
                let clean = egui::ScrollArea::vertical()
                    .id_salt(("outbox_detail", entry.id))
                    .max_height((ui.available_height() - 64.0).max(120.0))
                    .show(ui, |ui| self.detail_ui(ui, entry, &employer))
                    .inner;
                ui.add_space(6.0);
                match entry.status {
                    OutboxStatus::Draft | OutboxStatus::Failed | OutboxStatus::Approved => {
                        self.actions_ui(ui, entry, clean, view);
                    }
                    OutboxStatus::NeedsReview => review_ui(ui, entry, view),
                    OutboxStatus::Discarded => restore_ui(ui, entry, view),
                    _ => {}
                }
            }
        });
    }

    fn refresh_rows(&mut self, view: &ViewCtx<'_>, employer: &str) {
        let key = (view.model().revision(), self.filter);
        if self.rows.key == Some(key) {
            return;
        }
        self.rows.key = Some(key);
        self.rows.rows = view
            .model()
            .mail()
            .outbox()
            .rev()
            .filter(|e| self.filter.includes(e.status))
            .take(LIST_LIMIT)
            .map(|entry| {
                let warnings = lint(&entry.subject, &entry.body, employer).len();
                let who = if entry.to_name.is_empty() {
                    entry.to_address.as_str()
                } else {
                    entry.to_name.as_str()
                };
                let mut text = format!("{who} — {}", entry.subject);
                if warnings > 0 {
                    text = format!("⚠ {warnings}  {text}");
                }
                Row { id: entry.id, text }
            })
            .collect();
    }

    fn select(&mut self, id: Option<OutboxId>, view: &ViewCtx<'_>) {
        self.selected = id;
        self.override_lint = false;
        self.edit = id
            .and_then(|id| view.model().mail().entry(id))
            .map(|e| Edit {
                id: e.id,
                base: crate::model::Revision::of(e),
                subject: e.subject.clone(),
                body: e.body.clone(),
                stored: (e.subject.clone(), e.body.clone()),
            });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        let ready = view
            .model()
            .mail()
            .ready_to_send(view.store().clock().now())
            .len();
        ui.horizontal(|ui| {
            let drafting = self.is_drafting();
            if ui
                .add_enabled(!drafting, egui::Button::new("Draft due reminders now"))
                .on_hover_text("Writes a draft for every due contact the rules allow (the app also does this every hour).")
                .clicked()
            {
                self.start_drafting(ui.ctx(), view, false);
            }
            if drafting {
                ui.add(egui::Spinner::new());
            }
            let configured = !view.model().settings().smtp.host.is_empty();
            let why_not = if !configured {
                Some("Sending is not set up yet: add your SMTP server in Settings.")
            } else if self.job.is_some() {
                Some("Sending now…")
            } else if ready == 0 {
                Some("Nothing is approved yet: approve a draft first.")
            } else {
                None
            };
            let send = ui
                .add_enabled(
                    why_not.is_none(),
                    egui::Button::new(format!("Send approved ({ready})")),
                )
                .on_disabled_hover_text(why_not.unwrap_or_default());
            if send.clicked() {
                self.start_sending(ui.ctx(), view);
            }
            if !configured {
                hint(ui, "Sending is not set up yet.");
                if ui.button("Set up sending").clicked() {
                    view.requests.push(super::Request::Show(super::View::Settings));
                }
            }
            if let Some(job) = &self.job {
                let fraction = if job.total == 0 {
                    1.0
                } else {
                    job.done as f32 / job.total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(180.0)
                        .animate(true),
                );
                ui.label(format!("Sending {} of {}…", job.done.min(job.total), job.total));
            }
        });
    }

    fn filter_ui(&mut self, ui: &mut Ui, view: &ViewCtx<'_>) {
        let mail = view.model().mail();
        ui.horizontal(|ui| {
            for filter in Filter::ALL {
                let count: usize = filter.statuses().iter().map(|s| mail.count(*s)).sum();
                let text = format!("{} ({count})", filter.label());
                let mut label = RichText::new(text);
                if filter == Filter::NeedsReview && count > 0 {
                    label = label.color(ui.visuals().warn_fg_color).strong();
                }
                let tab = ui.selectable_label(self.filter == filter, label);
                let tab = if filter == Filter::Queued {
                    tab.on_hover_text("Approved, being sent, or failed and waiting to be retried")
                } else {
                    tab
                };
                if tab.clicked() {
                    self.filter = filter;
                }
            }
        });
    }

    fn list_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("outbox_list")
            .show_rows(
                ui,
                ui.spacing().interact_size.y,
                self.rows.rows.len(),
                |ui, range| {
                    for row in &self.rows.rows[range] {
                        let chosen = Some(row.id) == self.selected;
                        let button = egui::Button::selectable(chosen, row.text.as_str()).truncate();
                        if ui.add(button).clicked() && !chosen {
                            clicked = Some(row.id);
                        }
                    }
                },
            );
        if let Some(id) = clicked {
            if self.has_unsaved_changes() {
                view.status
                    .error("Save or revert the changes to this email first.");
            } else {
                self.select(Some(id), view);
            }
        }
    }
}
