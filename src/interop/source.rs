//! Where an import comes from: reading the file (a size limit, UTF-8 with the line of
//! the first bad byte, progress and cancel for the window's worker), recognising its
//! format, and handing it to the right reader. The command line and the window's
//! import dialog both start here, so they read a file the same way.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::import::Parsed;
use super::{csv_import, linkedin, vcard};

/// Files larger than this are refused before reading (a contacts export is far smaller).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The formats exitplan imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Linkedin,
    Google,
    /// Any CSV, through a column mapping.
    Csv,
    Vcard,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Linkedin => "LinkedIn connections (CSV)",
            Format::Google => "Google Contacts (CSV)",
            Format::Csv => "Other CSV (choose the columns)",
            Format::Vcard => "vCard (.vcf)",
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path} is {megabytes} MB; exitplan imports files up to {limit} MB")]
    TooLarge {
        path: String,
        megabytes: u64,
        limit: u64,
    },
    #[error(
        "{path} line {line}: not UTF-8 text (save it as UTF-8 and try again); nothing was imported"
    )]
    NotUtf8 { path: String, line: usize },
    #[error("cancelled")]
    Cancelled,
}

/// Reads `file` as UTF-8 text (a byte-order mark is dropped), reporting (bytes read,
/// total) as it goes and stopping early when `cancel` is set.
pub fn read_text(
    file: &Path,
    cancel: &AtomicBool,
    mut progress: impl FnMut(u64, u64),
) -> Result<String, ReadError> {
    let path = file.display().to_string();
    let io = |e: std::io::Error| ReadError::Io {
        path: path.clone(),
        reason: e.to_string(),
    };
    let mut handle = std::fs::File::open(file).map_err(io)?;
    let size = handle.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path,
            megabytes: size / (1024 * 1024),
            limit: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let capacity = usize::try_from(size).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(ReadError::Cancelled);
        }
        let read = handle.read(&mut chunk).map_err(io)?;
        if read == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..read]);
        if bytes.len() as u64 > MAX_FILE_BYTES {
            // The file grew while it was read.
            return Err(ReadError::TooLarge {
                path,
                megabytes: bytes.len() as u64 / (1024 * 1024),
                limit: MAX_FILE_BYTES / (1024 * 1024),
            });
        }
        progress(bytes.len() as u64, size.max(bytes.len() as u64));
    }
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    bytes.drain(..start);
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        ReadError::NotUtf8 { path, line }
    })
}

/// The format `text` is in, when it can be told from the content. A CSV that is
/// neither LinkedIn's nor Google's needs the user to say what its columns hold.
pub fn sniff(text: &str) -> Option<Format> {
    if linkedin::looks_like(text) {
        Some(Format::Linkedin)
    } else if vcard::looks_like(text) {
        Some(Format::Vcard)
    } else if csv_import::looks_like_google(text) {
        Some(Format::Google)
    } else {
        None
    }
}

/// Reads every record of `text` in `format`; `mapping` (column → field) is used for
/// [`Format::Csv`] only.
pub fn parse(format: Format, text: &str, mapping: &HashMap<String, String>) -> Parsed {
    match format {
        Format::Linkedin => linkedin::parse(text),
        Format::Vcard => vcard::parse(text),
        Format::Google => csv_import::parse_google(text),
        Format::Csv => csv_import::parse_mapped(text, mapping),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("exitplan-source-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn reads_text_and_reports_progress_to_the_end() {
        let path = temp_file("ok.csv", b"\xEF\xBB\xBFName\nAda\n");
        let mut seen = Vec::new();
        let text = read_text(&path, &AtomicBool::new(false), |done, total| {
            seen.push((done, total))
        })
        .unwrap();
        assert_eq!(text, "Name\nAda\n");
        assert_eq!(seen.last(), Some(&(12, 12)));
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn names_the_line_of_the_first_byte_that_is_not_utf8() {
        let path = temp_file("latin1.csv", b"Name\nAda\nJos\xe9\n");
        let error = read_text(&path, &AtomicBool::new(false), |_, _| {}).unwrap_err();
        assert!(
            matches!(error, ReadError::NotUtf8 { line: 3, .. }),
            "{error}"
        );
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_cancelled_read_stops() {
        let path = temp_file("cancel.csv", b"Name\nAda\n");
        let error = read_text(&path, &AtomicBool::new(true), |_, _| {}).unwrap_err();
        assert_eq!(error, ReadError::Cancelled);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn sniffs_each_format_and_leaves_plain_csv_to_the_user() {
        assert_eq!(
            sniff("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n"),
            Some(Format::Vcard)
        );
        assert_eq!(sniff("Name,Work Email\nAda,ada@example.org\n"), None);
    }
}
