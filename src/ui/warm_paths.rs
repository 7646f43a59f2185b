//! Warm paths in the window: the people the user knows at a company, best first, with
//! how they connect, how warm the relationship is, the last touch, the balance of
//! give and take, and who may hear about the search. Shown on each application and
//! under "Who do I know at…" in Applications.

use std::sync::Arc;

use eframe::egui::{self, RichText, Ui};

use super::privacy::mask;
use super::widgets::{
    Col, cell, explained_cell, hint, list_table, name_for_assistive_tech, warmth_label,
};
use super::{Request, ViewCtx};
use crate::store::WarmPath;

/// The last lookup: (revision, day, company) and its paths.
type Cached = ((u64, chrono::NaiveDate, String), Arc<Vec<WarmPath>>);

/// At most this many people are listed; the rest are counted.
const MAX_ROWS: usize = 12;

/// The people at `company`, as rows a user can act on (open the contact).
pub fn paths_ui(ui: &mut Ui, ctx: &mut ViewCtx<'_>, company: &str) {
    let today = ctx.today();
    let model = ctx.model();
    // Looked up once per data change, day and company, not every frame.
    let key = (model.revision(), today, company.to_string());
    let cache_id = egui::Id::unique(("warm_paths_cache", company));
    let cached: Option<Cached> = ui.data(|d| d.get_temp(cache_id));
    let paths = match cached {
        Some((k, paths)) if k == key => paths,
        _ => {
            let paths: Arc<Vec<WarmPath>> = Arc::new(model.warm_paths(company, today));
            ui.data_mut(|d| d.insert_temp(cache_id, (key, paths.clone())));
            paths
        }
    };
    let shown_company = mask(ui.ctx(), company.trim()).into_owned();
    if paths.is_empty() {
        hint(
            ui,
            format!("Nobody in your network is at {shown_company} yet."),
        );
        return;
    }
    let mut open = None;
    let rows: Vec<&WarmPath> = paths
        .iter()
        .filter(|p| model.contact(p.contact).is_some())
        .take(MAX_ROWS)
        .collect();
    // Three short lines a row in two columns: who and how they connect, then how warm
    // it is; it fits the application pane at its narrowest.
    list_table(
        ui,
        ("warm_paths", company),
        &[Col::Text(130.0), Col::Text(150.0)],
        rows.len(),
        66.0,
        false,
        |index, row| {
            let path = rows[index];
            let Some(entry) = model.contact(path.contact) else {
                return;
            };
            row.col(|ui| {
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 1.0;
                    let name = mask(ui.ctx(), entry.name()).into_owned();
                    let link = ui.add(egui::Link::new(RichText::new(&name).strong()));
                    name_for_assistive_tech(&link, &format!("Warm path: {name}"));
                    if link.clicked() {
                        open = Some(path.contact);
                    }
                    // Which company: a half-typed name may have found several.
                    let how = match (path.how, entry.contact.fields.organization.trim()) {
                        (crate::store::PathKind::WorksThere, org) if !org.is_empty() => {
                            format!("{} ({})", path.how.label(), mask(ui.ctx(), org))
                        }
                        _ => path.how.label().to_string(),
                    };
                    cell(ui, RichText::new(how).weak());
                    cell(ui, RichText::new(path.discretion.label()).weak());
                });
            });
            row.col(|ui| {
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 1.0;
                    warmth_label(ui, path.warmth);
                    cell(
                        ui,
                        RichText::new(match path.last_touch {
                            Some(date) => format!("last touch {}", date.format("%-d %b %Y")),
                            None => "not in touch yet".to_string(),
                        })
                        .weak(),
                    );
                    let r = path.reciprocity;
                    explained_cell(
                        ui,
                        format!(
                            "gave {} · received {} · mutual {}",
                            r.gave, r.received, r.mutual
                        ),
                        r.summary(),
                    );
                });
            });
        },
    );
    if paths.len() > MAX_ROWS {
        hint(ui, format!("…and {} more.", paths.len() - MAX_ROWS));
    }
    if let Some(id) = open {
        ctx.requests.push(Request::OpenContact(id));
    }
}
