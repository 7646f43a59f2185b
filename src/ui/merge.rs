//! Keeping an open form in step with the record it edits: each frame the view hands
//! over the stored record's revision; when it moved (an import, the hourly work, a
//! save elsewhere) the form is merged field by field (`model::merge_record`) and the
//! revision a save names moves with it. Owns no state of its own.

use serde::{Serialize, de::DeserializeOwned};

use crate::model::{MergeReport, Revision, merge_record};

/// Merges `form` (filled as `original` from revision `base`) with the stored record
/// when its revision is no longer `base`; returns what the merge did when it did
/// anything. A form for a record not stored yet (`base` is `None`) is left alone.
pub fn follow<F>(
    base: &mut Option<Revision>,
    original: &mut F,
    form: &mut F,
    stored: Revision,
    stored_form: impl FnOnce() -> F,
) -> Option<MergeReport>
where
    F: Serialize + DeserializeOwned + Clone + PartialEq,
{
    if base.is_none_or(|b| b == stored) {
        return None;
    }
    let theirs = stored_form();
    let report = merge_record(original, form, &theirs);
    *base = Some(stored);
    (!report.is_empty()).then_some(report)
}
