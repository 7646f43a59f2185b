//! The user's settings: who they are, where they work now (so nothing goes to or from
//! there), how to reach their SMTP server, when the digest goes out, and default
//! cadences. Settings are changed one key at a time ([`Settings::set`]), each value
//! checked; the SMTP password is never part of them.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::validation::is_forbidden_control;
use super::{ContactFields, RhythmRules, validate_email};

/// The user, as emails sign them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub email: String,
    pub signature: String,
}

/// The current employer: nothing is drafted for, sent to, or sent from it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Employer {
    pub name: String,
    /// Email domain, lower case, without '@' (e.g. "northwind.example").
    pub domain: String,
}

impl Employer {
    /// Whether `address` is in the employer's domain (or one of its subdomains).
    /// Compared in one spelling (full-width, internationalized, upper case or with a
    /// trailing dot alike: [`super::company::in_domain`]).
    pub fn owns_address(&self, address: &str) -> bool {
        if !address.contains(['@', '\u{FF20}']) || self.domain.is_empty() {
            return false;
        }
        // Stored by an older version, the domain may not be in its one spelling yet.
        let normalized = super::company::normalize_domain(&self.domain);
        super::company::in_domain(address, normalized.as_deref().unwrap_or(&self.domain))
    }

    /// Whether a contact works there: an address in its domain, or its organization
    /// under any spelling of the employer's name (legal forms, case, punctuation and
    /// accents set aside).
    pub fn includes(&self, fields: &ContactFields) -> bool {
        let same_organization = super::company::same_company(&fields.organization, &self.name);
        same_organization || fields.emails.iter().any(|e| self.owns_address(e))
    }
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS; refusing to go on without it.
    #[default]
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only to a server on this machine (127.0.0.1, ::1, localhost).
    None,
}

impl Security {
    pub fn code(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    /// `None`: the usual port for the security mode.
    pub port: Option<u16>,
    pub security: Security,
    pub username: String,
    /// Connection and per-command timeout.
    pub timeout_secs: Option<u32>,
}

impl SmtpSettings {
    pub const DEFAULT_TIMEOUT_SECS: u32 = 30;

    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }

    pub fn timeout_secs(&self) -> u32 {
        self.timeout_secs.unwrap_or(Self::DEFAULT_TIMEOUT_SECS)
    }
}

/// How often the user's own digest may go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DigestSchedule {
    Daily,
    #[default]
    Weekly,
}

impl DigestSchedule {
    pub fn code(self) -> &'static str {
        match self {
            DigestSchedule::Daily => "daily",
            DigestSchedule::Weekly => "weekly",
        }
    }

    pub fn every_days(self) -> i64 {
        match self {
            DigestSchedule::Daily => 1,
            DigestSchedule::Weekly => 7,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSettings {
    pub schedule: DigestSchedule,
    /// Local time of day from which the digest may go out.
    pub time: NaiveTime,
}

impl Default for DigestSettings {
    fn default() -> Self {
        Self {
            schedule: DigestSchedule::Weekly,
            time: NaiveTime::from_hms_opt(8, 0, 0).expect("08:00 is a time"),
        }
    }
}

/// Cadences a new contact gets when none is given: by tag first, then the default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CadenceDefaults {
    pub default_days: Option<u32>,
    /// Tag (lower case) → days.
    pub by_tag: BTreeMap<String, u32>,
}

impl CadenceDefaults {
    /// The cadence for a new contact with these tags (the shortest tag cadence wins).
    pub fn for_tags(&self, tags: &[String]) -> Option<u32> {
        tags.iter()
            .filter_map(|t| self.by_tag.get(&t.to_lowercase()).copied())
            .min()
            .or(self.default_days)
    }
}

/// Everything in the Settings view, stored as one record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub identity: Identity,
    pub employer: Employer,
    pub smtp: SmtpSettings,
    pub digest: DigestSettings,
    pub cadence: CadenceDefaults,
    #[serde(default)]
    pub circle_cadence: CircleCadences,
    #[serde(default)]
    pub privacy: PrivacySettings,
    #[serde(default)]
    pub rhythms: RhythmRules,
    #[serde(default)]
    pub appearance: Appearance,
}

/// How the window looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Appearance {
    pub theme: ThemeChoice,
}

