//! Settings by key: what `exitplan settings set KEY VALUE` and the Settings view accept,
//! each value checked, the rules between keys, and every key with its value.

use chrono::NaiveTime;

use super::*;
use crate::model::validate_email;
use crate::model::validation::is_forbidden_control;

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

fn refuse(key: &str, message: impl std::fmt::Display) -> SettingError {
    SettingError {
        key: key.to_string(),
        message: message.to_string(),
    }
}

/// Refused: the key is not one `settings set` knows.
fn unknown_key(key: &str) -> SettingError {
    refuse(
        key,
        format!("unknown key; valid keys: {}", SETTING_KEYS.join(", ")),
    )
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
        match key.split_once('.').map_or(key, |(section, _)| section) {
            "identity" | "employer" => self.set_identity(key, value),
            "smtp" => self.set_smtp(key, value),
            "digest" => self.set_digest(key, value),
            "cadence" => self.set_cadence(key, value),
            "privacy" | "appearance" => self.set_privacy(key, value),
            "rhythm" => {
                let stage_key = key.strip_prefix("rhythm.").unwrap_or_default();
                let stage = crate::model::Stage::from_key(stage_key).ok_or_else(|| {
                    refuse(
                        key,
                        format!(
                            "'{stage_key}' is not a stage; stages: {}",
                            crate::model::Stage::ALL.map(|s| s.key()).join(", ")
                        ),
                    )
                })?;
                let rule =
                    crate::model::RhythmRule::parse(stage, value).map_err(|e| refuse(key, e))?;
                self.rhythms.set(stage, rule);
                Ok(())
            }
            _ => Err(unknown_key(key)),
        }
    }

    /// Who the user is and who employs them.
    fn set_identity(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
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
                    crate::model::company::normalize_domain(bare).ok_or_else(|| {
                    refuse(
                        key,
                        format!(
                            "'{typed}' is not a domain (like northwind.example); leave it empty for none"
                        ),
                    )
                })?
                };
            }
            _ => return Err(unknown_key(key)),
        }
        Ok(())
    }

    /// The outgoing mail server.
    fn set_smtp(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        match key {
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
            _ => return Err(unknown_key(key)),
        }
        Ok(())
    }

    /// When the digest comes.
    fn set_digest(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        match key {
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
            _ => return Err(unknown_key(key)),
        }
        Ok(())
    }

    /// How often to keep in touch; `cadence.tag.TAG` for any tag.
    fn set_cadence(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        match key {
            "cadence.default" => self.cadence.default_days = cadence_days(key, value)?,
            "cadence.internal" => self.circle_cadence.internal_days = cadence_days(key, value)?,
            "cadence.external" => self.circle_cadence.external_days = cadence_days(key, value)?,
            _ => {
                let Some(tag) = key.strip_prefix("cadence.tag.") else {
                    return Err(unknown_key(key));
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

    /// What the window shows, and how it looks.
    fn set_privacy(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        match key {
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
            _ => return Err(unknown_key(key)),
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
        for bare in ["rhythm", "rhythm.", "identity", "cadence.tag."] {
            let e = s.set(bare, "7").unwrap_err();
            assert_eq!(e.key, bare, "{e}");
        }
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
