//! Contacts from CSV files other than LinkedIn's: Google Contacts exports (today's
//! "First Name … E-mail 1 - Value" shape and the older "Name, Given Name … Group
//! Membership" one; several values in one cell separated by " ::: "), and any other
//! CSV through a column mapping (`--map "Work Email=email"`; columns named like a field
//! map themselves).

use std::collections::HashMap;

use super::import::{Candidate, LineCounter, Malformed, Parsed};
use crate::model::ContactFields;

/// The contact fields a CSV column can be mapped to.
pub const FIELDS: [&str; 11] = [
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "organization",
    "title",
    "notes",
    "tags",
    "link",
    "met_on",
];

/// Whether `text` looks like a Google Contacts export.
pub fn looks_like_google(text: &str) -> bool {
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    header.contains("E-mail 1 - Value")
        || (header.starts_with("Name,Given Name") && header.contains("Group Membership"))
}

/// The separator the header line uses: a comma, or a semicolon or tab (as spreadsheets
/// in many countries write CSV), whichever appears most outside quotes.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(d, _)| *d == c) {
            count.1 += 1;
        }
    }
    counts
        .iter()
        .copied()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| d)
}

/// Why one row of a CSV is not a contact.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("no name and no email address")]
    NoNameOrEmail,
    #[error("{column}: {reason}")]
    Date {
        column: String,
        reason: crate::model::DateError,
    },
}

/// Why a `--map COLUMN=FIELD` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("--map '{0}': write COLUMN=FIELD")]
    NoEquals(String),
    #[error("--map '{pair}': '{field}' is not one of: {}", FIELDS.join(", "))]
    UnknownField { pair: String, field: String },
}

