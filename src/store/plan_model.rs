//! The exit plan's part of the read model: criteria in list order, applications with
//! their fit scores (kept up to date on every change), capabilities, asks and check-ins.
//! Small enough (thousands, not millions) to hold whole and query directly.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{
    Application, ApplicationId, Ask, AskId, Baseline, Capability, CapabilityId, CheckIn, Criterion,
    Fit, RhythmItem, RhythmRules, check_in_due, fit_score, next_follow_up,
};

/// What the read model learns from a plan change.
pub(crate) enum PlanUpdate {
    /// Every criterion, in list order (a move or add renumbers them).
    Criteria(Vec<Criterion>),
    Application(Box<Application>),
    Capability(Box<Capability>),
    Ask(Box<Ask>),
    CheckIn(Box<CheckIn>),
    Baseline(crate::model::Baseline),
}

/// Days without a stage change after which an open application counts as stale.
pub const STALE_AFTER_DAYS: i64 = 21;

#[derive(Debug, Default)]
pub struct PlanModel {
    criteria: Vec<Criterion>,
    applications: BTreeMap<ApplicationId, Application>,
    fits: BTreeMap<ApplicationId, Fit>,
    capabilities: BTreeMap<CapabilityId, Capability>,
    asks: BTreeMap<AskId, Ask>,
    /// Oldest first.
    check_ins: Vec<CheckIn>,
    /// The current job's ratings and its fit: what every opportunity is compared with.
    baseline: Baseline,
    baseline_fit: Fit,
    /// Opened for one record: the applications were not read (the store reads the one
    /// asked for from its table), and changes to them are not learned.
    records_only: bool,
}

impl PlanModel {
    pub(crate) fn from_parts(
        mut criteria: Vec<Criterion>,
        applications: Vec<Application>,
        capabilities: Vec<Capability>,
        asks: Vec<Ask>,
        mut check_ins: Vec<CheckIn>,
        baseline: Baseline,
    ) -> Self {
        criteria.sort_by_key(|c| (c.position, c.id));
        check_ins.sort_by_key(|c| (c.fields.date, c.id));
        let mut model = PlanModel {
            criteria,
            applications: applications.into_iter().map(|a| (a.id, a)).collect(),
            capabilities: capabilities.into_iter().map(|c| (c.id, c)).collect(),
            asks: asks.into_iter().map(|a| (a.id, a)).collect(),
            check_ins,
            fits: BTreeMap::new(),
            baseline,
            baseline_fit: Fit::default(),
            records_only: false,
        };
        model.rescore_all();
        model
    }

    /// The plan without its applications (one-record commands; at 10k applications
    /// reading and scoring them is most of such a command's time).
    pub(crate) fn without_applications(mut self) -> Self {
        self.applications.clear();
        self.fits.clear();
        self.records_only = true;
        self
    }

    /// Whether the applications are in the model.
    pub fn has_applications(&self) -> bool {
        !self.records_only
    }

    /// The fit of `application` against the criteria as they are now.
    pub fn fit_of(&self, application: &Application) -> Fit {
        fit_score(&self.criteria, &application.ratings)
    }

    /// Reading applications from a plan opened for one record is the caller's mistake.
    fn applications_read(&self) {
        debug_assert!(
            !self.records_only,
            "this store was opened for one record: read applications through the store"
        );
    }

    pub(crate) fn apply(&mut self, update: PlanUpdate) {
        match update {
            PlanUpdate::Criteria(list) => {
                self.criteria = list;
                self.rescore_all();
            }
            PlanUpdate::Application(_) if self.records_only => {}
            PlanUpdate::Application(application) => {
                let fit = fit_score(&self.criteria, &application.ratings);
                self.fits.insert(application.id, fit);
                self.applications.insert(application.id, *application);
            }
            PlanUpdate::Capability(capability) => {
                self.capabilities.insert(capability.id, *capability);
            }
            PlanUpdate::Ask(ask) => {
                self.asks.insert(ask.id, *ask);
            }
            PlanUpdate::CheckIn(check_in) => {
                let at = self.check_ins.partition_point(|c| {
                    (c.fields.date, c.id) <= (check_in.fields.date, check_in.id)
                });
                self.check_ins.insert(at, *check_in);
            }
            PlanUpdate::Baseline(baseline) => {
                self.baseline_fit = fit_score(&self.criteria, &baseline.ratings);
                self.baseline = baseline;
            }
        }
    }

