//! The open email: its words (editable while a draft), the checks' warnings, and what
//! can be done with it.

use super::*;

impl OutboxView {
    /// The email itself; says whether the checks found nothing to warn about.
    pub(super) fn detail_ui(&mut self, ui: &mut Ui, entry: &OutboxEntry, employer: &str) -> bool {
        ui.label(RichText::new(entry.status.label()).strong());
        ui.label(format!("To: {} <{}>", entry.to_name, entry.to_address));
        if let Some(error) = &entry.last_error {
            error_text(ui, Some(error));
        }
        let Some(edit) = self.edit.as_mut().filter(|e| e.id == entry.id) else {
            return true;
        };
        edit.follow(entry);
        if entry.editable() {
            labelled_line(ui, "Subject", &mut edit.subject, None);
            labelled_multiline(ui, "Body", &mut edit.body, 12, None);
        } else {
            ui.label(format!("Subject: {}", entry.subject));
            egui::ScrollArea::vertical()
                .id_salt("outbox_body")
                .max_height(260.0)
                .show(ui, |ui| ui.label(&entry.body));
            if let Some(sent) = entry.sent_at {
                hint(
                    ui,
                    format!(
                        "Sent {} · Message-ID {}",
                        sent.to_datetime()
                            .with_timezone(&chrono::Local)
                            .format("%-d %b %Y %H:%M"),
                        entry.message_id
                    ),
                );
            }
        }
        let warnings = lint(&edit.subject, &edit.body, employer);
        warnings_ui(ui, &warnings);
        warnings.is_empty()
    }

    pub(super) fn actions_ui(
        &mut self,
        ui: &mut Ui,
        entry: &OutboxEntry,
        clean: bool,
        view: &mut ViewCtx<'_>,
    ) {
        let Some(edit) = self.edit.clone() else {
            return;
        };
        if !clean && entry.status != OutboxStatus::Approved {
            ui.checkbox(
                &mut self.override_lint,
                "I have read the warnings — approve this email anyway",
            );
        }
        // Approve first and Discard at the far end, where typing never moves them;
        // Save changes and Revert come and go between. Every button here takes the
        // email away or changes the row: a click that lands on what slid under the
        // pointer does nothing until the pointer moves (guarded_click).
        let guarded = crate::ui::widgets::guarded_click;
        ui.horizontal(|ui| {
            if entry.status != OutboxStatus::Approved {
                let may_approve = clean || self.override_lint;
                let approve = ui
                    .add_enabled(
                        may_approve,
                        egui::Button::new(RichText::new("Approve").strong()),
                    )
                    .on_disabled_hover_text(
                        "This draft may give your plan away: edit it, or tick the box above.",
                    );
                // Saving the words first resets the form; keep the user's override.
                let override_lint = self.override_lint;
                if guarded(ui, &approve) && (!edit.dirty() || self.save(&edit, view)) {
                    let change = Change::Mail(MailChange::Approve {
                        id: entry.id,
                        override_lint,
                    });
                    if view.apply(change) {
                        let text = format!(
                            "Approved — it goes out with the next send ({}).",
                            entry.to_address
                        );
                        // Undo puts it back among the drafts, words unchanged, unless
                        // sending has begun.
                        match view.model().mail().entry(entry.id) {
                            Some(approved) => view.status.undoable(
                                text,
                                Change::Mail(MailChange::EditDraft {
                                    id: entry.id,
                                    base: crate::model::Revision::of(approved),
                                    subject: approved.subject.clone(),
                                    body: approved.body.clone(),
                                }),
                            ),
                            None => view.status.info(text),
                        }
                        self.select(Some(entry.id), view);
                    }
                }
            }
            if edit.dirty() {
                let save = ui.button("Save changes");
                if guarded(ui, &save) {
                    self.save(&edit, view);
                }
                let revert = ui.button("Revert");
                if guarded(ui, &revert) {
                    self.select(Some(entry.id), view);
                }
            }
            // Not "Revert": it sets the whole email aside (Restore brings it back). At
            // the far end of the row, so it never slides under the pointer when Revert
            // goes away. Edited words are saved first, so Undo (or Restore) brings back
            // the email as the user left it.
            let discard = ui
                .with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.add(crate::ui::widgets::danger_button(
                        ui,
                        "Discard email",
                        false,
                    ))
                    .on_hover_text("Set this email aside; Undo or Restore brings it back")
                })
                .inner;
            if guarded(ui, &discard)
                && (!edit.dirty() || self.save(&edit, view))
                && view.apply(Change::Mail(MailChange::Discard(entry.id)))
            {
                view.status.undoable(
                    "Discarded. No new draft for this contact until they are due again.",
                    Change::Mail(MailChange::Undiscard(entry.id)),
                );
                self.select(None, view);
            }
        });
    }

    /// Saves the edited words; the email goes back to draft for another look.
    pub(super) fn save(&mut self, edit: &Edit, view: &mut ViewCtx<'_>) -> bool {
        let change = Change::Mail(MailChange::EditDraft {
            id: edit.id,
            base: edit.base,
            subject: edit.subject.clone(),
            body: edit.body.clone(),
        });
        let saved = view.apply(change);
        if saved {
            self.select(Some(edit.id), view);
        }
        saved
    }
}

/// A discarded email's one action: back among the drafts.
pub(super) fn restore_ui(ui: &mut Ui, entry: &OutboxEntry, view: &mut ViewCtx<'_>) {
    let restore = Change::Mail(MailChange::Undiscard(entry.id));
    if ui.button("Restore to drafts").clicked() && view.apply(restore) {
        view.status.info("Restored — it is among the drafts again.");
    }
}

fn warnings_ui(ui: &mut Ui, warnings: &[LintWarning]) {
    if warnings.is_empty() {
        return;
    }
    let color = ui.visuals().warn_fg_color;
    ui.label(
        RichText::new(format!(
            "⚠ {} discretion warning{}",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        ))
        .color(color)
        .strong(),
    );
    for warning in warnings {
        ui.label(
            RichText::new(format!("   “{}” — {}", warning.found, warning.explanation)).color(color),
        );
    }
}

pub(super) fn review_ui(ui: &mut Ui, entry: &OutboxEntry, view: &mut ViewCtx<'_>) {
    ui.label("A send was interrupted: this email may have been sent. Check your Sent folder, then say which:");
    ui.horizontal(|ui| {
        if ui.button("It was sent").clicked()
            && view.apply(Change::Mail(MailChange::Resolve {
                id: entry.id,
                was_sent: true,
            }))
        {
            view.status.info("Marked as sent.");
        }
        if ui.button("It was not sent — send it again").clicked()
            && view.apply(Change::Mail(MailChange::Resolve {
                id: entry.id,
                was_sent: false,
            }))
        {
            view.status
                .info("Queued again: it goes out with the next send.");
        }
    });
}
