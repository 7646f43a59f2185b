//! Reading and planning on a worker thread, through the one import pipeline
//! (`interop::pipeline`); the dialog polls it each frame. Never touches the store.

use super::*;

/// How far reading has got.
pub(super) struct Progress {
    pub(super) step: &'static str,
    pub(super) fraction: f32,
}

/// What reading ends with.
pub(super) enum FromWorker {
    /// A CSV that is neither LinkedIn's nor Google's: the user maps its columns.
    Columns {
        text: Arc<String>,
        columns: Vec<String>,
    },
    Planned(ImportPlan),
    Failed(String),
}

/// Reading and planning in progress.
pub(super) struct ReadJob {
    pub(super) job: Job<FromWorker, Progress>,
    pub(super) step: &'static str,
    pub(super) fraction: f32,
}

impl ReadJob {
    /// Starts reading on a worker; dropping the job (cancel, or the dialog closed) stops
    /// it early.
    pub(super) fn start(
        ctx: &egui::Context,
        input: Input,
        format: Option<Format>,
        mapping: HashMap<String, String>,
        contacts: Arc<Vec<ContactEntry>>,
    ) -> ReadJob {
        let job = Job::spawn(ctx, "import", move |reporter: &Reporter<Progress>| {
            let progress = |step: &'static str, fraction: f32| {
                reporter.report(Progress { step, fraction });
            };
            let stop = reporter.cancel_flag();
            read_and_plan(input, format, &mapping, &contacts, stop, &progress)
        });
        ReadJob {
            job,
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
    progress: &dyn Fn(&'static str, f32),
) -> FromWorker {
    let planned = pipeline::read_and_plan(
        input,
        format,
        mapping,
        || DedupeIndex::from_contacts(contacts),
        stop,
        progress,
    );
    match planned {
        Ok(Planned::Plan(plan)) => FromWorker::Planned(plan),
        Ok(Planned::NeedsColumns { text, columns }) => FromWorker::Columns { text, columns },
        Err(e) => FromWorker::Failed(e.to_string()),
    }
}
