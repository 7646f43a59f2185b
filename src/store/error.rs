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
///
/// Each variant keeps the error it wraps. None names it as its `source`: the words
/// already say it (or, for a full disk, say it plainer), and the command line prints
/// an error's whole chain, so a source would be said twice.
#[derive(Debug, thiserror::Error)]
pub enum StorageFailure {
    /// No space left on the device.
    #[error("the disk is full — free some space and try again; nothing was saved")]
    DiskFull(redb::Error),
    #[error("could not save ({0}); nothing was saved")]
    Redb(redb::Error),
    /// A stored record does not decode.
    #[error("a stored record cannot be read: {0}")]
    Record(super::codec::CodecError),
    /// A file beside the database (the send lease, a snapshot): what was being done,
    /// and the error.
    #[error("{doing}: {error}")]
    File {
        doing: &'static str,
        error: std::io::Error,
    },
    /// A copy of the database (a snapshot) could not be opened as one.
    #[error("{0}")]
    Copy(redb::DatabaseError),
    /// The database could not be opened again (to reload it, or for the next step of
    /// a send).
    #[error(transparent)]
    Reopen(Box<super::OpenError>),
    /// The storage library failed inside (a panic on a damaged page).
    #[error("{}", super::DAMAGED)]
    Damaged,
    /// Another send run holds the send lease.
    #[error("another exitplan is sending right now; nothing more is sent until it is done")]
    SendBusy,
    /// Something the database holds contradicts itself, or cannot be upgraded; the
    /// words say what.
    #[error("{0}")]
    Inconsistent(String),
}

impl StorageFailure {
    pub fn from_redb(error: impl Into<redb::Error>) -> Self {
        let error: redb::Error = error.into();
        if let redb::Error::Io(io) = &error
            && io.raw_os_error() == Some(28)
        {
            return StorageFailure::DiskFull(error);
        }
        StorageFailure::Redb(error)
    }
}

macro_rules! from_redb {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for StorageFailure {
            fn from(e: $error) -> Self {
                Self::from_redb(e)
            }
        }
    )*};
}

from_redb!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
);
impl From<super::codec::CodecError> for StorageFailure {
    fn from(e: super::codec::CodecError) -> Self {
        StorageFailure::Record(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storage_failure_is_said_once_through_the_whole_chain() {
        let full = StorageFailure::from_redb(redb::StorageError::Io(
            std::io::Error::from_raw_os_error(28),
        ));
        assert!(
            matches!(&full, StorageFailure::DiskFull(redb::Error::Io(io)) if io.raw_os_error() == Some(28))
        );
        let error: anyhow::Error = crate::store::ApplyError::Storage(full).into();
        assert_eq!(
            format!("{error:#}"),
            "the disk is full — free some space and try again; nothing was saved"
        );
        let other = StorageFailure::from_redb(redb::StorageError::Io(std::io::Error::other(
            "a bad sector",
        )));
        let error: anyhow::Error = crate::store::ApplyError::Storage(other).into();
        assert_eq!(
            format!("{error:#}"),
            "could not save (I/O error: a bad sector); nothing was saved"
        );
    }
}
