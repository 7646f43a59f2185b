//! Carrying out [`PlanChange`]s: criteria, applications (stage history and ratings),
//! capabilities, asks and check-ins. Same rules as every write: validate, write in the
//! open transaction, and tell the read model only after the commit.

use redb::{ReadableTable, Table};

use super::apply::{Batch, ensure_fresh, refused};
use super::codec::{decode_plan, encode_plan};
use super::plan_model::PlanUpdate;
use super::read_model::ModelUpdate;
use super::tables::KEY_BASELINE;
use super::{ApplyError, Outcome, PlanChange, StorageFailure};
use crate::model::{
    Application, ApplicationFields, ApplicationId, Ask, AskFields, AskId, Capability,
    CapabilityFields, CapabilityId, CheckIn, CheckInFields, CheckInId, ContactId, Criterion,
    CriterionFields, CriterionId, Rating, Revision, Stage, StageChange,
};
use chrono::NaiveDate;

fn load<T: super::codec::Versioned>(
    table: &Table<'_, u64, &'static [u8]>,
    what: &'static str,
    id: u64,
) -> Result<T, ApplyError> {
    let bytes = table.get(id).map_err(StorageFailure::from)?;
    let bytes = bytes.ok_or(ApplyError::NotFound { what, id })?;
    Ok(decode_plan(what, id, bytes.value()).map_err(StorageFailure::from)?)
}

fn save<T: super::codec::Versioned>(
    table: &mut Table<'_, u64, &'static [u8]>,
    id: u64,
    record: &T,
) -> Result<(), ApplyError> {
    table
        .insert(id, encode_plan(record).as_slice())
        .map_err(StorageFailure::from)?;
    Ok(())
}

