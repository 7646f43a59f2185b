//! The Touchpoints view: the timeline, newest first, filtered by kind, direction and
//! contact. Reads a bounded page from the store's indexes, cached until data or filter
//! change.

use eframe::egui::{self, RichText, Ui};

use super::widgets::{
    Col, ContactPicker, ListRow, cell, hint, list_table, name_for_assistive_tech,
};
use super::{Request, ViewCtx};
use crate::model::{ContactId, Direction, Touchpoint, TouchpointKind};
use crate::store::{Change, ReadModel, TimelineFilter};

const PAGE: usize = 200;

pub struct TouchpointsView {
    kinds: Vec<TouchpointKind>,
    directions: Vec<Direction>,
    contact: ContactPicker,
    limit: usize,
    rows: Vec<Touchpoint>,
    key: Option<(u64, TimelineFilter, usize)>,
    /// A touchpoint the user asked to delete, waiting for confirmation.
    confirm_delete: Option<Touchpoint>,
}

impl Default for TouchpointsView {
    fn default() -> Self {
        Self {
            kinds: Vec::new(),
            directions: Vec::new(),
            contact: ContactPicker::default(),
            limit: PAGE,
            rows: Vec::new(),
            key: None,
            confirm_delete: None,
        }
    }
}

fn toggle<T: PartialEq + Copy>(ui: &mut Ui, list: &mut Vec<T>, value: T, label: &str) {
    let on = list.contains(&value);
    // A chip: framed either way, filled and ticked when on, so on and off differ in
    // more than a shade.
    let text = if on {
        RichText::new(format!("✔ {label}")).strong()
    } else {
        RichText::new(label)
    };
    let chip = ui.add(egui::Button::selectable(on, text).frame_when_inactive(true));
    chip.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, label));
    if chip.clicked() {
        if on {
            list.retain(|v| *v != value);
        } else {
            list.push(value);
        }
    }
}

impl TouchpointsView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        self.filters_ui(ui, ctx);
        ui.separator();
        // Typed but not chosen yet: the whole timeline below would read as the answer.
        if self.contact.chosen.is_empty() && !self.contact.query.trim().is_empty() {
            hint(
                ui,
                "Pick one of the contacts above to see their touchpoints.",
            );
            return;
        }

        let filter = TimelineFilter {
            kinds: self.kinds.clone(),
            directions: self.directions.clone(),
            contact: self.contact.chosen.first().copied(),
        };
        let key = (ctx.model().revision(), filter.clone(), self.limit);
        if self.key.as_ref() != Some(&key) {
            match ctx.store().timeline(&filter, self.limit) {
                Ok(rows) => self.rows = rows,
                Err(e) => ctx.status.error(e.to_string()),
            }
            self.key = Some(key);
        }
        if self.rows.is_empty() {
            let filtered = !filter.kinds.is_empty()
                || !filter.directions.is_empty()
                || filter.contact.is_some();
            let text = if filtered {
                "No touchpoint matches these filters."
            } else {
                "No touchpoints yet. Each coffee, call or message you log keeps your due list true."
            };
            if super::widgets::empty_state(ui, text, "Log a touchpoint") {
                ctx.requests.push(Request::QuickLog(None));
            }
            return;
        }
        self.table_ui(ui, ctx);
        self.confirm_delete_ui(ui, ctx);
    }

    /// The heading with Log touchpoint, and the filters: kind, direction, contact.
    fn filters_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        ui.horizontal(|ui| {
            ui.heading("Touchpoints");
            ui.add_space(12.0);
            if ui
                .button("Log touchpoint")
                .on_hover_text("Ctrl+L")
                .clicked()
            {
                ctx.requests.push(Request::QuickLog(None));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Kind:");
            for kind in TouchpointKind::ALL {
                toggle(ui, &mut self.kinds, kind, kind.label());
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Direction:");
            for direction in Direction::ALL {
                toggle(ui, &mut self.directions, direction, direction.label());
            }
            if (!self.kinds.is_empty()
                || !self.directions.is_empty()
                || !self.contact.chosen.is_empty())
                && ui.button("Clear filters").clicked()
            {
                self.kinds.clear();
                self.directions.clear();
                self.contact.chosen.clear();
            }
        });
        ui.scope(|ui| {
            ui.set_max_width(360.0);
            self.contact.ui(ui, ctx.model(), "Filter by contact", true);
        });
    }

    /// The timeline's rows (a page of them, then Show more).
    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let model = ctx.model();
        let more = usize::from(self.rows.len() == self.limit);
        let mut delete = None;
        let mut open = None;
        let mut show_more = false;
        // Its own scroll position: another view's never carries over.
        list_table(
            ui,
            "touchpoints_table",
            &[
                Col::Exact(96.0),
                Col::Text(120.0),
                Col::Text(120.0),
                Col::Text(180.0),
                Col::Auto,
            ],
            self.rows.len() + more,
            30.0,
            true,
            |index, row| {
                let Some(t) = self.rows.get(index) else {
                    row.col(|ui| {
                        show_more = ui.button("Show more").clicked();
                    });
                    return;
                };
                row_ui(row, model, t, &mut open, &mut delete);
            },
        );
        if show_more {
            self.limit += PAGE;
        }
        if let Some(id) = open {
            ctx.requests.push(Request::OpenContact(id));
        }
        if delete.is_some() {
            self.confirm_delete = delete;
        }
    }

    /// Deleting is explicit and confirmed: it removes the touchpoint from every contact's
    /// history and recounts their last touch and reciprocity.
    fn confirm_delete_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let Some(touchpoint) = self.confirm_delete.clone() else {
            return;
        };
        let names = ctx.model().names(&touchpoint.fields.contacts);
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("confirm_delete_touchpoint")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            ui.heading("Delete this touchpoint?");
            ui.label(format!("{} — {} with {names}", touchpoint.fields.date, touchpoint.fields.summary));
            hint(ui, "It is removed from the history of everyone it was with, and their last touch and reciprocity are counted again. Undo is offered for a few seconds afterwards.");
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Keep it").strong()).clicked() {
                    choice = Some(false);
                }
                if ui
                    .add(super::widgets::danger_button(ui, "Delete touchpoint", true))
                    .clicked()
                {
                    choice = Some(true);
                }
            });
        });
        match choice {
            Some(true) => {
                if ctx
                    .try_apply(Change::DeleteTouchpoint(touchpoint.id))
                    .is_ok()
                {
                    // Undo logs it again, as it was.
                    ctx.status.undoable(
                        "Touchpoint deleted.",
                        Change::LogTouchpoint(touchpoint.fields.clone()),
                    );
                }
                self.confirm_delete = None;
            }
            Some(false) => self.confirm_delete = None,
            None => {}
        }
    }
}