    /// Recomputes every application's fit (after the criteria changed).
    fn rescore_all(&mut self) {
        self.fits = self
            .applications
            .values()
            .map(|a| (a.id, fit_score(&self.criteria, &a.ratings)))
            .collect();
        self.baseline_fit = fit_score(&self.criteria, &self.baseline.ratings);
    }

    /// The current job's ratings.
    pub fn baseline(&self) -> &Baseline {
        &self.baseline
    }

    /// The current job's fit: the line every opportunity is compared with.
    pub fn baseline_fit(&self) -> &Fit {
        &self.baseline_fit
    }

    /// Open applications' next rhythm follow-ups due on or before `until`, soonest first.
    pub fn rhythm_due(
        &self,
        rules: &RhythmRules,
        until: NaiveDate,
    ) -> Vec<(&Application, RhythmItem)> {
        self.applications_read();
        let mut due: Vec<(&Application, RhythmItem)> = self
            .applications
            .values()
            .filter_map(|a| next_follow_up(a, rules).map(|item| (a, item)))
            .filter(|(_, item)| item.due <= until)
            .collect();
        due.sort_by_key(|(a, item)| (item.due, a.id));
        due
    }

    /// Every criterion, retired ones included, in list order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    pub fn active_criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| !c.retired)
    }

    pub fn criterion(&self, id: crate::model::CriterionId) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn applications(&self) -> impl ExactSizeIterator<Item = &Application> {
        self.applications_read();
        self.applications.values()
    }

    pub fn application(&self, id: ApplicationId) -> Option<&Application> {
        self.applications_read();
        self.applications.get(&id)
    }

    /// The fit of an application, as last computed.
    pub fn fit(&self, id: ApplicationId) -> Option<&Fit> {
        self.applications_read();
        self.fits.get(&id)
    }

    /// Open applications whose next action is due on or before `today`, soonest first.
    pub fn next_actions_due(&self, today: NaiveDate) -> Vec<&Application> {
        self.applications_read();
        let mut due: Vec<&Application> = self
            .applications
            .values()
            .filter(|a| !a.stage.is_closed())
            .filter(|a| {
                a.fields
                    .next_action
                    .as_ref()
                    .is_some_and(|n| n.due <= today)
            })
            .collect();
        due.sort_by_key(|a| a.fields.next_action.as_ref().map(|n| n.due));
        due
    }

    /// Open applications that have not moved for [`STALE_AFTER_DAYS`] days, oldest first.
    pub fn stale_applications(&self, today: NaiveDate) -> Vec<&Application> {
        self.applications_read();
        let mut stale: Vec<&Application> = self
            .applications
            .values()
            .filter(|a| !a.stage.is_closed() && a.days_in_stage(today) >= STALE_AFTER_DAYS)
            .collect();
        stale.sort_by_key(|a| a.stage_since());
        stale
    }

    /// Capabilities, newest first (archived ones left out unless asked for).
    pub fn capabilities(&self, include_archived: bool) -> Vec<&Capability> {
        let mut list: Vec<&Capability> = self
            .capabilities
            .values()
            .filter(|c| include_archived || !c.archived)
            .collect();
        list.sort_by(|a, b| b.fields.date.cmp(&a.fields.date).then(b.id.cmp(&a.id)));
        list
    }

    pub fn capability(&self, id: CapabilityId) -> Option<&Capability> {
        self.capabilities.get(&id)
    }

    pub fn asks(&self) -> impl Iterator<Item = &Ask> {
        self.asks.values()
    }

    pub fn ask(&self, id: AskId) -> Option<&Ask> {
        self.asks.get(&id)
    }

    /// Asks to bring up again on `today`, earliest revisit first.
    pub fn asks_to_revisit(&self, today: NaiveDate) -> Vec<&Ask> {
        let mut list: Vec<&Ask> = self
            .asks
            .values()
            .filter(|a| a.revisit_due(today))
            .collect();
        list.sort_by_key(|a| a.fields.revisit_on);
        list
    }

    /// Check-ins, oldest first.
    pub fn check_ins(&self) -> &[CheckIn] {
        &self.check_ins
    }

    /// Whether Today should ask for a check-in.
    pub fn check_in_due(&self, today: NaiveDate) -> bool {
        check_in_due(self.check_ins.last().map(|c| c.fields.date), today)
    }
}
