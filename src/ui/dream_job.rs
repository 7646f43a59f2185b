//! The Dream job view: the criteria every application (and the current job) is rated
//! against — add, edit, reorder, retire.

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::detail_pane::{FormButtons, add_or_save_ui};
use super::widgets::{
    Col, card, cell, error_text, hint, labelled_line, list_table, name_for_assistive_tech,
};
use crate::model::{Category, Criterion, CriterionFields, CriterionId, CriterionKind, FieldErrors};
use crate::store::{Change, PlanChange};

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, Eq)]
enum KindChoice {
    Must,
    Nice,
    DealBreaker,
}

/// The add/edit form of a criterion.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CriterionForm {
    editing: Option<CriterionId>,
    text: String,
    kind: KindChoice,
    weight: u8,
    category: Option<Category>,
}

impl Default for CriterionForm {
    fn default() -> Self {
        Self {
            editing: None,
            text: String::new(),
            kind: KindChoice::Nice,
            weight: 3,
            category: None,
        }
    }
}

impl CriterionForm {
    fn from_criterion(c: &Criterion) -> Self {
        let (kind, weight) = match c.fields.kind {
            CriterionKind::MustHave => (KindChoice::Must, 3),
            CriterionKind::NiceToHave { weight } => (KindChoice::Nice, weight),
            CriterionKind::DealBreaker => (KindChoice::DealBreaker, 3),
        };
        Self {
            editing: Some(c.id),
            text: c.fields.text.clone(),
            kind,
            weight,
            category: c.fields.category,
        }
    }

    fn fields(&self) -> CriterionFields {
        CriterionFields {
            text: self.text.clone(),
            kind: match self.kind {
                KindChoice::Must => CriterionKind::MustHave,
                KindChoice::Nice => CriterionKind::NiceToHave {
                    weight: self.weight,
                },
                KindChoice::DealBreaker => CriterionKind::DealBreaker,
            },
            category: self.category,
        }
    }
}

#[derive(Default)]
pub struct DreamJobView {
    form: CriterionForm,
    /// What the form held when it was opened, to know whether it was changed.
    original: CriterionForm,
    /// The revision of the criterion being edited (a save names it).
    base: Option<crate::model::Revision>,
    errors: FieldErrors,
}

