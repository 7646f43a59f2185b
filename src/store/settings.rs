//! Carrying out [`Change::SetSettings`](super::Change::SetSettings): the settings'
//! writer. A new employer makes everyone there *must not know*; a window title may not
//! name a contact or a company; changed cadence rules rebuild the due index.

use redb::ReadableTable;

use super::apply::{Batch, refused};
use super::codec::{decode_plan, encode_plan};
use super::read_model::ModelUpdate;
use super::tables::KEY_SETTINGS;
use super::{ApplyError, Outcome, StorageFailure};
use crate::model::{Revision, Settings};

impl Batch<'_> {
    /// The settings as this transaction sees them.
    pub(crate) fn settings(&self) -> Result<Settings, ApplyError> {
        self.settings_record(KEY_SETTINGS, "settings")
    }

    /// A record kept under `key` in the settings table, or its default while none is
    /// stored.
    pub(crate) fn settings_record<T: super::codec::Versioned + Default>(
        &self,
        key: &str,
        what: &'static str,
    ) -> Result<T, ApplyError> {
        match self
            .tables
            .settings
            .get(key)
            .map_err(StorageFailure::from)?
        {
            Some(bytes) => Ok(decode_plan(what, 0, bytes.value()).map_err(StorageFailure::from)?),
            None => Ok(T::default()),
        }
    }

    pub(crate) fn set_settings(
        &mut self,
        base: Revision,
        settings: Box<Settings>,
    ) -> Result<Outcome, ApplyError> {
        let before = self.settings()?;
        if Revision::of(&before) != base {
            return Err(ApplyError::Stale {
                record: "the settings".into(),
            });
        }
        settings
            .check_consistency()
            .map_err(|e| refused("settings", e.to_string()))?;
        if settings.employer != before.employer {
            self.protect_colleagues(&settings.employer)?;
        }
        if settings.privacy.window_title != before.privacy.window_title {
            self.check_window_title(&settings.privacy.window_title)?;
        }
        self.tables
            .settings
            .insert(KEY_SETTINGS, encode_plan(&*settings).as_slice())
            .map_err(StorageFailure::from)?;
        let rules = crate::model::CadenceRules::of(&settings);
        if rules != self.tables.cadence {
            self.tables.cadence = rules;
            self.rebuild_due_index()?;
        }
        self.updates.push(ModelUpdate::Settings(settings));
        Ok(Outcome::Done)
    }

    /// The window title is seen by anyone near the screen: it may not name a contact,
    /// an organization or an application's company.
    fn check_window_title(&self, title: &str) -> Result<(), ApplyError> {
        let folded = super::fold(title);
        let named = |text: &str| {
            let text = super::fold(text.trim());
            text.chars().count() >= 3 && folded.contains(&text)
        };
        for row in self.tables.contacts.iter().map_err(StorageFailure::from)? {
            let (key, value) = row.map_err(StorageFailure::from)?;
            let contact = super::codec::decode_contact(key.value(), value.value())
                .map_err(StorageFailure::from)?;
            let f = &contact.fields;
            if named(&f.name) || named(&f.organization) || f.formerly_at.iter().any(|o| named(o)) {
                return Err(refused(
                    "privacy.window_title",
                    "privacy.window_title: it names one of your contacts or their company; choose a neutral title such as Notes",
                ));
            }
        }
        for row in self
            .tables
            .applications
            .iter()
            .map_err(StorageFailure::from)?
        {
            let (key, value) = row.map_err(StorageFailure::from)?;
            let application: crate::model::Application =
                decode_plan("application", key.value(), value.value())
                    .map_err(StorageFailure::from)?;
            if named(&application.fields.company) {
                return Err(refused(
                    "privacy.window_title",
                    "privacy.window_title: it names a company you applied to; choose a neutral title such as Notes",
                ));
            }
        }
        Ok(())
    }

    /// A new or changed employer: everyone who works there (by address or organization)
    /// becomes *must not know*, as a new contact there would.
    fn protect_colleagues(&mut self, employer: &crate::model::Employer) -> Result<(), ApplyError> {
        let mut colleagues = Vec::new();
        for row in self.tables.contacts.iter().map_err(StorageFailure::from)? {
            let (key, value) = row.map_err(StorageFailure::from)?;
            let contact = super::codec::decode_contact(key.value(), value.value())
                .map_err(StorageFailure::from)?;
            if employer.includes(&contact.fields)
                && contact.fields.discretion != Some(crate::model::Discretion::MustNotKnow)
            {
                colleagues.push(contact.id);
            }
        }
        for id in colleagues {
            self.update_contact(id, |contact| {
                contact.fields.discretion = Some(crate::model::Discretion::MustNotKnow);
            })?;
        }
        Ok(())
    }
}
