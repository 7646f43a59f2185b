//! The plan on screen: new, duplicate (with a choice per row) and malformed records in
//! one table.

use super::*;

pub(super) fn plan_step(model: &crate::store::ReadModel, plan: ImportPlan) -> PlanStep {
    // The line of each `New` record, for a later row that duplicates it.
    let new_lines: Vec<usize> = plan
        .items
        .iter()
        .filter(|p| matches!(p.action, Action::New))
        .map(|p| p.candidate.line)
        .collect();
    let matches = plan
        .items
        .iter()
        .map(|p| match p.action {
            Action::New => String::new(),
            Action::Duplicate(Target::Stored(id)) => model
                .contact(id)
                .map_or_else(String::new, |e| e.contact.fields.name.clone()),
            Action::Duplicate(Target::Planned(n)) => new_lines
                .get(n)
                .map_or_else(String::new, |line| format!("line {line} of this file")),
        })
        .collect();
    PlanStep {
        choices: vec![OnDuplicate::Merge; plan.items.len()],
        matches,
        plan: std::sync::Arc::new(plan),
        skip_bad: false,
        error: None,
        writing: None,
    }
}

/// Every planned record, one virtualised row each (a 10k-row file scrolls smoothly).
pub(super) fn plan_table(ui: &mut Ui, step: &mut PlanStep) {
    let row_height = 24.0;
    TableBuilder::new(ui)
        .id_salt("import_plan")
        .striped(true)
        .max_scroll_height(320.0)
        .column(Column::exact(56.0))
        .column(Column::initial(180.0).at_least(80.0).clip(true))
        .column(Column::initial(200.0).at_least(80.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(200.0))
        .header(22.0, |mut header| {
            for title in ["Line", "Name", "Email", "Organization", "What happens"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, step.plan.items.len(), |mut row| {
                let i = row.index();
                let item = &step.plan.items[i];
                let fields = &item.candidate.fields;
                let line = item.candidate.line;
                row.col(|ui| {
                    ui.label(line.to_string());
                });
                row.col(|ui| {
                    ui.label(&fields.name);
                });
                row.col(|ui| {
                    ui.label(fields.emails.first().map_or("", String::as_str));
                });
                row.col(|ui| {
                    ui.label(&fields.organization);
                });
                row.col(|ui| match item.action {
                    Action::New => {
                        ui.label("New contact");
                    }
                    Action::Duplicate(_) => {
                        ui.horizontal(|ui| {
                            ui.label(format!("Same as {}:", step.matches[i]));
                            for (choice, text, name) in [
                                (OnDuplicate::Merge, "Merge", format!("Merge line {line}")),
                                (OnDuplicate::Skip, "Skip", format!("Skip line {line}")),
                                (
                                    OnDuplicate::New,
                                    "Add as new",
                                    format!("Add line {line} as a new contact"),
                                ),
                            ] {
                                let selected = step.choices[i] == choice;
                                let response = ui.radio(selected, text);
                                response.widget_info(|| {
                                    egui::WidgetInfo::selected(
                                        egui::accesskit::Role::RadioButton,
                                        true,
                                        selected,
                                        &name,
                                    )
                                });
                                if response.clicked() {
                                    step.choices[i] = choice;
                                }
                            }
                        });
                    }
                });
            });
        });
}
