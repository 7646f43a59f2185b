//! The "Asks & check-ins" view: the weekly check-in on the signs of an unsupportive job
//! with its trend chart and plain-words summary, and the list of asks to management.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::detail_pane::{FormButtons, add_or_save_ui};
use super::widgets::{
    Col, ContactPicker, card, cell, date_picker, error_text, hint, labelled_line, list_table,
    name_for_assistive_tech,
};
use crate::model::{
    Ask, AskFields, AskId, AskKind, AskStatus, CheckInFields, FieldErrors, Sign, trend_summary,
};
use crate::store::{Change, PlanChange};

#[derive(Debug, Clone, PartialEq)]
struct CheckInForm {
    signs: BTreeSet<Sign>,
    overall: u8,
    note: String,
}

impl Default for CheckInForm {
    fn default() -> Self {
        Self {
            signs: BTreeSet::new(),
            overall: 3,
            note: String::new(),
        }
    }
}

struct AskForm {
    editing: Option<AskId>,
    /// The revision of the ask being edited and its fields then (a save names it; a
    /// change elsewhere is merged into the form).
    base: Option<(crate::model::Revision, AskFields)>,
    what: String,
    kind: AskKind,
    to: ContactPicker,
    status: AskStatus,
    has_asked_on: bool,
    asked_on: NaiveDate,
    has_revisit: bool,
    revisit_on: NaiveDate,
    notes: String,
}

impl AskForm {
    fn new(today: NaiveDate) -> Self {
        Self {
            editing: None,
            base: None,
            what: String::new(),
            kind: AskKind::Tools,
            to: ContactPicker::default(),
            status: AskStatus::Planned,
            has_asked_on: false,
            asked_on: today,
            has_revisit: false,
            revisit_on: today,
            notes: String::new(),
        }
    }

    fn from_ask(a: &Ask, today: NaiveDate) -> Self {
        Self {
            editing: Some(a.id),
            base: Some((crate::model::Revision::of(a), a.fields.clone())),
            what: a.fields.what.clone(),
            kind: a.fields.kind,
            to: ContactPicker::with(a.fields.asked_to.into_iter().collect()),
            status: a.fields.status,
            has_asked_on: a.fields.asked_on.is_some(),
            asked_on: a.fields.asked_on.unwrap_or(today),
            has_revisit: a.fields.revisit_on.is_some(),
            revisit_on: a.fields.revisit_on.unwrap_or(today),
            notes: a.fields.notes.clone(),
        }
    }

    fn fields(&self) -> AskFields {
        AskFields {
            what: self.what.clone(),
            kind: self.kind,
            asked_to: self.to.chosen.first().copied(),
            status: self.status,
            asked_on: self.has_asked_on.then_some(self.asked_on),
            revisit_on: self.has_revisit.then_some(self.revisit_on),
            notes: self.notes.clone(),
        }
    }

    /// Merges a change made elsewhere to the stored ask into the form.
    fn follow(&mut self, stored: &Ask, today: NaiveDate) -> Option<crate::model::MergeReport> {
        let revision = crate::model::Revision::of(stored);
        let mut mine = self.fields();
        let (base, original) = self.base.as_mut()?;
        if *base == revision {
            return None;
        }
        let report = crate::model::merge_record(original, &mut mine, &stored.fields);
        *base = revision;
        let merged = Ask {
            fields: mine,
            ..stored.clone()
        };
        let base = self.base.take();
        *self = AskForm::from_ask(&merged, today);
        self.base = base;
        (!report.is_empty()).then_some(report)
    }

    /// Nothing typed: a new ask still empty, or a stored one opened and left as it is.
    fn is_blank(&self) -> bool {
        match &self.base {
            Some((_, stored)) => self.fields() == *stored,
            None => self.what.trim().is_empty() && self.notes.trim().is_empty(),
        }
    }
}

#[derive(Default)]
pub struct CheckInsView {
    check_in: CheckInForm,
    check_in_errors: FieldErrors,
    ask: Option<AskForm>,
    ask_errors: FieldErrors,
}