/// One touchpoint: its date, kind and direction, the people (each a link to open),
/// the summary with its follow-up, and Delete.
fn row_ui(
    row: &mut ListRow<'_>,
    model: &ReadModel,
    t: &Touchpoint,
    open: &mut Option<ContactId>,
    delete: &mut Option<Touchpoint>,
) {
    let f = &t.fields;
    row.col(|ui| {
        ui.label(RichText::new(f.date.to_string()).monospace());
    });
    row.col(|ui| {
        cell(ui, format!("{} · {}", f.kind.label(), f.direction.label()));
    });
    row.col(|ui| {
        if let Some(id) = contact_links_ui(ui, model, &f.contacts) {
            *open = Some(id);
        }
    });
    row.col(|ui| {
        let mut text = super::privacy::mask(ui.ctx(), &f.summary).into_owned();
        if let Some(follow) = &f.follow_up {
            let state = if follow.done { "done" } else { "open" };
            let what = super::privacy::mask(ui.ctx(), &follow.what);
            text.push_str(&format!(" · follow-up {} ({state}): {what}", follow.due));
        }
        cell(ui, text);
    });
    row.col(|ui| {
        // Plain on every row; the question that follows is the warning.
        let button = ui.small_button("Delete");
        name_for_assistive_tech(
            &button,
            &format!(
                "Delete touchpoint: {} ({})",
                super::privacy::mask(ui.ctx(), &f.summary),
                f.date
            ),
        );
        if super::widgets::single_click(&button) {
            *delete = Some(t.clone());
        }
    });
}

/// The touchpoint's people, comma-separated, each name a link; says whose was clicked.
fn contact_links_ui(ui: &mut Ui, model: &ReadModel, contacts: &[ContactId]) -> Option<ContactId> {
    let mut open = None;
    // Each name opens that contact, with the whole timeline.
    ui.spacing_mut().item_spacing.x = 0.0;
    let last = contacts.len().saturating_sub(1);
    for (i, id) in contacts.iter().enumerate() {
        let name = model.contact(*id).map_or("(unknown)", |e| e.name());
        let name = super::privacy::mask(ui.ctx(), name).into_owned();
        let shown = super::widgets::visual_line(&name).into_owned();
        let text = if i < last {
            format!("{shown}, ")
        } else {
            shown
        };
        let label = egui::Label::new(RichText::new(text).strong()).sense(egui::Sense::click());
        // The last name takes what width is left, cut with an ellipsis.
        let label = if i < last {
            label.extend()
        } else {
            label.truncate()
        };
        let link = ui
            .add(label)
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(format!("Open {name}"));
        link.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &name));
        if link.clicked() {
            open = Some(*id);
        }
    }
    open
}
