//! vCard in and out. Reading takes 2.1 (QUOTED-PRINTABLE values, CHARSET parameters,
//! soft line breaks), 3.0 (folded lines, escaped commas and semicolons, grouped
//! properties like Apple's `item1.EMAIL`) and 4.0 (RFC 6350). Writing produces 4.0,
//! escaped and folded at 75 octets, which reads back into the same contacts.

use super::import::{Candidate, Malformed, Parsed};
use crate::model::ContactFields;

/// Whether `text` looks like vCards.
pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// One content line: `group.NAME;PARAM=VALUE:value`, with its line number.
struct Property {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// vCard 2.1 writes bare parameters (`TEL;HOME;VOICE:`) and `ENCODING=` ones.
    fn is_quoted_printable(&self) -> bool {
        self.param("ENCODING")
            .is_some_and(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
            || self
                .params
                .iter()
                .any(|(n, v)| v.is_empty() && n.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    }
}

/// Joins folded lines (a line starting with a space or tab continues the one before)
/// and 2.1's quoted-printable soft breaks (a value line ending in `=`). Each logical
/// line keeps the number of the physical line it started on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut soft_break = false;
    // CRLF, LF and a lone CR all end a line (a bare CR never hides inside a value).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (index, raw) in text.split('\n').enumerate() {
        let continues = soft_break || raw.starts_with([' ', '\t']);
        match lines.last_mut() {
            Some((_, last)) if continues && !raw.is_empty() => {
                if soft_break {
                    last.pop(); // the '=' of the soft break
                    last.push_str(raw);
                } else {
                    last.push_str(&raw[1..]);
                }
            }
            _ if raw.trim().is_empty() => {}
            _ => lines.push((index + 1, raw.to_string())),
        }
        // Only a property whose parameters say QUOTED-PRINTABLE has soft breaks (the
        // words in a value never do).
        soft_break = lines.last().is_some_and(|(_, l)| {
            l.ends_with('=')
                && l.split_once(':')
                    .is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
        });
    }
    lines
}

/// Why a line of a vCard cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VcardError {
    /// The line (shortened) has no ':' outside quotes.
    #[error("'{0}' has no ':'")]
    NoColon(String),
    #[error("'{0}' has no property name")]
    NoName(String),
    #[error("{property}: the quoted-printable value is not UTF-8")]
    NotUtf8 { property: String },
    #[error("{property}: charset {charset} is not supported (save the file as UTF-8)")]
    Charset { property: String, charset: String },
}

fn parse_property(line: usize, text: &str) -> Result<Property, VcardError> {
    // The value starts after the first ':' that is not inside a quoted parameter.
    let mut in_quotes = false;
    let colon = text
        .char_indices()
        .find(|(_, c)| {
            if *c == '"' {
                in_quotes = !in_quotes;
            }
            *c == ':' && !in_quotes
        })
        .map(|(i, _)| i)
        .ok_or_else(|| VcardError::NoColon(shorten(text)))?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default();
    // Apple groups properties: item1.EMAIL.
    let name = name.rsplit_once('.').map_or(name, |(_, n)| n).trim();
    if name.is_empty() {
        return Err(VcardError::NoName(shorten(text)));
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (n.trim().to_string(), v.trim().trim_matches('"').to_string()),
            None => (p.trim().to_string(), String::new()),
        })
        .collect();
    Ok(Property {
        line,
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Decodes a quoted-printable value into bytes.
fn quoted_printable(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The text of a value: 2.1's quoted-printable and charsets decoded.
fn decoded(property: &Property) -> Result<String, VcardError> {
    if !property.is_quoted_printable() {
        return Ok(property.value.clone());
    }
    let bytes = quoted_printable(&property.value);
    let charset = property.param("CHARSET").unwrap_or("UTF-8");
    if charset.eq_ignore_ascii_case("UTF-8") || charset.eq_ignore_ascii_case("UTF8") {
        String::from_utf8(bytes).map_err(|_| VcardError::NotUtf8 {
            property: property.name.clone(),
        })
    } else if charset.eq_ignore_ascii_case("ISO-8859-1")
        || charset.eq_ignore_ascii_case("LATIN1")
        || charset.eq_ignore_ascii_case("WINDOWS-1252")
    {
        Ok(bytes.iter().map(|b| char::from(*b)).collect())
    } else {
        Err(VcardError::Charset {
            property: property.name.clone(),
            charset: charset.to_string(),
        })
    }
}

/// Splits a structured value on unescaped `sep` and unescapes each part.
fn split_unescaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().expect("one part").push('\n'),
                Some(other) => parts.last_mut().expect("one part").push(other),
                None => {}
            },
            c if c == sep => parts.push(String::new()),
            c => parts.last_mut().expect("one part").push(c),
        }
    }
    parts
}

fn unescape(value: &str) -> String {
    // A text value: commas and semicolons are escaped, not separators.
    split_unescaped(value, '\u{0}').concat()
}

