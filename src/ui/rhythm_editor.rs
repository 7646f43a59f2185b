//! A stage's follow-up rhythm in Settings, set as a person thinks of it: whether to
//! follow up at all, when the first one falls, how often after that, how many in all
//! and what to do. The settings text (`after 7 every 7 times 3: Follow up`) is what the
//! command line reads and writes; here it is only the place the choice is kept.

use eframe::egui::{self, Ui};

use super::widgets::{error_text, hint};
use crate::model::{
    RHYTHM_MAX_DAYS, RHYTHM_MAX_TIMES, RhythmRule, RhythmRules, RhythmStart, Stage, default_what,
};

/// Draws the rhythm of `stage` kept in `text`, writing the user's choices back into it.
/// `error` is what a refused save said about it.
pub fn rhythm_ui(ui: &mut Ui, stage: Stage, text: &mut String, error: Option<&str>) {
    let when = format!("at the {} stage", stage.label().to_lowercase());
    let rule = match RhythmRule::parse(stage, text) {
        Ok(rule) => rule,
        Err(reason) => {
            // Written by hand on the command line and not readable: say so, and offer
            // the usual rhythm instead of guessing.
            error_text(ui, Some(&format!("Follow-ups {when}: {reason}")));
            if ui.button(format!("Use the usual rhythm {when}")).clicked() {
                *text = usual(stage).map_or_else(|| "none".into(), |r| r.describe());
            }
            return;
        }
    };
    let before = (rule.is_some(), rule.clone());
    let mut on = rule.is_some();
    let mut rule = rule.or_else(|| usual(stage)).unwrap_or_else(|| RhythmRule {
        stage,
        start: RhythmStart::AfterDays(7),
        every_days: 0,
        times: 1,
        what: default_what(stage).to_string(),
    });
    ui.checkbox(&mut on, format!("Follow up {when}"));
    if on {
        ui.indent(("rhythm", stage.key()), |ui| {
            first_ui(ui, stage, &when, &mut rule);
            repeat_ui(ui, &when, &mut rule);
            let label = ui.label(format!("What to do {when}"));
            ui.add(
                egui::TextEdit::singleline(&mut rule.what)
                    .desired_width(f32::INFINITY)
                    .char_limit(200),
            )
            .labelled_by(label.id);
            hint(ui, rule.sentence());
        });
    }
    // Only a change is written back: an untouched rhythm keeps its text as it was.
    if (on, on.then(|| rule.clone())) != before {
        // One line: the text after ':' is the whole of "what to do".
        rule.what = rule.what.replace(['\n', '\r'], " ");
        *text = if on { rule.describe() } else { "none".into() };
    }
    error_text(ui, error);
}

/// The rhythm a new database starts with for `stage`, if any.
fn usual(stage: Stage) -> Option<RhythmRule> {
    RhythmRules::default().for_stage(stage).cloned()
}

fn first_ui(ui: &mut Ui, stage: Stage, when: &str, rule: &mut RhythmRule) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("First follow-up");
        let by_decision = matches!(rule.start, RhythmStart::DecisionDate);
        let mut choice = by_decision;
        egui::ComboBox::from_id_salt(("rhythm_start", stage.key()))
            .selected_text(if by_decision {
                "on the decision date"
            } else {
                "a number of days in"
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut choice, false, "a number of days in");
                ui.selectable_value(&mut choice, true, "on the decision date");
            })
            .response
            .labelled_by(label.id)
            .widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ComboBox,
                    true,
                    format!("First follow-up {when}"),
                )
            });
        if choice != by_decision {
            rule.start = if choice {
                RhythmStart::DecisionDate
            } else {
                RhythmStart::AfterDays(7)
            };
        }
        if let RhythmStart::AfterDays(days) = &mut rule.start {
            days_value(
                ui,
                days,
                0,
                &format!("Days before the first follow-up {when}"),
            );
            ui.label("after the stage begins");
        }
    });
}

fn repeat_ui(ui: &mut Ui, when: &str, rule: &mut RhythmRule) {
    ui.horizontal_wrapped(|ui| {
        let mut repeats = rule.every_days > 0;
        let repeat = ui.checkbox(&mut repeats, "Then again every");
        let name = format!("Repeat follow-ups {when}");
        let toggled = repeats;
        repeat.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, toggled, name.as_str())
        });
        if repeats && rule.every_days == 0 {
            rule.every_days = 7;
            rule.times = rule.times.max(3);
        }
        if !repeats {
            rule.every_days = 0;
            rule.times = 1;
            return;
        }
        days_value(
            ui,
            &mut rule.every_days,
            1,
            &format!("Days between follow-ups {when}"),
        );
        ui.label("until");
        number_value(
            ui,
            &mut rule.times,
            2..=RHYTHM_MAX_TIMES,
            "in all",
            &format!("Follow-ups in all {when}"),
        );
    });
}

fn days_value(ui: &mut Ui, days: &mut u32, least: u32, name: &str) {
    number_value(ui, days, least..=RHYTHM_MAX_DAYS, "days", name);
}

/// A number to drag or type, named `name` for assistive technology (its value kept).
fn number_value(
    ui: &mut Ui,
    value: &mut u32,
    range: std::ops::RangeInclusive<u32>,
    unit: &str,
    name: &str,
) {
    // "1 day", "7 days"; typing the number alone is enough.
    let unit = unit.to_string();
    let response = ui.add(
        egui::DragValue::new(value)
            .range(range)
            .custom_formatter(move |n, _| match (unit.as_str(), n as u32) {
                ("days", 1) => "1 day".to_string(),
                (unit, n) => format!("{n} {unit}"),
            })
            .custom_parser(|text| {
                text.split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<f64>().ok())
            }),
    );
    let shown = f64::from(*value);
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::drag_value(true, shown);
        info.label = Some(name.to_string());
        info
    });
}
