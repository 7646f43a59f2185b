//! The Today view: who is due (most overdue first) with Log touchpoint and Snooze, the
//! follow-ups that are due, and a few counts.

use chrono::Days;
use eframe::egui::{self, RichText, Ui};

use super::widgets::{card, hint, name_for_assistive_tech, overdue_label, stat_tile};
use super::{Request, ViewCtx};
use crate::model::{ApplicationId, TouchpointId};
use crate::store::{Change, DueContact};

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
        let today = ctx.store.today();
        let key = (ctx.store.model().revision(), today);
        if self.key != Some(key) {
            self.due = ctx.store.model().due_contacts(today);
            self.steps = NextSteps::compute(ctx.store.model(), today);
            self.key = Some(key);
        }
        let model = ctx.store.model();
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

        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            if ctx.store.model().plan().check_in_due(today) {
                card(ui, "Weekly check-in", |ui| {
                    ui.horizontal(|ui| {
                        ui.label("A week has passed. How is the job treating you?");
                        if ui.button("Check in now").clicked() {
                            ctx.requests.push(Request::Show(super::View::CheckIns));
                        }
                    });
                });
                ui.add_space(12.0);
            }
            let mail = ctx.store.model().mail();
            let drafts = mail.count(crate::model::OutboxStatus::Draft);
            let review = mail.count(crate::model::OutboxStatus::NeedsReview);
            if drafts + review > 0 {
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
                            words.push(format!("{review} that may have been sent (check, then say)"));
                        }
                        ui.label(words.join(" · "));
                        if ui.button("Open the Outbox").clicked() {
                            ctx.requests.push(Request::Show(super::View::Outbox));
                        }
                    });
                });
                ui.add_space(12.0);
            }
            card(ui, "Due to get in touch", |ui| {
                if self.due.is_empty() {
                    hint(ui, "Nobody is due. Everyone you keep in touch with has heard from you recently.");
                    return;
                }
                egui::Grid::new("due_contacts").num_columns(4).spacing([16.0, 8.0]).striped(true).show(ui, |ui| {
                    for d in self.due.iter().take(MAX_DUE_ROWS) {
                        self.due_row(ui, ctx, d);
                        ui.end_row();
                    }
                });
                if self.due.len() > MAX_DUE_ROWS {
                    hint(ui, format!("…and {} more. Work from the top; the rest follow.", self.due.len() - MAX_DUE_ROWS));
                }
            });
            ui.add_space(12.0);
            plan_ui(ui, ctx, &self.steps);
            ui.add_space(12.0);
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

    fn follow_up_row(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, row: &FollowUpRow) {
        ui.horizontal(|ui| {
            let done = ui.button("Done");
            name_for_assistive_tech(&done, &format!("Mark done: {}", row.what));
            if done.clicked() && ctx.apply(Change::CompleteFollowUp(row.touchpoint)).is_ok() {
                ctx.status.info(format!("Follow-up done: {}", row.what));
            }
            ui.label(RichText::new(&row.what).strong());
            hint(ui, format!("with {}", row.names));
            overdue_label(ui, row.days_overdue);
        });
    }

    fn due_row(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, d: &DueContact) {
        let today = ctx.store.today();
        let Some(entry) = ctx.store.model().contact(d.id) else {
            return;
        };
        let name = entry.name().to_string();
        let org = entry.contact.fields.organization.clone();
        let last = entry.stats.last_touch;
        ui.vertical(|ui| {
            ui.set_min_width(240.0);
            if ui.link(RichText::new(&name).strong()).clicked() {
                ctx.requests.push(Request::OpenContact(d.id));
            }
            if !org.is_empty() {
                hint(ui, org);
            }
        });
        overdue_label(ui, d.days_overdue);
        hint(
            ui,
            match last {
                Some(date) => format!("last touch {date}"),
                None => "not in touch yet".to_string(),
            },
        );
        ui.horizontal(|ui| {
            let log = ui.button("Log touchpoint");
            name_for_assistive_tech(&log, &format!("Log touchpoint with {name}"));
            if log.clicked() {
                ctx.requests.push(Request::QuickLog(Some(d.id)));
            }
            let snooze = ui.menu_button("Snooze", |ui| {
                for (label, days) in [
                    ("For a week", 7u64),
                    ("For two weeks", 14),
                    ("For a month", 30),
                ] {
                    if ui.button(label).clicked() {
                        let until = today.checked_add_days(Days::new(days)).unwrap_or(today);
                        if ctx.apply(Change::Snooze { id: d.id, until }).is_ok() {
                            ctx.status.info(format!("{name} snoozed until {until}."));
                        }
                        ui.close();
                    }
                }
            });
            name_for_assistive_tech(&snooze.response, &format!("Snooze {name}"));
        });
    }
}

/// Rows of the "Next steps" card, computed once per data revision and day.
#[derive(Default)]
pub struct NextSteps {
    actions: Vec<(ApplicationId, String, String, i64)>,
    stale: Vec<(ApplicationId, String, String, i64)>,
    asks: Vec<(String, String)>,
}

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
        Self {
            actions,
            stale,
            asks,
        }
    }
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
            ui.horizontal(|ui| {
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
            ui.horizontal(|ui| {
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
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("Bring up again: {what}")).strong());
                hint(ui, status.as_str());
            });
        }
    });
}
