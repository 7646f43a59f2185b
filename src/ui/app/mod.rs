//! The window: its state, the frame (navigation, the view, the status line, dialogs)
//! and the hourly work it does while open.

use super::*;

mod navigation;
mod requests;
mod shortcuts;

pub use shortcuts::NUMBER_KEYS;

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
    /// Whether work started by the window is still going on a worker (a commit its read
    /// model waits for, a send, a test email): a test waits for this to settle.
    pub fn is_busy(&self) -> bool {
        self.welcome.is_busy()
            || self.outbox.is_busy()
            || self.settings.is_busy()
            || self
                .import
                .as_ref()
                .is_some_and(import::ImportDialog::is_busy)
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved_place().is_some() || self.quick_log.as_ref().is_some_and(QuickLog::is_dirty)
    }

    /// Draws the whole window into `ui` (the eframe entry point and the test harness
    /// both call this).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        widgets::release_pointer_guard(ui.ctx());
        self.style_and_theme(ui.ctx());
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
        self.view_ui(ui, &mut requests, welcome);
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

    /// The theme once at start (and the privacy screen if Settings say so), then the
    /// light or dark scheme as Settings and the desktop say.
    fn style_and_theme(&mut self, ctx: &egui::Context) {
        if !self.styled {
            theme::apply(ctx);
            self.styled = true;
            if self.store.model().settings().privacy.at_start {
                privacy::set(ctx, true);
            }
        }
        theme::follow(
            ctx,
            self.store.model().settings().appearance.theme,
            &mut self.portal_scheme,
        );
    }

    /// The open view (or the welcome, or the privacy notice in its place), after the
    /// outbox's and the hourly work's turn.
    fn view_ui(&mut self, ui: &mut egui::Ui, requests: &mut Vec<Request>, welcome: bool) {
        let mut ctx = ViewCtx::new(&mut self.store, &mut self.state, &mut self.status, requests);
        self.outbox.poll(ui.ctx(), &mut ctx);
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

    /// The privacy screen's shortcut and idle clock, and the window title from Settings.
    pub(super) fn privacy_and_title(&mut self, ctx: &egui::Context) {
        let settings = &self.store.model().settings().privacy;
        privacy::watch(ctx, &mut self.last_input, settings.idle_minutes);
        let title = privacy::neutral_title(ctx, &settings.window_title);
        if self.title != title {
            self.title = title;
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.title.clone()));
        }
    }
}

/// How often the open window does what `remind --send --digest` does from a timer.
const PERIODIC_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// While the window is open it holds the database, so the scheduled `remind` cannot
/// run: the window drafts what is due, makes the digest when the schedule says so,
/// and sends what is approved, once at start and then every hour; each commit is made
/// on a worker (`OutboxView::start_drafting`).
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
    outbox.start_drafting(egui_ctx, view, true);
}

impl eframe::App for ExitplanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ExitplanApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}
