//! The user's own digest: one plain-text email listing who is due, follow-ups,
//! application next actions, asks to revisit, drafts waiting for approval and the
//! check-in reminder. It goes only to the user's own address.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::OutboxStatus;
use crate::store::ReadModel;

/// At most this many lines per section; the rest is counted.
const SECTION_LIMIT: usize = 25;

fn section<T>(
    out: &mut String,
    title: &str,
    items: &[T],
    line: impl Fn(&T) -> String,
) -> Result<usize, std::fmt::Error> {
    if items.is_empty() {
        return Ok(0);
    }
    writeln!(out, "{title} ({})", items.len())?;
    for item in items.iter().take(SECTION_LIMIT) {
        writeln!(out, "  - {}", line(item))?;
    }
    if items.len() > SECTION_LIMIT {
        writeln!(out, "  … and {} more", items.len() - SECTION_LIMIT)?;
    }
    out.push('\n');
    Ok(items.len())
}

/// Subject and body of the digest for `today`.
pub fn digest(model: &ReadModel, today: NaiveDate) -> (String, String) {
    let mut body = String::new();
    let total = write_body(&mut body, model, today).expect("writing into a String cannot fail");
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

/// Writes the digest's sections into `body`; how many items they hold.
fn write_body(
    body: &mut String,
    model: &ReadModel,
    today: NaiveDate,
) -> Result<usize, std::fmt::Error> {
    writeln!(
        body,
        "Your network digest for {}\n",
        today.format("%A %-d %B %Y")
    )?;
    let due = model.due_contacts(today);
    let mut total = section(body, "Due to get in touch", &due, |d| {
        let name = model.contact(d.id).map_or("?", |e| e.name());
        match d.days_overdue {
            0 => format!("{name} (due today)"),
            n => format!("{name} ({n} days overdue)"),
        }
    })?;
    let follow_ups = model.due_follow_ups(today);
    total += section(body, "Follow-ups", &follow_ups, |f| {
        format!("{} — {} (due {})", model.names(&f.contacts), f.what, f.due)
    })?;
    let plan = model.plan();
    let actions = plan.next_actions_due(today);
    total += section(body, "Application next steps", &actions, |a| {
        let action = a
            .fields
            .next_action
            .as_ref()
            .map_or(String::new(), |n| format!(": {} (due {})", n.what, n.due));
        format!("{} — {}{action}", a.fields.company, a.fields.role)
    })?;
    let asks = plan.asks_to_revisit(today);
    total += section(body, "Asks to bring up again", &asks, |a| {
        a.fields.what.clone()
    })?;
    let drafts: Vec<_> = model
        .mail()
        .outbox()
        .filter(|e| matches!(e.status, OutboxStatus::Draft | OutboxStatus::NeedsReview))
        .collect();
    total += section(body, "Emails waiting for you in the Outbox", &drafts, |e| {
        format!("{} — \"{}\" ({})", e.to_name, e.subject, e.status.label())
    })?;
    if plan.check_in_due(today) {
        total += 1;
        writeln!(
            body,
            "Weekly check-in: it has been a week — take two minutes to record how work feels.\n"
        )?;
    }
    if total == 0 {
        writeln!(body, "Nothing is due. Enjoy the quiet.\n")?;
    }
    writeln!(body, "— sent by your own computer")?;
    Ok(total)
}
