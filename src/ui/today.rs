//! The Today view: who is due (most overdue first) with Log touchpoint and Snooze, the
//! follow-ups that are due, and a few counts.

use eframe::egui::{self, RichText, Ui};

use super::privacy::mask;
use super::widgets::{
    Col, card, cell, empty_state, hint, list_table, name_for_assistive_tech, overdue_label,
    stat_tile, warmth_label,
};
use super::{Request, ViewCtx};
use crate::model::{ApplicationId, ContactId, TouchpointId};
use crate::store::{Change, DueContact, PlanChange};

/// Cached due list for one (data revision, day).
#[derive(Default)]
pub struct TodayView {
    due: Vec<DueContact>,
    steps: NextSteps,
    key: Option<(u64, chrono::NaiveDate)>,
}

struct FollowUpRow {
    touchpoint: TouchpointId,
    what: String,
    names: String,
    days_overdue: i64,
}

impl TodayView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        let key = (ctx.model().revision(), today);
        if self.key != Some(key) {
            self.due = ctx.model().due_contacts(today);
            self.steps = NextSteps::compute(ctx.model(), today);
            self.key = Some(key);
        }
        let model = ctx.model();
        let follow_ups: Vec<FollowUpRow> = model
            .due_follow_ups(today)
            .into_iter()
            .map(|f| FollowUpRow {
                touchpoint: f.touchpoint,
                what: f.what.clone(),
                names: model.names(&f.contacts),
                days_overdue: (today - f.due).num_days(),
            })
            .collect();

        ui.add_space(4.0);
        ui.heading(RichText::new(format!("Today · {}", today.format("%A %-d %B %Y"))).size(22.0));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            stat_tile(ui, self.due.len(), "to get in touch with");
            stat_tile(ui, follow_ups.len(), "follow-ups due");
            stat_tile(ui, model.contact_count(), "contacts");
        });
        ui.add_space(12.0);

        egui::ScrollArea::vertical()
            .id_salt("today_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                // Behind the privacy screen Today keeps to people: nothing about the job,
                // the check-in or applications.
                let private = super::privacy::is_on(ui.ctx());
                if !private && ctx.model().plan().check_in_due(today) {
                    check_in_ui(ui, ctx);
                    ui.add_space(12.0);
                }
                let mail = ctx.model().mail();
                let drafts = mail.count(crate::model::OutboxStatus::Draft);
                let review = mail.count(crate::model::OutboxStatus::NeedsReview);
                if drafts + review > 0 {
                    emails_waiting_ui(ui, ctx, drafts, review);
                    ui.add_space(12.0);
                }
                self.due_ui(ui, ctx);
                ui.add_space(12.0);
                if !private {
                    rhythms_ui(ui, ctx, &self.steps);
                    ui.add_space(12.0);
                    plan_ui(ui, ctx, &self.steps);
                    ui.add_space(12.0);
                }
                card(ui, "Follow-ups due", |ui| {
                    if follow_ups.is_empty() {
                        hint(ui, "No follow-ups due.");
                    }
                    for row in &follow_ups {
                        self.follow_up_row(ui, ctx, row);
                    }
                });
            });
    }

    /// The "Due to get in touch" card: the most overdue first, a few at a time.
    fn due_ui(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        card(ui, "Due to get in touch", |ui| {
            if ctx.model().contact_count() == 0 {
                if empty_state(
                    ui,
                    "No contacts yet. Add the people you want to keep in touch with, or import them.",
                    "Import contacts…",
                ) {
                    ctx.requests.push(Request::ImportContacts);
                }
                return;
            }
            if self.due.is_empty() {
                hint(ui, "Nobody is due today.");
                return;
            }
            let shown = self.due.len().min(MAX_DUE_ROWS);
            // Two lines (name, organization) with room for tall scripts.
            let two_lines = 2.0 * ui.text_style_height(&egui::TextStyle::Body)
                + ui.spacing().item_spacing.y
                + 10.0;
            list_table(
                ui,
                "due_contacts",
                &[
                    Col::Text(160.0),
                    Col::Text(150.0),
                    Col::Text(110.0),
                    Col::Auto,
                ],
                shown,
                two_lines,
                false,
                |index, row| self.due_row(row, ctx, &self.due[index]),
            );
            if self.due.len() > MAX_DUE_ROWS {
                hint(
                    ui,
                    format!(
                        "…and {} more. Work from the top; the rest follow.",
                        self.due.len() - MAX_DUE_ROWS
                    ),
                );
            }
        });
    }

    fn follow_up_row(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, row: &FollowUpRow) {
        ui.horizontal_wrapped(|ui| {
            let what = mask(ui.ctx(), &row.what).into_owned();
            let done = ui.button("Done");
            name_for_assistive_tech(&done, &format!("Mark done: {what}"));
            if done.clicked()
                && ctx
                    .try_apply(Change::CompleteFollowUp(row.touchpoint))
                    .is_ok()
            {
                ctx.status.info(format!("Follow-up done: {}", row.what));
            }
            ui.label(RichText::new(&what).strong());
            hint(ui, format!("with {}", mask(ui.ctx(), &row.names)));
            overdue_label(ui, row.days_overdue);
        });
    }

    fn due_row(
        &self,
        row: &mut super::widgets::ListRow<'_>,
        ctx: &mut ViewCtx<'_>,
        d: &DueContact,
    ) {
        let today = ctx.today();
        let Some(entry) = ctx.model().contact(d.id) else {
            return;
        };
        let last = entry.stats.last_touch;
        let warmth = entry.warmth(today);
        let mut name = String::new();
        let mut open_contact = false;
        row.col(|ui| {
            name = mask(ui.ctx(), entry.name()).into_owned();
            let org = mask(ui.ctx(), &entry.contact.fields.organization).into_owned();
            ui.vertical(|ui| {
                // One line, cut with an ellipsis: the row keeps its height.
                let open = ui.add(
                    egui::Button::new(RichText::new(&name).strong())
                        .frame(false)
                        .truncate(),
                );
                open_contact = open.clicked();
                if !org.is_empty() {
                    super::widgets::rich_cell(ui, &org, RichText::weak);
                }
            });
        });
        if open_contact {
            ctx.requests.push(Request::OpenContact(d.id));
        }
        row.col(|ui| {
            warmth_label(ui, warmth);
            overdue_label(ui, d.days_overdue);
        });
        row.col(|ui| {
            cell(
                ui,
                RichText::new(match last {
                    Some(date) => format!("last touch {date}"),
                    None => "not in touch yet".to_string(),
                })
                .weak(),
            );
        });
        row.col(|ui| {
            let log = ui.button("Log touchpoint");
            name_for_assistive_tech(&log, &format!("Log touchpoint with {name}"));
            if log.clicked() {
                ctx.requests.push(Request::QuickLog(Some(d.id)));
            }
            super::widgets::snooze_menu(ui, ctx, d.id, &name, today);
        });
    }
}

