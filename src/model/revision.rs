//! Revisions of stored records and the three-way merge of an edit that was made from an
//! older revision. An edit names the revision it was made from; the store refuses it
//! when the record has changed since (an import merged into it, the hourly work, another
//! window's save), and the form merges: fields the user did not touch take the stored
//! values, fields the user typed stay, and only a field both changed is a conflict.
//! Pure: no I/O.

use serde::Serialize;

/// Which version of a stored record an edit was made from: a digest of the whole
/// record as stored (its fields, flags and timestamps). Two reads of an unchanged record
/// give the same revision; any write that changes it gives another. Never stored: it
/// is compared within one process, between reading a record and writing it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Revision(pub u64);

impl Revision {
    /// The revision of `record` as it is now.
    pub fn of<T: Serialize + ?Sized>(record: &T) -> Revision {
        let mut hasher = Fnv64::default();
        // postcard writes plain structs (no maps with unordered keys in our records)
        // deterministically; a serialisation error cannot happen for them.
        let _written = postcard::to_io(record, &mut hasher);
        Revision(hasher.0)
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms (unlike std's hasher), cheap
/// for a record of a few hundred bytes.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl std::io::Write for Fnv64 {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The outcome of merging one field: the stored value was taken, the user's was kept,
/// or both changed it differently (the user's is kept and the field is reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldMerge {
    TookStored,
    KeptMine,
    Unchanged,
    Conflict,
}

/// Three-way merge of one field. `base` is what the form was loaded from, `mine` what
/// the user has now, `stored` what the database holds now. Afterwards `base` is the
/// stored value (the form's new starting point) and `mine` the merged value.
pub fn merge_field<T: PartialEq + Clone>(base: &mut T, mine: &mut T, stored: &T) -> FieldMerge {
    let outcome = if *base == *stored {
        FieldMerge::Unchanged
    } else if *mine == *base {
        *mine = stored.clone();
        FieldMerge::TookStored
    } else if *mine == *stored {
        FieldMerge::KeptMine
    } else {
        FieldMerge::Conflict
    };
    *base = stored.clone();
    outcome
}

/// What a merge did: the fields that took the stored value, and the fields both sides
/// changed differently (the user's value is kept; the form points them out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub took_stored: Vec<String>,
    pub conflicts: Vec<String>,
}

impl MergeReport {
    pub fn is_empty(&self) -> bool {
        self.took_stored.is_empty() && self.conflicts.is_empty()
    }

    /// One sentence for the form: what was brought in and what needs a look.
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if !self.took_stored.is_empty() {
            parts.push(format!(
                "Updated from a change made elsewhere: {}.",
                self.took_stored.join(", ")
            ));
        }
        if !self.conflicts.is_empty() {
            parts.push(format!(
                "Also changed elsewhere, your text is kept: {} (Revert takes the stored one).",
                self.conflicts.join(", ")
            ));
        }
        parts.join(" ")
    }
}

/// Three-way merge of a form, field by field (the top-level fields of its serde shape):
/// `base` is what the form was loaded from, `mine` what the user has now, `stored` the
/// same form filled from the record as stored now. Afterwards `base` is `stored` and
/// `mine` holds the merge. Field names are reported in words ("how we met").
pub fn merge_record<T>(base: &mut T, mine: &mut T, stored: &T) -> MergeReport
where
    T: Serialize + serde::de::DeserializeOwned + Clone + PartialEq,
{
    use serde_json::Value;
    let (Ok(Value::Object(old)), Ok(Value::Object(mut now)), Ok(Value::Object(theirs))) = (
        serde_json::to_value(&*base),
        serde_json::to_value(&*mine),
        serde_json::to_value(stored),
    ) else {
        // Not a struct (never the case for a form): the stored value wins only where
        // the user changed nothing.
        let mut report = MergeReport::default();
        if base != mine && serde_json::to_value(&*base).ok() != serde_json::to_value(stored).ok() {
            report.conflicts.push("value".into());
        } else if serde_json::to_value(&*base).ok() == serde_json::to_value(&*mine).ok() {
            *mine = stored.clone();
        }
        *base = stored.clone();
        return report;
    };
    let mut report = MergeReport::default();
    for (key, stored_value) in &theirs {
        let mut base_value = old.get(key).cloned().unwrap_or(Value::Null);
        let Some(mine_value) = now.get_mut(key) else {
            continue;
        };
        let label = key.replace('_', " ");
        match merge_field(&mut base_value, mine_value, stored_value) {
            FieldMerge::TookStored => report.took_stored.push(label),
            FieldMerge::Conflict => report.conflicts.push(label),
            FieldMerge::KeptMine | FieldMerge::Unchanged => {}
        }
    }
    if let Ok(merged) = serde_json::from_value(Value::Object(std::mem::take(&mut now))) {
        *mine = merged;
    }
    *base = stored.clone();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_follows_the_content() {
        let a = ("Priya", vec!["555-0100"]);
        let b = ("Priya", vec!["555-0101"]);
        assert_eq!(Revision::of(&a), Revision::of(&a.clone()));
        assert_ne!(Revision::of(&a), Revision::of(&b));
    }

    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    struct Form {
        phones: String,
        tags: String,
        how_we_met: String,
        notes: String,
    }

    #[test]
    fn untouched_fields_take_the_stored_value_typed_ones_stay() {
        let mut base = Form {
            phones: String::new(),
            tags: "a".into(),
            how_we_met: "at a meetup".into(),
            notes: "x".into(),
        };
        let mut mine = Form {
            tags: "a, b".into(),
            notes: "mine".into(),
            ..base.clone()
        };
        let stored = Form {
            phones: "555-0100".into(),
            how_we_met: "at a meetup".into(),
            tags: "a".into(),
            notes: "theirs".into(),
        };
        let report = merge_record(&mut base, &mut mine, &stored);
        assert_eq!(
            mine,
            Form {
                phones: "555-0100".into(),
                tags: "a, b".into(),
                how_we_met: "at a meetup".into(),
                notes: "mine".into(),
            }
        );
        assert_eq!(base, stored);
        assert_eq!(report.took_stored, vec!["phones"]);
        assert_eq!(report.conflicts, vec!["notes"]);
        assert!(report.sentence().contains("phones"));
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let (mut base, mut mine, stored) = (1, 2, 2);
        assert_eq!(
            merge_field(&mut base, &mut mine, &stored),
            FieldMerge::KeptMine
        );
        assert_eq!((base, mine), (2, 2));
    }
}
