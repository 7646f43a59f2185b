//! The user's settings: who they are, where they work now (so nothing goes to or from
//! there), how to reach their SMTP server, when the digest goes out, and default
//! cadences. Settings are changed one key at a time ([`Settings::set`]), each value
//! checked; the SMTP password is never part of them.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::{ContactFields, RhythmRules};

mod keys;

pub use keys::{SETTING_KEYS, SettingError, is_loopback_host};

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

/// Version 1 chains through version 2: what version 2 added starts as the defaults.
impl From<SettingsV1> for SettingsV2 {
    fn from(old: SettingsV1) -> Self {
        let defaults = Settings::default();
        SettingsV2 {
            identity: old.identity,
            employer: old.employer,
            smtp: old.smtp,
            digest: old.digest,
            cadence: old.cadence,
            circle_cadence: defaults.circle_cadence,
            privacy: defaults.privacy,
            rhythms: defaults.rhythms,
        }
    }
}

impl From<SettingsV1> for Settings {
    fn from(old: SettingsV1) -> Self {
        SettingsV2::from(old).into()
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
