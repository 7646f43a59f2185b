//! `exitplan due`: who to get in touch with, and which follow-ups are waiting.

use super::*;

#[derive(Serialize)]
struct DueJson {
    contacts: Vec<DueContactJson>,
    follow_ups: Vec<DueFollowUpJson>,
    applications: Vec<DueApplicationJson>,
}

/// An application's rhythm follow-up that is due.
#[derive(Serialize)]
struct DueApplicationJson {
    application: u64,
    company: String,
    role: String,
    stage: &'static str,
    due: NaiveDate,
    days_overdue: i64,
    what: String,
    step: u32,
    of: u32,
}

#[derive(Serialize)]
struct DueContactJson {
    id: u64,
    name: String,
    organization: String,
    due: NaiveDate,
    days_overdue: i64,
    last_touch: Option<NaiveDate>,
}

#[derive(Serialize)]
struct DueFollowUpJson {
    touchpoint: u64,
    due: NaiveDate,
    days_overdue: i64,
    what: String,
    contacts: Vec<u64>,
    names: String,
}

pub(super) fn due_command(store: &Store, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let due = due_json(store);
    if json {
        serde_json::to_writer_pretty(&mut *out, &due)?;
        writeln!(out)?;
        return Ok(());
    }
    print_due(&due, out)
}

/// Who and what is due today: the same question Today, the digest and the reminder
/// run ask.
fn due_json(store: &Store) -> DueJson {
    let today = store.today();
    let model = store.model();
    let contacts: Vec<DueContactJson> = model
        .due_contacts(today)
        .into_iter()
        .filter_map(|d| {
            let e = model.contact(d.id)?;
            Some(DueContactJson {
                id: d.id.0,
                name: e.contact.fields.name.clone(),
                organization: e.contact.fields.organization.clone(),
                due: d.due,
                days_overdue: d.days_overdue,
                last_touch: e.stats.last_touch,
            })
        })
        .collect();
    let follow_ups: Vec<DueFollowUpJson> = model
        .due_follow_ups(today)
        .into_iter()
        .map(|f| DueFollowUpJson {
            touchpoint: f.touchpoint.0,
            due: f.due,
            days_overdue: (today - f.due).num_days(),
            what: f.what.clone(),
            contacts: f.contacts.iter().map(|c| c.0).collect(),
            names: model.names(&f.contacts),
        })
        .collect();
    let applications: Vec<DueApplicationJson> = model
        .plan()
        .rhythm_due(&model.settings().rhythms, today)
        .into_iter()
        .map(|(a, item)| DueApplicationJson {
            application: a.id.0,
            company: a.fields.company.clone(),
            role: a.fields.role.clone(),
            stage: a.stage.key(),
            due: item.due,
            days_overdue: (today - item.due).num_days(),
            what: item.what,
            step: item.step,
            of: item.of,
        })
        .collect();
    DueJson {
        contacts,
        follow_ups,
        applications,
    }
}

/// One section per kind: a heading with the count, then one line each (id, what, days
/// overdue).
fn print_due(due: &DueJson, out: &mut impl Write) -> anyhow::Result<()> {
    if due.contacts.is_empty() && due.follow_ups.is_empty() && due.applications.is_empty() {
        writeln!(out, "Nothing is due today.")?;
        return Ok(());
    }
    type Lines = Vec<(u64, String, i64)>;
    let sections: [(&str, Lines); 3] = [
        (
            "Due contacts",
            due.contacts
                .iter()
                .map(|c| (c.id, c.name.clone(), c.days_overdue))
                .collect(),
        ),
        (
            "Due follow-ups",
            due.follow_ups
                .iter()
                .map(|f| {
                    (
                        f.touchpoint,
                        format!("{} — {}", f.what, f.names),
                        f.days_overdue,
                    )
                })
                .collect(),
        ),
        (
            "Due application follow-ups",
            due.applications
                .iter()
                .map(|a| {
                    (
                        a.application,
                        format!(
                            "{} — {} at {} ({} of {})",
                            a.what, a.role, a.company, a.step, a.of
                        ),
                        a.days_overdue,
                    )
                })
                .collect(),
        ),
    ];
    for (heading, lines) in sections {
        due_section(heading, &lines, out)?;
    }
    Ok(())
}

/// "Due … (n):", then one line each: id, what, how overdue. Nothing when none is due.
fn due_section(
    heading: &str,
    lines: &[(u64, String, i64)],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "{heading} ({}):", lines.len())?;
    for (id, text, days) in lines {
        writeln!(
            out,
            "{id:>6}  {text}  {}",
            crate::model::overdue_words(*days)
        )?;
    }
    Ok(())
}
