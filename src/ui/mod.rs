//! The eframe window. [`ExitplanApp`] owns the store and one state struct per view; each
//! view draws from the read model and turns user actions into [`Change`]s applied through
//! [`ViewCtx::apply`] (the store's one write path) or into [`Request`]s (navigation,
//! dialogs) that the app carries out after the frame — asking first when that would
//! drop typed text.

mod applications;
pub mod bidi;
mod capabilities;
mod charts;
mod checkins;
mod contact_form;
mod contact_picker;
mod contacts;
mod dream_job;
mod export;
mod import;
mod list_table;
mod merge;
mod outbox;
mod pointer_guard;
pub mod privacy;
mod quick_log;
mod rhythm_editor;
pub mod send_job;
mod settings;
mod templates;
pub mod theme;
mod toast;
mod today;
mod touchpoints;
mod warm_paths;
mod welcome;
pub mod widgets;

use std::path::Path;
use std::process::ExitCode;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use applications::ApplicationsView;
pub use applications::{ApplicationSort, ApplicationSortColumn, Layout as ApplicationsLayout};
use capabilities::CapabilitiesView;
use checkins::CheckInsView;
use contacts::ContactsView;
pub use contacts::{Sort, SortColumn};
use dream_job::DreamJobView;
use outbox::OutboxView;
use quick_log::{QuickLog, QuickLogAction};
use settings::SettingsView;
use today::TodayView;
use touchpoints::TouchpointsView;

use crate::model::{ApplicationId, ContactId};
use crate::store::{ApplyError, Change, Outcome, Store};

/// The views in the left navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum View {
    #[default]
    Today,
    Contacts,
    Touchpoints,
    DreamJob,
    Applications,
    Capabilities,
    CheckIns,
    Outbox,
    Settings,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Today,
        View::Contacts,
        View::Touchpoints,
        View::DreamJob,
        View::Applications,
        View::Capabilities,
        View::CheckIns,
        View::Outbox,
        View::Settings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Today => "Today",
            View::Contacts => "Contacts",
            View::Touchpoints => "Touchpoints",
            View::DreamJob => "Dream job",
            View::Applications => "Applications",
            View::Capabilities => "Capabilities",
            View::CheckIns => "Asks & check-ins",
            View::Outbox => "Outbox",
            View::Settings => "Settings",
        }
    }

    /// The label while the privacy screen is on: nothing in the navigation says what
    /// the plan is.
    pub fn neutral_label(self) -> &'static str {
        match self {
            View::DreamJob => "Priorities",
            View::Applications => "Pipeline",
            other => other.label(),
        }
    }

    /// The label to show now.
    pub fn label_shown(self, ctx: &egui::Context) -> &'static str {
        if privacy::is_on(ctx) {
            self.neutral_label()
        } else {
            self.label()
        }
    }
}

/// What survives a restart (eframe persistence): the chosen view, sort and filters.
/// Column widths are kept by egui's own persisted memory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    pub view: View,
    pub sort: Sort,
    pub show_archived: bool,
    /// Kept under its first name, so a saved layout and sort survive the rename.
    #[serde(rename = "app_layout")]
    pub application_layout: ApplicationsLayout,
    #[serde(rename = "app_sort")]
    pub application_sort: ApplicationSort,
}

/// Something a view asks the app to do after drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Show(View),
    OpenContact(ContactId),
    NewContact,
    CloseDetail,
    QuickLog(Option<ContactId>),
    FocusSearch,
    NewApplication,
    OpenApplication(ApplicationId),
    CloseApplication,
    /// Open the "Import contacts" dialog.
    ImportContacts,
    /// Close the window (asked for by the window manager).
    Quit,
}

