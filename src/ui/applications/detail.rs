//! The detail pane: add or edit an application, move it through the stages, rate it on
//! every criterion and watch its fit change.

use super::*;

impl ApplicationsView {
    pub(super) fn detail_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        let today = ctx.today();
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
        let today = ctx.today();
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
        match ctx.try_apply(Change::Plan(change)) {
            Ok(outcome) => {
                ctx.status.info("Saved.");
                let id = outcome.new_id().map(ApplicationId).or(form.id);
                if let Some(id) = id {
                    ctx.requests.push(crate::ui::Request::OpenApplication(id));
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

    pub(super) fn form_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut ViewCtx<'_>,
        today: NaiveDate,
        save: &mut bool,
    ) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let current = form
            .id
            .and_then(|id| ctx.model().plan().application(id).cloned());
        if let Some(stored) = &current
            && let Some(report) = crate::ui::merge::follow(
                &mut form.base,
                &mut form.original,
                &mut form.text,
                crate::model::Revision::of(stored),
                || ApplicationFormText::from_application(stored, today),
            )
        {
            ctx.status.info(report.sentence());
        }
        let title = match &current {
            Some(a) => format!("{} — {}", a.fields.company, a.fields.role),
            None => "New application".to_string(),
        };
        if crate::ui::widgets::pane_title_ui(ui, &title) {
            ctx.requests.push(crate::ui::Request::CloseApplication);
        }
        if let Some(a) = &current {
            stored_ui(ui, ctx, form, a, today);
        }
        fields_ui(ui, &mut form.text, &form.errors);
        people_ui(ui, ctx.model(), form);
        let notes_error = form.errors.for_field("notes");
        labelled_multiline(ui, "Notes", &mut form.text.notes, 3, notes_error);
        save_row_ui(ui, form, save);
        if let Some(a) = &current {
            ui.separator();
            ui.strong("Stage history");
            for change in &a.history {
                ui.label(format!("{}  {}", change.on, change.stage.label()));
            }
        }
    }
}

/// The stored application's standing: its fit against staying put, the follow-up
/// that is due, who you know there, its stage (and the move to another), its ratings.
fn stored_ui(
    ui: &mut Ui,
    ctx: &mut ViewCtx<'_>,
    form: &mut ApplicationForm,
    a: &Application,
    today: NaiveDate,
) {
    let fit = ctx.model().plan().fit(a.id).cloned().unwrap_or_default();
    fit_ui(ui, ctx.model(), &fit);
    let baseline = ctx.model().plan().baseline_fit().score;
    ui.label(crate::model::versus_baseline(baseline, fit.score));
    if baseline.is_none() {
        hint(
            ui,
            "Rate your current job in Dream job to compare with staying put.",
        );
    }
    follow_up_ui(ui, ctx, a, today);
    ui.separator();
    ui.strong(format!("Who you know at {}", a.fields.company));
    crate::ui::warm_paths::paths_ui(ui, ctx, &a.fields.company);
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} since {} ({} days)",
            a.stage.label(),
            a.stage_since(),
            a.days_in_stage(today)
        ));
    });
    move_to_ui(ui, ctx, form, a);
    ui.separator();
    ratings_ui(ui, ctx, a);
    ui.separator();
}

/// The next follow-up the stage's rhythm asks for, with its Done button.
fn follow_up_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, a: &Application, today: NaiveDate) {
    let rules = &ctx.model().settings().rhythms;
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
                    .try_apply(Change::Plan(PlanChange::CompleteRhythm {
                        id: a.id,
                        on: today,
                    }))
                    .is_ok()
            {
                ctx.status.info(format!("Follow-up done: {}.", item.what));
            }
        });
    }
}

/// "Move to" a stage, on a date.
fn move_to_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, form: &mut ApplicationForm, a: &Application) {
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
}

/// The typed fields from Company to the decision date.
fn fields_ui(ui: &mut Ui, t: &mut ApplicationFormText, e: &FieldErrors) {
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
    crate::ui::widgets::columns(ui, 2, |cols| {
        labelled_line(&mut cols[0], "Link", &mut t.link, e.for_field("link"));
        labelled_line(&mut cols[1], "Source", &mut t.source, e.for_field("source"));
    });
    crate::ui::widgets::columns(ui, 2, |cols| {
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
}

/// "People involved": each with their role and a remove button, and the picker to add
/// one.
fn people_ui(ui: &mut Ui, model: &ReadModel, form: &mut ApplicationForm) {
    let t = &mut form.text;
    ui.strong("People involved");
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
}

/// Save (or Add) and the "Unsaved changes" note.
fn save_row_ui(ui: &mut Ui, form: &ApplicationForm, save: &mut bool) {
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
    let criteria: Vec<crate::model::Criterion> =
        ctx.model().plan().active_criteria().cloned().collect();
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
                let chosen = crate::ui::widgets::rating_combo(
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
                    ctx.apply(Change::Plan(change));
                }
            }
        });
}
