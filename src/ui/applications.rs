//! The Applications view: a board by stage (move with buttons) and a sortable table,
//! both virtualised; a detail pane to add or edit an application, rate it on every
//! criterion and watch its fit change, and move it through the stages; a funnel and
//! time-in-stage chart (egui_plot).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use eframe::egui::{self, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::ViewCtx;
use super::widgets::{
    ContactPicker, cell, date_picker, error_text, explained_cell, hint, labelled_line,
    labelled_multiline, name_for_assistive_tech, sort_header,
};
use crate::model::{
    Application, ApplicationFields, ApplicationId, ContactRole, FieldErrors, Fit, NextAction, Stage,
};
use crate::store::{Change, PlanChange, ReadModel, fold};

/// Board or table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Layout {
    #[default]
    Board,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AppSortColumn {
    Company,
    Stage,
    #[default]
    Fit,
    StageAge,
    NextAction,
}

impl AppSortColumn {
    /// Figures sort best or longest first on the first click; words and stages A→Z.
    fn starts_descending(self) -> bool {
        matches!(self, Self::Fit | Self::StageAge)
    }
}

/// The table's order; the arrow in the header says which way (⏶ low to high, A→Z).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSort {
    pub column: AppSortColumn,
    pub descending: bool,
}

impl Default for AppSort {
    /// Best fit first.
    fn default() -> Self {
        Self {
            column: AppSortColumn::Fit,
            descending: true,
        }
    }
}

/// The application form's fields as typed.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct AppFormText {
    company: String,
    role: String,
    link: String,
    source: String,
    salary_min: String,
    salary_max: String,
    has_next_action: bool,
    next_action: String,
    next_action_due: NaiveDate,
    has_decision_date: bool,
    decision_date: NaiveDate,
    notes: String,
    contacts: Vec<(crate::model::ContactId, ContactRole)>,
    /// Only for a new application.
    stage: Option<Stage>,
}

fn salary(field: &'static str, text: &str, errors: &mut FieldErrors) -> Option<u32> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\''))
        .collect();
    if digits.is_empty() {
        return None;
    }
    match digits.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(
                field,
                format!("salary '{}': not a whole number", text.trim()),
            );
            None
        }
    }
}

impl AppFormText {
    fn new(today: NaiveDate) -> Self {
        Self {
            next_action_due: today,
            decision_date: today,
            stage: Some(Stage::Interested),
            ..Self::default()
        }
    }

    fn from_application(a: &Application, today: NaiveDate) -> Self {
        let f = &a.fields;
        Self {
            company: f.company.clone(),
            role: f.role.clone(),
            link: f.link.clone(),
            source: f.source.clone(),
            salary_min: f.salary_min.map_or(String::new(), |n| n.to_string()),
            salary_max: f.salary_max.map_or(String::new(), |n| n.to_string()),
            has_next_action: f.next_action.is_some(),
            next_action: f
                .next_action
                .as_ref()
                .map_or(String::new(), |n| n.what.clone()),
            next_action_due: f.next_action.as_ref().map_or(today, |n| n.due),
            has_decision_date: f.decision_date.is_some(),
            decision_date: f.decision_date.unwrap_or(today),
            notes: f.notes.clone(),
            contacts: f.contacts.clone(),
            stage: None,
        }
    }

    fn to_fields(&self) -> Result<ApplicationFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let salary_min = salary("salary", &self.salary_min, &mut errors);
        let salary_max = salary("salary", &self.salary_max, &mut errors);
        let fields = ApplicationFields {
            company: self.company.clone(),
            role: self.role.clone(),
            link: self.link.clone(),
            source: self.source.clone(),
            contacts: self.contacts.clone(),
            next_action: self.has_next_action.then(|| NextAction {
                what: self.next_action.clone(),
                due: self.next_action_due,
            }),
            salary_min,
            salary_max,
            notes: self.notes.clone(),
            decision_date: self.has_decision_date.then_some(self.decision_date),
        };
        errors.and(fields.validate())
    }
}

