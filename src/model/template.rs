//! Email templates as records: a stable key, a name, the subject and body in
//! minijinja syntax, and the lowest discretion level a template may go to; and their
//! rendering with minijinja. The variables a template may use are the fields of
//! [`TemplateVars`]; an error names the part (subject or body) and the line. The three
//! defaults ship in `assets/templates/`.

use minijinja::{Environment, UndefinedBehavior};
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
    pub fn parse(key: &str, text: &str) -> Result<EmailTemplate, TemplateFileError> {
        let (head, body) =
            text.split_once("\n---\n")
                .ok_or_else(|| TemplateFileError::NoSeparator {
                    key: key.to_string(),
                })?;
        let mut template = EmailTemplate {
            key: key.to_string(),
            name: key.to_string(),
            audience: Discretion::CapabilitiesOnly,
            subject: String::new(),
            body: body.trim_end().to_string(),
            retired: false,
        };
        for (number, line) in head.lines().enumerate() {
            let at = |problem| TemplateFileError::Line {
                key: key.to_string(),
                line: number + 1,
                problem,
            };
            let (field, value) = line
                .split_once(':')
                .ok_or_else(|| at(TemplateLineProblem::NotAField))?;
            let value = value.trim().to_string();
            match field.trim() {
                "name" => template.name = value,
                "subject" => template.subject = value,
                "audience" => {
                    template.audience = Discretion::parse(&value)
                        .ok_or_else(|| at(TemplateLineProblem::Audience(value.clone())))?;
                }
                other => return Err(at(TemplateLineProblem::UnknownField(other.to_string()))),
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

/// What a template can say about the contact, the user and the highlight.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct TemplateVars {
    pub first_name: String,
    pub organization: String,
    /// The last touchpoint's summary and date (empty when never touched).
    pub last_touch_summary: String,
    pub last_touch_date: String,
    /// The capability highlight: title, figures, and the story (shortened).
    pub highlight: String,
    pub highlight_numbers: String,
    pub highlight_story: String,
    pub my_name: String,
    pub signature: String,
}

impl TemplateVars {
    /// Sample values for the live preview in the template editor.
    pub fn sample() -> TemplateVars {
        TemplateVars {
            first_name: "Ada".into(),
            organization: "Analytical Engines".into(),
            last_touch_summary: "Coffee after the meetup".into(),
            last_touch_date: "2026-09-14".into(),
            highlight: "the spring launch campaign".into(),
            highlight_numbers: "+38% reach in 6 months".into(),
            highlight_story: "Planned and ran the launch across four channels.".into(),
            my_name: "Sam Rivera".into(),
            signature: "Sam".into(),
        }
    }
}

/// A template file (`assets/templates/*.txt`) that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateFileError {
    #[error("template {key}: no '---' line between header and body")]
    NoSeparator { key: String },
    #[error("template {key} line {line}: {problem}")]
    Line {
        key: String,
        line: usize,
        problem: TemplateLineProblem,
    },
}

/// What is wrong with one line of a template file's header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateLineProblem {
    #[error("expected 'field: value'")]
    NotAField,
    #[error("audience '{0}' is not one of: knows, capabilities")]
    Audience(String),
    #[error("unknown field '{0}'")]
    UnknownField(String),
}

/// A template that could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{part}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct TemplateError {
    /// "subject" or "body".
    pub part: &'static str,
    pub line: Option<usize>,
    pub message: String,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // A misspelt variable is an error the user sees, not a silent blank in an email.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

fn render_part(
    env: &Environment<'_>,
    part: &'static str,
    source: &str,
    vars: &TemplateVars,
) -> Result<String, TemplateError> {
    let error = |e: minijinja::Error| TemplateError {
        part,
        line: e.line(),
        message: e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_string),
    };
    let template = env.template_from_str(source).map_err(error)?;
    template
        .render(minijinja::value::Serde(vars))
        .map_err(error)
}

/// Renders subject and body. The subject is folded onto one line.
pub fn render(
    template: &EmailTemplate,
    vars: &TemplateVars,
) -> Result<(String, String), TemplateError> {
    let env = environment();
    let subject = render_part(&env, "subject", &template.subject, vars)?;
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = render_part(&env, "body", &template.body, vars)?;
    Ok((subject, tidy_body(&body)))
}

/// Drops the blank-line runs that conditional blocks leave behind.
fn tidy_body(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank_run = 0;
    for line in body.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
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

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::model::default_templates;

    #[test]
    fn every_default_renders_with_and_without_optional_values() {
        let mut sparse = TemplateVars::sample();
        sparse.organization.clear();
        sparse.last_touch_date.clear();
        sparse.last_touch_summary.clear();
        sparse.highlight_numbers.clear();
        sparse.highlight_story.clear();
        sparse.signature.clear();
        for template in default_templates() {
            for vars in [TemplateVars::sample(), sparse.clone()] {
                let (subject, body) = render(&template, &vars).unwrap();
                assert!(!subject.is_empty(), "{}", template.key);
                assert!(body.starts_with("Hi Ada,"), "{}: {body}", template.key);
                assert!(body.contains("the spring launch campaign"));
                assert!(!body.contains("\n\n\n"));
                assert!(!body.contains("{{"));
            }
        }
    }

    #[test]
    fn errors_name_the_part_and_line() {
        let template = EmailTemplate {
            key: "x".into(),
            name: "x".into(),
            audience: Discretion::CapabilitiesOnly,
            subject: "Hello".into(),
            body: "Hi {{ first_name }},\n\n{% if organization %}\n{{ oops }".into(),
            retired: false,
        };
        let e = render(&template, &TemplateVars::sample()).unwrap_err();
        assert_eq!(e.part, "body");
        assert_eq!(e.line, Some(4), "{e}");
        let mut misspelt = template.clone();
        misspelt.body = "Hi\n{{ frist_name }}".into();
        let e = render(&misspelt, &TemplateVars::sample()).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.to_string().starts_with("body, line 2"), "{e}");
    }
}
