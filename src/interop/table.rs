//! CSV exports of contacts and applications, safe to open in a spreadsheet: a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so
//! no spreadsheet runs it as a formula.

use crate::store::ReadModel;

/// A cell a spreadsheet will show as text, never evaluate.
pub fn neutralize(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn write_rows(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a record with the header's width is always valid.
    writer
        .write_record(header)
        .expect("writing CSV to memory cannot fail");
    for row in rows {
        let row: Vec<String> = row.iter().map(|c| neutralize(c)).collect();
        writer
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail")
}

/// Every contact that is not archived, one row each.
pub fn contacts_csv(model: &ReadModel) -> Vec<u8> {
    let header = [
        "Name",
        "Emails",
        "Phones",
        "Organization",
        "Title",
        "Tags",
        "Circle",
        "Cadence days",
        "Last touch",
        "Next due",
        "Met on",
        "How we met",
        "Notes",
        "Links",
    ];
    let rows = model
        .contacts()
        .iter()
        .filter(|e| !e.contact.archived)
        .map(|e| {
            let f = &e.contact.fields;
            vec![
                f.name.clone(),
                f.emails.join("; "),
                f.phones.join("; "),
                f.organization.clone(),
                f.title.clone(),
                f.tags.join("; "),
                f.circle.label().to_string(),
                f.cadence_days.map_or(String::new(), |d| d.to_string()),
                e.stats.last_touch.map_or(String::new(), |d| d.to_string()),
                e.next_due.map_or(String::new(), |d| d.to_string()),
                f.met_on.map_or(String::new(), |d| d.to_string()),
                f.how_we_met.clone(),
                f.notes.clone(),
                f.links.join("; "),
            ]
        });
    write_rows(&header, rows)
}

/// Every application with its stage, fit and next action.
pub fn applications_csv(model: &ReadModel) -> Vec<u8> {
    let header = [
        "Company",
        "Role",
        "Stage",
        "Fit",
        "Next action",
        "Next action due",
        "Salary min",
        "Salary max",
        "Link",
        "Source",
        "Notes",
    ];
    let plan = model.plan();
    let rows = plan.applications().map(|a| {
        let f = &a.fields;
        vec![
            f.company.clone(),
            f.role.clone(),
            a.stage.label().to_string(),
            plan.fit(a.id)
                .and_then(|fit| fit.score)
                .map_or(String::new(), |s| s.to_string()),
            f.next_action
                .as_ref()
                .map_or(String::new(), |n| n.what.clone()),
            f.next_action
                .as_ref()
                .map_or(String::new(), |n| n.due.to_string()),
            f.salary_min.map_or(String::new(), |s| s.to_string()),
            f.salary_max.map_or(String::new(), |s| s.to_string()),
            f.link.clone(),
            f.source.clone(),
            f.notes.clone(),
        ]
    });
    write_rows(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralized() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize(cell).starts_with('\''), "{cell}");
        }
        for cell in ["Ada", "", "1+1", "a=b", "'quoted"] {
            assert_eq!(neutralize(cell), cell);
        }
    }
}
