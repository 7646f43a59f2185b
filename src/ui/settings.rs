//! The Settings view: identity, employer, SMTP (with the password kept outside the
//! database and a "Send test email" button that runs off the UI thread), the digest
//! schedule and default cadences, and the export and backup card (`export`). Every value goes through `Settings::set`, the same
//! checks as `exitplan settings set`, and errors show beside their field.

use std::collections::BTreeMap;

use eframe::egui::{self, RichText, Ui};

use super::ViewCtx;
use super::widgets::{card, error_text, hint, labelled_line};
use crate::mail::credentials;
use crate::mail::smtp::Secret;
use crate::model::Settings;
use crate::store::Change;

use super::jobs::Job;

/// Text fields by setting key, as typed.
#[derive(Default)]
pub struct SettingsView {
    text: BTreeMap<String, String>,
    /// The settings the text was loaded from (to notice unsaved edits).
    loaded: Option<Settings>,
    errors: BTreeMap<String, String>,
    password: String,
    test: Option<Job<Result<String, String>>>,
    /// The password being saved (the system keyring may take a moment).
    saving_password: Option<Job<Result<String, String>>>,
    export: super::export::ExportCard,
}

/// The one text field for every per-tag cadence ("peer group=30, recruiter=60").
const TAGS_KEY: &str = "cadence.tags";
/// Not a setting: the heading of the rhythm fields.
const RHYTHM_HELP_KEY: &str = "rhythm.help";

/// The stages a follow-up rhythm can be set for.
const RHYTHM_STAGES: [crate::model::Stage; 5] = [
    crate::model::Stage::Interested,
    crate::model::Stage::Applied,
    crate::model::Stage::Screening,
    crate::model::Stage::Interviewing,
    crate::model::Stage::Offer,
];

const FIELDS: [(&str, &str); 17] = [
    (
        "privacy.window_title",
        "Window title (shown in the task bar; e.g. Notes)",
    ),
    (
        "privacy.idle_minutes",
        "Privacy screen after this many idle minutes (0 = never)",
    ),
    (
        "cadence.internal",
        "Default cadence inside the employer (days, or none)",
    ),
    (
        "cadence.external",
        "Default cadence outside (days, or none)",
    ),
    (
        RHYTHM_HELP_KEY,
        "When to follow up on an application, per stage. Each follow-up shows on the application and in Today when it falls.",
    ),
    ("identity.name", "Your name"),
    (
        "identity.email",
        "Your personal email address (emails are sent from it)",
    ),
    ("employer.name", "Current employer"),
    (
        "employer.domain",
        "Employer's email domain (never written to or sent from)",
    ),
    ("smtp.host", "SMTP server"),
    ("smtp.port", "Port"),
    ("smtp.username", "User name"),
    ("smtp.timeout_secs", "Timeout (seconds)"),
    ("digest.time", "Digest not before (HH:MM)"),
    (
        "cadence.default",
        "Default cadence for new contacts (days, or none)",
    ),
    ("identity.signature", "Signature"),
    (
        TAGS_KEY,
        "Cadence by tag, in days — for example: mentor=30, peer group=60",
    ),
];

