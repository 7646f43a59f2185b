//! The Today view: who is due (most overdue first) with Log touchpoint and Snooze, the
//! follow-ups that are due, and a few counts.

use chrono::Days;
use eframe::egui::{self, RichText, Ui};

use super::widgets::{card, hint, name_for_assistive_tech, overdue_label, stat_tile};
use super::{Request, ViewCtx};
use crate::model::TouchpointId;
use crate::store::{Change, DueContact};

/// Cached due list for one (data revision, day).
#[derive(Default)]
pub struct TodayView {
    due: Vec<DueContact>,
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
            card(ui, "Due to get in touch", |ui| {
                if self.due.is_empty() {
                    hint(ui, "Nobody is due. Everyone you keep in touch with has heard from you recently.");
                    return;
                }
                egui::Grid::new("due_contacts").num_columns(4).spacing([16.0, 8.0]).striped(true).show(ui, |ui| {
                    // Only the first few hundred rows: a longer list is worked from the top.
                    for d in self.due.iter().take(300) {
                        self.due_row(ui, ctx, d);
                        ui.end_row();
                    }
                });
                if self.due.len() > 300 {
                    hint(ui, format!("…and {} more, oldest first above.", self.due.len() - 300));
                }
            });
            ui.add_space(12.0);
            plan_ui(ui, ctx);
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

/// Next steps of the exit plan: application next actions, stale applications, asks to
/// bring up again.
fn plan_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
    let today = ctx.store.today();
    let model = ctx.store.model();
    let plan = model.plan();
    let actions: Vec<(crate::model::ApplicationId, String, String, i64)> = plan
        .next_actions_due(today)
        .into_iter()
        .filter_map(|a| {
            let n = a.fields.next_action.as_ref()?;
            Some((
                a.id,
                format!("{} — {}", a.fields.company, a.fields.role),
                n.what.clone(),
                (today - n.due).num_days(),
            ))
        })
        .collect();
    let stale: Vec<(crate::model::ApplicationId, String, String, i64)> = plan
        .stale_applications(today)
        .into_iter()
        .map(|a| {
            (
                a.id,
                format!("{} — {}", a.fields.company, a.fields.role),
                a.stage.label().to_string(),
                a.days_in_stage(today),
            )
        })
        .collect();
    let asks: Vec<(String, String)> = plan
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
    card(ui, "Next steps", |ui| {
        if actions.is_empty() && stale.is_empty() && asks.is_empty() {
            hint(ui, "No application or ask needs you today.");
        }
        for (id, title, what, days) in &actions {
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
        for (id, title, stage, days) in &stale {
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
        for (what, status) in &asks {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("Bring up again: {what}")).strong());
                hint(ui, status.as_str());
            });
        }
    });
}
