//! `exitplan criterion …`: the dream-job criteria, with their kinds and categories.

use std::io::Write;
use std::path::Path;

use anyhow::anyhow;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::open;
use super::plan::{apply_plan, category, json_out, print_id};
use crate::model::{Category, Criterion, CriterionFields, CriterionId, CriterionKind};
use crate::store::PlanChange;

#[derive(Debug, Subcommand)]
pub enum CriterionCommand {
    /// Add a dream-job criterion; prints its id
    Add {
        #[arg(long)]
        text: String,
        #[command(flatten)]
        kind: KindArgs,
        /// role, management, pay, location, growth, learning or culture
        #[arg(long)]
        category: Option<String>,
    },
    /// List criteria in order (retired ones with --all)
    List {
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        output: super::JsonFlag,
    },
    /// Change a criterion; only the given fields change
    Edit {
        id: u64,
        #[arg(long)]
        text: Option<String>,
        #[command(flatten)]
        kind: KindArgs,
        #[arg(long)]
        category: Option<String>,
    },
    /// Retire a criterion: it stops counting, its ratings are kept
    Retire { id: u64 },
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct KindArgs {
    /// The job must have it
    #[arg(long)]
    pub must: bool,
    /// Nice to have, weighing 1 to 5
    #[arg(long, value_name = "WEIGHT")]
    pub nice: Option<u8>,
    /// Rules a job out when it applies
    #[arg(long)]
    pub deal_breaker: bool,
}

impl KindArgs {
    fn kind(&self) -> Option<CriterionKind> {
        if self.must {
            Some(CriterionKind::MustHave)
        } else if let Some(weight) = self.nice {
            Some(CriterionKind::NiceToHave { weight })
        } else if self.deal_breaker {
            Some(CriterionKind::DealBreaker)
        } else {
            None
        }
    }
}

#[derive(Serialize)]
struct CriterionJson {
    id: u64,
    text: String,
    kind: &'static str,
    weight: Option<u8>,
    category: Option<&'static str>,
    position: u32,
    retired: bool,
}

impl CriterionJson {
    fn of(c: &Criterion) -> Self {
        Self {
            id: c.id.0,
            text: c.fields.text.clone(),
            kind: match c.fields.kind {
                CriterionKind::MustHave => "must-have",
                CriterionKind::NiceToHave { .. } => "nice-to-have",
                CriterionKind::DealBreaker => "deal-breaker",
            },
            weight: match c.fields.kind {
                CriterionKind::NiceToHave { weight } => Some(weight),
                _ => None,
            },
            category: c.fields.category.map(Category::key),
            position: c.position,
            retired: c.retired,
        }
    }
}

pub fn criterion_command(
    command: CriterionCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        CriterionCommand::Add {
            text,
            kind,
            category: cat,
        } => {
            let kind = kind
                .kind()
                .ok_or_else(|| anyhow!("kind: say --must, --nice WEIGHT or --deal-breaker"))?;
            let fields = CriterionFields {
                text,
                kind,
                category: category(cat.as_deref())?,
            };
            let mut store = open(path)?;
            print_id(
                out,
                apply_plan(&mut store, PlanChange::AddCriterion(fields))?,
            )
        }
        CriterionCommand::List {
            all,
            output: super::JsonFlag { json },
        } => list_criteria(all, json, path, out),
        CriterionCommand::Edit {
            id,
            text,
            kind,
            category: cat,
        } => edit_criterion(id, text, &kind, cat.as_deref(), path),
        CriterionCommand::Retire { id } => {
            let mut store = open(path)?;
            apply_plan(
                &mut store,
                PlanChange::SetCriterionRetired {
                    id: CriterionId(id),
                    retired: true,
                },
            )?;
            Ok(())
        }
    }
}

fn list_criteria(all: bool, json: bool, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let store = open(path)?;
    let list: Vec<CriterionJson> = store
        .model()
        .plan()
        .criteria()
        .iter()
        .filter(|c| all || !c.retired)
        .map(CriterionJson::of)
        .collect();
    if json {
        return json_out(out, &list);
    }
    for c in &list {
        let kind = match c.weight {
            Some(w) => format!("nice-to-have ({w})"),
            None => c.kind.to_string(),
        };
        let retired = if c.retired { "  [retired]" } else { "" };
        writeln!(out, "{:>6}  {:<17} {}{retired}", c.id, kind, c.text)?;
    }
    Ok(())
}

/// Changes only the given fields.
fn edit_criterion(
    id: u64,
    text: Option<String>,
    kind: &KindArgs,
    cat: Option<&str>,
    path: &Path,
) -> anyhow::Result<()> {
    let mut store = open(path)?;
    let current = store
        .model()
        .plan()
        .criterion(CriterionId(id))
        .ok_or_else(|| {
            anyhow!("criterion {id} does not exist (see `exitplan criterion list --all`)")
        })?;
    let base = crate::model::Revision::of(current);
    let mut fields = current.fields.clone();
    if let Some(text) = text {
        fields.text = text;
    }
    if let Some(kind) = kind.kind() {
        fields.kind = kind;
    }
    if cat.is_some() {
        fields.category = category(cat)?;
    }
    apply_plan(
        &mut store,
        PlanChange::EditCriterion {
            id: CriterionId(id),
            base,
            fields,
        },
    )?;
    Ok(())
}
