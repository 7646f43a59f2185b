//! The one import pipeline: read → recognise → parse → plan. Nothing here writes; the
//! plan is applied by `import::apply*` once the user has seen it. The command line
//! (`cli/import.rs`) and the window's import dialog (`ui/import.rs`, on a worker) only
//! present what it finds; later archive imports plug in here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::import::{self, DedupeIndex, ImportPlan};
use super::source::{self, Format, ReadError};

/// Where the records come from.
pub enum Input {
    File(PathBuf),
    /// Text already read (a CSV whose columns the user has just mapped).
    Text(Arc<String>),
}

/// What reading found.
pub enum Read {
    /// Every record, parsed (the malformed ones say why).
    Parsed(import::Parsed),
    /// A CSV that is neither LinkedIn's nor Google's, with no mapping given: the columns
    /// (from its header row) for the user to map to fields.
    NeedsColumns {
        text: Arc<String>,
        columns: Vec<String>,
    },
}

/// What the whole pipeline found.
pub enum Planned {
    /// The records, each marked new or a duplicate of a stored contact, and the ones
    /// that could not be read.
    Plan(ImportPlan),
    /// See [`Read::NeedsColumns`].
    NeedsColumns {
        text: Arc<String>,
        columns: Vec<String>,
    },
}

/// Why nothing could be planned.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Neither a known format nor a CSV with a header row.
    #[error(transparent)]
    Unrecognised(ColumnsError),
    /// Stopped by the caller (the dialog was closed).
    #[error("cancelled")]
    Cancelled,
}

/// Why a file has no CSV header to map columns from.
#[derive(Debug, thiserror::Error)]
pub enum ColumnsError {
    /// The header cannot be read (said in the message, not as a source: once).
    #[error("the file is neither a vCard nor a readable CSV ({0})")]
    Unreadable(csv::Error),
    #[error(
        "the file has no header row naming its columns; exitplan reads LinkedIn or Google CSV, any CSV with a header row, or vCard"
    )]
    NoHeader,
}

/// A step of the pipeline and how far along the whole is (0 to 1), for a progress bar.
pub type Progress<'a> = &'a dyn Fn(&'static str, f32);

/// Reads `input`, recognises its format (unless given) and parses it (a CSV through
/// `mapping`, column → field). `stop` is looked at between chunks.
pub fn read(
    input: Input,
    format: Option<Format>,
    mapping: &HashMap<String, String>,
    stop: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Read, PipelineError> {
    let text = match input {
        Input::Text(text) => text,
        Input::File(path) => Arc::new(source::read_text(&path, stop, |done, total| {
            progress("Reading the file", 0.4 * done as f32 / total.max(1) as f32);
        })?),
    };
    let format = match format.or_else(|| source::sniff(&text)) {
        Some(format) if format != Format::Csv || !mapping.is_empty() => format,
        None if !mapping.is_empty() => Format::Csv,
        _ => {
            let columns = csv_columns(&text).map_err(PipelineError::Unrecognised)?;
            return Ok(Read::NeedsColumns { text, columns });
        }
    };
    progress("Reading the records", 0.45);
    Ok(Read::Parsed(source::parse(format, &text, mapping)))
}

/// Marks each parsed record new or a duplicate against `index`.
pub fn plan(
    index: DedupeIndex,
    parsed: import::Parsed,
    stop: &AtomicBool,
    progress: Progress<'_>,
) -> Result<ImportPlan, PipelineError> {
    let plan = import::plan_with(index, parsed, &|done, total| {
        progress(
            "Looking for duplicates",
            0.5 + 0.5 * done as f32 / total.max(1) as f32,
        );
        !stop.load(Ordering::Relaxed)
    });
    if stop.load(Ordering::Relaxed) {
        return Err(PipelineError::Cancelled);
    }
    Ok(plan)
}

/// [`read`] then [`plan`], for a caller that has its index at hand (the window's
/// worker).
pub fn read_and_plan(
    input: Input,
    format: Option<Format>,
    mapping: &HashMap<String, String>,
    index: impl FnOnce() -> DedupeIndex,
    stop: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Planned, PipelineError> {
    match read(input, format, mapping, stop, progress)? {
        Read::NeedsColumns { text, columns } => Ok(Planned::NeedsColumns { text, columns }),
        Read::Parsed(parsed) => Ok(Planned::Plan(plan(index(), parsed, stop, progress)?)),
    }
}

/// The header of a CSV file, for the column-mapping step.
pub fn csv_columns(text: &str) -> Result<Vec<String>, ColumnsError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(ColumnsError::Unreadable)?
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    if columns.iter().all(String::is_empty) {
        return Err(ColumnsError::NoHeader);
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, format: Option<Format>, mapping: &[(&str, &str)]) -> Read {
        let mapping = mapping
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect();
        let never = AtomicBool::new(false);
        read(
            Input::Text(Arc::new(text.into())),
            format,
            &mapping,
            &never,
            &|_, _| {},
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_csv_of_its_own_asks_for_its_columns_until_they_are_mapped() {
        let csv = "Full name,Mail\nAda Lovelace,ada@analytical.example\n";
        match read_text(csv, None, &[]) {
            Read::NeedsColumns { columns, .. } => assert_eq!(columns, ["Full name", "Mail"]),
            Read::Parsed(_) => panic!("an unknown CSV needs its columns mapped"),
        }
        match read_text(csv, None, &[("Full name", "name"), ("Mail", "email")]) {
            Read::Parsed(parsed) => {
                assert_eq!(parsed.candidates.len(), 1);
                assert_eq!(parsed.candidates[0].fields.name, "Ada Lovelace");
            }
            Read::NeedsColumns { .. } => panic!("mapped"),
        }
    }

    #[test]
    fn a_vcard_is_recognised_and_planned_as_new() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.example\r\nEND:VCARD\r\n";
        let never = AtomicBool::new(false);
        let planned = read_and_plan(
            Input::Text(Arc::new(card.into())),
            None,
            &HashMap::new(),
            || DedupeIndex::from_contacts(&[]),
            &never,
            &|_, _| {},
        );
        match planned {
            Ok(Planned::Plan(plan)) => {
                assert_eq!(plan.counts().new, 1);
                assert!(plan.malformed.is_empty());
            }
            Ok(Planned::NeedsColumns { .. }) => panic!("a vCard is recognised"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_stop_before_planning_ends_in_cancelled() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n";
        let stopped = AtomicBool::new(true);
        let planned = read_and_plan(
            Input::Text(Arc::new(card.into())),
            None,
            &HashMap::new(),
            || DedupeIndex::from_contacts(&[]),
            &stopped,
            &|_, _| {},
        );
        assert!(matches!(planned, Err(PipelineError::Cancelled)));
    }
}
