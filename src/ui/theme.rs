//! The window's look: slightly larger text and roomier spacing than egui's defaults, in
//! both the light and the dark theme, chosen in Settings → Appearance: the system's
//! (what the window system reports; on X11, which reports nothing, the freedesktop
//! portal's colour scheme, read once on a worker; light when neither says), light or
//! dark.

use crate::model::ThemeChoice;

use eframe::egui::{self, FontFamily, FontId, TextStyle};

/// Applies the look to every theme of `ctx`.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(21.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 7.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 26.0;
        // Scroll bars that show, so a person sees there is more to the side or below.
        style.spacing.scroll = egui::style::ScrollStyle::solid();
        style.visuals.widgets.noninteractive.corner_radius = 6.0.into();
        style.visuals.widgets.inactive.corner_radius = 6.0.into();
        style.visuals.widgets.hovered.corner_radius = 6.0.into();
        style.visuals.widgets.active.corner_radius = 6.0.into();
        // Hints and secondary text readable at a glance: at least 4.5:1 against the
        // panel (egui's default fades the text to about 2.8:1).
        style.visuals.weak_text_color = Some(if style.visuals.dark_mode {
            egui::Color32::from_gray(160)
        } else {
            egui::Color32::from_gray(100)
        });
        // In the light theme a field is white on a near-white panel: a visible outline
        // says where to type (and frames buttons and check boxes alike).
        if !style.visuals.dark_mode {
            style.visuals.widgets.inactive.bg_stroke =
                egui::Stroke::new(1.0, egui::Color32::from_gray(170));
        }
    });
}

/// The desktop's colour scheme as the freedesktop portal says it, read once.
#[derive(Default)]
pub struct PortalScheme {
    /// The choice last put into effect.
    applied: Option<ThemeChoice>,
    pending: Option<super::jobs::Job<Option<egui::Theme>>>,
    scheme: Option<egui::Theme>,
    asked: bool,
}

impl PortalScheme {
    /// The portal's answer once it came (asking on a worker the first time).
    fn get(&mut self, ctx: &egui::Context) -> Option<egui::Theme> {
        if !self.asked {
            self.asked = true;
            self.pending = Some(super::jobs::Job::spawn(ctx, "colour-scheme", |_| {
                read_portal_scheme()
            }));
        }
        if let Some(answer) = self.pending.as_mut().and_then(super::jobs::Job::result) {
            self.scheme = answer.ok().flatten();
            self.pending = None;
        }
        self.scheme
    }
}

/// The theme to draw: the user's choice, or for "system" what the window system says,
/// else what the portal says, else light.
pub fn resolve(
    choice: ThemeChoice,
    system: Option<egui::Theme>,
    portal: Option<egui::Theme>,
) -> egui::Theme {
    match choice {
        ThemeChoice::Light => egui::Theme::Light,
        ThemeChoice::Dark => egui::Theme::Dark,
        ThemeChoice::System => system.or(portal).unwrap_or(egui::Theme::Light),
    }
}

/// Draws in the theme `choice` asks for (called every frame; cheap). For "system",
/// egui follows what the window system reports and otherwise its fallback theme, which
/// is the portal's answer or light. The preference is only set when the choice changes
/// (from what the window started with), so a harness's own theme stays until then.
pub fn follow(ctx: &egui::Context, choice: ThemeChoice, portal: &mut PortalScheme) {
    let fallback = if choice == ThemeChoice::System && ctx.input(|i| i.raw.system_theme).is_none() {
        resolve(choice, None, portal.get(ctx))
    } else {
        egui::Theme::Light
    };
    if ctx.options(|o| o.fallback_theme) != fallback {
        ctx.options_mut(|o| o.fallback_theme = fallback);
    }
    let preference = match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    };
    match portal.applied {
        Some(applied) if applied == choice => {}
        // At start, "system" leaves the window's own preference (eframe's is system).
        None if choice == ThemeChoice::System => portal.applied = Some(choice),
        _ => {
            portal.applied = Some(choice);
            ctx.set_theme(preference);
        }
    }
}

/// The portal's colour scheme on the session bus; None when there is no session bus.
fn read_portal_scheme() -> Option<egui::Theme> {
    portal_scheme(&zbus::blocking::Connection::session().ok()?)
}

/// `org.freedesktop.appearance color-scheme` from the portal on `connection`: 1 prefers
/// dark, 2 light, 0 no preference. None when no portal answers.
pub fn portal_scheme(connection: &zbus::blocking::Connection) -> Option<egui::Theme> {
    use zbus::zvariant::{OwnedValue, Value};
    let call = |method: &str| {
        connection
            .call_method(
                Some("org.freedesktop.portal.Desktop"),
                "/org/freedesktop/portal/desktop",
                Some("org.freedesktop.portal.Settings"),
                method,
                &("org.freedesktop.appearance", "color-scheme"),
            )
            .ok()?
            .body()
            .deserialize::<OwnedValue>()
            .ok()
    };
    // ReadOne (portal version 2) answers the value; Read (older) wraps it once more.
    let value = call("ReadOne").or_else(|| call("Read"))?;
    let scheme = match &*value {
        Value::U32(n) => *n,
        Value::Value(inner) => match &**inner {
            Value::U32(n) => *n,
            _ => return None,
        },
        _ => return None,
    };
    match scheme {
        1 => Some(egui::Theme::Dark),
        2 => Some(egui::Theme::Light),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_follows_the_window_system_then_the_portal_then_light() {
        use egui::Theme::{Dark, Light};
        assert_eq!(resolve(ThemeChoice::Dark, Some(Light), Some(Light)), Dark);
        assert_eq!(resolve(ThemeChoice::Light, Some(Dark), Some(Dark)), Light);
        assert_eq!(resolve(ThemeChoice::System, Some(Dark), Some(Light)), Dark);
        assert_eq!(resolve(ThemeChoice::System, None, Some(Dark)), Dark);
        assert_eq!(resolve(ThemeChoice::System, None, None), Light);
    }
}