/// A menu choice as the window says it; the stored word stays what `settings set`
/// takes.
fn choice_words(option: &str) -> String {
    match option {
        "starttls" => "STARTTLS".into(),
        "tls" => "TLS".into(),
        "none" => "None (this computer only)".into(),
        other => {
            let mut chars = other.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

impl SettingsView {
    pub fn has_unsaved_changes(&self) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|loaded| self.text != text_of(loaded))
    }

    pub fn revert(&mut self) {
        self.loaded = None;
    }

    pub fn ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>) {
        let stored = view.model().settings().clone();
        self.follow_stored(&stored);
        self.poll_test(view);
        self.apply_theme_at_once(&stored, view);
        ui.heading("Settings");
        hint(
            ui,
            "Stored in your database on this computer. The SMTP password is kept in the system keyring or a private file, never in the database.",
        );
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .id_salt("settings_scroll")
            .show(ui, |ui| {
                super::widgets::columns(ui, 2, |columns| {
                    self.left_cards_ui(&mut columns[0]);
                    card(&mut columns[1], "Sending (SMTP)", |ui| {
                        self.smtp_ui(ui, view, &stored);
                    });
                    self.export.ui(&mut columns[1], view);
                });
                ui.add_space(8.0);
                self.save_row_ui(ui, view, &stored);
            });
    }

    /// Loads the fields from the stored settings the first time, and follows them when
    /// they change.
    fn follow_stored(&mut self, stored: &Settings) {
        if self.loaded.is_none() {
            self.text = text_of(stored);
            self.loaded = Some(stored.clone());
            self.errors.clear();
        } else if let Some(loaded) = self.loaded.as_ref().filter(|l| *l != stored) {
            // Changed elsewhere (the command line, the hourly work): fields not typed
            // in follow the stored settings; typed ones stay.
            let old = text_of(loaded);
            for (key, value) in text_of(stored) {
                if self.text.get(&key) == old.get(&key) {
                    self.text.insert(key, value);
                }
            }
            self.loaded = Some(stored.clone());
        }
    }

    /// The left column's cards: identity and employer, digest and cadences, privacy,
    /// appearance, follow-up rhythms.
    fn left_cards_ui(&mut self, ui: &mut Ui) {
        card(ui, "You and your employer", |ui| {
            for key in [
                "identity.name",
                "identity.email",
                "employer.name",
                "employer.domain",
            ] {
                self.field(ui, key);
            }
            self.field(ui, "identity.signature");
        });
        card(ui, "Digest and cadences", |ui| {
            self.choice(ui, "digest.schedule", "Digest", &["weekly", "daily"]);
            self.field(ui, "digest.time");
            self.field(ui, "cadence.default");
            self.field(ui, TAGS_KEY);
            self.field(ui, "cadence.internal");
            self.field(ui, "cadence.external");
            hint(
                ui,
                "A contact's own cadence wins; then the shortest of its tags'; then its circle's; then the default.",
            );
        });
        card(ui, "Privacy", |ui| {
            self.field(ui, "privacy.window_title");
            self.field(ui, "privacy.idle_minutes");
            self.choice(
                ui,
                "privacy.at_start",
                "Privacy screen on at start",
                &["no", "yes"],
            );
            hint(
                ui,
                "Ctrl+Shift+H hides every name, email, organization and note. exitplan connects to nothing but your SMTP server.",
            );
        });
        card(ui, "Appearance", |ui| {
            self.choice(
                ui,
                "appearance.theme",
                "Theme",
                &["system", "light", "dark"],
            );
            hint(
                ui,
                "System follows the desktop's light or dark setting (light when it says nothing).",
            );
        });
        card(ui, "Follow-up rhythms", |ui| {
            hint(
                ui,
                FIELDS
                    .iter()
                    .find(|(k, _)| *k == RHYTHM_HELP_KEY)
                    .map_or("", |(_, l)| l),
            );
            for stage in RHYTHM_STAGES {
                let key = format!("rhythm.{}", stage.key());
                let text = self.text.entry(key.clone()).or_default();
                super::rhythm_editor::rhythm_ui(
                    ui,
                    stage,
                    text,
                    self.errors.get(&key).map(String::as_str),
                );
                ui.add_space(4.0);
            }
        });
    }

    /// The "Sending (SMTP)" card's contents: the server, the password, a test email.
    fn smtp_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>, stored: &Settings) {
        self.field(ui, "smtp.host");
        self.choice(
            ui,
            "smtp.security",
            "Security",
            &["starttls", "tls", "none"],
        );
        self.field(ui, "smtp.port");
        self.field(ui, "smtp.username");
        self.field(ui, "smtp.timeout_secs");
        self.password_ui(ui, view, stored);
        ui.add_space(4.0);
        let testing = self.test.is_some();
        let button = ui.add_enabled(
            !testing && !stored.identity.email.is_empty(),
            egui::Button::new("Send test email"),
        );
        if button.clicked() {
            let entry = crate::mail::run::test_entry(
                stored,
                &stored.identity.email,
                view.store().clock().now(),
                view.today(),
            );
            self.test = Some(super::send_job::test_email(
                ui.ctx(),
                stored.clone(),
                view.store().path().to_path_buf(),
                entry,
            ));
            view.status.info("Sending a test email to yourself…");
        }
        if testing {
            ui.add(egui::Spinner::new());
        }
    }

    /// The password field and its Save password button (the keyring works on a worker).
    fn password_ui(&mut self, ui: &mut Ui, view: &ViewCtx<'_>, stored: &Settings) {
        let label = ui.label("Password");
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.password)
                    .password(true)
                    .desired_width((ui.available_width() - 140.0).max(80.0)),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    !self.password.is_empty() && self.saving_password.is_none(),
                    egui::Button::new("Save password"),
                )
                .clicked()
            {
                let secret = Secret::new(std::mem::take(&mut self.password));
                let path = view.store().path().to_path_buf();
                let smtp = stored.smtp.clone();
                self.saving_password = Some(Job::spawn(ui.ctx(), "save-password", move |_| {
                    credentials::save(&path, &smtp, &secret)
                        .map(|source| source.to_string())
                        .map_err(|e| e.to_string())
                }));
            }
        });
    }

    /// Save settings (or Ctrl+S) and Revert.
    fn save_row_ui(&mut self, ui: &mut Ui, view: &mut ViewCtx<'_>, stored: &Settings) {
        ui.horizontal(|ui| {
            let dirty = self.has_unsaved_changes();
            // Ctrl+S saves here as it does in the other forms.
            let ctrl_s = dirty
                && ui.input_mut(|i| {
                    i.consume_shortcut(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        egui::Key::S,
                    ))
                });
            if ui
                .add_enabled(
                    dirty,
                    egui::Button::new(RichText::new("Save settings").strong()),
                )
                .on_hover_text("Ctrl+S")
                .clicked()
                || ctrl_s
            {
                self.save(stored, view);
            }
            if dirty && ui.button("Revert").clicked() {
                self.loaded = None;
            }
        });
    }

    fn field(&mut self, ui: &mut Ui, key: &str) {
        let label = FIELDS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, l)| l);
        let text = self.text.entry(key.to_string()).or_default();
        if key == "identity.signature" {
            super::widgets::labelled_multiline(
                ui,
                label,
                text,
                2,
                self.errors.get(key).map(String::as_str),
            );
        } else {
            labelled_line(ui, label, text, self.errors.get(key).map(String::as_str));
        }
    }

    fn choice(&mut self, ui: &mut Ui, key: &str, label: &str, options: &[&str]) {
        let current = self.text.entry(key.to_string()).or_default();
        egui::ComboBox::from_label(label)
            .selected_text(choice_words(current))
            .show_ui(ui, |ui| {
                for option in options {
                    ui.selectable_value(current, (*option).to_string(), choice_words(option));
                }
            });
        error_text(ui, self.errors.get(key).map(String::as_str));
    }

    /// The theme is seen at once, not after Save: a choice from the menu is stored on
    /// its own (the other fields keep what was typed).
    fn apply_theme_at_once(&mut self, stored: &Settings, view: &mut ViewCtx<'_>) {
        const KEY: &str = "appearance.theme";
        let Some(chosen) = self.text.get(KEY).cloned() else {
            return;
        };
        if text_of(stored).get(KEY) == Some(&chosen) {
            return;
        }
        let mut next = stored.clone();
        match next.set(KEY, &chosen) {
            Ok(()) => {
                let change = Change::SetSettings {
                    base: crate::model::Revision::of(stored),
                    settings: Box::new(next),
                };
                if view.try_apply(change).is_err() {
                    // Reported by apply; the menu shows what is stored.
                    self.text.insert(KEY.into(), text_of(stored)[KEY].clone());
                }
            }
            Err(e) => {
                self.errors.insert(KEY.into(), e.to_string());
            }
        }
    }

    /// Saves what is in the fields (the "Save and go on" of the discard question);
    /// afterwards [`Self::has_unsaved_changes`] says whether it was saved.
    pub fn save_now(&mut self, view: &mut ViewCtx<'_>) -> bool {
        if !self.has_unsaved_changes() {
            return true;
        }
        let stored = view.model().settings().clone();
        self.save(&stored, view);
        !self.has_unsaved_changes()
    }

    fn save(&mut self, stored: &Settings, view: &mut ViewCtx<'_>) {
        let before = text_of(stored);
        let mut next = stored.clone();
        self.errors.clear();
        let mut changed: Vec<(String, String)> = self
            .text
            .iter()
            .filter(|(key, value)| key.as_str() != TAGS_KEY && before.get(*key) != Some(*value))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if before.get(TAGS_KEY) != self.text.get(TAGS_KEY) {
            match tag_cadences(self.text.get(TAGS_KEY).map_or("", String::as_str)) {
                Ok(tags) => {
                    for tag in stored.cadence.by_tag.keys() {
                        changed.push((format!("cadence.tag.{tag}"), "none".into()));
                    }
                    changed.extend(
                        tags.into_iter()
                            .map(|(tag, days)| (format!("cadence.tag.{tag}"), days)),
                    );
                }
                Err(message) => {
                    self.errors.insert(TAGS_KEY.into(), message);
                }
            }
        }
        let result = next.set_many(changed.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Err(errors) = result {
            for e in errors {
                let key = if e.key.starts_with("cadence.tag.") {
                    TAGS_KEY.to_string()
                } else {
                    e.key
                };
                self.errors.insert(key, e.message);
            }
        }
        if !self.errors.is_empty() {
            view.status.error("Not saved: see the marked fields.");
            return;
        }
        let base = crate::model::Revision::of(stored);
        if view
            .try_apply(Change::SetSettings {
                base,
                settings: Box::new(next),
            })
            .is_ok()
        {
            view.status.info("Settings saved.");
            self.loaded = None;
        }
    }

    /// Whether a test email or a password save is under way.
    pub fn is_busy(&self) -> bool {
        self.test.is_some() || self.saving_password.is_some() || self.export.is_busy()
    }

    fn poll_test(&mut self, view: &mut ViewCtx<'_>) {
        if let Some(result) = self.test.as_mut().and_then(Job::result) {
            self.test = None;
            match result {
                Ok(Ok(message)) => view.status.info(message),
                Ok(Err(message)) => view.status.error(format!("Test email failed: {message}")),
                Err(lost) => view.status.error(format!("Test email failed: {lost}")),
            }
        }
        if let Some(result) = self.saving_password.as_mut().and_then(Job::result) {
            self.saving_password = None;
            match result {
                Ok(Ok(source)) => view.status.info(format!("Password saved in {source}.")),
                Ok(Err(e)) => view.status.error(format!("Password not saved: {e}")),
                Err(lost) => view.status.error(format!("Password not saved: {lost}")),
            }
        }
    }
}

/// Every key's text as `settings show` prints it; per-tag cadences in one field.
fn text_of(settings: &Settings) -> BTreeMap<String, String> {
    let mut text: BTreeMap<String, String> = settings
        .entries()
        .into_iter()
        .filter(|(key, _)| !key.starts_with("cadence.tag."))
        .collect();
    let tags: Vec<String> = settings
        .cadence
        .by_tag
        .iter()
        .map(|(tag, days)| format!("{tag}={days}"))
        .collect();
    text.insert(TAGS_KEY.into(), tags.join(", "));
    for stage in RHYTHM_STAGES {
        text.entry(format!("rhythm.{}", stage.key()))
            .or_insert_with(|| "none".into());
    }
    text
}

/// "peer group=30, recruiter=60" → [(tag, days)]; days are checked by `Settings::set`.
fn tag_cadences(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.split_once('=')
                .map(|(tag, days)| (tag.trim().to_string(), days.trim().to_string()))
                .filter(|(tag, _)| !tag.is_empty())
                .ok_or_else(|| format!("'{part}' is not tag=days (like peer group=30)"))
        })
        .collect()
}
