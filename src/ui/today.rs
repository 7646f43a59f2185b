//! The Today view: who is due (most overdue first) with Log touchpoint and Snooze, the
//! follow-ups that are due, and a few counts.

use chrono::Days;
use eframe::egui::{self, RichText, Ui};

use super::widgets::{hint, overdue_label};
use super::{Request, ViewCtx};
use crate::model::TouchpointId;
use crate::store::{Change, DueContact};

/// Cached due list for one (data revision, day).
#[derive(Default)]
pub struct TodayView {
    due: Vec<DueContact>,
    key: Option<(u64, chrono::NaiveDate)>,
}

impl TodayView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.store.today();
        let key = (ctx.store.model().revision(), today);
        if self.key != Some(key) {
            self.due = ctx.store.model().due_contacts(today);
            self.key = Some(key);
        }
        let follow_ups: Vec<(TouchpointId, String, String, i64)> = ctx
            .store
            .model()
            .due_follow_ups(today)
            .into_iter()
            .map(|f| {
                (
                    f.touchpoint,
                    f.what.clone(),
                    ctx.store.model().names(&f.contacts),
                    (today - f.due).num_days(),
                )
            })
            .collect();

        ui.heading(format!("Today · {}", today.format("%A %-d %B %Y")));
        ui.horizontal(|ui| {
            let model = ctx.store.model();
            ui.label(RichText::new(format!("{} due", self.due.len())).strong());
            ui.separator();
            ui.label(RichText::new(format!("{} follow-ups", follow_ups.len())).strong());
            ui.separator();
            ui.label(format!("{} contacts", model.contact_count()));
        });
        ui.add_space(8.0);

        ui.strong("Follow-ups due");
        if follow_ups.is_empty() {
            hint(ui, "No follow-ups due.");
        }
        for (touchpoint, what, names, days) in &follow_ups {
            ui.horizontal(|ui| {
                if ui
                    .button("Done")
                    .on_hover_text(format!("Mark “{what}” done"))
                    .clicked()
                    && ctx.apply(Change::CompleteFollowUp(*touchpoint)).is_ok()
                {
                    ctx.status.info(format!("Follow-up done: {what}"));
                }
                ui.label(what);
                hint(ui, format!("— {names}"));
                overdue_label(ui, *days);
            });
        }
        ui.add_space(8.0);

        ui.strong("Due to get in touch");
        if self.due.is_empty() {
            hint(
                ui,
                "Nobody is due. Everyone you keep in touch with has heard from you recently.",
            );
            return;
        }
        let row_height = ui.spacing().interact_size.y + 6.0;
        let due = &self.due;
        egui::ScrollArea::vertical()
            .auto_shrink([false, true])
            .show_rows(ui, row_height, due.len(), |ui, range| {
                for d in &due[range] {
                    let Some(entry) = ctx.store.model().contact(d.id) else {
                        continue;
                    };
                    let name = entry.name().to_string();
                    let org = entry.contact.fields.organization.clone();
                    let last = entry.stats.last_touch;
                    ui.horizontal(|ui| {
                        if ui
                            .button("Log touchpoint")
                            .on_hover_text(format!("Log a touchpoint with {name}"))
                            .clicked()
                        {
                            ctx.requests.push(Request::QuickLog(Some(d.id)));
                        }
                        ui.menu_button("Snooze", |ui| {
                            for (label, days) in [
                                ("For a week", 7u64),
                                ("For two weeks", 14),
                                ("For a month", 30),
                            ] {
                                if ui.button(label).clicked() {
                                    let until = ctx
                                        .store
                                        .today()
                                        .checked_add_days(Days::new(days))
                                        .unwrap_or(today);
                                    if ctx.apply(Change::Snooze { id: d.id, until }).is_ok() {
                                        ctx.status.info(format!("{name} snoozed until {until}."));
                                    }
                                    ui.close();
                                }
                            }
                        });
                        if ui.link(RichText::new(&name).strong()).clicked() {
                            ctx.requests.push(Request::OpenContact(d.id));
                        }
                        if !org.is_empty() {
                            hint(ui, org);
                        }
                        overdue_label(ui, d.days_overdue);
                        hint(
                            ui,
                            match last {
                                Some(date) => format!("last touch {date}"),
                                None => "never in touch yet".to_string(),
                            },
                        );
                    });
                }
            });
    }
}
