//! Reading a backup file for restore: plain JSON, or age-encrypted JSON that needs
//! its passphrase. The command line and the window's first-run screen both read
//! backups here; writing them is `export json` / the Settings card.

use crate::store::Backup;

/// Why a backup file cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupFileError {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path} is encrypted: its passphrase is needed")]
    NeedsPassphrase { path: String },
    #[error("{path}: {reason}")]
    Crypto { path: String, reason: String },
    #[error("{path} line {line}: not an exitplan backup ({reason}); nothing was restored")]
    NotBackup {
        path: String,
        line: usize,
        reason: String,
    },
}

/// The backup in `file`; `passphrase` is used when the file is encrypted.
pub fn read(file: &std::path::Path, passphrase: Option<&str>) -> Result<Backup, BackupFileError> {
    let path = file.display().to_string();
    let mut bytes = std::fs::read(file).map_err(|e| BackupFileError::Io {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if super::encryption::is_encrypted(&bytes) {
        let Some(passphrase) = passphrase.filter(|p| !p.is_empty()) else {
            return Err(BackupFileError::NeedsPassphrase { path });
        };
        bytes = super::encryption::decrypt(&bytes, passphrase).map_err(|e| {
            BackupFileError::Crypto {
                path: path.clone(),
                reason: e.to_string(),
            }
        })?;
    }
    serde_json::from_slice(&bytes).map_err(|e| BackupFileError::NotBackup {
        path,
        line: e.line(),
        reason: e.to_string(),
    })
}
