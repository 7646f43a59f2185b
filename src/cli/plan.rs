//! What the exit-plan commands (`criterion`, `app`, `capability`, `ask`, `checkin`,
//! `export`) share: writing a plan change, printing the new id or `--json`, and reading
//! categories and stages from their flags (dates are read by clap: `date_flag`). Same
//! conventions as the contact commands: ids on stdout, `--json` on every list, errors
//! naming the field, nothing written when anything is wrong.

use std::io::Write;

use anyhow::anyhow;
use serde::Serialize;

use crate::model::{Category, Stage};
use crate::store::{Change, PlanChange, Store};

pub(super) fn apply_plan(store: &mut Store, change: PlanChange) -> anyhow::Result<Option<u64>> {
    Ok(store.apply(Change::Plan(change))?.new_id())
}

pub(super) fn print_id(out: &mut impl Write, id: Option<u64>) -> anyhow::Result<()> {
    writeln!(out, "{}", id.expect("an id for a new record"))?;
    Ok(())
}

pub(super) fn json_out(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

pub(super) fn category(text: Option<&str>) -> anyhow::Result<Option<Category>> {
    text.map(|t| {
        Category::from_key(t).ok_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
            anyhow!("category '{t}': unknown; use one of {}", known.join(", "))
        })
    })
    .transpose()
}

pub(super) fn stage(text: &str) -> anyhow::Result<Stage> {
    Stage::from_key(text).ok_or_else(|| {
        let known: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
        anyhow!("stage '{text}': unknown; use one of {}", known.join(", "))
    })
}