/// Reads every card; a card that cannot be read is listed with its line and reason.
pub fn parse(text: &str) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    let mut parsed = Parsed::default();
    let mut card: Option<(usize, ContactFields, Option<String>)> = None;
    for (line, content) in unfold(text) {
        let property = match parse_property(line, &content) {
            Ok(p) => p,
            Err(reason) => {
                match card.as_mut() {
                    // The card is reported once, at its END, with the first problem.
                    Some((_, _, problem)) => {
                        problem.get_or_insert(format!("line {line}: {reason}"));
                    }
                    None => parsed.malformed.push(Malformed {
                        line,
                        reason: reason.to_string(),
                    }),
                }
                continue;
            }
        };
        match (
            property.name.as_str(),
            property.value.trim().to_ascii_uppercase().as_str(),
        ) {
            ("BEGIN", "VCARD") => {
                if let Some((start, ..)) = card.replace((line, ContactFields::default(), None)) {
                    parsed.malformed.push(Malformed {
                        line: start,
                        reason: "a card without END:VCARD".into(),
                    });
                }
                continue;
            }
            ("END", "VCARD") => {
                match card.take() {
                    Some((start, mut fields, problem)) => match problem {
                        Some(reason) => parsed.malformed.push(Malformed {
                            line: start,
                            reason,
                        }),
                        None if fields.name.trim().is_empty() && fields.emails.is_empty() => {
                            parsed.malformed.push(Malformed {
                                line: start,
                                reason: "a card with no name and no email address".into(),
                            });
                        }
                        None => {
                            if fields.name.trim().is_empty() {
                                fields.name = fields.emails[0].clone();
                            }
                            parsed.candidates.push(Candidate {
                                line: start,
                                fields,
                            });
                        }
                    },
                    None => parsed.malformed.push(Malformed {
                        line,
                        reason: "END:VCARD without BEGIN:VCARD".into(),
                    }),
                }
                continue;
            }
            _ => {}
        }
        let Some((_, fields, problem)) = card.as_mut() else {
            parsed.malformed.push(Malformed {
                line,
                reason: format!(
                    "{} outside a card (no BEGIN:VCARD before it)",
                    property.name
                ),
            });
            continue;
        };
        let value = match decoded(&property) {
            Ok(value) => value,
            Err(reason) => {
                problem.get_or_insert(format!("line {}: {reason}", property.line));
                continue;
            }
        };
        apply_property(fields, &property.name, &value);
    }
    if let Some((start, ..)) = card {
        parsed.malformed.push(Malformed {
            line: start,
            reason: "the file ends inside a card (no END:VCARD)".into(),
        });
    }
    parsed
}

fn apply_property(fields: &mut ContactFields, name: &str, value: &str) {
    let text = || unescape(value).trim().to_string();
    match name {
        "FN" => fields.name = text(),
        "N" if fields.name.is_empty() => {
            // Family;Given;Additional;Prefix;Suffix
            let parts = split_unescaped(value, ';');
            let given = parts.get(1).map_or("", |s| s.trim());
            let family = parts.first().map_or("", |s| s.trim());
            fields.name = format!("{given} {family}").trim().to_string();
        }
        "EMAIL" => {
            let email = text();
            if !email.is_empty() {
                fields
                    .emails
                    .push(email.trim_start_matches("mailto:").to_string());
            }
        }
        "TEL" => {
            let tel = text();
            if !tel.is_empty() {
                fields
                    .phones
                    .push(tel.trim_start_matches("tel:").to_string());
            }
        }
        "ORG" => {
            let parts = split_unescaped(value, ';');
            fields.organization = parts
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
        }
        "TITLE" => fields.title = text(),
        "NOTE" => fields.notes = unescape(value).trim_end().to_string(),
        "URL" => {
            let url = text();
            if !url.is_empty() {
                fields.links.push(url);
            }
        }
        "CATEGORIES" => {
            for tag in split_unescaped(value, ',') {
                let tag = tag.trim();
                if !tag.is_empty() {
                    fields.tags.push(tag.to_string());
                }
            }
        }
        _ => {}
    }
}

/// A text value escaped for vCard 4.0.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The contacts as vCard 4.0.
pub fn write<'a>(contacts: impl IntoIterator<Item = &'a ContactFields>) -> String {
    let mut out = String::new();
    for f in contacts {
        let mut line = |text: String| fold(&text, &mut out);
        line("BEGIN:VCARD".into());
        line("VERSION:4.0".into());
        line(format!("FN:{}", escape(&f.name)));
        let (given, family) = f.name.rsplit_once(' ').unwrap_or(("", f.name.as_str()));
        line(format!("N:{};{};;;", escape(family), escape(given)));
        for email in &f.emails {
            line(format!("EMAIL:{}", escape(email)));
        }
        for phone in &f.phones {
            line(format!("TEL:{}", escape(phone)));
        }
        if !f.organization.is_empty() {
            line(format!("ORG:{}", escape(&f.organization)));
        }
        if !f.title.is_empty() {
            line(format!("TITLE:{}", escape(&f.title)));
        }
        for link in &f.links {
            line(format!("URL:{}", escape(link)));
        }
        if !f.tags.is_empty() {
            let tags: Vec<String> = f.tags.iter().map(|t| escape(t)).collect();
            line(format!("CATEGORIES:{}", tags.join(",")));
        }
        if !f.notes.is_empty() {
            line(format!("NOTE:{}", escape(&f.notes)));
        }
        line("END:VCARD".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_never_splits_a_character_and_lines_stay_short() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "é".repeat(100)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{}", line.len());
        }
        let unfolded = unfold(&out);
        assert_eq!(unfolded[0].1, format!("NOTE:{}", "é".repeat(100)));
    }

    #[test]
    fn escapes_round_trip() {
        let text = "a,b;c\\d\nnext";
        assert_eq!(unescape(&escape(text)), text);
    }
}
