//! The table of applications, sortable by any column, and the funnel and time-in-stage
//! charts beside it.

use super::*;

impl ApplicationsView {
    pub(super) fn table_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut sort = ctx.state.application_sort;
        let mut open = None;
        let rows = &self.cache.rows;
        let plan = ctx.model().plan();
        // Beside an open application the table keeps the columns that decide: company,
        // stage, fit and the next action; the rest come back with the room.
        let compact = ui.available_width() < 700.0;
        let shown = |column: usize| !compact || matches!(column, 0 | 2 | 3 | 6);
        TableBuilder::new(ui)
            .id_salt(("applications_table", compact))
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .columns(
                Column::remainder().at_least(90.0).clip(true),
                if compact { 1 } else { 2 },
            )
            // The figures take what they need; the words (company, role, next action)
            // share the rest.
            .column(Column::exact(100.0))
            .column(Column::exact(if compact { 90.0 } else { 130.0 }).clip(true))
            .columns(Column::exact(100.0), if compact { 0 } else { 2 })
            .column(Column::remainder().at_least(110.0).clip(true))
            .header(row_height, |mut header| {
                header_ui(&mut header, &shown, &mut sort);
            })
            .body(|body| {
                let baseline = plan.baseline_fit();
                // The current job is the first row: the line every opportunity is read against.
                let pinned = usize::from(baseline.score.is_some());
                body.rows(row_height, rows.len() + pinned, |mut row| {
                    if row.index() < pinned {
                        baseline_row_ui(&mut row, baseline, &shown);
                        return;
                    }
                    let id = rows[row.index() - pinned];
                    let Some(a) = plan.application(id) else {
                        return;
                    };
                    let selected = self.selected == Some(id);
                    if application_row_ui(&mut row, plan, a, baseline, selected, today, &shown) {
                        open = Some(id);
                    }
                });
            });
        ctx.state.application_sort = sort;
        if let Some(id) = open {
            ctx.requests.push(crate::ui::Request::OpenApplication(id));
        }
    }

    pub(super) fn charts_ui(&self, ui: &mut Ui) {
        crate::ui::widgets::columns(ui, 2, |cols| {
            let funnel: Vec<(Stage, f64)> = self
                .cache
                .funnel
                .iter()
                .map(|(stage, n)| (*stage, *n as f64))
                .collect();
            stage_chart_ui(
                &mut cols[0],
                "Funnel: how many reached each stage",
                "funnel_chart",
                "applications",
                &funnel,
                "Funnel chart",
            );
            stage_chart_ui(
                &mut cols[1],
                "Average days in each stage",
                "time_in_stage_chart",
                "days",
                &self.cache.time_in_stage,
                "Time in stage chart",
            );
        });
    }
}

/// The header: a sort button for each column that sorts, a plain title for the others.
fn header_ui(
    header: &mut egui_extras::TableRow<'_, '_>,
    shown: &impl Fn(usize) -> bool,
    sort: &mut ApplicationSort,
) {
    for (index, (column, title)) in [
        (Some(ApplicationSortColumn::Company), "Company"),
        (None, "Role"),
        (Some(ApplicationSortColumn::Stage), "Stage"),
        (Some(ApplicationSortColumn::Fit), "Fit"),
        (None, "vs staying put"),
        (Some(ApplicationSortColumn::StageAge), "Days in stage"),
        (Some(ApplicationSortColumn::NextAction), "Next action"),
    ]
    .into_iter()
    .enumerate()
    {
        if !shown(index) {
            continue;
        }
        header.col(|ui| match column {
            Some(column) => {
                let (column, descending) = sort_header(
                    ui,
                    title,
                    column,
                    (sort.column, sort.descending),
                    column.starts_descending(),
                );
                *sort = ApplicationSort { column, descending };
            }
            None => {
                ui.strong(title);
            }
        });
    }
}

/// The pinned first row: staying put, the current job's fit.
fn baseline_row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    baseline: &Fit,
    shown: &impl Fn(usize) -> bool,
) {
    row.col(|ui| {
        cell(ui, RichText::new("Staying put").strong());
    });
    if shown(1) {
        row.col(|ui| {
            cell(ui, "your current job");
        });
    }
    row.col(|ui| {
        ui.label("—");
    });
    row.col(|ui| fit_label(ui, baseline));
    if shown(4) {
        row.col(|ui| {
            ui.label("baseline");
        });
        row.col(|_| {});
    }
    row.col(|_| {});
}

/// One application's row; says whether it was clicked (to open it).
fn application_row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    plan: &crate::store::PlanModel,
    a: &Application,
    baseline: &Fit,
    selected: bool,
    today: NaiveDate,
    shown: &impl Fn(usize) -> bool,
) -> bool {
    let mut clicked = false;
    row.set_selected(selected);
    row.col(|ui| {
        if ui
            .add(
                egui::Button::selectable(
                    selected,
                    crate::ui::privacy::mask(ui.ctx(), &a.fields.company),
                )
                .truncate(),
            )
            .clicked()
        {
            clicked = true;
        }
    });
    if shown(1) {
        row.col(|ui| {
            cell(ui, &a.fields.role);
        });
    }
    row.col(|ui| {
        ui.label(a.stage.label());
    });
    let fit = plan.fit(a.id).cloned().unwrap_or_default();
    row.col(|ui| fit_label(ui, &fit));
    if shown(4) {
        row.col(|ui| {
            match crate::model::difference_from_baseline(baseline.score, fit.score) {
                Some(d) => ui.label(format!("{d:+}")),
                None => ui.label("—"),
            };
        });
        row.col(|ui| {
            ui.label(a.days_in_stage(today).to_string());
        });
    }
    row.col(|ui| {
        if let Some(n) = &a.fields.next_action {
            cell(ui, format!("{} · {}", n.due, n.what));
        }
    });
    if row.response().clicked() {
        clicked = true;
    }
    clicked
}

/// One chart beside the table: its title, a bar per stage, and the figures in words
/// for assistive technology.
fn stage_chart_ui(
    ui: &mut Ui,
    title: &str,
    id_salt: &str,
    unit: &str,
    figures: &[(Stage, f64)],
    name: &str,
) {
    ui.strong(title);
    let stages: Vec<(&'static str, f64)> = figures
        .iter()
        .map(|(stage, figure)| (stage.label(), *figure))
        .collect();
    let chart = crate::ui::widgets::stage_bars(ui, id_salt, unit, &stages);
    let text = figures
        .iter()
        .map(|(s, figure)| format!("{} {figure:.0}", s.label()))
        .collect::<Vec<_>>()
        .join(" · ");
    name_for_assistive_tech(&chart, &format!("{name}: {text}"));
}