/// Light or dark: the system's choice, or one of them always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// As the desktop says (on X11, the freedesktop portal's colour scheme; light when
    /// nothing says).
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn code(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(text.trim()))
    }
}

/// Settings as version 2 of the record stored them: before the appearance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingsV2 {
    pub identity: Identity,
    pub employer: Employer,
    pub smtp: SmtpSettings,
    pub digest: DigestSettings,
    pub cadence: CadenceDefaults,
    pub circle_cadence: CircleCadences,
    pub privacy: PrivacySettings,
    pub rhythms: RhythmRules,
}

impl From<SettingsV2> for Settings {
    fn from(old: SettingsV2) -> Self {
        Settings {
            identity: old.identity,
            employer: old.employer,
            smtp: old.smtp,
            digest: old.digest,
            cadence: old.cadence,
            circle_cadence: old.circle_cadence,
            privacy: old.privacy,
            rhythms: old.rhythms,
            appearance: Appearance::default(),
        }
    }
}

/// Settings as version 1 of the record stored them: before circle cadences, the
/// privacy screen and follow-up rhythms.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingsV1 {
    pub identity: Identity,
    pub employer: Employer,
    pub smtp: SmtpSettings,
    pub digest: DigestSettings,
    pub cadence: CadenceDefaults,
}

impl From<SettingsV1> for Settings {
    fn from(old: SettingsV1) -> Self {
        Settings {
            identity: old.identity,
            employer: old.employer,
            smtp: old.smtp,
            digest: old.digest,
            cadence: old.cadence,
            ..Settings::default()
        }
    }
}

/// Default cadences by circle: used when neither the contact nor its tags name one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CircleCadences {
    pub internal_days: Option<u32>,
    pub external_days: Option<u32>,
}

/// What keeps the plan quiet on a shared screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacySettings {
    /// The window's title (never a contact's or a company's name).
    pub window_title: String,
    /// Minutes without input before the privacy screen comes on; 0 = never.
    pub idle_minutes: u32,
    /// Start with the privacy screen on.
    pub at_start: bool,
}

/// The default window title.
pub const DEFAULT_WINDOW_TITLE: &str = "exitplan";

impl Default for PrivacySettings {
    fn default() -> Self {
        Self {
            window_title: DEFAULT_WINDOW_TITLE.into(),
            idle_minutes: 10,
            at_start: false,
        }
    }
}

/// The keys `settings set` understands (`cadence.tag.TAG` stands for any tag,
/// `rhythm.STAGE` for any stage).
pub const SETTING_KEYS: [&str; 21] = [
    "identity.name",
    "identity.email",
    "identity.signature",
    "employer.name",
    "employer.domain",
    "smtp.host",
    "smtp.port",
    "smtp.security",
    "smtp.username",
    "smtp.timeout_secs",
    "digest.schedule",
    "digest.time",
    "cadence.default",
    "cadence.internal",
    "cadence.external",
    "cadence.tag.TAG",
    "privacy.window_title",
    "privacy.idle_minutes",
    "privacy.at_start",
    "appearance.theme",
    "rhythm.STAGE",
];

/// Why a setting was refused, in words that say what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct SettingError {
    pub key: String,
    pub message: String,
}

fn refuse(key: &str, message: impl Into<String>) -> SettingError {
    SettingError {
        key: key.to_string(),
        message: message.into(),
    }
}

/// A one-line text without control characters (CR/LF would let a value add mail
/// headers), at most `max` characters.
fn one_line(key: &str, value: &str, max: usize) -> Result<String, SettingError> {
    let value = value.trim();
    if value.chars().any(|c| c.is_control()) {
        return Err(refuse(key, "must be one line without control characters"));
    }
    if value.chars().count() > max {
        return Err(refuse(key, format!("too long (at most {max} characters)")));
    }
    Ok(value.to_string())
}

fn cadence_days(key: &str, value: &str) -> Result<Option<u32>, SettingError> {
    let value = value.trim();
    if value.is_empty() || value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match value.parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(Some(days)),
        _ => Err(refuse(
            key,
            format!("'{value}' is not a number of days from 1 to 3650 (or 'none')"),
        )),
    }
}

