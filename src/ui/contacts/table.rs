//! The contacts table: sortable columns, one row per contact, virtualised.

use super::*;

impl ContactsView {
    pub(super) fn table_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let model = ctx.model();
        let today = ctx.today();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut clicked = None;
        let mut sort = ctx.state.sort;
        // Beside the pane on a small screen the list keeps name, organization, warmth
        // and next due; the last touch is in the pane.
        let compact = ui.available_width() < 640.0;
        let mut table = TableBuilder::new(ui);
        if self.list_scroll.0 != compact {
            table = table.vertical_scroll_offset(self.list_scroll.1);
        }
        if std::mem::take(&mut self.reveal)
            && let Some(id) = self.selected
            && let Some(row) = self
                .rows
                .iter()
                .position(|p| model.contacts().get(*p).is_some_and(|e| e.id() == id))
        {
            table = table.scroll_to_row(row, None);
        }
        let scrolled = table
            .id_salt(("contacts_list", compact))
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            // Name and organization share what the others leave, so every column shows
            // whole ("138 days overdue"), beside the detail pane too.
            .column(Column::remainder().at_least(100.0).clip(true))
            .column(Column::remainder().at_least(70.0).clip(true))
            .columns(Column::exact(100.0), usize::from(!compact))
            .column(Column::exact(72.0))
            .column(Column::exact(140.0).clip(true))
            .header(row_height, |mut header| {
                header_ui(&mut header, compact, &mut sort);
            })
            .body(|body| {
                body.rows(row_height, self.rows.len(), |mut row| {
                    let entry = &model.contacts()[self.rows[row.index()]];
                    let id = entry.id();
                    let selected = self.selected == Some(id);
                    if contact_row_ui(&mut row, entry, selected, compact, today) {
                        clicked = Some(id);
                    }
                });
            });
        self.list_scroll = (compact, scrolled.state.clamped_offset().y);
        ctx.state.sort = sort;
        if let Some(id) = clicked
            && self.selected != Some(id)
        {
            ctx.requests.push(Request::OpenContact(id));
        }
    }
}

/// The header: a sort button for each column that sorts, a plain title for Warmth.
fn header_ui(header: &mut egui_extras::TableRow<'_, '_>, compact: bool, sort: &mut Sort) {
    for (column, title) in [
        (Some(SortColumn::Name), "Name"),
        (Some(SortColumn::Organization), "Organization"),
        (Some(SortColumn::LastTouch), "Last touch"),
        (None, "Warmth"),
        (Some(SortColumn::NextDue), "Next due"),
    ] {
        if compact && title == "Last touch" {
            continue;
        }
        header.col(|ui| {
            let Some(column) = column else {
                ui.strong(title);
                return;
            };
            let (column, descending) = crate::ui::widgets::sort_header(
                ui,
                title,
                column,
                (sort.column, sort.descending),
                false,
            );
            *sort = Sort { column, descending };
        });
    }
}

/// One contact's row; says whether it was clicked (to open them).
fn contact_row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    entry: &crate::store::ContactEntry,
    selected: bool,
    compact: bool,
    today: NaiveDate,
) -> bool {
    let mut clicked = false;
    row.set_selected(selected);
    row.col(|ui| {
        let mut name = RichText::new(privacy::mask(ui.ctx(), entry.name()));
        if entry.contact.archived {
            name = name.italics().weak();
        }
        // Long names end in an ellipsis (whole on hover).
        if ui
            .add(egui::Button::selectable(selected, name).truncate())
            .clicked()
        {
            clicked = true;
        }
    });
    row.col(|ui| {
        crate::ui::widgets::cell(
            ui,
            privacy::mask(ui.ctx(), &entry.contact.fields.organization),
        );
    });
    if !compact {
        row.col(|ui| {
            ui.label(
                entry
                    .stats
                    .last_touch
                    .map_or_else(|| "never".into(), |d| d.to_string()),
            );
        });
    }
    row.col(|ui| {
        if entry.contact.archived {
            hint(ui, "archived");
        } else {
            crate::ui::widgets::warmth_label(ui, entry.warmth(today));
        }
    });
    row.col(|ui| match entry.next_due {
        Some(due) if due <= today => {
            crate::ui::widgets::overdue_label(ui, (today - due).num_days());
        }
        Some(due) => {
            ui.label(due.to_string());
        }
        None => {
            ui.label("—");
        }
    });
    if row.response().clicked() {
        clicked = true;
    }
    clicked
}
