//! The contact picker: type part of a name, pick from the matches (names that begin
//! with the text first), shown as removable chips.

use eframe::egui::{self, RichText, Ui};

use super::widgets::{hint, labelled_line, name_for_assistive_tech};
use crate::model::ContactId;
use crate::store::ReadModel;

/// Choose one or more contacts by typing part of a name, organization, email or tag.
#[derive(Debug, Default)]
pub struct ContactPicker {
    pub query: String,
    pub chosen: Vec<ContactId>,
    /// (model revision, query, hits) of the last search, so typing narrows it.
    cache: Option<(u64, String, Vec<usize>)>,
}

impl ContactPicker {
    pub fn with(chosen: Vec<ContactId>) -> Self {
        Self {
            query: String::new(),
            chosen,
            cache: None,
        }
    }

    /// Shows the chosen contacts (each with a remove button), the search field, and up
    /// to six matches to add. `label` names the search field. `single` replaces the
    /// choice instead of adding to it.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        model: &ReadModel,
        label: &str,
        single: bool,
    ) -> egui::Response {
        ui.horizontal_wrapped(|ui| {
            let mut remove = None;
            for id in &self.chosen {
                let name = model.contact(*id).map_or("(unknown)", |e| e.name());
                ui.label(RichText::new(name).strong());
                let close = ui.small_button("×").on_hover_text(format!("Remove {name}"));
                name_for_assistive_tech(&close, &format!("Remove {name}"));
                if close.clicked() {
                    remove = Some(*id);
                }
            }
            if let Some(id) = remove {
                self.chosen.retain(|c| *c != id);
            }
        });
        let response = labelled_line(ui, label, &mut self.query, None);
        if !self.query.trim().is_empty() {
            let hits = match self.cache.take() {
                Some((revision, query, hits))
                    if revision == model.revision() && query == self.query =>
                {
                    hits
                }
                Some((revision, query, hits)) if revision == model.revision() => ranked(
                    model,
                    &self.query,
                    model.search(&self.query, Some((&query, &hits))),
                ),
                _ => ranked(model, &self.query, model.search(&self.query, None)),
            };
            // Enter in the search field takes the first match, so the keyboard suffices.
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let mut shown = 0;
            for &i in &hits {
                let entry = &model.contacts()[i];
                if entry.contact.archived || self.chosen.contains(&entry.id()) {
                    continue;
                }
                let org = &entry.contact.fields.organization;
                let text = if org.is_empty() {
                    entry.name().to_string()
                } else {
                    format!("{} · {org}", entry.name())
                };
                if ui.button(text).clicked() || (enter && shown == 0) {
                    if single {
                        self.chosen.clear();
                    }
                    self.chosen.push(entry.id());
                    self.query.clear();
                }
                shown += 1;
                if shown == 6 {
                    break;
                }
            }
            if shown == 0 {
                hint(ui, "No contact matches.");
            }
            self.cache = Some((model.revision(), self.query.clone(), hits));
        }
        response
    }
}

/// Search hits in the order a person expects to pick from: names that begin with the
/// query first ("pet" → Peter before Elena Petrova), then names with a word that
/// begins with it, then the rest (a match in the organization or an address); ties by
/// name.
fn ranked(model: &ReadModel, query: &str, mut hits: Vec<usize>) -> Vec<usize> {
    let query = crate::store::fold(query);
    let query = query.trim();
    hits.sort_by_cached_key(|&i| {
        let name = model.folded_name(i);
        let rank = if name.starts_with(query) {
            0
        } else if name.split_whitespace().any(|w| w.starts_with(query)) {
            1
        } else {
            2
        };
        (rank, name.to_owned())
    });
    hits
}
