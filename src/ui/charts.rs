//! Charts that say what they show: whole-number axes with labels, dates or stages on
//! the x axis, read-only (no zoom or drag).

use eframe::egui::{self, Color32, Ui};

use super::widgets::ACCENT;

/// A read-only chart: no zoom or drag, so it is a picture with a name, not a control.
/// The x axis names what each whole step is (`x_labels`: a stage per bar, a date per
/// week); the y axis says what it counts.
pub fn chart(
    ui: &mut Ui,
    id: &str,
    y_label: &str,
    x_labels: impl Fn(f64) -> Option<String> + 'static,
    build: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) -> egui::Response {
    read_only_plot(id)
        .height(170.0)
        // Whole steps are labelled down to 12 px apart (egui_plot hides them below 20),
        // so a 0–7 count shows every number.
        .custom_y_axes(vec![
            egui_plot::AxisHints::new_y()
                .label(y_label)
                .label_spacing(12.0..=16.0),
        ])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            // Whole numbers, each one labelled while there are at most eight of them
            // (a 1–5 rating, 0–7 signs); every second one beyond.
            let span = input.bounds.1 - input.bounds.0;
            let step = (span / 8.0).ceil().max(1.0);
            [1.0, step, step * 5.0]
        }))
        .x_axis_formatter(move |mark, _| {
            if mark.value.fract().abs() > 1e-9 {
                return String::new();
            }
            x_labels(mark.value).unwrap_or_default()
        })
        .show(ui, build)
        .response
}

/// A read-only bar chart of one number per stage: the bars lie along the x axis (which
/// says what they count) and each is named on the y axis, where the names never crowd
/// each other as they would under narrow upright bars.
pub fn stage_bars(
    ui: &mut Ui,
    id: &str,
    value_label: &str,
    stages: &[(&'static str, f64)],
) -> egui::Response {
    use egui_plot::{Bar, BarChart};
    let color = if ui.visuals().dark_mode {
        Color32::from_rgb(0x6c, 0xb4, 0xe0)
    } else {
        ACCENT
    };
    let count = stages.len();
    // The first stage on top.
    let bars: Vec<Bar> = stages
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            Bar::new((count - 1 - i) as f64, *value)
                .name(*name)
                .width(0.7)
                .fill(color)
        })
        .collect();
    let names: Vec<&'static str> = stages.iter().map(|(n, _)| *n).collect();
    read_only_plot(id)
        .height(26.0 * count as f32 + 40.0)
        .show_grid([true, false])
        .x_axis_label(value_label)
        .include_x(0.0)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-9 || i < 0.0 {
                return String::new();
            }
            names
                .len()
                .checked_sub(1 + i as usize)
                .and_then(|at| names.get(at))
                .map_or_else(String::new, |n| (*n).to_string())
        })
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new(value_label, bars).horizontal().color(color));
        })
        .response
}

/// A plot that is a picture with a name, not a control: no zoom, drag or scroll, no
/// coordinates under the pointer.
fn read_only_plot(id: &str) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
}