/// Whether `host` names this machine: the only place a plaintext connection may go.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Settings {
    /// Sets one key from text, checking it; on error nothing changes.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let mut next = self.clone();
        next.set_unchecked(key, value)?;
        next.check_consistency()?;
        *self = next;
        Ok(())
    }

    /// Sets several keys at once (the Settings view): every value is checked, the
    /// rules between keys only at the end; on any error nothing changes.
    pub fn set_many<'a>(
        &mut self,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), Vec<SettingError>> {
        let mut next = self.clone();
        let mut errors = Vec::new();
        for (key, value) in values {
            if let Err(e) = next.set_unchecked(key, value) {
                errors.push(e);
            }
        }
        if errors.is_empty()
            && let Err(e) = next.check_consistency()
        {
            errors.push(e);
        }
        if errors.is_empty() {
            *self = next;
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn set_unchecked(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        match key {
            "identity.name" => self.identity.name = one_line(key, value, 200)?,
            "identity.email" => {
                self.identity.email = if value.trim().is_empty() {
                    String::new()
                } else {
                    validate_email(value).map_err(|e| refuse(key, e))?
                };
            }
            "identity.signature" => {
                if value.chars().any(is_forbidden_control) {
                    return Err(refuse(key, "contains a control character"));
                }
                if value.chars().count() > 2_000 {
                    return Err(refuse(key, "too long (at most 2000 characters)"));
                }
                self.identity.signature = value.trim_end().replace("\\n", "\n");
            }
            "employer.name" => self.employer.name = one_line(key, value, 300)?,
            "employer.domain" => {
                let typed = one_line(key, value, 253)?;
                let bare = typed.strip_prefix('@').unwrap_or(&typed);
                self.employer.domain = if typed.is_empty() {
                    String::new()
                } else {
                    super::company::normalize_domain(bare).ok_or_else(|| {
                        refuse(
                            key,
                            format!(
                                "'{typed}' is not a domain (like northwind.example); leave it empty for none"
                            ),
                        )
                    })?
                };
            }
            "smtp.host" => {
                let host = one_line(key, value, 253)?;
                if host.contains(char::is_whitespace) || host.contains('/') {
                    return Err(refuse(key, format!("'{host}' is not a host name")));
                }
                self.smtp.host = host;
            }
            "smtp.port" => {
                self.smtp.port = match value.trim() {
                    "" | "default" => None,
                    text => Some(text.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                        refuse(key, format!("'{text}' is not a port (1 to 65535)"))
                    })?),
                };
            }
            "smtp.security" => {
                self.smtp.security = match value.trim().to_lowercase().as_str() {
                    "starttls" => Security::StartTls,
                    "tls" => Security::Tls,
                    "none" => Security::None,
                    other => {
                        return Err(refuse(
                            key,
                            format!("'{other}' is not one of: starttls, tls, none"),
                        ));
                    }
                };
            }
            "smtp.username" => self.smtp.username = one_line(key, value, 320)?,
            "smtp.timeout_secs" => {
                self.smtp.timeout_secs = match value.trim() {
                    "" | "default" => None,
                    text => Some(
                        text.parse::<u32>()
                            .ok()
                            .filter(|s| (1..=600).contains(s))
                            .ok_or_else(|| {
                                refuse(key, format!("'{text}' is not 1 to 600 seconds"))
                            })?,
                    ),
                };
            }
            "digest.schedule" => {
                self.digest.schedule = match value.trim().to_lowercase().as_str() {
                    "daily" => DigestSchedule::Daily,
                    "weekly" => DigestSchedule::Weekly,
                    other => {
                        return Err(refuse(
                            key,
                            format!("'{other}' is not one of: daily, weekly"),
                        ));
                    }
                };
            }
            "digest.time" => {
                self.digest.time = NaiveTime::parse_from_str(value.trim(), "%H:%M")
                    .map_err(|_| refuse(key, format!("'{}' is not a time HH:MM", value.trim())))?;
            }
            "cadence.default" => self.cadence.default_days = cadence_days(key, value)?,
            "cadence.internal" => self.circle_cadence.internal_days = cadence_days(key, value)?,
            "cadence.external" => self.circle_cadence.external_days = cadence_days(key, value)?,
            "privacy.window_title" => {
                let title = one_line(key, value, 100)?;
                self.privacy.window_title = if title.is_empty() {
                    DEFAULT_WINDOW_TITLE.into()
                } else {
                    title
                };
            }
            "privacy.idle_minutes" => {
                self.privacy.idle_minutes = match value.trim() {
                    "" | "never" | "off" => 0,
                    text => text
                        .parse::<u32>()
                        .ok()
                        .filter(|m| *m <= 24 * 60)
                        .ok_or_else(|| {
                            refuse(
                                key,
                                format!("'{text}' is not 0 to 1440 minutes (0 = never)"),
                            )
                        })?,
                };
            }
            "appearance.theme" => {
                self.appearance.theme = ThemeChoice::parse(value).ok_or_else(|| {
                    refuse(
                        key,
                        format!("'{}' is not system, light or dark", value.trim()),
                    )
                })?;
            }
            "privacy.at_start" => {
                self.privacy.at_start = match value.trim().to_lowercase().as_str() {
                    "yes" | "true" | "on" => true,
                    "no" | "false" | "off" => false,
                    other => return Err(refuse(key, format!("'{other}' is not yes or no"))),
                };
            }
            _ if key.starts_with("rhythm.") => {
                let stage_key = &key["rhythm.".len()..];
                let stage = super::Stage::from_key(stage_key).ok_or_else(|| {
                    refuse(
                        key,
                        format!(
                            "'{stage_key}' is not a stage; stages: {}",
                            super::Stage::ALL.map(|s| s.key()).join(", ")
                        ),
                    )
                })?;
                let rule = super::RhythmRule::parse(stage, value).map_err(|e| refuse(key, e))?;
                self.rhythms.set(stage, rule);
            }
            _ => {
                let Some(tag) = key.strip_prefix("cadence.tag.") else {
                    return Err(refuse(
                        key,
                        format!("unknown key; valid keys: {}", SETTING_KEYS.join(", ")),
                    ));
                };
                let tag = one_line(key, tag, 100)?.to_lowercase();
                if tag.is_empty() {
                    return Err(refuse(key, "name a tag: cadence.tag.TAG"));
                }
                match cadence_days(key, value)? {
                    Some(days) => self.cadence.by_tag.insert(tag, days),
                    None => self.cadence.by_tag.remove(&tag),
                };
            }
        }
        Ok(())
    }

    /// Rules between keys: never send from the employer's domain; plaintext only to
    /// this machine.
    pub fn check_consistency(&self) -> Result<(), SettingError> {
        if !self.identity.email.is_empty() && self.employer.owns_address(&self.identity.email) {
            return Err(refuse(
                "identity.email",
                format!(
                    "{} is in your employer's domain ({}); use a personal address — exitplan never sends from your employer's domain",
                    self.identity.email, self.employer.domain
                ),
            ));
        }
        if self.smtp.security == Security::None
            && !self.smtp.host.is_empty()
            && !is_loopback_host(&self.smtp.host)
        {
            return Err(refuse(
                "smtp.security",
                format!(
                    "'none' (no encryption) is only allowed to a server on this machine, not {}; use starttls or tls",
                    self.smtp.host
                ),
            ));
        }
        Ok(())
    }

    /// Every key with its current value, in a stable order (for `settings show`).
    pub fn entries(&self) -> Vec<(String, String)> {
        let mut list = vec![
            ("identity.name".into(), self.identity.name.clone()),
            ("identity.email".into(), self.identity.email.clone()),
            (
                "identity.signature".into(),
                self.identity.signature.replace('\n', "\\n"),
            ),
            ("employer.name".into(), self.employer.name.clone()),
            ("employer.domain".into(), self.employer.domain.clone()),
            ("smtp.host".into(), self.smtp.host.clone()),
            ("smtp.port".into(), self.smtp.port().to_string()),
            ("smtp.security".into(), self.smtp.security.code().into()),
            ("smtp.username".into(), self.smtp.username.clone()),
            (
                "smtp.timeout_secs".into(),
                self.smtp.timeout_secs().to_string(),
            ),
            ("digest.schedule".into(), self.digest.schedule.code().into()),
            (
                "digest.time".into(),
                self.digest.time.format("%H:%M").to_string(),
            ),
            (
                "cadence.default".into(),
                self.cadence
                    .default_days
                    .map_or_else(|| "none".into(), |d| d.to_string()),
            ),
        ];
        let days = |d: Option<u32>| d.map_or_else(|| "none".into(), |d| d.to_string());
        list.push((
            "cadence.internal".into(),
            days(self.circle_cadence.internal_days),
        ));
        list.push((
            "cadence.external".into(),
            days(self.circle_cadence.external_days),
        ));
        for (tag, days) in &self.cadence.by_tag {
            list.push((format!("cadence.tag.{tag}"), days.to_string()));
        }
        list.push((
            "privacy.window_title".into(),
            self.privacy.window_title.clone(),
        ));
        list.push((
            "privacy.idle_minutes".into(),
            self.privacy.idle_minutes.to_string(),
        ));
        list.push((
            "privacy.at_start".into(),
            if self.privacy.at_start { "yes" } else { "no" }.into(),
        ));
        list.push((
            "appearance.theme".into(),
            self.appearance.theme.code().into(),
        ));
        for rule in &self.rhythms.rules {
            list.push((format!("rhythm.{}", rule.stage.key()), rule.describe()));
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_is_system_light_or_dark() {
        let mut s = Settings::default();
        assert_eq!(s.appearance.theme, ThemeChoice::System);
        s.set("appearance.theme", " Dark ").unwrap();
        assert_eq!(s.appearance.theme, ThemeChoice::Dark);
        let e = s.set("appearance.theme", "purple").unwrap_err();
        assert!(e.to_string().contains("system, light or dark"), "{e}");
        assert_eq!(
            s.appearance.theme,
            ThemeChoice::Dark,
            "a refused value changes nothing"
        );
        assert!(
            s.entries()
                .contains(&("appearance.theme".into(), "dark".into()))
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_choices() {
        let mut s = Settings::default();
        let e = s.set("smtp.colour", "x").unwrap_err();
        assert!(e.message.contains("smtp.security"), "{e}");
        let e = s.set("smtp.security", "ssl").unwrap_err();
        assert!(e.message.contains("starttls, tls, none"), "{e}");
        let e = s.set("digest.schedule", "hourly").unwrap_err();
        assert!(e.message.contains("daily, weekly"), "{e}");
        assert!(s.set("digest.time", "25:00").is_err());
        assert_eq!(s, Settings::default(), "a refused value changes nothing");
    }

    #[test]
    fn never_from_the_employer_domain_and_plaintext_only_locally() {
        let mut s = Settings::default();
        s.set("employer.domain", "@Northwind.example").unwrap();
        assert_eq!(s.employer.domain, "northwind.example");
        assert!(s.set("identity.email", "me@northwind.example").is_err());
        assert!(
            s.set("identity.email", "me@mail.northwind.example")
                .is_err()
        );
        s.set("identity.email", "me@personal.example").unwrap();
        s.set("smtp.host", "smtp.personal.example").unwrap();
        assert!(s.set("smtp.security", "none").is_err());
        s.set("smtp.host", "127.0.0.1").unwrap();
        s.set("smtp.security", "none").unwrap();
        assert_eq!(s.smtp.port(), 25);
    }

    #[test]
    fn header_injection_is_refused() {
        let mut s = Settings::default();
        assert!(s.set("identity.name", "Ada\r\nBcc: x@y.example").is_err());
        assert!(s.set("smtp.username", "a\nb").is_err());
    }

    #[test]
    fn tag_cadences_win_over_the_default() {
        let mut s = Settings::default();
        s.set("cadence.default", "90").unwrap();
        s.set("cadence.tag.Peer group", "30").unwrap();
        s.set("cadence.tag.recruiter", "60").unwrap();
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(s.cadence.for_tags(&tags(&["peer group"])), Some(30));
        assert_eq!(
            s.cadence.for_tags(&tags(&["Recruiter", "peer group"])),
            Some(30)
        );
        assert_eq!(s.cadence.for_tags(&tags(&["other"])), Some(90));
        s.set("cadence.tag.recruiter", "none").unwrap();
        assert_eq!(s.cadence.for_tags(&tags(&["recruiter"])), Some(90));
    }

    #[test]
    fn employer_includes_by_domain_or_organization() {
        let employer = Employer {
            name: "Northwind Outfitters".into(),
            domain: "northwind.example".into(),
        };
        let mut f = ContactFields {
            name: "X".into(),
            emails: vec!["x@other.example".into()],
            ..ContactFields::default()
        };
        assert!(!employer.includes(&f));
        f.organization = "northwind outfitters ".into();
        assert!(employer.includes(&f));
        f.organization.clear();
        f.emails.push("x@northwind.example".into());
        assert!(employer.includes(&f));
        assert!(!employer.owns_address("x@notnorthwind.example"));
    }
}
