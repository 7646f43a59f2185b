//! Email templates as records: a stable key, a name, the subject and body in
//! minijinja syntax, and the lowest discretion level a template may go to. Rendering
//! lives in `mail::template`; the three defaults ship in `assets/templates/`.

use serde::{Deserialize, Serialize};

use super::Discretion;
use super::validation::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTemplate {
    /// Stable key ("catch-up"); also the file name of a default.
    pub key: String,
    pub name: String,
    /// The most discreet contacts it may go to: `CapabilitiesOnly` reaches everyone but
    /// *must not know*; a template that mentions the search says `KnowsLooking`.
    pub audience: Discretion,
    pub subject: String,
    pub body: String,
    /// Retired templates are not used for new drafts.
    pub retired: bool,
}

impl EmailTemplate {
    /// Whether this template may be drafted for a contact at `level`.
    pub fn allowed_for(&self, level: Discretion) -> bool {
        !self.retired && level != Discretion::MustNotKnow && level >= self.audience
    }

    /// Parses the file format of `assets/templates/*.txt`: `name:`, `audience:` and
    /// `subject:` lines, a `---` line, then the body.
    pub fn parse(key: &str, text: &str) -> Result<EmailTemplate, String> {
        let (head, body) = text
            .split_once("\n---\n")
            .ok_or_else(|| format!("template {key}: no '---' line between header and body"))?;
        let mut template = EmailTemplate {
            key: key.to_string(),
            name: key.to_string(),
            audience: Discretion::CapabilitiesOnly,
            subject: String::new(),
            body: body.trim_end().to_string(),
            retired: false,
        };
        for (number, line) in head.lines().enumerate() {
            let (field, value) = line.split_once(':').ok_or_else(|| {
                format!(
                    "template {key} line {}: expected 'field: value'",
                    number + 1
                )
            })?;
            let value = value.trim().to_string();
            match field.trim() {
                "name" => template.name = value,
                "subject" => template.subject = value,
                "audience" => {
                    template.audience = Discretion::parse(&value).ok_or_else(|| {
                        format!(
                            "template {key} line {}: audience '{value}' is not one of: knows, capabilities",
                            number + 1
                        )
                    })?;
                }
                other => {
                    return Err(format!(
                        "template {key} line {}: unknown field '{other}'",
                        number + 1
                    ));
                }
            }
        }
        Ok(template)
    }

    /// Checks what the user typed (syntax is checked by rendering, in `mail`).
    pub fn validate(&self) -> Result<EmailTemplate, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push("name", "name: required");
        }
        if self.subject.contains(['\n', '\r']) {
            errors.push("subject", "subject: must be one line");
        }
        if self.subject.trim().is_empty() {
            errors.push("subject", "subject: required");
        }
        if self.body.trim().is_empty() {
            errors.push("body", "body: required");
        }
        if self.body.len() > 50 * 1024 {
            errors.push("body", "body: too long (at most 50 KB)");
        }
        if self.audience == Discretion::MustNotKnow {
            errors.push(
                "audience",
                "audience: nothing is ever sent to contacts who must not know",
            );
        }
        errors.into_result(EmailTemplate {
            name,
            subject: self.subject.trim().to_string(),
            body: self.body.trim_end().to_string(),
            ..self.clone()
        })
    }
}

/// The templates every new database starts with (from `assets/templates/`).
pub fn default_templates() -> Vec<EmailTemplate> {
    [
        (
            "catch-up",
            include_str!("../../assets/templates/catch-up.txt"),
        ),
        (
            "recent-win",
            include_str!("../../assets/templates/recent-win.txt"),
        ),
        (
            "ask-about-them",
            include_str!("../../assets/templates/ask-about-them.txt"),
        ),
    ]
    .into_iter()
    .map(|(key, text)| EmailTemplate::parse(key, text).expect("the bundled templates parse"))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_reach_capabilities_level() {
        let templates = default_templates();
        assert_eq!(templates.len(), 3);
        for t in &templates {
            assert!(t.allowed_for(Discretion::CapabilitiesOnly), "{}", t.key);
            assert!(t.allowed_for(Discretion::KnowsLooking));
            assert!(!t.allowed_for(Discretion::MustNotKnow));
            assert!(!t.subject.is_empty() && !t.body.is_empty());
        }
    }

    #[test]
    fn a_search_template_only_reaches_those_who_know() {
        let t = EmailTemplate::parse(
            "open",
            "name: Open\naudience: knows\nsubject: News\n---\nI am looking.",
        )
        .unwrap();
        assert!(t.allowed_for(Discretion::KnowsLooking));
        assert!(!t.allowed_for(Discretion::CapabilitiesOnly));
        assert!(EmailTemplate::parse("x", "subject: s\nbody").is_err());
        assert!(EmailTemplate::parse("x", "audience: everyone\n---\nb").is_err());
    }
}