/// Rows of the "Next steps" card, computed once per data revision and day.
#[derive(Default)]
pub struct NextSteps {
    actions: Vec<(ApplicationId, String, String, i64)>,
    stale: Vec<(ApplicationId, String, String, i64)>,
    asks: Vec<(String, String)>,
    /// Application follow-ups due: (application, title, what, step, of, days overdue).
    rhythms: Vec<(ApplicationId, String, String, u32, u32, i64)>,
    /// New applications with someone to ask: (application, contact, contact's
    /// name, company, how they connect).
    paths: Vec<(ApplicationId, ContactId, String, String, &'static str)>,
}

/// An application this young (in days) with no contact linked gets a warm-path hint.
const NEW_APPLICATION_DAYS: i64 = 14;

/// At most this many due contacts are drawn (most overdue first); the rest are counted.
const MAX_DUE_ROWS: usize = 100;

/// At most this many rows of each kind are drawn; the rest are counted.
const MAX_STEP_ROWS: usize = 30;

impl NextSteps {
    fn compute(model: &crate::store::ReadModel, today: chrono::NaiveDate) -> Self {
        let plan = model.plan();
        let title =
            |a: &crate::model::Application| format!("{} — {}", a.fields.company, a.fields.role);
        let actions = plan
            .next_actions_due(today)
            .into_iter()
            .filter_map(|a| {
                let n = a.fields.next_action.as_ref()?;
                Some((a.id, title(a), n.what.clone(), (today - n.due).num_days()))
            })
            .collect();
        let stale = plan
            .stale_applications(today)
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    title(a),
                    a.stage.label().to_string(),
                    a.days_in_stage(today),
                )
            })
            .collect();
        let asks = plan
            .asks_to_revisit(today)
            .into_iter()
            .map(|a| {
                let to = a
                    .fields
                    .asked_to
                    .and_then(|c| model.contact(c))
                    .map_or(String::new(), |c| format!(" — {}", c.name()));
                (
                    a.fields.what.clone(),
                    format!("{}{to}", a.fields.status.label()),
                )
            })
            .collect();
        let rhythms = plan
            .rhythm_due(&model.settings().rhythms, today)
            .into_iter()
            .map(|(a, item)| {
                (
                    a.id,
                    title(a),
                    item.what,
                    item.step,
                    item.of,
                    (today - item.due).num_days(),
                )
            })
            .collect();
        let paths = plan
            .applications()
            .filter(|a| {
                !a.stage.is_closed()
                    && a.fields.contacts.is_empty()
                    && (today - a.created.local_date()).num_days() <= NEW_APPLICATION_DAYS
            })
            .filter_map(|a| {
                let best = model
                    .warm_paths(&a.fields.company, today)
                    .into_iter()
                    .find(|p| p.discretion != crate::model::Discretion::MustNotKnow)?;
                let name = model.contact(best.contact)?.name().to_string();
                Some((
                    a.id,
                    best.contact,
                    name,
                    a.fields.company.clone(),
                    best.how.label(),
                ))
            })
            .take(MAX_STEP_ROWS)
            .collect();
        Self {
            actions,
            stale,
            asks,
            rhythms,
            paths,
        }
    }
}

