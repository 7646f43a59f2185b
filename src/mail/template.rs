//! Rendering email templates with minijinja. The variables a template may use are the
//! fields of [`TemplateVars`]; an error names the part (subject or body) and the line.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::model::EmailTemplate;

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
    use crate::model::{Discretion, default_templates};

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
