//! The window as a person sees it, checked over every view, the open panes and the
//! dialogs, on the demo data, at 1024×640 and 1280×800, in the light and the dark theme:
//!
//! - no text is squeezed into a column narrower than its words (letters stacked one
//!   word per line: "Helpe / d them / prepa / re");
//! - every button, field and box can be reached: it is inside the window and not under
//!   the navigation or the status line, or its scroll area brings it there;
//! - a view opens at its top, whatever another view was scrolled to.

mod common;

use common::*;
use eframe::egui::{self, Key, Modifiers, Rect, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use exitplan::ui::{ExitplanApp, UiState, View};

const SIZES: [(f32, f32); 2] = [(1024.0, 640.0), (1280.0, 800.0)];
const THEMES: [egui::Theme; 2] = [egui::Theme::Light, egui::Theme::Dark];

fn demo_harness(
    db: &TempDb,
    size: (f32, f32),
    theme: egui::Theme,
) -> Harness<'static, ExitplanApp> {
    let store = demo_store(db);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_theme(theme)
        .with_max_steps(12)
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(store, UiState::default()),
        );
    harness.run();
    harness
}

/// The navigation on the left.
fn nav(harness: &Harness<'_, ExitplanApp>) -> Rect {
    let screen = harness.ctx.content_rect();
    let area = harness.state().view_area();
    Rect::from_min_max(screen.min, egui::pos2(area.min.x, screen.max.y))
}

fn interactive(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::PasswordInput
            | Role::ComboBox
            | Role::Slider
            | Role::SpinButton
            | Role::Link
            | Role::Tab
    )
}

/// The widest a word can be drawn in the window's smallest text.
fn word_width(harness: &Harness<'_, ExitplanApp>, word: &str) -> f32 {
    harness.ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            word.to_owned(),
            egui::FontId::proportional(12.0),
            egui::Color32::WHITE,
        )
        .size()
        .x
    })
}

struct Seen {
    id: (egui::accesskit::NodeId, egui::accesskit::TreeId),
    role: Role,
    text: String,
    rect: Rect,
}

fn nodes(harness: &Harness<'_, ExitplanApp>) -> Vec<Seen> {
    harness
        .root()
        .children_recursive()
        .filter(|n| !n.accesskit_node().is_hidden() && n.accesskit_node().bounding_box().is_some())
        .map(|n| Seen {
            id: n.accesskit_node().locate(),
            role: n.accesskit_node().role(),
            text: n
                .accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
                .unwrap_or_default(),
            rect: n.rect(),
        })
        .collect()
}

/// Where a view's content can be seen: right of the navigation, above the status line.
fn content_area(harness: &Harness<'_, ExitplanApp>) -> Rect {
    harness.state().view_area()
}

fn contains(outer: Rect, inner: Rect) -> bool {
    outer.expand(1.0).contains_rect(inner)
}

/// Letter columns: a text node narrower than its first word (when there is more to it),
/// or wrapped onto several lines while narrower than its longest word.
fn check_text(harness: &Harness<'_, ExitplanApp>, place: &str, problems: &mut Vec<String>) {
    let line = harness
        .ctx
        .fonts_mut(|f| f.row_height(&egui::FontId::proportional(12.0)));
    for node in nodes(harness) {
        // A one-line control blown up into a block (a combo box whose label wrapped
        // letter by letter beside it).
        let chart = node.text.contains(" chart");
        if matches!(node.role, Role::ComboBox | Role::Button)
            && !chart
            && node.rect.height() > 3.0 * line
        {
            problems.push(format!(
                "{place}: {:?} {:?} is {:.0} px tall",
                node.role,
                node.text,
                node.rect.height()
            ));
        }
        if node.role != Role::Label || node.rect.width() <= 0.0 {
            continue;
        }
        let text = node.text.trim();
        let Some(first) = text.split_whitespace().next() else {
            continue;
        };
        let longest = text
            .split_whitespace()
            .max_by_key(|w| w.chars().count())
            .unwrap_or(first);
        let narrow_first =
            text.len() > first.len() && node.rect.width() + 1.0 < word_width(harness, first);
        let wrapped = node.rect.height() > 1.9 * line;
        let broken = wrapped && node.rect.width() + 1.0 < word_width(harness, longest);
        if narrow_first || broken {
            problems.push(format!(
                "{place}: text squeezed into {:.0}×{:.0} px: {text:?}",
                node.rect.width(),
                node.rect.height()
            ));
        }
    }
}