/// The result of the last action, shown as a toast over the view (see `toast.rs`):
/// a few seconds for news, until dismissed for an error, with Undo when the action can
/// be reverted by one change.
#[derive(Debug, Default, Clone)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
    /// The change that reverts the action the text reports.
    pub undo: Option<Change>,
    /// Counts messages, so the toast knows when a new one came.
    pub generation: u64,
}

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.set(text.into(), false, None);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.set(text.into(), true, None);
    }

    /// News of an action that `undo` reverts (offered for a few seconds).
    pub fn undoable(&mut self, text: impl Into<String>, undo: Change) {
        self.set(text.into(), false, Some(undo));
    }

    pub fn clear(&mut self) {
        self.set(String::new(), false, None);
    }

    fn set(&mut self, text: String, is_error: bool, undo: Option<Change>) {
        self.text = text;
        self.is_error = is_error;
        self.undo = undo;
        self.generation += 1;
    }
}

/// What a view gets to work with while drawing.
pub struct ViewCtx<'a> {
    pub store: &'a mut Store,
    pub state: &'a mut UiState,
    pub status: &'a mut Status,
    pub requests: &'a mut Vec<Request>,
}

impl ViewCtx<'_> {
    /// Applies a change through the store; a failure is reported in the status bar (and
    /// returned, so a form can show field errors inline and keep what was typed).
    pub fn apply(&mut self, change: Change) -> Result<Outcome, ApplyError> {
        let result = self.store.apply(change);
        if let Err(e) = &result {
            self.status.error(widgets::not_saved(e));
        }
        result
    }

    /// Applies a change whose failure needs nothing more than the status line (a row's
    /// button): says whether it was saved.
    pub fn apply_or_report(&mut self, change: Change) -> bool {
        self.apply(change).is_ok()
    }
}

/// The whole window's state.
pub struct ExitplanApp {
    pub store: Store,
    pub state: UiState,
    pub status: Status,
    contacts: ContactsView,
    today: TodayView,
    touchpoints: TouchpointsView,
    dream_job: DreamJobView,
    applications: ApplicationsView,
    capabilities: CapabilitiesView,
    check_ins: CheckInsView,
    outbox: OutboxView,
    settings: SettingsView,
    welcome: welcome::WelcomeView,
    /// When the window last did the periodic work (drafting, digest, sending).
    last_periodic: Option<std::time::Instant>,
    quick_log: Option<QuickLog>,
    import: Option<import::ImportDialog>,
    /// A navigation waiting for "discard unsaved changes?".
    pending: Option<Request>,
    allow_close: bool,
    /// (revision, day) → the count shown beside "Today".
    nav_due: Option<((u64, chrono::NaiveDate), usize)>,
    styled: bool,
    /// egui time of the last input (the privacy screen's idle clock).
    last_input: Option<f64>,
    /// The window title last sent to the window manager.
    title: String,
    /// The keyboard-shortcut sheet (F1) is open.
    shortcut_sheet: bool,
    /// Where the open view was drawn last frame: right of the navigation, above the
    /// status line.
    view_area: egui::Rect,
    /// The view's main area last frame: the view area less an open pane.
    central_area: egui::Rect,
    /// The desktop's colour scheme from the portal, for the "system" theme on X11.
    portal_scheme: theme::PortalScheme,
    /// The last action's result over the view.
    toast: toast::Toast,
}

impl ExitplanApp {
    pub fn new(store: Store, state: UiState) -> Self {
        Self {
            store,
            state,
            status: Status::default(),
            contacts: ContactsView::default(),
            today: TodayView::default(),
            touchpoints: TouchpointsView::default(),
            dream_job: DreamJobView::default(),
            applications: ApplicationsView::default(),
            capabilities: CapabilitiesView::default(),
            check_ins: CheckInsView::default(),
            outbox: OutboxView::default(),
            settings: SettingsView::default(),
            welcome: welcome::WelcomeView::default(),
            last_periodic: None,
            quick_log: None,
            import: None,
            pending: None,
            allow_close: false,
            nav_due: None,
            styled: false,
            last_input: None,
            title: String::new(),
            shortcut_sheet: false,
            view_area: egui::Rect::NOTHING,
            central_area: egui::Rect::NOTHING,
            portal_scheme: theme::PortalScheme::default(),
            toast: toast::Toast::default(),
        }
    }

    /// Where the open view (and its panes) was drawn in the last frame: the window
    /// less the navigation and the status line.
    pub fn view_area(&self) -> egui::Rect {
        self.view_area
    }