/// The weekly check-in card, when one is due.
fn check_in_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
    let first = ctx.model().plan().check_ins().is_empty();
    card(ui, "Weekly check-in", |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(if first {
                "No check-in yet. A minute a week shows how the job is treating you."
            } else {
                "A week has passed. How is the job treating you?"
            });
            if ui
                .button(if first {
                    "First check-in"
                } else {
                    "Check in now"
                })
                .clicked()
            {
                ctx.requests.push(Request::Show(super::View::CheckIns));
            }
        });
    });
}

/// The "Emails waiting for you" card: drafts to approve and sends to check.
fn emails_waiting_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, drafts: usize, review: usize) {
    card(ui, "Emails waiting for you", |ui| {
        ui.horizontal(|ui| {
            let mut words = Vec::new();
            if drafts > 0 {
                words.push(format!(
                    "{drafts} reminder draft{} to read and approve",
                    if drafts == 1 { "" } else { "s" }
                ));
            }
            if review > 0 {
                words.push(format!(
                    "{review} that may have been sent (check, then say)"
                ));
            }
            ui.label(words.join(" · "));
            if ui.button("Open the Outbox").clicked() {
                ctx.requests.push(Request::Show(super::View::Outbox));
            }
        });
    });
}

/// Application follow-ups from the rhythms in Settings, and who to ask about new ones.
fn rhythms_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, steps: &NextSteps) {
    if steps.rhythms.is_empty() && steps.paths.is_empty() {
        return;
    }
    card(ui, "Application follow-ups", |ui| {
        let today = ctx.today();
        for (id, title, what, step, of, days) in steps.rhythms.iter().take(MAX_STEP_ROWS) {
            ui.horizontal_wrapped(|ui| {
                let title = mask(ui.ctx(), title).into_owned();
                let done = ui.button("Done");
                name_for_assistive_tech(&done, &format!("Follow-up done: {what} ({title})"));
                if done.clicked()
                    && ctx
                        .try_apply(Change::Plan(PlanChange::CompleteRhythm {
                            id: *id,
                            on: today,
                        }))
                        .is_ok()
                {
                    ctx.status.info(format!("Follow-up done: {what}."));
                }
                ui.label(RichText::new(what).strong());
                hint(ui, format!("{title} · {step} of {of}"));
                overdue_label(ui, *days);
            });
        }
        more(ui, steps.rhythms.len());
        for (id, contact, name, company, how) in &steps.paths {
            ui.horizontal_wrapped(|ui| {
                let name = mask(ui.ctx(), name).into_owned();
                let company = mask(ui.ctx(), company).into_owned();
                let first = name
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                ui.label(RichText::new(format!("Ask {first} about {company}")).strong());
                hint(ui, format!("{name} {how}"));
                let open = ui.button("Open contact");
                name_for_assistive_tech(&open, &format!("Open {name}"));
                if open.clicked() {
                    ctx.requests.push(Request::OpenContact(*contact));
                }
                let application = ui.button("Open application");
                name_for_assistive_tech(
                    &application,
                    &format!("Open the application at {company}"),
                );
                if application.clicked() {
                    ctx.requests.push(Request::OpenApplication(*id));
                }
            });
        }
    });
}

fn more(ui: &mut Ui, total: usize) {
    if total > MAX_STEP_ROWS {
        hint(
            ui,
            format!("…and {} more in Applications.", total - MAX_STEP_ROWS),
        );
    }
}

/// Next steps of the exit plan: application next actions, stale applications, asks to
/// bring up again.
fn plan_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, steps: &NextSteps) {
    card(ui, "Next steps", |ui| {
        if steps.actions.is_empty() && steps.stale.is_empty() && steps.asks.is_empty() {
            hint(ui, "No application or ask needs you today.");
        }
        for (id, title, what, days) in steps.actions.iter().take(MAX_STEP_ROWS) {
            ui.horizontal_wrapped(|ui| {
                let title = mask(ui.ctx(), title).into_owned();
                let what = mask(ui.ctx(), what).into_owned();
                let open = ui.button("Open");
                name_for_assistive_tech(&open, &format!("Open {title}"));
                if open.clicked() {
                    ctx.requests.push(Request::OpenApplication(*id));
                }
                ui.label(RichText::new(what).strong());
                hint(ui, title.as_str());
                overdue_label(ui, *days);
            });
        }
        more(ui, steps.actions.len());
        for (id, title, stage, days) in steps.stale.iter().take(MAX_STEP_ROWS) {
            ui.horizontal_wrapped(|ui| {
                let title = mask(ui.ctx(), title).into_owned();
                let open = ui.button("Open");
                name_for_assistive_tech(&open, &format!("Open stale {title}"));
                if open.clicked() {
                    ctx.requests.push(Request::OpenApplication(*id));
                }
                ui.label(title.as_str());
                hint(ui, format!("no movement for {days} days in {stage}"));
            });
        }
        more(ui, steps.stale.len());
        for (what, status) in &steps.asks {
            ui.horizontal_wrapped(|ui| {
                let what = mask(ui.ctx(), what);
                ui.label(RichText::new(format!("Bring up again: {what}")).strong());
                hint(ui, mask(ui.ctx(), status));
            });
        }
    });
}
