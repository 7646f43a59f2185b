//! The eframe window. [`ExitplanApp`] owns the store and one state struct per view; each
//! view draws from the read model and turns user actions into [`Change`]s applied through
//! [`ViewCtx::apply`] (the store's one write path) or into [`Request`]s (navigation,
//! dialogs) that the app carries out after the frame — asking first when that would
//! drop typed text.

mod app;
pub use app::{ExitplanApp, NUMBER_KEYS};
pub use view_ctx::ViewCtx;
mod applications;
pub mod bidi;
mod capabilities;
mod charts;
mod checkins;
mod contact_form;
mod contact_picker;
mod contacts;
mod detail_pane;
mod dream_job;
mod export;
mod import;
pub mod jobs;
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
mod view_ctx;
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
use crate::store::{ApplyError, Change, Store};

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