impl CheckInsView {
    pub fn has_unsaved_changes(&self) -> bool {
        !self.check_in.note.trim().is_empty() || self.ask.as_ref().is_some_and(|a| !a.is_blank())
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        if self.ask.is_none() {
            self.ask = Some(AskForm::new(today));
        }
        ui.heading("Asks & check-ins");
        ui.add_space(8.0);
        // Its own scroll position: another view's never carries over.
        egui::ScrollArea::vertical()
            .id_salt("checkins_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                card(ui, "This week's check-in", |ui| self.check_in_ui(ui, ctx));
                ui.add_space(12.0);
                card(ui, "How the weeks are going", |ui| trend_ui(ui, ctx));
                ui.add_space(12.0);
                card(ui, "Asks to management", |ui| self.asks_ui(ui, ctx));
            });
    }

    fn check_in_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        match ctx.model().plan().check_ins().last() {
            Some(last) => hint(ui, format!("Last check-in: {}", last.fields.date)),
            None => hint(
                ui,
                "A minute a week: the trend is the honest answer to “is it getting better?”",
            ),
        }
        ui.label("This week, were you…");
        for sign in Sign::ALL {
            let mut on = self.check_in.signs.contains(&sign);
            if ui.checkbox(&mut on, sign.question()).changed() {
                if on {
                    self.check_in.signs.insert(sign);
                } else {
                    self.check_in.signs.remove(&sign);
                }
            }
        }
        ui.add(
            egui::Slider::new(&mut self.check_in.overall, 1..=5)
                .text("Overall, 1 (bad) to 5 (good)"),
        );
        error_text(ui, self.check_in_errors.for_field("overall"));
        labelled_line(
            ui,
            "Note",
            &mut self.check_in.note,
            self.check_in_errors.for_field("note"),
        );
        if ui
            .button(RichText::new("Record check-in").strong())
            .clicked()
        {
            let fields = CheckInFields {
                date: today,
                signs: self.check_in.signs.clone(),
                overall: self.check_in.overall,
                note: self.check_in.note.clone(),
            };
            match ctx.try_apply(Change::Plan(PlanChange::RecordCheckIn(fields))) {
                Ok(_) => {
                    ctx.status.info("Check-in recorded.");
                    self.check_in = CheckInForm::default();
                    self.check_in_errors = FieldErrors::default();
                }
                Err(crate::store::ApplyError::Invalid(errors)) => self.check_in_errors = errors,
                Err(_) => {}
            }
        }
    }

    fn asks_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        if let Some(a) = asks_table_ui(ui, ctx) {
            self.ask = Some(AskForm::from_ask(&a, today));
        }
        ui.separator();
        self.ask_form_ui(ui, ctx);
    }

    /// The form under the asks: a new ask, or the one being edited.
    fn ask_form_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
        let Some(form) = self.ask.as_mut() else {
            return;
        };
        if let Some(stored) = form.editing.and_then(|id| ctx.model().plan().ask(id))
            && let Some(report) = form.follow(stored, today)
        {
            ctx.status.info(report.sentence());
        }
        ui.strong(if form.editing.is_some() {
            "Edit ask"
        } else {
            "New ask"
        });
        labelled_line(
            ui,
            "What you need",
            &mut form.what,
            self.ask_errors.for_field("what"),
        );
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Kind of ask")
                .selected_text(form.kind.label())
                .show_ui(ui, |ui| {
                    for k in AskKind::ALL {
                        ui.selectable_value(&mut form.kind, k, k.label());
                    }
                });
            egui::ComboBox::from_label("Status")
                .selected_text(form.status.label())
                .show_ui(ui, |ui| {
                    for s in AskStatus::ALL {
                        ui.selectable_value(&mut form.status, s, s.label());
                    }
                });
        });
        form.to.ui(ui, ctx.model(), "Asked to", true);
        ui.horizontal(|ui| {
            ui.checkbox(&mut form.has_asked_on, "Asked on");
            if form.has_asked_on {
                date_picker(ui, "", "ask_asked_on", &mut form.asked_on);
            }
            ui.checkbox(&mut form.has_revisit, "Revisit on");
            if form.has_revisit {
                date_picker(ui, "", "ask_revisit_on", &mut form.revisit_on);
            }
        });
        error_text(ui, self.ask_errors.for_field("revisit"));
        let editing = form.editing;
        let FormButtons { save, mut cancel } = add_or_save_ui(ui, editing.is_some(), "ask");
        if save {
            let change = match (editing, &form.base) {
                (Some(id), Some((base, _))) => PlanChange::EditAsk {
                    id,
                    base: *base,
                    fields: form.fields(),
                },
                _ => PlanChange::AddAsk(form.fields()),
            };
            match ctx.try_apply(Change::Plan(change)) {
                Ok(_) => {
                    ctx.status.info("Ask saved.");
                    cancel = true;
                }
                Err(crate::store::ApplyError::Invalid(errors)) => self.ask_errors = errors,
                Err(_) => {}
            }
        }
        if cancel {
            self.ask = Some(AskForm::new(today));
            self.ask_errors = FieldErrors::default();
        }
    }
}