/// Reads the header and every record, handing each (line, column → cell) to `row`.
fn each_row(
    text: &str,
    mut row: impl FnMut(usize, &[(String, String)]) -> Result<ContactFields, RowError>,
) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    let mut parsed = Parsed::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            parsed.malformed.push(Malformed {
                line: 1,
                reason: format!("the header cannot be read: {e}"),
            });
            return parsed;
        }
    };
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let (line, record) = match record {
            Ok(record) => {
                let line = record
                    .position()
                    .map_or(1, |p| lines.line_at(usize::try_from(p.byte()).unwrap_or(0)));
                (line, record)
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(1, |p| lines.line_at(usize::try_from(p.byte()).unwrap_or(0)));
                parsed.malformed.push(Malformed {
                    line,
                    reason: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(reason) = super::import::width_problem(record.len(), headers.len()) {
            parsed.malformed.push(Malformed { line, reason });
            continue;
        }
        // In column order: the first email column gives the primary address.
        let cells: Vec<(String, String)> = headers
            .iter()
            .cloned()
            .zip(record.iter().map(|c| c.trim().to_string()))
            .collect();
        match row(line, &cells) {
            Ok(fields) => parsed.candidates.push(Candidate { line, fields }),
            Err(reason) => parsed.malformed.push(Malformed {
                line,
                reason: reason.to_string(),
            }),
        }
    }
    parsed
}

/// " ::: " joins several values in one Google cell.
fn values(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(":::")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

fn named(name: String, emails: &[String]) -> Result<String, RowError> {
    match (name.trim(), emails.first()) {
        ("", Some(email)) => Ok(email.clone()),
        ("", None) => Err(RowError::NoNameOrEmail),
        (name, _) => Ok(name.to_string()),
    }
}

/// Google Contacts CSV, both shapes.
pub fn parse_google(text: &str) -> Parsed {
    each_row(text, |_, cells| {
        let cell = |k: &str| {
            cells
                .iter()
                .find(|(column, _)| column == k)
                .map_or("", |(_, v)| v.as_str())
        };
        let collect = |suffix: &str, prefix: &str| -> Vec<String> {
            cells
                .iter()
                .filter(|(k, _)| k.starts_with(prefix) && k.ends_with(suffix))
                .flat_map(|(_, v)| values(v).collect::<Vec<_>>())
                .collect()
        };
        let emails = collect(" - Value", "E-mail ");
        let phones = collect(" - Value", "Phone ");
        let links = collect(" - Value", "Website ");
        let name = if cell("Name").is_empty() {
            [cell("First Name"), cell("Middle Name"), cell("Last Name")]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            cell("Name").to_string()
        };
        let labels = if cell("Labels").is_empty() {
            cell("Group Membership")
        } else {
            cell("Labels")
        };
        let tags = values(labels)
            .filter(|l| !l.starts_with('*')) // "* myContacts", "* starred"
            .collect();
        let first_of = |keys: [&str; 2]| {
            keys.iter()
                .map(|k| cell(k))
                .find(|v| !v.is_empty())
                .unwrap_or("")
                .to_string()
        };
        Ok(ContactFields {
            name: named(name, &emails)?,
            emails,
            phones,
            organization: first_of(["Organization Name", "Organization 1 - Name"]),
            title: first_of(["Organization Title", "Organization 1 - Title"]),
            notes: cell("Notes").to_string(),
            tags,
            links,
            ..ContactFields::default()
        })
    })
}

/// Parses `COLUMN=FIELD` mappings, naming the valid fields on a mistake.
pub fn parse_mapping(pairs: &[String]) -> Result<HashMap<String, String>, MappingError> {
    let mut mapping = HashMap::new();
    for pair in pairs {
        let (column, field) = pair
            .rsplit_once('=')
            .ok_or_else(|| MappingError::NoEquals(pair.clone()))?;
        let field = field.trim().to_lowercase();
        if !FIELDS.contains(&field.as_str()) {
            return Err(MappingError::UnknownField {
                pair: pair.clone(),
                field,
            });
        }
        mapping.insert(column.trim().to_string(), field);
    }
    Ok(mapping)
}

/// Any CSV: each column goes to the field it is mapped to (or named after).
pub fn parse_mapped(text: &str, mapping: &HashMap<String, String>) -> Parsed {
    each_row(text, |_, cells| {
        let mut fields = ContactFields::default();
        let (mut first, mut last) = (String::new(), String::new());
        for (column, value) in cells {
            let field = mapping.get(column).cloned().unwrap_or_else(|| {
                let normalized = column.to_lowercase().replace([' ', '-'], "_");
                if FIELDS.contains(&normalized.as_str()) {
                    normalized
                } else {
                    String::new()
                }
            });
            if value.is_empty() {
                continue;
            }
            match field.as_str() {
                "name" => fields.name = value.clone(),
                "first_name" => first = value.clone(),
                "last_name" => last = value.clone(),
                "email" => fields.emails.extend(values(value)),
                "phone" => fields.phones.extend(values(value)),
                "organization" => fields.organization = value.clone(),
                "title" => fields.title = value.clone(),
                "notes" => fields.notes = value.clone(),
                "tags" => fields
                    .tags
                    .extend(value.split([',', ';']).map(|t| t.trim().to_string())),
                "link" => fields.links.push(value.clone()),
                "met_on" => {
                    fields.met_on =
                        Some(
                            crate::model::typed_date(value).map_err(|reason| RowError::Date {
                                column: column.clone(),
                                reason,
                            })?,
                        );
                }
                _ => {}
            }
        }
        if fields.name.is_empty() {
            fields.name = format!("{first} {last}").trim().to_string();
        }
        fields.name = named(std::mem::take(&mut fields.name), &fields.emails)?;
        Ok(fields)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_found_in_the_header() {
        assert_eq!(delimiter("Name,Email\nAda,ada@x.example"), b',');
        assert_eq!(
            delimiter("Name;Email;\"Notes, more\"\nAda;a@x.example;n"),
            b';'
        );
        assert_eq!(delimiter("Name\tEmail\n"), b'\t');
        assert_eq!(delimiter("Name\n"), b',');
    }
}