struct AppForm {
    id: Option<ApplicationId>,
    /// The revision of the stored application `original` was filled from.
    base: Option<crate::model::Revision>,
    text: AppFormText,
    original: AppFormText,
    errors: FieldErrors,
    picker: ContactPicker,
    move_to: Stage,
    move_on: NaiveDate,
}

/// Cached layout for one data revision.
#[derive(Default)]
struct Cache {
    key: Option<(u64, AppSort)>,
    /// Board columns: the six pipeline stages, then closed ones; best fit first.
    columns: Vec<Vec<ApplicationId>>,
    rows: Vec<ApplicationId>,
    funnel: Vec<(Stage, usize)>,
    time_in_stage: Vec<(Stage, f64)>,
}

#[derive(Default)]
pub struct ApplicationsView {
    form: Option<AppForm>,
    pub selected: Option<ApplicationId>,
    cache: Cache,
    show_charts: bool,
    /// "Who do I know at…": a company name or a domain.
    pub who: String,
}

const CARD_HEIGHT: f32 = 136.0;

impl ApplicationsView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.text != f.original)
    }

    /// Drops what was typed in the detail form (after the user chose to discard it).
    pub fn revert(&mut self) {
        if let Some(form) = self.form.as_mut() {
            form.text = form.original.clone();
            form.errors = FieldErrors::default();
        }
    }

    pub fn close(&mut self) {
        self.form = None;
        self.selected = None;
    }

    pub fn new_application(&mut self, today: NaiveDate) {
        let text = AppFormText::new(today);
        self.selected = None;
        self.form = Some(AppForm {
            id: None,
            base: None,
            original: text.clone(),
            text,
            errors: FieldErrors::default(),
            picker: ContactPicker::default(),
            move_to: Stage::Applied,
            move_on: today,
        });
    }

    pub fn open(&mut self, model: &ReadModel, id: ApplicationId, today: NaiveDate) {
        let Some(a) = model.plan().application(id) else {
            return;
        };
        let text = AppFormText::from_application(a, today);
        self.selected = Some(id);
        self.form = Some(AppForm {
            id: Some(id),
            base: Some(crate::model::Revision::of(a)),
            original: text.clone(),
            text,
            errors: FieldErrors::default(),
            picker: ContactPicker::default(),
            move_to: a.stage.next().unwrap_or(a.stage),
            move_on: today,
        });
    }

    fn refresh(&mut self, model: &ReadModel, sort: AppSort, today: NaiveDate) {
        let key = (model.revision(), sort);
        if self.cache.key == Some(key) {
            return;
        }
        let plan = model.plan();
        let fit = |id: ApplicationId| plan.fit(id).and_then(|f| f.score);
        let mut columns: Vec<Vec<ApplicationId>> = vec![Vec::new(); Stage::PIPELINE.len() + 1];
        for a in plan.applications() {
            let column = Stage::PIPELINE
                .iter()
                .position(|s| *s == a.stage)
                .unwrap_or(Stage::PIPELINE.len());
            columns[column].push(a.id);
        }
        for column in &mut columns {
            column.sort_by(|a, b| fit(*b).cmp(&fit(*a)).then(a.cmp(b)));
        }
        let mut rows: Vec<&Application> = plan.applications().collect();
        let due = |x: &Application| x.fields.next_action.as_ref().map(|n| n.due);
        rows.sort_by(|a, b| {
            // Without a score or a next action: last, whichever way the column sorts.
            let missing = match sort.column {
                AppSortColumn::Fit => fit(a.id).is_none().cmp(&fit(b.id).is_none()),
                AppSortColumn::NextAction => due(a).is_none().cmp(&due(b).is_none()),
                _ => std::cmp::Ordering::Equal,
            };
            let order = match sort.column {
                AppSortColumn::Company => fold(&a.fields.company).cmp(&fold(&b.fields.company)),
                AppSortColumn::Stage => a.stage.cmp(&b.stage),
                AppSortColumn::Fit => fit(a.id).cmp(&fit(b.id)),
                AppSortColumn::StageAge => a.days_in_stage(today).cmp(&b.days_in_stage(today)),
                AppSortColumn::NextAction => due(a).cmp(&due(b)),
            };
            let order = if sort.descending {
                order.reverse()
            } else {
                order
            };
            missing.then(order).then(a.id.cmp(&b.id))
        });
        let funnel = Stage::PIPELINE
            .iter()
            .map(|s| (*s, plan.applications().filter(|a| a.reached(*s)).count()))
            .collect();
        let mut days: BTreeMap<Stage, (i64, i64)> = BTreeMap::new();
        for a in plan.applications() {
            for (stage, d) in a.time_in_stages(today) {
                let e = days.entry(stage).or_default();
                e.0 += d;
                e.1 += 1;
            }
        }
        let time_in_stage = Stage::PIPELINE
            .iter()
            .map(|s| {
                let (total, n) = days.get(s).copied().unwrap_or_default();
                (*s, if n == 0 { 0.0 } else { total as f64 / n as f64 })
            })
            .collect();
        self.cache = Cache {
            key: Some(key),
            columns,
            rows: rows.into_iter().map(|a| a.id).collect(),
            funnel,
            time_in_stage,
        };
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.store.today();
        self.refresh(ctx.store.model(), ctx.state.app_sort, today);
        if self.form.is_some() && super::privacy::is_on(ui.ctx()) {
            egui::Panel::right("application_detail")
                .resizable(true)
                .default_size(440.0)
                .min_size(340.0)
                .show(ui, super::privacy::notice_ui);
        } else if self.form.is_some() {
            egui::Panel::right("application_detail")
                .resizable(true)
                .default_size(440.0)
                .min_size(340.0)
                .max_size(560.0)
                .show(ui, |ui| {
                    // One scroll position per application: another opens at its top.
                    let id = self.form.as_ref().and_then(|f| f.id);
                    egui::ScrollArea::vertical()
                        .id_salt(("application_detail", id))
                        .auto_shrink(false)
                        .show(ui, |ui| self.detail_ui(ui, ctx));
                });
        }
        super::widgets::central(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading("Applications");
                ui.add_space(12.0);
                if ui.button("New application").clicked() {
                    ctx.requests.push(super::Request::NewApplication);
                }
                // Board and Table as one group: in a narrow window it moves to the next
                // line whole, never "Board" on one line and "Table" on the next.
                let labels = ["Board", "Table"];
                let padding = ui.spacing().button_padding.x * 2.0;
                let width = labels
                    .iter()
                    .map(|t| super::widgets::text_width(ui, t, egui::TextStyle::Button) + padding)
                    .sum::<f32>()
                    + ui.spacing().item_spacing.x;
                ui.allocate_ui_with_layout(
                    egui::vec2(width, ui.spacing().interact_size.y),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.selectable_value(&mut ctx.state.app_layout, Layout::Board, labels[0]);
                        ui.selectable_value(&mut ctx.state.app_layout, Layout::Table, labels[1]);
                    },
                );
                ui.checkbox(&mut self.show_charts, "Charts");
                // The count moves to the next line whole in a narrow window, never
                // "10 / applications".
                let count = ctx.store.model().plan().applications().len();
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "{count} application{}",
                            if count == 1 { "" } else { "s" }
                        ))
                        .color(ui.visuals().weak_text_color()),
                    )
                    .extend(),
                );
            });
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Who do I know at…");
                ui.add(
                    egui::TextEdit::singleline(&mut self.who)
                        .hint_text("a company or a domain, e.g. Brightwave or brightwave.example")
                        .desired_width(ui.available_width().clamp(160.0, 360.0)),
                )
                .labelled_by(label.id);
                if !self.who.is_empty() && ui.button("Clear").clicked() {
                    self.who.clear();
                }
            });
            if !self.who.trim().is_empty() {
                let who = self.who.clone();
                super::widgets::card(ui, "People you know there", |ui| {
                    super::warm_paths::paths_ui(ui, ctx, &who);
                });
            }
            ui.separator();
            if self.show_charts {
                self.charts_ui(ui);
                ui.separator();
            }
            if ctx.store.model().plan().applications().len() == 0 {
                if super::widgets::empty_state(
                    ui,
                    "No applications yet. Add an opportunity you are interested in, even before applying.",
                    "Add the first application",
                ) {
                    ctx.requests.push(super::Request::NewApplication);
                }
                return;
            }
            match ctx.state.app_layout {
                Layout::Board => self.board_ui(ui, ctx),
                Layout::Table => self.table_ui(ui, ctx),
            }
        });
    }

    fn card_ui(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, id: ApplicationId) {
        let today = ctx.store.today();
        let plan = ctx.store.model().plan();
        let Some(a) = plan.application(id).cloned() else {
            return;
        };
        let fit = plan.fit(id).cloned().unwrap_or_default();
        let baseline = plan.baseline_fit().score;
        let company = super::privacy::mask(ui.ctx(), &a.fields.company).into_owned();
        let stage = a.stage;
        let selected = self.selected == Some(id);
        let frame = egui::Frame::group(ui.style())
            .corner_radius(6.0)
            .inner_margin(egui::Margin::same(6))
            .fill(if selected {
                ui.visuals().selection.bg_fill.gamma_multiply(0.35)
            } else {
                ui.visuals().extreme_bg_color
            });
        frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_height(CARD_HEIGHT - 20.0);
            let role = super::privacy::mask(ui.ctx(), &a.fields.role).into_owned();
            let open = ui
                .add(
                    egui::Button::new(RichText::new(&company).strong())
                        .frame(false)
                        .truncate(),
                )
                .on_hover_text(format!("{company} — {role}\nClick to open"));
            if open.clicked() {
                ctx.requests.push(super::Request::OpenApplication(id));
            }
            ui.add(egui::Label::new(&a.fields.role).truncate());
            // Short lines, one fact each, so none is cut on the narrowest card: the
            // score (against the baseline), what sinks it, what is not rated yet.
            let score = match fit.score {
                None => "fit —".to_string(),
                Some(s) => match crate::model::difference_from_baseline(baseline, Some(s)) {
                    Some(d) => format!("fit {s} ({d:+})"),
                    None => format!("fit {s}"),
                },
            };
            explained_cell(ui, RichText::new(score).color(fit_color(ui, &fit)), fit.summary());
            let flag = if !fit.deal_breakers.is_empty() {
                Some("deal-breaker")
            } else if !fit.unmet_must_haves.is_empty() {
                Some("must-have not met")
            } else {
                None
            };
            match flag {
                Some(flag) => {
                    explained_cell(
                        ui,
                        RichText::new(flag).color(fit_color(ui, &fit)),
                        fit.summary(),
                    );
                }
                None => {
                    ui.add_space(ui.text_style_height(&egui::TextStyle::Body));
                }
            }
            // A score with criteria not rated yet says so: "fit 100" alone overstates it.
            if fit.unknown > 0 && fit.score.is_some() {
                explained_cell(
                    ui,
                    RichText::new(format!("{} unknown", fit.unknown))
                        .color(ui.visuals().weak_text_color()),
                    "Criteria this application is not rated on yet (unknown): rate them to make the fit count.",
                );
            }
            ui.horizontal(|ui| {
                // Compact, so the row fits the narrowest card.
                ui.spacing_mut().item_spacing.x = 4.0;
                ui.spacing_mut().button_padding = egui::vec2(5.0, 0.0);
                hint(ui, format!("{} d", a.days_in_stage(today)));
                if let Some(previous) = stage.previous() {
                    let back = ui
                        .small_button("◀")
                        .on_hover_text(format!("Back to {}", previous.label()));
                    name_for_assistive_tech(
                        &back,
                        &format!("Move {company} back to {}", previous.label()),
                    );
                    if super::widgets::guarded_click(ui, &back) {
                        move_application(ctx, id, previous, today);
                    }
                }
                if let Some(next) = stage.next() {
                    let on = ui
                        .small_button("▶")
                        .on_hover_text(format!("On to {}", next.label()));
                    name_for_assistive_tech(&on, &format!("Move {company} on to {}", next.label()));
                    if super::widgets::guarded_click(ui, &on) {
                        move_application(ctx, id, next, today);
                    }
                }
            });
        });
    }

    fn board_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        baseline_ui(ui, ctx.store.model());
        let columns = self.cache.columns.clone();
        let n = columns.len().max(1) as f32;
        let gap = ui.spacing().item_spacing.x;
        // The columns share the width; below the narrowest readable card the board
        // scrolls sideways (an open application takes room).
        let row = CARD_HEIGHT + ui.spacing().item_spacing.y;
        // One scroll area both ways, drawing only the cards in sight: a nested scroll
        // area per column would keep a card out of reach sideways.
        egui::ScrollArea::both()
            .id_salt("board_scroll")
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                let origin = ui.max_rect().min.y;
                let width = ((ui.available_width() - gap * (n - 1.0)) / n - 0.5).max(104.0);
                ui.horizontal_top(|ui| {
                    for (i, column) in columns.iter().enumerate() {
                        let title = Stage::PIPELINE.get(i).map_or("Closed", |s| s.label());
                        ui.vertical(|ui| {
                            ui.set_width(width);
                            ui.set_max_width(width);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!("{title}  {}", column.len())).strong(),
                                )
                                .truncate(),
                            );
                            let start = ui.cursor().min.y - origin;
                            let first =
                                (((viewport.min.y - start) / row).floor().max(0.0)) as usize;
                            let first = first.min(column.len());
                            let last =
                                ((((viewport.max.y - start) / row).ceil().max(0.0)) as usize + 1)
                                    .min(column.len());
                            ui.add_space(first as f32 * row);
                            for id in &column[first..last.max(first)] {
                                ui.allocate_ui(egui::vec2(width, CARD_HEIGHT), |ui| {
                                    ui.set_min_height(CARD_HEIGHT);
                                    self.card_ui(ui, ctx, *id);
                                });
                            }
                            let rest = column.len() - last.max(first);
                            if rest > 0 {
                                ui.add_space(rest as f32 * row);
                            }
                        });
                    }
                });
            });
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.store.today();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let mut sort = ctx.state.app_sort;
        let mut open = None;
        let rows = &self.cache.rows;
        let plan = ctx.store.model().plan();
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
                    (Some(AppSortColumn::Company), "Company"),
                    (None, "Role"),
                    (Some(AppSortColumn::Stage), "Stage"),
                    (Some(AppSortColumn::Fit), "Fit"),
                    (None, "vs staying put"),
                    (Some(AppSortColumn::StageAge), "Days in stage"),
                    (Some(AppSortColumn::NextAction), "Next action"),
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
                            sort = AppSort { column, descending };
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
                                    super::privacy::mask(ui.ctx(), &a.fields.company),
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
        ctx.state.app_sort = sort;
        if let Some(id) = open {
            ctx.requests.push(super::Request::OpenApplication(id));
        }
    }

    fn charts_ui(&self, ui: &mut Ui) {
        super::widgets::columns(ui, 2, |cols| {
            cols[0].strong("Funnel: how many reached each stage");
            let stages: Vec<(&'static str, f64)> = self
                .cache
                .funnel
                .iter()
                .map(|(stage, n)| (stage.label(), *n as f64))
                .collect();
            let funnel =
                super::widgets::stage_bars(&mut cols[0], "funnel_chart", "applications", &stages);
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
            let days =
                super::widgets::stage_bars(&mut cols[1], "time_in_stage_chart", "days", &stages);
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

    fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.store.today();
        let mut save = false;
        self.form_ui(ui, ctx, today, &mut save);
        if save {
            self.save_now(ctx);
        }
    }

    /// Saves the open application (its Save button, or "Save and continue" in the
    /// discard question); says whether nothing is left unsaved. A refusal marks the
    /// fields.
    pub fn save_now(&mut self, ctx: &mut ViewCtx<'_>) -> bool {
        let today = ctx.store.today();
        let Some(form) = self.form.as_mut() else {
            return true;
        };
        let fields = match form.text.to_fields() {
            Ok(fields) => fields,
            Err(errors) => {
                form.errors = errors;
                return false;
            }
        };
        let change = match (form.id, form.base) {
            (Some(id), Some(base)) => PlanChange::EditApplication { id, base, fields },
            _ => PlanChange::AddApplication {
                fields,
                stage: form.text.stage.unwrap_or(Stage::Interested),
                on: today,
            },
        };
        match ctx.apply(Change::Plan(change)) {
            Ok(outcome) => {
                ctx.status.info("Saved.");
                let id = outcome.new_id().map(ApplicationId).or(form.id);
                if let Some(id) = id {
                    ctx.requests.push(super::Request::OpenApplication(id));
                }
                form.original = form.text.clone();
                form.errors = FieldErrors::default();
                true
            }
            Err(crate::store::ApplyError::Invalid(errors)) => {
                form.errors = errors;
                false
            }
            // The status bar says what failed; the typed text stays.
            Err(_) => false,
        }
    }

    fn form_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, today: NaiveDate, save: &mut bool) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let current = form
            .id
            .and_then(|id| ctx.store.model().plan().application(id).cloned());
        if let Some(stored) = &current
            && let Some(report) = super::merge::follow(
                &mut form.base,
                &mut form.original,
                &mut form.text,
                crate::model::Revision::of(stored),
                || AppFormText::from_application(stored, today),
            )
        {
            ctx.status.info(report.sentence());
        }
        let title = match &current {
            Some(a) => format!("{} — {}", a.fields.company, a.fields.role),
            None => "New application".to_string(),
        };
        if super::widgets::pane_title_ui(ui, &title) {
            ctx.requests.push(super::Request::CloseApplication);
        }
        if let Some(a) = &current {
            let fit = ctx
                .store
                .model()
                .plan()
                .fit(a.id)
                .cloned()
                .unwrap_or_default();
            fit_ui(ui, ctx.store.model(), &fit);
            let baseline = ctx.store.model().plan().baseline_fit().score;
            ui.label(crate::model::versus_baseline(baseline, fit.score));
            if baseline.is_none() {
                hint(
                    ui,
                    "Rate your current job in Dream job to compare with staying put.",
                );
            }
            let rules = &ctx.store.model().settings().rhythms;
            if let Some(item) = crate::model::next_follow_up(a, rules) {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "Follow-up {} of {}: {} on {}",
                        item.step, item.of, item.what, item.due
                    ));
                    let done = ui.add_enabled(item.due <= today, egui::Button::new("Done"));
                    name_for_assistive_tech(&done, &format!("Follow-up done: {}", item.what));
                    if done.clicked()
                        && ctx
                            .apply(Change::Plan(PlanChange::CompleteRhythm {
                                id: a.id,
                                on: today,
                            }))
                            .is_ok()
                    {
                        ctx.status.info(format!("Follow-up done: {}.", item.what));
                    }
                });
            }
            ui.separator();
            ui.strong(format!("Who you know at {}", a.fields.company));
            super::warm_paths::paths_ui(ui, ctx, &a.fields.company);
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} since {} ({} days)",
                    a.stage.label(),
                    a.stage_since(),
                    a.days_in_stage(today)
                ));
            });
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Move to");
                egui::ComboBox::from_id_salt("application_move_to")
                    .selected_text(form.move_to.label())
                    .show_ui(ui, |ui| {
                        for s in Stage::ALL {
                            ui.selectable_value(&mut form.move_to, s, s.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                date_picker(ui, "on", "application_move_date", &mut form.move_on);
                if ui
                    .add_enabled(form.move_to != a.stage, egui::Button::new("Move"))
                    .clicked()
                    && move_application(ctx, a.id, form.move_to, form.move_on)
                {
                    form.move_to = form.move_to.next().unwrap_or(form.move_to);
                }
            });
            ui.separator();
            ratings_ui(ui, ctx, a);
            ui.separator();
        }
        let t = &mut form.text;
        let e = &form.errors;
        labelled_line(ui, "Company", &mut t.company, e.for_field("company"));
        labelled_line(ui, "Role", &mut t.role, e.for_field("role"));
        if let Some(stage) = t.stage.as_mut() {
            egui::ComboBox::from_label("Stage")
                .selected_text(stage.label())
                .show_ui(ui, |ui| {
                    for s in Stage::ALL {
                        ui.selectable_value(stage, s, s.label());
                    }
                });
        }
        super::widgets::columns(ui, 2, |cols| {
            labelled_line(&mut cols[0], "Link", &mut t.link, e.for_field("link"));
            labelled_line(&mut cols[1], "Source", &mut t.source, e.for_field("source"));
        });
        super::widgets::columns(ui, 2, |cols| {
            labelled_line(&mut cols[0], "Salary from", &mut t.salary_min, None);
            labelled_line(&mut cols[1], "Salary to", &mut t.salary_max, None);
        });
        error_text(ui, e.for_field("salary"));
        ui.checkbox(&mut t.has_next_action, "Next action");
        if t.has_next_action {
            labelled_line(
                ui,
                "What to do next",
                &mut t.next_action,
                e.for_field("next_action"),
            );
            date_picker(ui, "By", "application_next_action", &mut t.next_action_due);
        }
        ui.checkbox(
            &mut t.has_decision_date,
            "Decision date (an offer's deadline)",
        );
        if t.has_decision_date {
            date_picker(
                ui,
                "Decide by",
                "application_decision",
                &mut t.decision_date,
            );
        }
        ui.strong("People involved");
        let model = ctx.store.model();
        let mut remove = None;
        for (i, (contact, role)) in t.contacts.iter_mut().enumerate() {
            let name = model
                .contact(*contact)
                .map_or("(unknown)", |c| c.name())
                .to_string();
            ui.horizontal(|ui| {
                ui.label(&name);
                let combo = egui::ComboBox::from_id_salt(("contact_role", i))
                    .selected_text(role.label())
                    .show_ui(ui, |ui| {
                        for r in ContactRole::ALL {
                            ui.selectable_value(role, r, r.label());
                        }
                    });
                name_for_assistive_tech(&combo.response, &format!("Role of {name}"));
                let x = ui.small_button("×");
                name_for_assistive_tech(&x, &format!("Remove {name}"));
                if x.clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            t.contacts.remove(i);
        }
        form.picker.ui(ui, model, "Add a person", false);
        for id in form.picker.chosen.drain(..) {
            if !t.contacts.iter().any(|(c, _)| *c == id) {
                t.contacts.push((id, ContactRole::Other));
            }
        }
        labelled_multiline(ui, "Notes", &mut t.notes, 3, e.for_field("notes"));
        ui.horizontal(|ui| {
            let label = if form.id.is_some() {
                "Save application"
            } else {
                "Add application"
            };
            let dirty = form.text != form.original;
            if ui
                .add_enabled(
                    dirty || form.id.is_none(),
                    egui::Button::new(RichText::new(label).strong()),
                )
                .clicked()
            {
                *save = true;
            }
            if dirty {
                ui.label(RichText::new("Unsaved changes").italics());
            }
        });
        if let Some(a) = &current {
            ui.separator();
            ui.strong("Stage history");
            for change in &a.history {
                ui.label(format!("{}  {}", change.on, change.stage.label()));
            }
        }
    }
}

/// Moves an application to `stage` on `on`, offering Undo; says whether it moved. The
/// card's arrows and the pane's Move both come here, so they read the same.
fn move_application(
    ctx: &mut ViewCtx<'_>,
    id: ApplicationId,
    stage: Stage,
    on: chrono::NaiveDate,
) -> bool {
    let before = ctx.store.model().plan().application(id).cloned();
    if ctx
        .apply(Change::Plan(PlanChange::MoveApplication { id, stage, on }))
        .is_err()
    {
        return false;
    }
    let after = ctx.store.model().plan().application(id);
    match (before, after) {
        (Some(before), Some(after)) => {
            let text = format!("{} moved to {}.", after.fields.company, stage.label());
            let base = crate::model::Revision::of(after);
            ctx.status.undoable(
                text,
                Change::Plan(PlanChange::UndoMove {
                    base,
                    before: Box::new(before),
                }),
            );
        }
        _ => ctx.status.info(format!("Moved to {}.", stage.label())),
    }
    true
}

/// Red below 40, amber below 70, green above; always with the number in words too.
fn fit_color(ui: &Ui, fit: &Fit) -> egui::Color32 {
    match fit.score {
        Some(0..=39) => ui.visuals().error_fg_color,
        Some(40..=69) => ui.visuals().warn_fg_color,
        Some(_) => egui::Color32::from_rgb(0x2e, 0x9d, 0x5b),
        None => ui.visuals().weak_text_color(),
    }
}

/// The line above the board: the current job's fit, which every card is read against.
fn baseline_ui(ui: &mut Ui, model: &ReadModel) {
    let baseline = model.plan().baseline_fit();
    ui.horizontal_wrapped(|ui| {
        ui.strong("Staying put");
        match baseline.score {
            Some(_) => {
                fit_label(ui, baseline);
                hint(ui, "your current job — each card shows its difference");
            }
            None => hint(
                ui,
                "your current job is not rated yet — rate it in Dream job to compare",
            ),
        }
    });
    ui.separator();
}

/// "fit 74 · 1 unknown", coloured by how good it is, with its flags in words.
pub fn fit_label(ui: &mut Ui, fit: &Fit) {
    let color = fit_color(ui, fit);
    cell(
        ui,
        RichText::new(format!("fit {}", fit.summary())).color(color),
    );
}

fn fit_ui(ui: &mut Ui, model: &ReadModel, fit: &Fit) {
    let plan = model.plan();
    ui.horizontal(|ui| {
        let score = fit.score.map_or_else(|| "—".to_string(), |s| s.to_string());
        ui.label(RichText::new(format!("Fit {score}")).size(24.0).strong());
        if fit.unknown > 0 {
            hint(ui, format!("{} unknown", fit.unknown));
        }
    });
    let text = |id| {
        plan.criterion(id)
            .map_or(String::new(), |c| c.fields.text.clone())
    };
    for id in &fit.deal_breakers {
        error_text(ui, Some(&format!("Deal-breaker applies: {}", text(*id))));
    }
    for id in &fit.unmet_must_haves {
        error_text(ui, Some(&format!("Must-have not met: {}", text(*id))));
    }
    for id in &fit.possible_deal_breakers {
        ui.label(
            RichText::new(format!("Deal-breaker may apply: {}", text(*id)))
                .color(ui.visuals().warn_fg_color),
        );
    }
}

fn ratings_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, a: &Application) {
    let criteria: Vec<crate::model::Criterion> = ctx
        .store
        .model()
        .plan()
        .active_criteria()
        .cloned()
        .collect();
    if criteria.is_empty() {
        hint(
            ui,
            "Add dream-job criteria to rate this application against.",
        );
        return;
    }
    ui.strong("How it measures up");
    egui::Grid::new("ratings")
        .num_columns(2)
        .spacing([12.0, 12.0])
        .striped(true)
        .show(ui, |ui| {
            for c in criteria {
                let current = a.ratings.get(&c.id).copied().unwrap_or_default();
                let chosen = super::widgets::rating_combo(
                    ui,
                    ("rating", c.id),
                    current,
                    &c,
                    &format!("Rating: {}", c.fields.text),
                );
                // Tight within a criterion, apart between them: the weight reads as
                // its own criterion's, not the next one's.
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 0.0;
                    ui.label(&c.fields.text);
                    hint(ui, c.fields.kind.label());
                });
                ui.end_row();
                if chosen != current {
                    let change = PlanChange::RateApplication {
                        id: a.id,
                        criterion: c.id,
                        rating: chosen,
                    };
                    ctx.apply_or_report(Change::Plan(change));
                }
            }
        });
}