/// The asks, one row each; the one whose Edit was pressed.
fn asks_table_ui(ui: &mut Ui, ctx: &ViewCtx<'_>) -> Option<Ask> {
    let today = ctx.today();
    let asks: Vec<Ask> = ctx.model().plan().asks().cloned().collect();
    if asks.is_empty() {
        hint(
            ui,
            "Tools, time for research and seminars, authority, headcount, a rewritten job description, a title, a raise: write down what you need.",
        );
    }
    let model = ctx.model();
    let mut open = None;
    list_table(
        ui,
        "asks_table",
        &[
            Col::Text(180.0),
            Col::Text(90.0),
            Col::Text(100.0),
            Col::Text(80.0),
            Col::Exact(130.0),
            Col::Auto,
        ],
        asks.len(),
        30.0,
        false,
        |index, row| {
            let a = &asks[index];
            row.col(|ui| {
                super::widgets::rich_cell(ui, &a.fields.what, RichText::strong);
            });
            row.col(|ui| {
                cell(ui, RichText::new(a.fields.kind.label()).weak());
            });
            row.col(|ui| {
                let to = a
                    .fields
                    .asked_to
                    .and_then(|c| model.contact(c))
                    .map_or("—", |c| c.name());
                cell(ui, format!("to {to}"));
            });
            row.col(|ui| {
                cell(ui, a.fields.status.label());
            });
            row.col(|ui| {
                if let Some(on) = a.fields.revisit_on {
                    let text = RichText::new(format!("revisit {on}"));
                    if a.revisit_due(today) {
                        cell(ui, text.color(ui.visuals().warn_fg_color));
                    } else {
                        cell(ui, text.weak());
                    }
                }
            });
            row.col(|ui| {
                let edit = ui.button("Edit");
                name_for_assistive_tech(&edit, &format!("Edit ask: {}", a.fields.what));
                if edit.clicked() {
                    open = Some(a.clone());
                }
            });
        },
    );
    open
}

/// The trend chart (overall score and number of signs per check-in) and its summary.
fn trend_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
    use egui_plot::{Line, PlotPoints};
    let check_ins = ctx.model().plan().check_ins();
    if check_ins.is_empty() {
        hint(ui, "The trend appears after your first check-in.");
        return;
    }
    let first = check_ins[0].fields.date;
    let week = |d: NaiveDate| (d - first).num_days() as f64 / 7.0;
    let overall: Vec<[f64; 2]> = check_ins
        .iter()
        .map(|c| [week(c.fields.date), f64::from(c.fields.overall)])
        .collect();
    let signs: Vec<[f64; 2]> = check_ins
        .iter()
        .map(|c| [week(c.fields.date), c.fields.signs.len() as f64])
        .collect();
    let points = overall.len();
    // Two charts, each with its own scale: the overall rating (1–5) and how many of the
    // seven signs were there (0–7). Neither is an alarm, so neither is red.
    let date_at = move |x: f64| {
        let day = first + chrono::Days::new((x.max(0.0) * 7.0).round() as u64);
        Some(day.format("%-d %b").to_string())
    };
    super::widgets::columns(ui, 2, |cols| {
        cols[0].strong("Overall, 1 (bad) to 5 (good)");
        let response = super::widgets::chart(
            &mut cols[0],
            "check_in_overall",
            "overall",
            date_at,
            |plot_ui| {
                plot_ui.set_plot_bounds_y(0.5..=5.5);
                plot_ui.line(
                    Line::new("Overall (1–5)", PlotPoints::new(overall))
                        .color(super::widgets::ACCENT)
                        .width(2.0),
                );
            },
        );
        name_for_assistive_tech(
            &response,
            &format!("Check-in trend chart: overall rating over {points} weeks"),
        );
        cols[1].strong("Signs present, of 7");
        let response = super::widgets::chart(
            &mut cols[1],
            "check_in_signs",
            "signs",
            date_at,
            |plot_ui| {
                plot_ui.set_plot_bounds_y(-0.5..=7.5);
                plot_ui.line(
                    Line::new("Signs present (of 7)", PlotPoints::new(signs))
                        .color(egui::Color32::from_rgb(0x8a, 0x7f, 0xb5))
                        .width(2.0),
                );
            },
        );
        name_for_assistive_tech(
            &response,
            &format!("Check-in signs chart: signs present over {points} weeks"),
        );
    });
    hint(ui, format!("{points} check-ins since {first}"));
    let fields: Vec<&CheckInFields> = check_ins.iter().map(|c| &c.fields).collect();
    let summary = trend_summary(&fields, 6);
    if summary.is_empty() {
        ui.label("No signs of an unsupportive job in the last weeks.");
    }
    for line in summary {
        ui.label(line);
    }
}
