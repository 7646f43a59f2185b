//! What the views ask of the window (open this, show that), the question before
//! unsaved work is left, dropped files, and the import and Log touchpoint dialogs.

use super::*;

impl ExitplanApp {
    /// Whether carrying out `request` would throw away typed text in the contact form.
    pub(super) fn would_discard(&self, request: Request) -> bool {
        let contact_dirty = self.contacts.has_unsaved_changes();
        let application_dirty = self.applications.has_unsaved_changes();
        match request {
            Request::Quit => self.has_unsaved_changes(),
            Request::Show(view) => {
                (contact_dirty && view != View::Contacts)
                    || (application_dirty && view != View::Applications)
                    || (self.outbox.has_unsaved_changes() && view != View::Outbox)
                    || (self.settings.has_unsaved_changes() && view != View::Settings)
            }
            Request::OpenContact(id) => {
                application_dirty
                    || (contact_dirty && self.contacts.form.as_ref().and_then(|f| f.id) != Some(id))
            }
            Request::NewContact | Request::CloseDetail => contact_dirty,
            Request::OpenApplication(id) => {
                contact_dirty || (application_dirty && self.applications.selected != Some(id))
            }
            Request::NewApplication | Request::CloseApplication => application_dirty,
            Request::QuickLog(_) | Request::FocusSearch | Request::ImportContacts => false,
        }
    }

    /// Carries out a request, or parks it behind the discard question.
    pub fn request(&mut self, ctx: &egui::Context, request: Request) {
        if self.would_discard(request) {
            self.pending = Some(request);
            return;
        }
        self.carry_out(ctx, request);
    }

    pub(super) fn carry_out(&mut self, ctx: &egui::Context, request: Request) {
        match request {
            Request::Show(view) => {
                // A message belongs to the view it was made in.
                if self.state.view != view {
                    self.status.clear();
                }
                self.state.view = view;
            }
            Request::OpenContact(id) => {
                self.state.view = View::Contacts;
                self.contacts.open_contact(self.store.model(), id);
            }
            Request::NewContact => {
                self.state.view = View::Contacts;
                self.contacts.new_contact();
            }
            Request::CloseDetail => self.contacts.close_detail(),
            Request::QuickLog(contact) => {
                self.quick_log = Some(QuickLog::new(contact, self.store.today()))
            }
            Request::FocusSearch => {
                self.state.view = View::Contacts;
                self.contacts.focus_search = true;
            }
            Request::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Request::NewApplication => {
                self.state.view = View::Applications;
                self.applications.new_application(self.store.today());
            }
            Request::OpenApplication(id) => {
                self.state.view = View::Applications;
                self.applications
                    .open(self.store.model(), id, self.store.today());
            }
            Request::CloseApplication => self.applications.close(),
            Request::ImportContacts => {
                if self.import.is_none() {
                    self.import = Some(import::ImportDialog::new());
                }
            }
        }
    }

    pub(super) fn discard_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(request) = self.pending else { return };
        let mut choice = None;
        // What is unsaved can be saved from here, as well as kept or lost: the forms
        // that can hold it (contact, application, email, settings) save as their own
        // Save buttons do. The others (templates, Dream job, Capabilities, Asks) save
        // from their own buttons only.
        let can_save = self.outbox.can_save_now()
            && !self.quick_log.as_ref().is_some_and(QuickLog::is_dirty)
            && !self.dream_job.has_unsaved_changes()
            && !self.capabilities.has_unsaved_changes()
            && !self.check_ins.has_unsaved_changes();
        let mut save = false;
        egui::Modal::new(egui::Id::unique("discard_changes")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(if can_save {
                "Save your changes?"
            } else {
                "Discard unsaved changes?"
            });
            ui.label(match self.unsaved_place() {
                Some(place) => format!("Your changes in {place} are not saved yet."),
                None => "You changed something that is not saved yet.".to_string(),
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if can_save {
                    if ui
                        .button(RichText::new("Save and continue").strong())
                        .clicked()
                    {
                        save = true;
                    }
                    if ui.button("Keep editing").clicked() {
                        choice = Some(false);
                    }
                } else if ui.button(RichText::new("Keep editing").strong()).clicked() {
                    choice = Some(false);
                }
                if ui
                    .add(widgets::danger_button(ui, "Discard changes", false))
                    .clicked()
                {
                    choice = Some(true);
                }
            });
        });
        if save {
            let mut requests = Vec::new();
            let mut view = ViewCtx::new(
                &mut self.store,
                &mut self.state,
                &mut self.status,
                &mut requests,
            );
            // Each saves or marks what it refused; the first refusal stops the rest.
            let saved = (!self.contacts.has_unsaved_changes() || self.contacts.save_now(&mut view))
                && (!self.applications.has_unsaved_changes()
                    || self.applications.save_now(&mut view))
                && self.outbox.save_now(&mut view)
                && self.settings.save_now(&mut view);
            self.pending = None;
            // Refused (a field is marked): stay where it is to see why.
            if saved && !self.has_unsaved_changes() {
                self.carry_out(ctx, request);
            }
            return;
        }
        // Esc is "Keep editing", as the shortcut sheet says.
        if choice.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            choice = Some(false);
        }
        match choice {
            Some(true) => {
                self.pending = None;
                if let Some(form) = self.contacts.form.as_mut() {
                    form.revert();
                }
                self.applications.revert();
                self.outbox.revert();
                self.settings.revert();
                self.carry_out(ctx, request);
            }
            Some(false) => self.pending = None,
            None => {}
        }
    }

    /// A file dropped on the window opens the import dialog on it; while a file is
    /// dragged over the window, it says what dropping will do.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw.dropped_files.first().map(|f| f.path().to_path_buf()),
            )
        });
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop_overlay"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop the file to import its contacts",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }
        if let Some(path) = dropped
            && self.import.is_none()
            && self.quick_log.is_none()
            && self.pending.is_none()
        {
            self.import = Some(import::ImportDialog::for_file(
                ctx,
                self.store.model(),
                path,
            ));
        }
    }

    pub(super) fn import_ui(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        let Some(dialog) = self.import.as_mut() else {
            return;
        };
        let mut view = ViewCtx::new(&mut self.store, &mut self.state, &mut self.status, requests);
        if dialog.ui(ctx, &mut view) != import::DialogAction::None {
            self.import = None;
            ctx.request_repaint();
        }
    }

    pub(super) fn quick_log_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.quick_log.as_mut() else {
            return;
        };
        let today = self.store.today();
        match dialog.ui(ctx, self.store.model(), today) {
            QuickLogAction::None => {}
            QuickLogAction::Close => self.quick_log = None,
            QuickLogAction::Save(fields) => {
                let names = self.store.model().names(&fields.contacts);
                match self.store.apply(Change::LogTouchpoint(fields)) {
                    Ok(_) => {
                        self.status.info(format!("Touchpoint logged with {names}."));
                        self.quick_log = None;
                    }
                    Err(ApplyError::Invalid(errors)) => dialog.errors = errors,
                    Err(e) => self.status.error(widgets::not_saved(&e)),
                }
            }
        }
    }
}