/// Every control of the view is inside its area, or its scroll area brings it there.
fn check_reachable(
    harness: &mut Harness<'_, ExitplanApp>,
    place: &str,
    problems: &mut Vec<String>,
) {
    let nav = nav(harness);
    let screen = harness.ctx.content_rect();
    let controls: Vec<Seen> = nodes(harness)
        .into_iter()
        .filter(|n| interactive(n.role) && !contains(nav, n.rect))
        .collect();
    // Inside the view's main area, or wholly in the pane beside it: never cut by the
    // pane's edge or the window's.
    let fits = |h: &Harness<'_, ExitplanApp>, rect: Rect| {
        let area = content_area(h);
        let main = h.state().central_area();
        contains(main, rect) || (contains(area, rect) && rect.min.x >= main.max.x - 8.0)
    };
    for control in controls {
        if fits(harness, control.rect) {
            continue;
        }
        let find = |h: &Harness<'_, ExitplanApp>| {
            h.root()
                .children_recursive()
                .find(|n| n.accesskit_node().locate() == control.id)
                .map(|n| n.rect())
        };
        if let Some(node) = harness
            .root()
            .children_recursive()
            .find(|n| n.accesskit_node().locate() == control.id)
        {
            node.scroll_to_me();
        }
        harness.run();
        let after = find(harness);
        let area = content_area(harness);
        match after {
            Some(rect) if fits(harness, rect) && contains(screen, rect) => {}
            Some(rect) => problems.push(format!(
                "{place}: {:?} {:?} cannot be reached: at {rect:?}, the view shows {area:?} (its main area {:?})",
                control.role,
                control.text,
                harness.state().central_area()
            )),
            None => problems.push(format!(
                "{place}: {:?} {:?} disappeared when scrolled to",
                control.role, control.text
            )),
        }
    }
}

/// Nothing of the view sits above its area: it was opened at its top.
fn check_at_top(harness: &Harness<'_, ExitplanApp>, place: &str, problems: &mut Vec<String>) {
    let area = content_area(harness);
    let nav = nav(harness);
    if let Some(node) = nodes(harness)
        .into_iter()
        .filter(|n| !contains(nav, n.rect) && n.rect.width() > 0.0)
        .find(|n| n.rect.min.y < area.min.y - 1.0)
    {
        problems.push(format!(
            "{place}: opened scrolled: {:?} {:?} is above the top at y = {:.0}",
            node.role, node.text, node.rect.min.y
        ));
    }
}

fn check_all(harness: &mut Harness<'_, ExitplanApp>, place: &str, problems: &mut Vec<String>) {
    check_text(harness, place, problems);
    check_reachable(harness, place, problems);
}

fn show(harness: &mut Harness<'_, ExitplanApp>, view: usize) {
    harness.key_press_modifiers(Modifiers::COMMAND, exitplan::ui::NUMBER_KEYS[view]);
    harness.run();
}

fn click_label(harness: &mut Harness<'_, ExitplanApp>, role: Role, label: &str) {
    let node = harness.get_by_role_and_label(role, label);
    node.scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

#[test]
fn every_view_pane_and_dialog_is_readable_and_reachable_at_both_sizes_and_themes() {
    let mut problems = Vec::new();
    for size in SIZES {
        for theme in THEMES {
            let db = temp_db();
            let mut harness = demo_harness(&db, size, theme);
            let at = |what: &str| format!("{what} at {}×{} {theme:?}", size.0, size.1);
            // Every view, each after the one before was scrolled by the reachability check.
            for (i, view) in View::ALL.iter().enumerate() {
                show(&mut harness, i);
                let place = at(view.label());
                check_at_top(&harness, &place, &mut problems);
                check_all(&mut harness, &place, &mut problems);
            }
            // The open panes.
            show(&mut harness, 1);
            harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
            harness.run();
            harness.get_by_label("Search contacts").type_text("Priya");
            harness.run();
            click_label(&mut harness, Role::Button, "Priya Raman");
            check_all(
                &mut harness,
                &at("Contacts with a contact open"),
                &mut problems,
            );
            click_label(&mut harness, Role::Button, "Edit");
            check_all(&mut harness, &at("a contact's Edit form"), &mut problems);
            harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
            harness.run();
            check_all(&mut harness, &at("the New contact form"), &mut problems);
            show(&mut harness, 4);
            click_label(&mut harness, Role::Button, "Table");
            check_all(&mut harness, &at("Applications as a table"), &mut problems);
            click_label(&mut harness, Role::Button, "Board");
            let card = harness.query_all_by_role(Role::Button).find_map(|n| {
                n.accesskit_node()
                    .label()
                    .filter(|l| l.starts_with("Maison Verte"))
            });
            if let Some(card) = card {
                click_label(&mut harness, Role::Button, &card);
                check_all(
                    &mut harness,
                    &at("Applications with one open"),
                    &mut problems,
                );
            } else {
                problems.push(at("the Maison Verte card is on the board"));
            }
            // The dialogs.
            harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
            harness.run();
            check_text(&harness, &at("Log touchpoint dialog"), &mut problems);
            harness.key_press(Key::Escape);
            harness.run();
            harness.key_press(Key::F1);
            harness.run();
            check_text(&harness, &at("Shortcut sheet"), &mut problems);
            harness.key_press(Key::F1);
            harness.run();
        }
    }
    assert!(
        problems.is_empty(),
        "{} layout problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
