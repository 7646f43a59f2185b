//! LinkedIn's Connections.csv, as LinkedIn exports it: a few lines of notes before the
//! header, then `First Name,Last Name,URL,Email Address,Company,Position,Connected On`
//! with dates like "12 Mar 2021", many rows without an email, CRLF line ends. "Connected
//! On" becomes the contact's met-on date (never a touchpoint: no cadence is reset).

use chrono::NaiveDate;

use super::import::{Candidate, LineCounter, Malformed, Parsed};
use crate::model::ContactFields;

const HEADER_START: &str = "First Name,";

/// Whether `text` looks like a LinkedIn connections export.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .take(20)
        .any(|l| l.starts_with(HEADER_START) && l.contains("Connected On"))
}

/// Reads every row; rows that cannot be read are listed with their line and reason.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // Skip LinkedIn's notes: the table starts at the header line.
    let Some((header_line, offset)) = find_header(text) else {
        parsed.malformed.push(Malformed {
            line: 1,
            reason:
                "no header line starting with \"First Name,\" (is this LinkedIn's Connections.csv?)"
                    .into(),
        });
        return parsed;
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&text.as_bytes()[offset..]);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            parsed.malformed.push(Malformed {
                line: header_line,
                reason: format!("the header cannot be read: {e}"),
            });
            return parsed;
        }
    };
    let columns = Columns::of(&headers);
    let mut lines = LineCounter::new(text);
    let mut line_of = |position: Option<&csv::Position>| {
        position.map_or(header_line, |p| {
            lines.line_at(offset + usize::try_from(p.byte()).unwrap_or(0))
        })
    };
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                parsed.malformed.push(Malformed {
                    line: line_of(e.position()),
                    reason: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = line_of(record.position());
        match read_row(&record, &columns, headers.len()) {
            Row::Contact(fields) => parsed.candidates.push(Candidate {
                line,
                fields: *fields,
            }),
            Row::Blank => {}
            Row::Malformed(reason) => parsed.malformed.push(Malformed { line, reason }),
        }
    }
    parsed
}

/// The header's line number (from 1) and where it starts in `text`.
fn find_header(text: &str) -> Option<(usize, usize)> {
    text.split_inclusive('\n')
        .scan(0usize, |at, line| {
            let start = *at;
            *at += line.len();
            Some((line, start))
        })
        .enumerate()
        .find(|(_, (line, _))| line.starts_with(HEADER_START))
        .map(|(number, (_, start))| (number + 1, start))
}

/// Where LinkedIn's columns stand in the header (any may be missing).
struct Columns {
    first: Option<usize>,
    last: Option<usize>,
    url: Option<usize>,
    email: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected: Option<usize>,
}

impl Columns {
    fn of(headers: &csv::StringRecord) -> Self {
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        Self {
            first: column("First Name"),
            last: column("Last Name"),
            url: column("URL"),
            email: column("Email Address"),
            company: column("Company"),
            position: column("Position"),
            connected: column("Connected On"),
        }
    }
}

/// What one row of the table holds.
enum Row {
    Contact(Box<ContactFields>),
    /// An empty line: nothing to import, nothing wrong.
    Blank,
    Malformed(String),
}

fn read_row(record: &csv::StringRecord, columns: &Columns, width: usize) -> Row {
    let blank = || record.iter().all(|f| f.trim().is_empty());
    if let Some(reason) = super::import::width_problem(record.len(), width) {
        return if blank() {
            Row::Blank
        } else {
            Row::Malformed(reason)
        };
    }
    let get = |index: Option<usize>| {
        index
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let name = format!("{} {}", get(columns.first), get(columns.last))
        .trim()
        .to_string();
    let email = get(columns.email);
    if name.is_empty() && email.is_empty() {
        if blank() {
            return Row::Blank;
        }
        return Row::Malformed("no name and no email address".into());
    }
    let connected_text = get(columns.connected);
    let met_on = if connected_text.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(&connected_text, "%d %b %Y") {
            Ok(date) => Some(date),
            Err(_) => {
                return Row::Malformed(format!(
                    "Connected On '{connected_text}' is not a date like 12 Mar 2021"
                ));
            }
        }
    };
    let url = get(columns.url);
    Row::Contact(Box::new(ContactFields {
        name: if name.is_empty() { email.clone() } else { name },
        emails: if email.is_empty() {
            vec![]
        } else {
            vec![email]
        },
        organization: get(columns.company),
        title: get(columns.position),
        links: if url.is_empty() { vec![] } else { vec![url] },
        how_we_met: "LinkedIn connection".into(),
        met_on,
        ..ContactFields::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more about this here: https://www.linkedin.com/help/linkedin/answer/261\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nPriya,Raman,https://www.linkedin.com/in/priyaraman,priya@brightwave.example,\"Brightwave Media, Inc.\",Head of Social,12 Mar 2021\r\nTomás,Herrera,https://www.linkedin.com/in/tomasherrera,,Kettle Studio,Creative Director,03 Jan 2024\r\n";

    #[test]
    fn reads_linkedins_shape_with_notes_crlf_and_missing_emails() {
        assert!(looks_like(EXPORT));
        let parsed = parse(EXPORT);
        assert!(parsed.malformed.is_empty(), "{:?}", parsed.malformed);
        assert_eq!(parsed.candidates.len(), 2);
        let priya = &parsed.candidates[0];
        assert_eq!(priya.line, 5);
        assert_eq!(priya.fields.name, "Priya Raman");
        assert_eq!(priya.fields.organization, "Brightwave Media, Inc.");
        assert_eq!(priya.fields.met_on, NaiveDate::from_ymd_opt(2021, 3, 12));
        let tomas = &parsed.candidates[1];
        assert_eq!(tomas.line, 6);
        assert!(tomas.fields.emails.is_empty());
        assert_eq!(
            tomas.fields.links,
            vec!["https://www.linkedin.com/in/tomasherrera"]
        );
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let text = format!(
            "{EXPORT}Ada,Lovelace,,ada@x.example,,,yesterday\r\n,,,,,,\r\n,,,,Acme,CEO,01 Feb 2020\r\n"
        );
        let parsed = parse(&text);
        assert_eq!(parsed.candidates.len(), 2);
        let lines: Vec<usize> = parsed.malformed.iter().map(|m| m.line).collect();
        assert_eq!(lines, vec![7, 9], "{:?}", parsed.malformed);
        assert!(parsed.malformed[0].reason.contains("yesterday"));
        assert_eq!(parse("just,some,csv\n").malformed[0].line, 1);
    }
}
