//! An iCalendar (RFC 5545) file of what is coming up: open follow-ups, when each
//! contact is next due, and application next actions — all-day events with stable
//! UIDs (re-importing updates rather than duplicates), text escaped and lines folded at
//! 75 octets. The calendar names nothing but the items themselves.

use chrono::{Days, NaiveDate};

use crate::model::Timestamp;
use crate::store::ReadModel;

/// A TEXT value escaped per RFC 5545 §3.3.11.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 character.
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn event(
    out: &mut String,
    uid: &str,
    stamp: &str,
    day: NaiveDate,
    summary: &str,
    description: &str,
) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{uid}"));
    line(out, &format!("DTSTAMP:{stamp}"));
    line(out, &format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
    let end = day.checked_add_days(Days::new(1)).unwrap_or(day);
    line(out, &format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
    line(out, &format!("SUMMARY:{}", escape(summary)));
    if !description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", escape(description)));
    }
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// The calendar as of `now`.
pub fn calendar(model: &ReadModel, now: Timestamp) -> String {
    let stamp = now.to_datetime().format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Personal//Network calendar//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    for item in model.open_follow_ups() {
        let who = model.names(&item.contacts);
        event(
            &mut out,
            &format!("follow-up-{}@network.local", item.touchpoint),
            &stamp,
            item.due,
            &format!("Follow up: {}", item.what),
            &format!("With {who}. From: {}", item.summary),
        );
    }
    for entry in model.contacts() {
        let Some(due) = entry.next_due else { continue };
        event(
            &mut out,
            &format!("due-{}@network.local", entry.id()),
            &stamp,
            due,
            &format!("Get in touch: {}", entry.name()),
            &entry.contact.fields.organization,
        );
    }
    for application in model.plan().applications() {
        let Some(action) = &application.fields.next_action else {
            continue;
        };
        event(
            &mut out,
            &format!("next-action-{}@network.local", application.id),
            &stamp,
            action.due,
            &format!("{}: {}", application.fields.company, action.what),
            &application.fields.role,
        );
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_are_folded() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "ü".repeat(60)));
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "ü".repeat(60))
        );
    }
}