impl DreamJobView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.form != self.original
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        ui.heading("Dream job");
        hint(
            ui,
            "What the next job must have, would be nice to have, and must not have. Every application is scored against these.",
        );
        ui.add_space(8.0);
        // Its own scroll position: another view's never carries over.
        egui::ScrollArea::vertical()
            .id_salt("dream_job_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                let title = if self.form.editing.is_some() {
                    "Edit criterion"
                } else {
                    "New criterion"
                };
                card(ui, title, |ui| self.form_ui(ui, ctx));
                ui.add_space(12.0);
                card(ui, "Criteria", |ui| self.list_ui(ui, ctx));
                ui.add_space(12.0);
                card(ui, "Your current job (staying put)", |ui| {
                    baseline_ui(ui, ctx)
                });
            });
    }

    fn form_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        if let Some(stored) = self
            .form
            .editing
            .and_then(|id| ctx.model().plan().criterion(id))
            && let Some(report) = super::merge::follow(
                &mut self.base,
                &mut self.original,
                &mut self.form,
                crate::model::Revision::of(stored),
                || CriterionForm::from_criterion(stored),
            )
        {
            ctx.status.info(report.sentence());
        }
        let f = &mut self.form;
        labelled_line(ui, "Criterion", &mut f.text, self.errors.for_field("text"));
        ui.horizontal(|ui| {
            ui.radio_value(&mut f.kind, KindChoice::Must, "Must-have");
            ui.radio_value(&mut f.kind, KindChoice::Nice, "Nice-to-have");
            ui.radio_value(&mut f.kind, KindChoice::DealBreaker, "Deal-breaker");
            if f.kind == KindChoice::Nice {
                ui.add(egui::Slider::new(&mut f.weight, 1..=5).text("Weight"));
            }
        });
        error_text(ui, self.errors.for_field("weight"));
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Category")
                .selected_text(f.category.map_or("None", Category::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.category, None, "None");
                    for c in Category::ALL {
                        ui.selectable_value(&mut f.category, Some(c), c.label());
                    }
                });
        });
        let editing = f.editing;
        let FormButtons { save, mut cancel } = add_or_save_ui(ui, editing.is_some(), "criterion");
        if save {
            let fields = self.form.fields();
            let change = match (editing, self.base) {
                (Some(id), Some(base)) => PlanChange::EditCriterion { id, base, fields },
                _ => PlanChange::AddCriterion(fields),
            };
            match ctx.try_apply(Change::Plan(change)) {
                Ok(_) => {
                    ctx.status.info(if editing.is_some() {
                        "Criterion saved."
                    } else {
                        "Criterion added."
                    });
                    cancel = true;
                }
                Err(crate::store::ApplyError::Invalid(errors)) => self.errors = errors,
                Err(_) => {}
            }
        }
        if cancel {
            self.form = CriterionForm::default();
            self.original = CriterionForm::default();
            self.base = None;
            self.errors = FieldErrors::default();
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let criteria: Vec<Criterion> = ctx.model().plan().criteria().to_vec();
        if criteria.is_empty() {
            hint(
                ui,
                "No criteria yet. Start with the one thing the next job must have.",
            );
            return;
        }
        let last = criteria.len() - 1;
        let editing = self.has_unsaved_changes();
        let mut open = None;
        list_table(
            ui,
            "criteria_table",
            &[Col::Auto, Col::Text(180.0), Col::Text(120.0), Col::Auto],
            criteria.len(),
            32.0,
            false,
            |index, row| {
                let c = &criteria[index];
                row.col(|ui| {
                    let up = ui.add_enabled(index > 0, egui::Button::new("⏶").small());
                    name_for_assistive_tech(&up, &format!("Move {} up", c.fields.text));
                    if up.clicked() {
                        ctx.apply(Change::Plan(PlanChange::MoveCriterion {
                            id: c.id,
                            index: index - 1,
                        }));
                    }
                    let down = ui.add_enabled(index < last, egui::Button::new("⏷").small());
                    name_for_assistive_tech(&down, &format!("Move {} down", c.fields.text));
                    if down.clicked() {
                        ctx.apply(Change::Plan(PlanChange::MoveCriterion {
                            id: c.id,
                            index: index + 1,
                        }));
                    }
                });
                row.col(|ui| {
                    let mut text = RichText::new(&c.fields.text);
                    if c.retired {
                        text = text.weak().strikethrough();
                    }
                    cell(ui, text);
                });
                row.col(|ui| {
                    let kind = match c.fields.category {
                        Some(category) => {
                            format!("{} · {}", c.fields.kind.label(), category.label())
                        }
                        None => c.fields.kind.label().to_string(),
                    };
                    cell(ui, kind);
                });
                row.col(|ui| {
                    let edit = ui.add_enabled(!editing, egui::Button::new("Edit"));
                    name_for_assistive_tech(&edit, &format!("Edit {}", c.fields.text));
                    if edit.clicked() {
                        open = Some(c.clone());
                    }
                    let label = if c.retired { "Restore" } else { "Retire" };
                    let retire = ui.button(label);
                    name_for_assistive_tech(&retire, &format!("{label} {}", c.fields.text));
                    if retire.clicked() {
                        ctx.apply(Change::Plan(PlanChange::SetCriterionRetired {
                            id: c.id,
                            retired: !c.retired,
                        }));
                    }
                });
            },
        );
        if let Some(c) = open {
            self.form = CriterionForm::from_criterion(&c);
            self.original = self.form.clone();
            self.base = Some(crate::model::Revision::of(&c));
            self.errors = FieldErrors::default();
        }
    }
}

/// The current job rated on the same criteria: the baseline every opportunity is
/// compared with.
fn baseline_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
    let plan = ctx.model().plan();
    let criteria: Vec<Criterion> = plan.active_criteria().cloned().collect();
    if criteria.is_empty() {
        hint(
            ui,
            "Add criteria first; then rate your current job on them.",
        );
        return;
    }
    let fit = plan.baseline_fit().clone();
    ui.horizontal(|ui| {
        // The summary starts with the score ("40 · must-have not met").
        ui.label(
            RichText::new(format!("Staying put: {}", fit.summary()))
                .size(20.0)
                .strong(),
        );
    });
    hint(
        ui,
        "Every application and offer shows its difference from this score.",
    );
    let ratings = plan.baseline().ratings.clone();
    egui::Grid::new("baseline_ratings")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for c in criteria {
                let current = ratings.get(&c.id).copied().unwrap_or_default();
                let chosen = super::widgets::rating_combo(
                    ui,
                    ("baseline_rating", c.id),
                    current,
                    &c,
                    &format!("Current job: {}", c.fields.text),
                );
                ui.label(&c.fields.text);
                ui.end_row();
                if chosen != current {
                    ctx.apply(Change::Plan(PlanChange::RateBaseline {
                        criterion: c.id,
                        rating: chosen,
                    }));
                }
            }
        });
}
