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
use super::detail_pane::{PaneSize, detail_pane_ui};
use super::widgets::{
    ContactPicker, cell, date_picker, error_text, explained_cell, hint, labelled_line,
    labelled_multiline, name_for_assistive_tech, sort_header,
};
use crate::model::{
    Application, ApplicationFields, ApplicationId, ContactRole, FieldErrors, Fit, NextAction, Stage,
};
use crate::store::{Change, PlanChange, ReadModel, fold};

mod board;
mod detail;
mod table;

/// Board or table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Layout {
    #[default]
    Board,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ApplicationSortColumn {
    Company,
    Stage,
    #[default]
    Fit,
    StageAge,
    NextAction,
}

impl ApplicationSortColumn {
    /// Figures sort best or longest first on the first click; words and stages A→Z.
    fn starts_descending(self) -> bool {
        matches!(self, Self::Fit | Self::StageAge)
    }
}

/// The table's order; the arrow in the header says which way (⏶ low to high, A→Z).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSort {
    pub column: ApplicationSortColumn,
    pub descending: bool,
}

impl Default for ApplicationSort {
    /// Best fit first.
    fn default() -> Self {
        Self {
            column: ApplicationSortColumn::Fit,
            descending: true,
        }
    }
}

/// The application form's fields as typed.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct ApplicationFormText {
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

impl ApplicationFormText {
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

struct ApplicationForm {
    id: Option<ApplicationId>,
    /// The revision of the stored application `original` was filled from.
    base: Option<crate::model::Revision>,
    text: ApplicationFormText,
    original: ApplicationFormText,
    errors: FieldErrors,
    picker: ContactPicker,
    move_to: Stage,
    move_on: NaiveDate,
}

/// Cached layout for one data revision.
#[derive(Default)]
struct Cache {
    key: Option<(u64, ApplicationSort)>,
    /// Board columns: the six pipeline stages, then closed ones; best fit first.
    columns: Vec<Vec<ApplicationId>>,
    rows: Vec<ApplicationId>,
    funnel: Vec<(Stage, usize)>,
    time_in_stage: Vec<(Stage, f64)>,
}

#[derive(Default)]
pub struct ApplicationsView {
    form: Option<ApplicationForm>,
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
        let text = ApplicationFormText::new(today);
        self.selected = None;
        self.form = Some(ApplicationForm {
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
        let text = ApplicationFormText::from_application(a, today);
        self.selected = Some(id);
        self.form = Some(ApplicationForm {
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

    fn refresh(&mut self, model: &ReadModel, sort: ApplicationSort, today: NaiveDate) {
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
                ApplicationSortColumn::Fit => fit(a.id).is_none().cmp(&fit(b.id).is_none()),
                ApplicationSortColumn::NextAction => due(a).is_none().cmp(&due(b).is_none()),
                _ => std::cmp::Ordering::Equal,
            };
            let order = match sort.column {
                ApplicationSortColumn::Company => {
                    fold(&a.fields.company).cmp(&fold(&b.fields.company))
                }
                ApplicationSortColumn::Stage => a.stage.cmp(&b.stage),
                ApplicationSortColumn::Fit => fit(a.id).cmp(&fit(b.id)),
                ApplicationSortColumn::StageAge => {
                    a.days_in_stage(today).cmp(&b.days_in_stage(today))
                }
                ApplicationSortColumn::NextAction => due(a).cmp(&due(b)),
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
        let today = ctx.today();
        self.refresh(ctx.model(), ctx.state.application_sort, today);
        if let Some(form) = &self.form {
            let size = PaneSize {
                default: 440.0,
                min: 340.0,
                max: 560.0,
            };
            let id = form.id;
            detail_pane_ui(ui, "application_detail", &size, id, |ui| {
                self.detail_ui(ui, ctx);
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
                        ui.selectable_value(
                            &mut ctx.state.application_layout,
                            Layout::Board,
                            labels[0],
                        );
                        ui.selectable_value(
                            &mut ctx.state.application_layout,
                            Layout::Table,
                            labels[1],
                        );
                    },
                );
                ui.checkbox(&mut self.show_charts, "Charts");
                // The count moves to the next line whole in a narrow window, never
                // "10 / applications".
                let count = ctx.model().plan().applications().len();
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
            if ctx.model().plan().applications().len() == 0 {
                if super::widgets::empty_state(
                    ui,
                    "No applications yet. Add an opportunity you are interested in, even before applying.",
                    "Add the first application",
                ) {
                    ctx.requests.push(super::Request::NewApplication);
                }
                return;
            }
            match ctx.state.application_layout {
                Layout::Board => self.board_ui(ui, ctx),
                Layout::Table => self.table_ui(ui, ctx),
            }
        });
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
    let before = ctx.model().plan().application(id).cloned();
    if ctx
        .try_apply(Change::Plan(PlanChange::MoveApplication { id, stage, on }))
        .is_err()
    {
        return false;
    }
    let after = ctx.model().plan().application(id);
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
