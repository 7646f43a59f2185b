//! The privacy screen: while it is on, every name, email, organization, note and
//! summary a view draws goes through [`mask`] and shows as initials and dots; forms
//! and previews that would show whole records show a short notice instead. It is
//! toggled with Ctrl+Shift+H (or the button under the navigation), comes on by itself
//! after the idle minutes in Settings, and at start when the user chose that.
//!
//! The state lives in egui's memory, so any drawing function can ask for it without
//! it being passed down; the window's title comes from Settings and never names a
//! contact or a company.

use std::borrow::Cow;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

/// Ctrl+Shift+H.
pub const SHORTCUT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::H);

fn id() -> egui::Id {
    egui::Id::unique("exitplan_privacy_screen")
}

/// Whether the privacy screen is on.
pub fn is_on(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(id()).unwrap_or(false))
}

pub fn set(ctx: &egui::Context, on: bool) {
    ctx.data_mut(|d| d.insert_temp(id(), on));
    ctx.request_repaint();
}

/// The window's name as the screen may show it: the title chosen in Settings, or
/// "Notes" while the screen is on and the title is still the app's own name.
pub fn neutral_title(ctx: &egui::Context, title: &str) -> String {
    if is_on(ctx) && title == crate::model::DEFAULT_WINDOW_TITLE {
        "Notes".into()
    } else {
        title.to_string()
    }
}

/// Initials and dots: "Priya Raman" → "P••• R•••", "priya@brightwave.example" →
/// "p•••@•••". Multi-line text (notes, summaries, email bodies) becomes dots only.
pub fn masked(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    if text.contains('\n') || text.chars().count() > 80 {
        return "••••••".into();
    }
    if let Some((local, _)) = text.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}•••@•••");
    }
    text.split_whitespace()
        .take(4)
        .map(|word| {
            let first: String = word.chars().take(1).collect();
            format!("{first}•••")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as the screen may show it now.
pub fn mask<'a>(ctx: &egui::Context, text: &'a str) -> Cow<'a, str> {
    if is_on(ctx) {
        Cow::Owned(masked(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// What a detail pane shows instead of a whole record while the screen is on.
pub fn notice_ui(ui: &mut egui::Ui) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.heading("Hidden");
        ui.label("The privacy screen is on. Press Ctrl+Shift+H to show everything again.");
    });
}

/// Whether the window has been idle long enough for the screen to come on.
pub fn idle_long_enough(idle_secs: f64, idle_minutes: u32) -> bool {
    idle_minutes > 0 && idle_secs >= f64::from(idle_minutes) * 60.0
}

/// Watches input: the shortcut toggles the screen, and `idle_minutes` without input
/// turn it on. `last_input` is the egui time of the last input seen.
pub fn watch(ctx: &egui::Context, last_input: &mut Option<f64>, idle_minutes: u32) {
    let (now, active, toggled) = ctx.input_mut(|i| {
        let toggled = i.consume_shortcut(&SHORTCUT);
        let active = !i.events.is_empty() || i.pointer.is_moving() || i.pointer.any_down();
        (i.time, active, toggled)
    });
    if toggled {
        set(ctx, !is_on(ctx));
    }
    let last = last_input.get_or_insert(now);
    if active {
        *last = now;
    }
    if idle_minutes > 0 && !is_on(ctx) {
        let idle = now - *last;
        if idle_long_enough(idle, idle_minutes) {
            set(ctx, true);
        } else {
            let left = f64::from(idle_minutes) * 60.0 - idle;
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left.max(1.0)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_initials_only() {
        assert_eq!(masked("Priya Raman"), "P••• R•••");
        assert_eq!(masked("priya@brightwave.example"), "p•••@•••");
        assert_eq!(masked("Brightwave Media, Inc."), "B••• M••• I•••");
        assert_eq!(masked("Zoë"), "Z•••");
        assert_eq!(masked("李小龍"), "李•••");
        assert_eq!(masked("line one\nline two"), "••••••");
        assert_eq!(masked(""), "");
        for secret in ["Priya", "Raman", "brightwave", "Media"] {
            assert!(!masked("Priya Raman, Brightwave Media").contains(secret));
        }
    }

    #[test]
    fn idle_minutes_zero_means_never() {
        assert!(!idle_long_enough(1e9, 0));
        assert!(!idle_long_enough(599.0, 10));
        assert!(idle_long_enough(600.0, 10));
    }
}
