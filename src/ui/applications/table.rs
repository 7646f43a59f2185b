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
                            sort = ApplicationSort { column, descending };
                        }
                        None => {
                            ui.strong(title);
                        }
                    });
                }
            })
            .body(|body| {
                let baseline = plan.baseline_fit();
                // The current job is the first row: the line every opportunity is read against.
                let pinned = usize::from(baseline.score.is_some());
                body.rows(row_height, rows.len() + pinned, |mut row| {
                    if row.index() < pinned {
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
                        return;
                    }
                    let id = rows[row.index() - pinned];
                    let Some(a) = plan.application(id) else {
                        return;
                    };
                    row.set_selected(self.selected == Some(id));
                    row.col(|ui| {
                        if ui
                            .add(
                                egui::Button::selectable(
                                    self.selected == Some(id),
                                    crate::ui::privacy::mask(ui.ctx(), &a.fields.company),
                                )
                                .truncate(),
                            )
                            .clicked()
                        {
                            open = Some(id);
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
                    let fit = plan.fit(id).cloned().unwrap_or_default();
                    row.col(|ui| fit_label(ui, &fit));
                    if shown(4) {
                        row.col(|ui| {
                            match crate::model::difference_from_baseline(baseline.score, fit.score)
                            {
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
            cols[0].strong("Funnel: how many reached each stage");
            let stages: Vec<(&'static str, f64)> = self
                .cache
                .funnel
                .iter()
                .map(|(stage, n)| (stage.label(), *n as f64))
                .collect();
            let funnel = crate::ui::widgets::stage_bars(
                &mut cols[0],
                "funnel_chart",
                "applications",
                &stages,
            );
            let text = self
                .cache
                .funnel
                .iter()
                .map(|(s, n)| format!("{} {n}", s.label()))
                .collect::<Vec<_>>()
                .join(" · ");
            name_for_assistive_tech(&funnel, &format!("Funnel chart: {text}"));
            cols[1].strong("Average days in each stage");
            let stages: Vec<(&'static str, f64)> = self
                .cache
                .time_in_stage
                .iter()
                .map(|(stage, d)| (stage.label(), *d))
                .collect();
            let days = crate::ui::widgets::stage_bars(
                &mut cols[1],
                "time_in_stage_chart",
                "days",
                &stages,
            );
            let text = self
                .cache
                .time_in_stage
                .iter()
                .map(|(s, d)| format!("{} {d:.0}", s.label()))
                .collect::<Vec<_>>()
                .join(" · ");
            name_for_assistive_tech(&days, &format!("Time in stage chart: {text}"));
        });
    }
}
