//! The brag document: the capability log as Markdown, grouped by tag, newest first —
//! an up-to-date job description for a promotion case or for interviews.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::Capability;

/// Heading used for capabilities without a tag.
pub const UNTAGGED: &str = "Other";

/// Escapes the characters that would turn plain text into Markdown structure.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Plain paragraphs: each line escaped, blank lines kept as paragraph breaks.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            // A line that would start a list or a quote stays text, not structure.
            let escaped = inline(trimmed);
            match trimmed.chars().next() {
                Some('-' | '+' | '=') => format!("\\{escaped}"),
                Some(c) if c.is_ascii_digit() && trimmed.contains(". ") => {
                    escaped.replacen(". ", "\\. ", 1)
                }
                _ => escaped,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole document. Capabilities with several tags appear under each of them.
pub fn brag_markdown(capabilities: &[&Capability], today: NaiveDate) -> String {
    let mut groups: BTreeMap<String, Vec<&Capability>> = BTreeMap::new();
    for capability in capabilities {
        if capability.fields.tags.is_empty() {
            groups
                .entry(UNTAGGED.to_string())
                .or_default()
                .push(capability);
        }
        for tag in &capability.fields.tags {
            groups.entry(tag.clone()).or_default().push(capability);
        }
    }
    // "Other" goes last; tags in alphabetical order, ignoring case.
    let mut tags: Vec<String> = groups.keys().cloned().collect();
    tags.sort_by_key(|t| (t == UNTAGGED, t.to_lowercase()));
    let mut md = String::from("# Capabilities and accomplishments\n\n");
    md.push_str(&format!(
        "_Updated {today} · {} {}_\n",
        capabilities.len(),
        if capabilities.len() == 1 {
            "entry"
        } else {
            "entries"
        }
    ));
    for tag in tags {
        let mut entries = groups.remove(&tag).unwrap_or_default();
        entries.sort_by(|a, b| b.fields.date.cmp(&a.fields.date).then(b.id.cmp(&a.id)));
        md.push_str(&format!("\n## {}\n", inline(&tag)));
        for c in entries {
            md.push_str(&format!(
                "\n### {} ({})\n",
                inline(&c.fields.title),
                c.fields.date
            ));
            if !c.fields.numbers.is_empty() {
                md.push_str(&format!("\n**Numbers:** {}\n", inline(&c.fields.numbers)));
            }
            if !c.fields.story.is_empty() {
                md.push_str(&format!("\n{}\n", paragraphs(&c.fields.story)));
            }
        }
    }
    md
}
