//! The user's own digest: one plain-text email listing who is due, follow-ups,
//! application next actions, asks to revisit, drafts waiting for approval and the
//! check-in reminder. It goes only to the user's own address.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::OutboxStatus;
use crate::store::ReadModel;

/// At most this many lines per section; the rest is counted.
const SECTION_LIMIT: usize = 25;

fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) -> usize {
    if items.is_empty() {
        return 0;
    }
    // Writing into a String cannot fail.
    let _ = writeln!(out, "{title} ({})", items.len());
    for item in items.iter().take(SECTION_LIMIT) {
        // Writing into a String cannot fail.
        let _ = writeln!(out, "  - {}", line(item));
    }
    if items.len() > SECTION_LIMIT {
        // Writing into a String cannot fail.
        let _ = writeln!(out, "  … and {} more", items.len() - SECTION_LIMIT);
    }
    out.push('\n');
    items.len()
}

/// Subject and body of the digest for `today`.
pub fn digest(model: &ReadModel, today: NaiveDate) -> (String, String) {
    let mut body = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        body,
        "Your network digest for {}\n",
        today.format("%A %-d %B %Y")
    );
    let due = model.due_contacts(today);
    let mut total = section(&mut body, "Due to get in touch", &due, |d| {
        let name = model.contact(d.id).map_or("?", |e| e.name());
        match d.days_overdue {
            0 => format!("{name} (due today)"),
            n => format!("{name} ({n} days overdue)"),
        }
    });
    let follow_ups = model.due_follow_ups(today);
    total += section(&mut body, "Follow-ups", &follow_ups, |f| {
        format!("{} — {} (due {})", model.names(&f.contacts), f.what, f.due)
    });
    let plan = model.plan();
    let actions = plan.next_actions_due(today);
    total += section(&mut body, "Application next steps", &actions, |a| {
        let action = a
            .fields
            .next_action
            .as_ref()
            .map_or(String::new(), |n| format!(": {} (due {})", n.what, n.due));
        format!("{} — {}{action}", a.fields.company, a.fields.role)
    });
    let asks = plan.asks_to_revisit(today);
    total += section(&mut body, "Asks to bring up again", &asks, |a| {
        a.fields.what.clone()
    });
    let drafts: Vec<_> = model
        .mail()
        .outbox()
        .filter(|e| matches!(e.status, OutboxStatus::Draft | OutboxStatus::NeedsReview))
        .collect();
    total += section(
        &mut body,
        "Emails waiting for you in the Outbox",
        &drafts,
        |e| format!("{} — \"{}\" ({})", e.to_name, e.subject, e.status.label()),
    );
    if plan.check_in_due(today) {
        total += 1;
        // Writing into a String cannot fail.
        let _ = writeln!(
            body,
            "Weekly check-in: it has been a week — take two minutes to record how work feels.\n"
        );
    }
    if total == 0 {
        // Writing into a String cannot fail.
        let _ = writeln!(body, "Nothing is due. Enjoy the quiet.\n");
    }
    // Writing into a String cannot fail.
    let _ = writeln!(body, "— sent by your own computer");
    let subject = if total == 0 {
        format!("Your digest for {}: nothing due", today.format("%-d %b"))
    } else {
        format!(
            "Your digest for {}: {} item{}",
            today.format("%-d %b"),
            total,
            if total == 1 { "" } else { "s" }
        )
    };
    (subject, body.trim_end().to_string())
}
