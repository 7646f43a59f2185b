//! Reading and planning on a worker thread, through the one import pipeline
//! (`interop::pipeline`); the dialog polls it each frame. Never touches the store.

use super::*;

/// What the worker reports.
pub(super) enum FromWorker {
    Progress {
        step: &'static str,
        fraction: f32,
    },
    /// A CSV that is neither LinkedIn's nor Google's: the user maps its columns.
    Columns {
        text: Arc<String>,
        columns: Vec<String>,
    },
    Planned(ImportPlan),
    Failed(String),
}

/// Reading and planning in progress.
pub(super) struct Job {
    pub(super) from_worker: Receiver<FromWorker>,
    pub(super) cancel: Arc<AtomicBool>,
    pub(super) step: &'static str,
    pub(super) fraction: f32,
}

impl Drop for Job {
    fn drop(&mut self) {
        // A dropped job (cancel, or the dialog closed) stops the worker early.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Job {
    pub(super) fn start(
        ctx: &egui::Context,
        input: Input,
        format: Option<Format>,
        mapping: HashMap<String, String>,
        contacts: Arc<Vec<ContactEntry>>,
    ) -> Job {
        let (to_ui, from_worker) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("exitplan-import".into())
            .spawn(move || {
                let report = |message: FromWorker| {
                    // The other side may be gone (the dialog or window closed): nothing to tell.
                    let _ = to_ui.send(message);
                    repaint.request_repaint();
                };
                let outcome = read_and_plan(input, format, &mapping, &contacts, &stop, &report);
                if !stop.load(Ordering::Relaxed) {
                    report(outcome);
                }
            });
        let from_worker = match spawned {
            Ok(_) => from_worker,
            Err(e) => {
                let (to_ui, from_worker) = channel();
                // The other side may be gone (the dialog or window closed): nothing to tell.
                let _ = to_ui.send(FromWorker::Failed(format!("could not start reading: {e}")));
                from_worker
            }
        };
        Job {
            from_worker,
            cancel,
            step: "Reading the file",
            fraction: 0.0,
        }
    }
}

/// The worker's whole run: the import pipeline. Never touches the store.
fn read_and_plan(
    input: Input,
    format: Option<Format>,
    mapping: &HashMap<String, String>,
    contacts: &[ContactEntry],
    stop: &AtomicBool,
    report: &dyn Fn(FromWorker),
) -> FromWorker {
    let progress = |step: &'static str, fraction: f32| {
        report(FromWorker::Progress { step, fraction });
    };
    let planned = pipeline::read_and_plan(
        input,
        format,
        mapping,
        || DedupeIndex::from_contacts(contacts),
        stop,
        &progress,
    );
    match planned {
        Ok(Planned::Plan(plan)) => FromWorker::Planned(plan),
        Ok(Planned::NeedsColumns { text, columns }) => FromWorker::Columns { text, columns },
        Err(e) => FromWorker::Failed(e.to_string()),
    }
}
