//! Field-level validation errors shared by every record type: each names the field and
//! says, in plain words, what is wrong ("email 'bob@': missing domain").

use std::fmt;

/// One problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's key, as forms and the command line name it ("name", "email", …).
    pub field: &'static str,
    /// The whole message, starting with the field ("name: required").
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem found in one record; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for `field`, for showing next to that field in a form.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Combines these errors (found while reading a form's text) with the result of
    /// validating what was read: every problem from both, or the valid value.
    pub fn and<T>(mut self, result: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
        match result {
            Ok(value) => self.into_result(value),
            Err(more) => {
                self.0.extend(more.0);
                Err(self)
            }
        }
    }

    /// `Ok(value)` when no problem was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// Trims `text` and checks its length in characters; `field` is the field's key.
pub(crate) fn trimmed_limited(
    errors: &mut FieldErrors,
    field: &'static str,
    text: &str,
    max_chars: usize,
) -> String {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    let label = field_label(field);
    if chars > max_chars {
        errors.push(
            field,
            format!("{label}: too long ({chars} characters, at most {max_chars})"),
        );
    }
    if trimmed.chars().any(is_forbidden_control) {
        errors.push(field, format!("{label}: contains a control character"));
    }
    trimmed.to_string()
}

/// The years a date the user types may fall in: a typo (20226-01-01, 0026-01-01)
/// is refused rather than stored as a date nobody meant.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Why typed text is not a date [`typed_date`] takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD` (the text, trimmed).
    #[error("'{0}' is not a date like 2026-11-24")]
    NotADate(String),
    #[error("{0} is outside the years {start} to {end}", start = DATE_YEARS.start(), end = DATE_YEARS.end())]
    OutsideYears(chrono::NaiveDate),
}

/// A date as the user types it, `YYYY-MM-DD`, within [`DATE_YEARS`].
pub fn typed_date(text: &str) -> Result<chrono::NaiveDate, DateError> {
    use chrono::Datelike;
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| DateError::NotADate(text.trim().to_string()))?;
    if !DATE_YEARS.contains(&date.year()) {
        return Err(DateError::OutsideYears(date));
    }
    Ok(date)
}

/// A field key as words ("how_we_met" → "how we met").
pub fn field_label(field: &str) -> String {
    field.replace('_', " ")
}

/// Control characters other than line breaks and tabs have no place in typed text.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\r' && c != '\t'
}
