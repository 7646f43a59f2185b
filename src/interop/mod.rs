//! Files in and out of exitplan: the Markdown brag document, contact imports (LinkedIn,
//! Google and mapped CSV, vCard 2.1/3.0/4.0) with a plan and merge before anything is written, vCard
//! 4.0, iCalendar and CSV exports (safe for spreadsheets). Writing is atomic
//! (a temporary file beside the target, then a rename), so a full disk or a crash never
//! leaves a half-written export in place of a good one.

pub mod backup_file;
pub mod brag;
pub mod csv_import;
pub mod encryption;
pub mod ics;
pub mod import;
pub mod linkedin;
pub mod pipeline;
pub mod source;
pub mod table;
pub mod vcard;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
/// The file is readable only by the user (mode 0600): every export holds private data.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temporary = folder.join(name);
    let result = (|| {
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        // Dropped: the write's own error is the one to tell; a private temporary left
        // beside the file is all a failure here leaves.
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
