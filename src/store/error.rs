//! Errors from opening and writing the database, worded for the person at the keyboard:
//! what failed, on which file, and what to do. Nothing stored is changed when one occurs.

use std::path::PathBuf;

/// Why a database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "{} is in use by another exitplan (the window or a scheduled run); close it and try again",
        path.display()
    )]
    Busy { path: PathBuf },
    #[error(
        "{} is not an exitplan database ({detail}); it was left untouched — choose another file with --db",
        path.display()
    )]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "{} was written by a newer exitplan (schema {found}, this one knows up to {known}); update exitplan — the file was left untouched",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        known: u64,
    },
    #[error("cannot open {}: {detail}", path.display())]
    Io { path: PathBuf, detail: String },
    #[error("{} could not be read: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
}

impl OpenError {
    /// Whether the file is there but cannot be read as a database (damaged or not
    /// ours): then a snapshot can help.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            OpenError::NotADatabase { .. } | OpenError::Unreadable { .. }
        )
    }

    /// Process exit code for this error: 3 when another process holds the file, else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            OpenError::Busy { .. } => 3,
            _ => 1,
        }
    }
}

/// A write that the disk or redb refused; the transaction was rolled back.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StorageFailure(pub String);

impl StorageFailure {
    pub fn from_redb(error: impl Into<redb::Error>) -> Self {
        let error: redb::Error = error.into();
        let text = error.to_string();
        if let redb::Error::Io(io) = &error
            && io.raw_os_error() == Some(28)
        {
            return StorageFailure(
                "the disk is full — free some space and try again; nothing was saved".into(),
            );
        }
        StorageFailure(format!("could not save ({text}); nothing was saved"))
    }
}

impl From<redb::TransactionError> for StorageFailure {
    fn from(e: redb::TransactionError) -> Self {
        Self::from_redb(e)
    }
}
impl From<redb::TableError> for StorageFailure {
    fn from(e: redb::TableError) -> Self {
        Self::from_redb(e)
    }
}
impl From<redb::StorageError> for StorageFailure {
    fn from(e: redb::StorageError) -> Self {
        Self::from_redb(e)
    }
}
impl From<redb::CommitError> for StorageFailure {
    fn from(e: redb::CommitError) -> Self {
        Self::from_redb(e)
    }
}
impl From<super::codec::CodecError> for StorageFailure {
    fn from(e: super::codec::CodecError) -> Self {
        StorageFailure(format!("a stored record cannot be read: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storage_failure_is_said_once_through_the_whole_chain() {
        let error: anyhow::Error = crate::store::ApplyError::Storage(StorageFailure(
            "the disk is full — free some space and try again; nothing was saved".into(),
        ))
        .into();
        assert_eq!(
            format!("{error:#}"),
            "the disk is full — free some space and try again; nothing was saved"
        );
    }
}