    /// The open view's main area in the last frame: its view area less an open pane.
    pub fn central_area(&self) -> egui::Rect {
        self.central_area
    }

    /// The application open in the Applications view's detail pane.
    pub fn applications_selected(&self) -> Option<ApplicationId> {
        self.applications.selected
    }

    /// The contact open in the Contacts view's pane.
    pub fn contact_selected(&self) -> Option<ContactId> {
        self.contacts.selected
    }

    /// Where typed text waits to be saved, in the window's words (the one list of the
    /// forms that can hold it).
    fn unsaved_place(&self) -> Option<&'static str> {
        if self.contacts.has_unsaved_changes() {
            Some("the contact form")
        } else if self.applications.has_unsaved_changes() {
            Some("the application")
        } else if let Some(place) = self.outbox.unsaved_place() {
            Some(place)
        } else if self.settings.has_unsaved_changes() {
            Some("Settings")
        } else if self.dream_job.has_unsaved_changes() {
            Some("Dream job")
        } else if self.capabilities.has_unsaved_changes() {
            Some("Capabilities")
        } else if self.check_ins.has_unsaved_changes() {
            Some("Asks & check-ins")
        } else {
            None
        }
    }

    /// Whether any form or the quick-log dialog holds unsaved typed text.
    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved_place().is_some() || self.quick_log.as_ref().is_some_and(QuickLog::is_dirty)
    }

    /// Draws the whole window into `ui` (the eframe entry point and the test harness
    /// both call this).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        widgets::release_pointer_guard(ui.ctx());
        if !self.styled {
            theme::apply(ui.ctx());
            self.styled = true;
            if self.store.model().settings().privacy.at_start {
                privacy::set(ui.ctx(), true);
            }
        }
        theme::follow(
            ui.ctx(),
            self.store.model().settings().appearance.theme,
            &mut self.portal_scheme,
        );
        self.privacy_and_title(ui.ctx());
        let mut requests = Vec::new();
        self.shortcuts(ui.ctx(), &mut requests);
        if ui.ctx().input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.has_unsaved_changes()
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            requests.push(Request::Quit);
        }
        let welcome = !self.store.model().welcome_done && self.store.model().is_empty();
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if !welcome {
            egui::Panel::left("navigation")
                .resizable(false)
                .exact_size(170.0)
                .show(ui, |ui| self.navigation_ui(ui, &mut requests));
        }
        self.view_area = ui.available_rect_before_wrap();
        {
            let mut ctx = ViewCtx {
                store: &mut self.store,
                state: &mut self.state,
                status: &mut self.status,
                requests: &mut requests,
            };
            self.outbox.poll(&mut ctx);
            if !welcome {
                periodic_work(
                    &mut self.last_periodic,
                    &mut self.outbox,
                    ui.ctx(),
                    &mut ctx,
                );
            }
            let hidden_view = privacy::is_on(ui.ctx())
                && matches!(
                    ctx.state.view,
                    View::DreamJob
                        | View::Applications
                        | View::Outbox
                        | View::Capabilities
                        | View::CheckIns
                        | View::Settings
                );
            if welcome {
                widgets::central(ui, |ui| self.welcome.ui(ui, &mut ctx));
            } else if hidden_view {
                // Whole records (email bodies, notes, settings): nothing to mask word by
                // word, so the view waits behind a notice.
                widgets::central(ui, |ui| {
                    ui.heading(ctx.state.view.label_shown(ui.ctx()));
                    privacy::notice_ui(ui);
                });
            } else {
                match ctx.state.view {
                    View::Today => {
                        widgets::central(ui, |ui| self.today.ui(ui, &mut ctx));
                    }
                    View::Contacts => self.contacts.ui(ui, &mut ctx),
                    View::Touchpoints => {
                        widgets::central(ui, |ui| self.touchpoints.ui(ui, &mut ctx));
                    }
                    View::DreamJob => {
                        widgets::central(ui, |ui| self.dream_job.ui(ui, &mut ctx));
                    }
                    View::Applications => self.applications.ui(ui, &mut ctx),
                    View::Capabilities => {
                        widgets::central(ui, |ui| self.capabilities.ui(ui, &mut ctx));
                    }
                    View::CheckIns => {
                        widgets::central(ui, |ui| self.check_ins.ui(ui, &mut ctx));
                    }
                    View::Outbox => {
                        widgets::central(ui, |ui| self.outbox.ui(ui, &mut ctx));
                    }
                    View::Settings => {
                        widgets::central(ui, |ui| self.settings.ui(ui, &mut ctx));
                    }
                }
            }
        }
        self.central_area = widgets::central_area(ui.ctx());
        if !self.toast.shows(&self.status) {
            ui.ctx().request_repaint();
        }
        // Dialogs show whole records: they wait, untouched, behind the privacy screen.
        if !privacy::is_on(ui.ctx()) {
            self.quick_log_ui(ui.ctx());
            self.dropped_files(ui.ctx());
            self.import_ui(ui.ctx(), &mut requests);
        }
        for request in requests {
            self.request(ui.ctx(), request);
        }
        self.discard_dialog_ui(ui.ctx());
        self.shortcut_sheet_ui(ui.ctx());
    }

    /// F1: every keyboard shortcut on one sheet.
    fn shortcut_sheet_ui(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.shortcut_sheet = !self.shortcut_sheet;
        }
        if !self.shortcut_sheet {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("shortcut_sheet")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Keyboard shortcuts");
            ui.add_space(6.0);
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    let private = privacy::is_on(ui.ctx());
                    for (keys, what) in SHORTCUTS {
                        ui.strong(keys);
                        if private && keys.starts_with("Ctrl+1") {
                            let views: Vec<&str> =
                                View::ALL.iter().map(|v| v.neutral_label()).collect();
                            ui.label(views.join(", "));
                        } else {
                            ui.label(what);
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.button("Close").clicked()
        });
        if modal.inner || modal.should_close() {
            self.shortcut_sheet = false;
            ctx.request_repaint();
        }
    }

    /// The privacy screen's shortcut and idle clock, and the window title from Settings.
    fn privacy_and_title(&mut self, ctx: &egui::Context) {
        let settings = &self.store.model().settings().privacy;
        privacy::watch(ctx, &mut self.last_input, settings.idle_minutes);
        let title = privacy::neutral_title(ctx, &settings.window_title);
        if self.title != title {
            self.title = title;
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.title.clone()));
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        if self.quick_log.is_some() || self.pending.is_some() || self.import.is_some() {
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::K)) {
                requests.push(Request::FocusSearch);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)) {
                requests.push(Request::NewContact);
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::I)) {
                requests.push(Request::ImportContacts);
            }
            // Ctrl+1 … Ctrl+9: the views in navigation order.
            for (key, view) in NUMBER_KEYS.into_iter().zip(View::ALL) {
                if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)) {
                    requests.push(Request::Show(view));
                }
            }
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::L)) {
                let contact = if self.state.view == View::Contacts {
                    self.contacts.selected
                } else {
                    None
                };
                requests.push(Request::QuickLog(contact));
            }
        });
    }

    fn navigation_ui(&mut self, ui: &mut egui::Ui, requests: &mut Vec<Request>) {
        ui.add_space(8.0);
        let title = self.store.model().settings().privacy.window_title.clone();
        ui.label(
            RichText::new(privacy::neutral_title(ui.ctx(), &title))
                .heading()
                .strong(),
        );
        ui.add_space(12.0);
        let today = self.store.today();
        let key = (self.store.model().revision(), today);
        let due = match self.nav_due {
            Some((k, count)) if k == key => count,
            _ => {
                let model = self.store.model();
                let count = model.due_count(today) + model.due_follow_ups(today).len();
                self.nav_due = Some((key, count));
                count
            }
        };
        for view in View::ALL {
            let mut button = egui::Button::selectable(
                self.state.view == view,
                RichText::new(view.label_shown(ui.ctx())).size(16.0),
            )
            .min_size(egui::vec2(ui.available_width(), 30.0));
            if view == View::Today && due > 0 {
                button = button.right_text(RichText::new(due.to_string()).strong());
            }
            if view == View::Outbox {
                let mail = self.store.model().mail();
                let waiting = mail.count(crate::model::OutboxStatus::Draft)
                    + mail.count(crate::model::OutboxStatus::NeedsReview);
                if waiting > 0 {
                    button = button.right_text(RichText::new(waiting.to_string()).strong());
                }
            }
            let response = ui.add(button);
            widgets::name_for_assistive_tech(&response, view.label_shown(ui.ctx()));
            if response.clicked() {
                requests.push(Request::Show(view));
            }
        }
        ui.add_space(16.0);
        if ui
            .button("Log touchpoint")
            .on_hover_text("Ctrl+L")
            .clicked()
        {
            requests.push(Request::QuickLog(None));
        }
        let on = privacy::is_on(ui.ctx());
        let label = if on {
            "Show everything"
        } else {
            "Privacy screen"
        };
        if ui
            .add(egui::Button::selectable(on, label))
            .on_hover_text("Ctrl+Shift+H: hide every name, email, organization and note")
            .clicked()
        {
            privacy::set(ui.ctx(), !on);
        }
        // The shortcut hints at the bottom, as many as fit below the buttons (a short
        // window keeps "F1  all shortcuts", then none) so they never overlap them.
        let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let room = ((ui.available_height() + ui.spacing().item_spacing.y - 4.0) / row)
            .floor()
            .max(0.0) as usize;
        let hints = [
            "F1  all shortcuts",
            "Ctrl+I  import contacts",
            "Ctrl+L  log touchpoint",
            "Ctrl+N  new contact",
            "Ctrl+K  search",
        ];
        let shown = if room >= hints.len() {
            hints.len()
        } else {
            room.min(1)
        };
        ui.with_layout(egui::Layout::bottom_up(egui::Align::LEFT), |ui| {
            for hint in &hints[..shown] {
                widgets::hint(ui, *hint);
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        if self.toast.ui(ui, &mut self.store, &mut self.status) {
            return;
        }
        ui.horizontal(|ui| {
            if privacy::is_on(ui.ctx()) {
                widgets::hint(ui, "Hidden. Ctrl+Shift+H shows everything again.");
            } else if let Some(place) = self.unsaved_place() {
                // Never "everything is saved" while something typed is not.
                ui.label(
                    RichText::new(format!("Not saved yet: your changes in {place}."))
                        .color(ui.visuals().warn_fg_color),
                );
            } else {
                widgets::hint(ui, "Everything is saved on this computer only.");
            }
        });
    }

    /// Whether carrying out `request` would throw away typed text in the contact form.
    fn would_discard(&self, request: Request) -> bool {
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

    fn carry_out(&mut self, ctx: &egui::Context, request: Request) {
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

    fn discard_dialog_ui(&mut self, ctx: &egui::Context) {
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
            let mut view = ViewCtx {
                store: &mut self.store,
                state: &mut self.state,
                status: &mut self.status,
                requests: &mut requests,
            };
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
    fn dropped_files(&mut self, ctx: &egui::Context) {
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

    fn import_ui(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        let Some(dialog) = self.import.as_mut() else {
            return;
        };
        let mut view = ViewCtx {
            store: &mut self.store,
            state: &mut self.state,
            status: &mut self.status,
            requests,
        };
        if dialog.ui(ctx, &mut view) != import::DialogAction::None {
            self.import = None;
            ctx.request_repaint();
        }
    }

    fn quick_log_ui(&mut self, ctx: &egui::Context) {
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

/// The keys of Ctrl+1 … Ctrl+9, one per view in navigation order.
pub const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// What the F1 sheet lists.
const SHORTCUTS: [(&str, &str); 13] = [
    (
        "Ctrl+1 … Ctrl+9",
        "Today, Contacts, Touchpoints, Dream job, Applications, Capabilities, Asks & check-ins, Outbox, Settings",
    ),
    ("Ctrl+K", "Search contacts"),
    ("Ctrl+N", "New contact"),
    ("Ctrl+L", "Log a touchpoint (with the open contact)"),
    ("Ctrl+I", "Import contacts from a file"),
    (
        "Ctrl+Shift+H",
        "Privacy screen: hide every name, email and note",
    ),
    ("F1", "This sheet"),
    (
        "Tab / Shift+Tab",
        "Move to the next / previous field or button",
    ),
    (
        "Space / Enter",
        "Press the focused button, tick the focused box",
    ),
    ("Arrow keys", "Move in a menu or a list of choices"),
    (
        "Ctrl+A, Ctrl+C, Ctrl+V",
        "Select all, copy, paste in a text field",
    ),
    ("Ctrl+Z", "Undo typing in a text field"),
    (
        "Esc",
        "Close a dialog or menu (asks first if text would be lost)",
    ),
];

/// How often the open window does what `remind --send --digest` does from a timer.
const PERIODIC_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// While the window is open it holds the database, so the scheduled `remind` cannot
/// run: the window drafts what is due, makes the digest when the schedule says so,
/// and sends what is approved (on the worker) once at start and then every hour.
fn periodic_work(
    last: &mut Option<std::time::Instant>,
    outbox: &mut OutboxView,
    egui_ctx: &egui::Context,
    view: &mut ViewCtx<'_>,
) {
    if last.is_some_and(|at| at.elapsed() < PERIODIC_EVERY) {
        return;
    }
    *last = Some(std::time::Instant::now());
    egui_ctx.request_repaint_after(PERIODIC_EVERY);
    if let Err(e) = crate::mail::run::draft_due(view.store) {
        view.status.error(format!("Drafting reminders failed: {e}"));
        return;
    }
    let configured = !view.store.model().settings().smtp.host.is_empty();
    if configured {
        if let Err(e) = crate::mail::run::make_digest(view.store) {
            view.status
                .error(format!("The digest could not be made: {e}"));
        }
        outbox.start_sending(egui_ctx, view);
    }
}

impl eframe::App for ExitplanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ExitplanApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

/// The window's icon (the 256 px PNG from `assets/icons/`).
fn window_icon() -> std::sync::Arc<egui::IconData> {
    let png = include_bytes!("../../assets/icons/exitplan-256.png");
    std::sync::Arc::new(
        eframe::icon_data::from_png_bytes(png).expect("the shipped icon is a valid PNG (tested)"),
    )
}

fn native_options(title: &str) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("exitplan")
            .with_icon(window_icon())
            .with_inner_size([1180.0, 760.0])
            .with_min_inner_size([760.0, 480.0]),
        ..eframe::NativeOptions::default()
    }
}

/// Opens the window on the database at `path`; returns when the window closes.
pub fn run(path: &Path) -> ExitCode {
    let mut store = match Store::open(path) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("error: {e}");
            let code = e.exit_code();
            let mut message = e.to_string();
            if e.is_damage()
                && let Some(advice) = crate::store::snapshots::advice(path)
            {
                eprintln!("{advice}");
                message = format!("{message}\n\n{advice}");
            }
            // Show the problem in a window too: someone who started the app from a menu
            // never sees the terminal.
            let _ = eframe::run_ui_native(
                "exitplan",
                native_options(crate::model::DEFAULT_WINDOW_TITLE),
                move |ui, _frame| {
                    widgets::central(ui, |ui| {
                        ui.heading("exitplan could not open its database");
                        ui.add_space(8.0);
                        ui.label(&message);
                    });
                },
            );
            return ExitCode::from(code);
        }
    };
    // The window's writes must not wait for the day's snapshot.
    store.set_snapshot_mode(crate::store::SnapshotMode::Background);
    let title = store.model().settings().privacy.window_title.clone();
    let result = eframe::run_native(
        "exitplan",
        native_options(&title),
        Box::new(|cc| {
            let state = cc
                .storage
                .and_then(|s| eframe::get_value::<UiState>(s, eframe::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(ExitplanApp::new(store, state)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: the window could not open ({e}); the command-line commands still work (exitplan --help)"
            );
            ExitCode::from(1)
        }
    }
}