impl Batch<'_> {
    fn all_criteria(&self) -> Result<Vec<Criterion>, ApplyError> {
        let mut list: Vec<Criterion> = Vec::new();
        for row in self.tables.criteria.iter().map_err(StorageFailure::from)? {
            let (key, value) = row.map_err(StorageFailure::from)?;
            list.push(
                decode_plan("criterion", key.value(), value.value())
                    .map_err(StorageFailure::from)?,
            );
        }
        list.sort_by_key(|c| (c.position, c.id));
        Ok(list)
    }

    /// Renumbers positions 0, 1, 2… in the given order, writes what changed, and tells
    /// the read model the whole list.
    fn save_criteria(
        &mut self,
        mut list: Vec<Criterion>,
        changed: Option<CriterionId>,
    ) -> Result<(), ApplyError> {
        for (index, criterion) in list.iter_mut().enumerate() {
            let position = u32::try_from(index).unwrap_or(u32::MAX);
            if criterion.position != position || Some(criterion.id) == changed {
                criterion.position = position;
                save(&mut self.tables.criteria, criterion.id.0, criterion)?;
            }
        }
        self.updates
            .push(ModelUpdate::Plan(PlanUpdate::Criteria(list)));
        Ok(())
    }

    fn check_contacts(
        &self,
        contacts: impl IntoIterator<Item = ContactId>,
    ) -> Result<(), ApplyError> {
        for id in contacts {
            self.tables.contact(id)?;
        }
        Ok(())
    }

    fn push(&mut self, update: PlanUpdate) {
        self.updates.push(ModelUpdate::Plan(update));
    }

    pub(crate) fn apply_plan(&mut self, change: PlanChange) -> Result<Outcome, ApplyError> {
        match change {
            PlanChange::AddCriterion(fields) => self.add_criterion(fields),
            PlanChange::EditCriterion { id, base, fields } => {
                let stored: Criterion = load(&self.tables.criteria, "criterion", id.0)?;
                ensure_fresh("criterion", id.0, &stored, base)?;
                let fields = fields.validate().map_err(ApplyError::Invalid)?;
                self.edit_criterion(id, |c| c.fields = fields)
            }
            PlanChange::SetCriterionRetired { id, retired } => {
                self.edit_criterion(id, |c| c.retired = retired)
            }
            PlanChange::MoveCriterion { id, index } => self.move_criterion(id, index),
            PlanChange::AddApplication { fields, stage, on } => {
                self.add_application(fields, stage, on)
            }
            PlanChange::EditApplication { id, base, fields } => {
                let stored: Application = load(&self.tables.applications, "application", id.0)?;
                ensure_fresh("application", id.0, &stored, base)?;
                let fields = fields.validate().map_err(ApplyError::Invalid)?;
                self.check_contacts(fields.contacts.iter().map(|(c, _)| *c))?;
                self.edit_application(id, |a| {
                    a.fields = fields;
                    Ok(())
                })
            }
            PlanChange::UndoMove { base, before } => {
                let id = before.id;
                let stored: Application = load(&self.tables.applications, "application", id.0)?;
                ensure_fresh("application", id.0, &stored, base)?;
                self.edit_application(id, |a| {
                    *a = *before;
                    Ok(())
                })
            }
            PlanChange::MoveApplication { id, stage, on } => self.move_application(id, stage, on),
            PlanChange::RateApplication {
                id,
                criterion,
                rating,
            } => self.rate_application(id, criterion, rating),
            PlanChange::AddCapability(fields) => self.add_capability(fields),
            PlanChange::EditCapability { id, base, fields } => {
                let stored: Capability = load(&self.tables.capabilities, "capability", id.0)?;
                ensure_fresh("capability", id.0, &stored, base)?;
                let fields = fields.validate().map_err(ApplyError::Invalid)?;
                self.edit_capability(id, |c| c.fields = fields)
            }
            PlanChange::SetCapabilityArchived { id, archived } => {
                self.edit_capability(id, |c| c.archived = archived)
            }
            PlanChange::AddAsk(fields) => self.add_ask(fields),
            PlanChange::EditAsk { id, base, fields } => self.edit_ask(id, base, fields),
            PlanChange::RateBaseline { criterion, rating } => self.rate_baseline(criterion, rating),
            PlanChange::CompleteRhythm { id, on } => self.complete_rhythm(id, on),
            PlanChange::RecordCheckIn(fields) => self.record_check_in(fields),
        }
    }

    fn add_criterion(&mut self, fields: CriterionFields) -> Result<Outcome, ApplyError> {
        let fields = fields.validate().map_err(ApplyError::Invalid)?;
        let id = CriterionId(self.tables.next_id()?);
        let mut list = self.all_criteria()?;
        list.push(Criterion {
            id,
            fields,
            position: u32::MAX,
            retired: false,
            created: self.now,
            updated: self.now,
        });
        self.save_criteria(list, Some(id))?;
        Ok(Outcome::CriterionAdded(id))
    }

    fn move_criterion(&mut self, id: CriterionId, index: usize) -> Result<Outcome, ApplyError> {
        let mut list = self.all_criteria()?;
        let from = list
            .iter()
            .position(|c| c.id == id)
            .ok_or(ApplyError::NotFound {
                what: "criterion",
                id: id.0,
            })?;
        let criterion = list.remove(from);
        list.insert(index.min(list.len()), criterion);
        self.save_criteria(list, None)?;
        Ok(Outcome::Done)
    }

    fn add_application(
        &mut self,
        fields: ApplicationFields,
        stage: Stage,
        on: NaiveDate,
    ) -> Result<Outcome, ApplyError> {
        let fields = fields.validate().map_err(ApplyError::Invalid)?;
        self.check_contacts(fields.contacts.iter().map(|(c, _)| *c))?;
        if on > self.today {
            return Err(refused("date", format!("date: {on} is in the future")));
        }
        let id = ApplicationId(self.tables.next_id()?);
        let application = Application {
            id,
            fields,
            stage,
            history: vec![StageChange { stage, on }],
            ratings: Default::default(),
            rhythm: Default::default(),
            created: self.now,
            updated: self.now,
        };
        save(&mut self.tables.applications, id.0, &application)?;
        self.push(PlanUpdate::Application(Box::new(application)));
        Ok(Outcome::ApplicationAdded(id))
    }

    fn move_application(
        &mut self,
        id: ApplicationId,
        stage: Stage,
        on: NaiveDate,
    ) -> Result<Outcome, ApplyError> {
        let today = self.today;
        self.edit_application(id, |a| {
            if on > today {
                return Err(refused("date", format!("date: {on} is in the future")));
            }
            if let Some(last) = a.history.last()
                && on < last.on
            {
                return Err(refused(
                    "date",
                    format!(
                        "date: {on} is before it entered {} on {}",
                        last.stage.label(),
                        last.on
                    ),
                ));
            }
            if a.stage != stage {
                a.stage = stage;
                a.history.push(StageChange { stage, on });
                // A new stage starts its own rhythm.
                a.rhythm = Default::default();
            }
            Ok(())
        })
    }

    fn rate_application(
        &mut self,
        id: ApplicationId,
        criterion: CriterionId,
        rating: Rating,
    ) -> Result<Outcome, ApplyError> {
        let _: Criterion = load(&self.tables.criteria, "criterion", criterion.0)?;
        self.edit_application(id, |a| {
            if rating == Rating::Unknown {
                a.ratings.remove(&criterion);
            } else {
                a.ratings.insert(criterion, rating);
            }
            Ok(())
        })
    }

    fn add_capability(&mut self, fields: CapabilityFields) -> Result<Outcome, ApplyError> {
        let fields = fields.validate().map_err(ApplyError::Invalid)?;
        let id = CapabilityId(self.tables.next_id()?);
        let capability = Capability {
            id,
            fields,
            archived: false,
            created: self.now,
            updated: self.now,
        };
        save(&mut self.tables.capabilities, id.0, &capability)?;
        self.push(PlanUpdate::Capability(Box::new(capability)));
        Ok(Outcome::CapabilityAdded(id))
    }

    fn add_ask(&mut self, fields: AskFields) -> Result<Outcome, ApplyError> {
        let fields = self.valid_ask(fields)?;
        let id = AskId(self.tables.next_id()?);
        let ask = Ask {
            id,
            fields,
            created: self.now,
            updated: self.now,
        };
        save(&mut self.tables.asks, id.0, &ask)?;
        self.push(PlanUpdate::Ask(Box::new(ask)));
        Ok(Outcome::AskAdded(id))
    }

    fn edit_ask(
        &mut self,
        id: AskId,
        base: Revision,
        fields: AskFields,
    ) -> Result<Outcome, ApplyError> {
        let mut ask: Ask = load(&self.tables.asks, "ask", id.0)?;
        ensure_fresh("ask", id.0, &ask, base)?;
        let fields = self.valid_ask(fields)?;
        ask.fields = fields;
        ask.updated = self.now;
        save(&mut self.tables.asks, id.0, &ask)?;
        self.push(PlanUpdate::Ask(Box::new(ask)));
        Ok(Outcome::Done)
    }

    fn record_check_in(&mut self, fields: CheckInFields) -> Result<Outcome, ApplyError> {
        let fields = fields.validate(self.today).map_err(ApplyError::Invalid)?;
        let id = CheckInId(self.tables.next_id()?);
        let check_in = CheckIn {
            id,
            fields,
            created: self.now,
        };
        save(&mut self.tables.check_ins, id.0, &check_in)?;
        self.push(PlanUpdate::CheckIn(Box::new(check_in)));
        Ok(Outcome::CheckInRecorded(id))
    }

    fn valid_ask(&self, fields: AskFields) -> Result<AskFields, ApplyError> {
        let fields = fields.validate().map_err(ApplyError::Invalid)?;
        self.check_contacts(fields.asked_to)?;
        Ok(fields)
    }

    fn edit_criterion(
        &mut self,
        id: CriterionId,
        edit: impl FnOnce(&mut Criterion),
    ) -> Result<Outcome, ApplyError> {
        let mut list = self.all_criteria()?;
        let criterion = list
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(ApplyError::NotFound {
                what: "criterion",
                id: id.0,
            })?;
        edit(criterion);
        criterion.updated = self.now;
        self.save_criteria(list, Some(id))?;
        Ok(Outcome::Done)
    }

    /// The current job's ratings, as stored.
    pub(crate) fn baseline(&self) -> Result<crate::model::Baseline, ApplyError> {
        self.settings_record(KEY_BASELINE, "baseline")
    }

    fn rate_baseline(
        &mut self,
        criterion: crate::model::CriterionId,
        rating: crate::model::Rating,
    ) -> Result<Outcome, ApplyError> {
        let _: Criterion = load(&self.tables.criteria, "criterion", criterion.0)?;
        let mut baseline = self.baseline()?;
        if rating == crate::model::Rating::Unknown {
            baseline.ratings.remove(&criterion);
        } else {
            baseline.ratings.insert(criterion, rating);
        }
        self.tables
            .settings
            .insert(KEY_BASELINE, encode_plan(&baseline).as_slice())
            .map_err(StorageFailure::from)?;
        self.push(PlanUpdate::Baseline(baseline));
        Ok(Outcome::Done)
    }

    fn complete_rhythm(&mut self, id: ApplicationId, on: NaiveDate) -> Result<Outcome, ApplyError> {
        if on > self.today {
            return Err(refused("date", format!("date: {on} is in the future")));
        }
        let application: Application = load(&self.tables.applications, "application", id.0)?;
        let rules = self.settings()?.rhythms;
        let Some(item) = crate::model::next_follow_up(&application, &rules) else {
            return Err(refused(
                "rhythm",
                format!(
                    "rhythm: {} at {} has no follow-up waiting",
                    application.fields.role, application.fields.company
                ),
            ));
        };
        let contacts: Vec<_> = application
            .fields
            .contacts
            .iter()
            .map(|(c, _)| *c)
            .collect();
        if !contacts.is_empty() {
            let fields = crate::model::TouchpointFields {
                contacts,
                date: on,
                time: None,
                kind: crate::model::TouchpointKind::Message,
                direction: crate::model::Direction::Gave,
                summary: format!(
                    "{} — {} at {}",
                    item.what, application.fields.role, application.fields.company
                ),
                follow_up: None,
            };
            self.apply(super::Change::LogTouchpoint(fields))?;
        }
        self.edit_application(id, |a| {
            a.rhythm.done += 1;
            a.rhythm.last_done = Some(on);
            Ok(())
        })
    }

    fn edit_application(
        &mut self,
        id: ApplicationId,
        edit: impl FnOnce(&mut Application) -> Result<(), ApplyError>,
    ) -> Result<Outcome, ApplyError> {
        let mut application: Application = load(&self.tables.applications, "application", id.0)?;
        edit(&mut application)?;
        application.updated = self.now;
        save(&mut self.tables.applications, id.0, &application)?;
        self.push(PlanUpdate::Application(Box::new(application)));
        Ok(Outcome::Done)
    }

    fn edit_capability(
        &mut self,
        id: CapabilityId,
        edit: impl FnOnce(&mut Capability),
    ) -> Result<Outcome, ApplyError> {
        let mut capability: Capability = load(&self.tables.capabilities, "capability", id.0)?;
        edit(&mut capability);
        capability.updated = self.now;
        save(&mut self.tables.capabilities, id.0, &capability)?;
        self.push(PlanUpdate::Capability(Box::new(capability)));
        Ok(Outcome::Done)
    }
}
