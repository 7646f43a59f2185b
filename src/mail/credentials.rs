//! Where the SMTP password comes from, in this order: the `EXITPLAN_SMTP_PASSWORD`
//! environment variable, the OS keyring (Secret Service, Keychain, Credential
//! Manager), or a file readable only by the user next to the database
//! (`DATABASE.smtp-password`, mode 0600). Never the database, never a log; callers
//! tell the user which source was used.
//!
//! The keyring is skipped when `EXITPLAN_KEYRING=off`, and on Linux when no session
//! bus is running (a headless machine or CI), so nothing waits on a service that is
//! not there.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::smtp::Secret;
use crate::model::SmtpSettings;

const KEYRING_SERVICE: &str = "exitplan";

/// Where a password was found or kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    Environment,
    Keyring,
    File(PathBuf),
}

impl std::fmt::Display for PasswordSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordSource::Environment => f.write_str("the EXITPLAN_SMTP_PASSWORD variable"),
            PasswordSource::Keyring => f.write_str("the system keyring"),
            PasswordSource::File(path) => {
                write!(f, "the file {} (readable only by you)", path.display())
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CredentialError(pub String);

/// The password file for a database.
pub fn password_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".smtp-password");
    PathBuf::from(name)
}

fn keyring_enabled() -> bool {
    if std::env::var("EXITPLAN_KEYRING").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        return false;
    }
    if cfg!(target_os = "linux") && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return false;
    }
    true
}

fn keyring_user(smtp: &SmtpSettings) -> String {
    format!("{}@{}", smtp.username, smtp.host)
}

fn keyring_entry(smtp: &SmtpSettings) -> Option<keyring::Entry> {
    if !keyring_enabled() {
        return None;
    }
    keyring::Entry::new(KEYRING_SERVICE, &keyring_user(smtp)).ok()
}

/// The password for the configured account, and where it came from; `None` when no
/// source has one.
pub fn load(
    db: &Path,
    smtp: &SmtpSettings,
) -> Result<Option<(Secret, PasswordSource)>, CredentialError> {
    if let Ok(password) = std::env::var("EXITPLAN_SMTP_PASSWORD")
        && !password.is_empty()
    {
        return Ok(Some((Secret::new(password), PasswordSource::Environment)));
    }
    if let Some(entry) = keyring_entry(smtp)
        && let Ok(password) = entry.get_password()
    {
        return Ok(Some((Secret::new(password), PasswordSource::Keyring)));
    }
    let file = password_file(db);
    let metadata = match std::fs::metadata(&file) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CredentialError(format!(
                "cannot read {}: {e}",
                file.display()
            )));
        }
    };
    if metadata.permissions().mode() & 0o077 != 0 {
        return Err(CredentialError(format!(
            "{} can be read by other users; run `chmod 600 {}` (or `exitplan smtp password` again)",
            file.display(),
            file.display()
        )));
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| CredentialError(format!("cannot read {}: {e}", file.display())))?;
    let password = text.trim_end_matches(['\n', '\r']).to_string();
    Ok((!password.is_empty()).then(|| (Secret::new(password), PasswordSource::File(file))))
}

/// Keeps the password in the keyring when one answers, otherwise in the 0600 file;
/// says where.
pub fn save(
    db: &Path,
    smtp: &SmtpSettings,
    password: &Secret,
) -> Result<PasswordSource, CredentialError> {
    if let Some(entry) = keyring_entry(smtp)
        && entry.set_password(password.expose()).is_ok()
    {
        // A stale file must not be used later, when the keyring does not answer (a
        // scheduled run without a desktop session): one that cannot go is said.
        let file = password_file(db);
        return match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CredentialError(format!(
                "the password is saved in the keyring, but the old password file {} could not be removed ({e}); remove it yourself, or it is used whenever the keyring does not answer",
                file.display()
            ))),
            _ => Ok(PasswordSource::Keyring),
        };
    }
    let file = password_file(db);
    let temporary = {
        let mut name = file.as_os_str().to_owned();
        name.push(".tmp");
        PathBuf::from(name)
    };
    let write = || -> std::io::Result<()> {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)?;
        std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600))?;
        out.write_all(password.expose().as_bytes())?;
        out.write_all(b"\n")?;
        out.sync_all()?;
        std::fs::rename(&temporary, &file)
    };
    write().map_err(|e| {
        // Dropped: the write's own error is the one to tell; the temporary is private
        // (0600) and the next save truncates it.
        let _ = std::fs::remove_file(&temporary);
        CredentialError(format!("cannot write {}: {e}", file.display()))
    })?;
    Ok(PasswordSource::File(file))
}
