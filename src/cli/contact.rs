//! `exitplan contact …` and `exitplan log`: the people, and the touchpoints with them.

use super::*;

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact; prints its id
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        details: ContactDetails,
    },
    /// List contacts (archived ones are left out)
    List {
        /// Only contacts with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only contacts due today
        #[arg(long)]
        due: bool,
        /// Only contacts this warm: warm, cooling or cold
        #[arg(long, value_name = "WARMTH", value_parser = parse_warmth)]
        warmth: Option<Warmth>,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Show one contact with its figures and recent touchpoints
    Show(ShowArgs),
    /// Change a contact; only the given fields change (--email and --tag replace the lists)
    Edit {
        id: u64,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        details: ContactDetails,
        /// Mark as external (outside the current employer)
        #[arg(long, conflicts_with = "internal")]
        external: bool,
        /// Remove the keep-in-touch cadence
        #[arg(long, conflicts_with = "cadence")]
        no_cadence: bool,
    },
    /// Archive a contact (kept, but out of lists and reminders)
    Archive { id: u64 },
}

#[derive(Debug, Args)]
pub struct ContactDetails {
    /// Email address (repeat for several; the first is primary)
    #[arg(long = "email", value_name = "ADDR")]
    pub emails: Vec<String>,
    #[arg(long = "org", value_name = "ORG")]
    pub organization: Option<String>,
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Tag (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Works at the current employer
    #[arg(long)]
    pub internal: bool,
    /// Keep-in-touch cadence in days
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
    /// Who may hear what: knows (I'm looking), capabilities (only), never (must not know)
    #[arg(long, value_name = "LEVEL", value_parser = parse_discretion)]
    pub discretion: Option<Discretion>,
    /// A company they worked at before (repeat for several; on edit, replaces the list)
    #[arg(long = "formerly-at", value_name = "ORG")]
    pub formerly_at: Vec<String>,
    /// Send reminder drafts for this contact without asking (yes/no)
    #[arg(long, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub auto_send: Option<bool>,
    /// When you met (YYYY-MM-DD); a contact never touched is first due one cadence after
    /// it was added or met, whichever is later
    #[arg(long = "met-on", value_name = "DATE", value_parser = date_flag)]
    pub met_on: Option<NaiveDate>,
}

fn parse_warmth(text: &str) -> Result<Warmth, NotOneOf> {
    Warmth::parse(text).ok_or_else(|| NotOneOf::new(text, "warm, new, cooling, cold"))
}

fn parse_discretion(text: &str) -> Result<Discretion, NotOneOf> {
    Discretion::parse(text).ok_or_else(|| NotOneOf::new(text, "knows, capabilities, never"))
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("direction").required(true).args(["gave", "received", "mutual"])))]
pub struct LogArgs {
    /// Contact id (repeat for several)
    #[arg(long = "contact", value_name = "ID", required = true)]
    pub contacts: Vec<u64>,
    /// email, call, coffee, meeting, event, message, social-comment, intro or other
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// You gave support
    #[arg(long)]
    pub gave: bool,
    /// You received support
    #[arg(long)]
    pub received: bool,
    /// Support went both ways
    #[arg(long)]
    pub mutual: bool,
    #[arg(long, value_name = "TEXT")]
    pub summary: String,
    /// When it happened [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_flag)]
    pub date: Option<NaiveDate>,
    /// Date of a follow-up to do
    #[arg(
        long = "follow-up",
        value_name = "YYYY-MM-DD",
        requires = "follow_up_note",
        value_parser = date_flag
    )]
    pub follow_up: Option<NaiveDate>,
    /// What the follow-up is
    #[arg(long = "follow-up-note", value_name = "TEXT", requires = "follow_up")]
    pub follow_up_note: Option<String>,
}

pub(super) fn contact_command(
    command: ContactCommand,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ContactCommand::Add { name, details } => {
            let mut fields = ContactFields {
                name,
                ..ContactFields::default()
            };
            apply_details(&mut fields, details);
            let mut store = open_for_records(path)?;
            let id = store.apply(Change::AddContact(fields))?;
            writeln!(out, "{}", id.contact_id().expect("a contact was added"))?;
        }
        ContactCommand::List {
            tag,
            due,
            warmth,
            output: JsonFlag { json },
        } => list_contacts(tag.as_deref(), due, warmth, json, path, out)?,
        ContactCommand::Show(ShowArgs {
            id,
            output: JsonFlag { json },
        }) => {
            let store = open_for_records(path)?;
            let entry = find(&store, id)?;
            if json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &ContactJson::from_entry(&entry, store.today()),
                )?;
                writeln!(out)?;
            } else {
                show_contact(&store, &entry, out)?;
            }
        }
        ContactCommand::Edit {
            id,
            name,
            details,
            external,
            no_cadence,
        } => edit_contact(id, name, details, external, no_cadence, path)?,
        ContactCommand::Archive { id } => {
            let mut store = open_for_records(path)?;
            find(&store, id)?;
            store.apply(Change::SetArchived {
                id: ContactId(id),
                archived: true,
            })?;
        }
    }
    Ok(())
}

/// The contacts that are not archived, narrowed by tag, due and warmth.
fn list_contacts(
    tag: Option<&str>,
    due: bool,
    warmth: Option<Warmth>,
    json: bool,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(path)?;
    let today = store.today();
    let model = store.model();
    let entries: Vec<&ContactEntry> = if due {
        model
            .due_contacts(today)
            .iter()
            .filter_map(|d| model.contact(d.id))
            .collect()
    } else {
        model.contacts().iter().collect()
    };
    let entries: Vec<&ContactEntry> = entries
        .into_iter()
        .filter(|e| !e.contact.archived)
        .filter(|e| tag.is_none_or(|t| e.contact.has_tag(t)))
        .filter(|e| warmth.is_none_or(|w| e.warmth(today) == w))
        .collect();
    if json {
        let list: Vec<ContactJson> = entries
            .iter()
            .map(|e| ContactJson::from_entry(e, today))
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else {
        for e in entries {
            writeln!(out, "{}", contact_line(e, today))?;
        }
    }
    Ok(())
}

/// Changes only the given fields; the lists given replace the stored ones.
fn edit_contact(
    id: u64,
    name: Option<String>,
    details: ContactDetails,
    external: bool,
    no_cadence: bool,
    path: &Path,
) -> anyhow::Result<()> {
    let mut store = open_for_records(path)?;
    let entry = find(&store, id)?;
    let base = entry.revision();
    let mut fields = entry.contact.fields.clone();
    if let Some(name) = name {
        fields.name = name;
    }
    if !details.emails.is_empty() {
        fields.emails.clear();
    }
    if !details.tags.is_empty() {
        fields.tags.clear();
    }
    if !details.formerly_at.is_empty() {
        fields.formerly_at.clear();
    }
    let was_internal = fields.circle == Circle::Internal;
    apply_details(&mut fields, details);
    if was_internal && !external {
        fields.circle = Circle::Internal;
    }
    if external {
        fields.circle = Circle::External;
    }
    if no_cadence {
        fields.cadence_days = None;
    }
    store.apply(Change::EditContact {
        id: ContactId(id),
        base,
        fields,
    })?;
    Ok(())
}

fn apply_details(fields: &mut ContactFields, details: ContactDetails) {
    fields.emails.extend(details.emails);
    fields.tags.extend(details.tags);
    fields.formerly_at.extend(details.formerly_at);
    if let Some(org) = details.organization {
        fields.organization = org;
    }
    if let Some(title) = details.title {
        fields.title = title;
    }
    fields.circle = if details.internal {
        Circle::Internal
    } else {
        Circle::External
    };
    if details.cadence.is_some() {
        fields.cadence_days = details.cadence;
    }
    if details.discretion.is_some() {
        fields.discretion = details.discretion;
    }
    if let Some(auto_send) = details.auto_send {
        fields.auto_send = auto_send;
    }
    if details.met_on.is_some() {
        fields.met_on = details.met_on;
    }
}

/// One contact, from the read model or (a store opened for one record) the tables.
pub(super) fn find(store: &Store, id: u64) -> anyhow::Result<ContactEntry> {
    store
        .contact_entry(ContactId(id))?
        .ok_or_else(|| anyhow!("contact {id} does not exist (see `exitplan contact list`)"))
}

pub(super) fn log_fields(args: &LogArgs) -> anyhow::Result<TouchpointFields> {
    let kind = TouchpointKind::from_key(&args.kind).ok_or_else(|| {
        let known: Vec<&str> = TouchpointKind::ALL.iter().map(|k| k.key()).collect();
        anyhow!(
            "kind '{}': unknown; use one of {}",
            args.kind,
            known.join(", ")
        )
    })?;
    let direction = if args.gave {
        Direction::Gave
    } else if args.received {
        Direction::Received
    } else {
        Direction::Mutual
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let follow_up = match (args.follow_up, &args.follow_up_note) {
        (Some(due), Some(what)) => Some(FollowUp {
            due,
            what: what.clone(),
            done: false,
        }),
        _ => None,
    };
    Ok(TouchpointFields {
        contacts: args.contacts.iter().map(|id| ContactId(*id)).collect(),
        date,
        time: None,
        kind,
        direction,
        summary: args.summary.clone(),
        follow_up,
    })
}

/// A contact as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ContactJson {
    pub id: u64,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organization: String,
    pub title: String,
    pub how_we_met: String,
    pub tags: Vec<String>,
    pub circle: &'static str,
    pub trust: Option<&'static str>,
    pub shared_note: String,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub links: Vec<String>,
    /// knows, capabilities or never.
    pub discretion: &'static str,
    pub auto_send: bool,
    pub met_on: Option<NaiveDate>,
    pub formerly_at: Vec<String>,
    /// The cadence in effect (the contact's own, else its tags', else its circle's).
    pub effective_cadence_days: Option<u32>,
    /// warm, cooling or cold.
    pub warmth: &'static str,
    pub archived: bool,
    pub snoozed_until: Option<NaiveDate>,
    pub last_touch: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub touchpoints: u32,
    pub gave: u32,
    pub received: u32,
    pub mutual: u32,
    pub created: String,
    pub updated: String,
}

impl ContactJson {
    pub fn from_entry(entry: &ContactEntry, today: NaiveDate) -> Self {
        let Contact {
            id,
            fields,
            archived,
            snoozed_until,
            created,
            updated,
        } = entry.contact.clone();
        Self {
            id: id.0,
            name: fields.name,
            emails: fields.emails,
            phones: fields.phones,
            organization: fields.organization,
            title: fields.title,
            how_we_met: fields.how_we_met,
            tags: fields.tags,
            circle: fields.circle.label(),
            trust: fields.trust.map(|t| t.label()),
            shared_note: fields.shared_note,
            cadence_days: fields.cadence_days,
            notes: fields.notes,
            links: fields.links,
            discretion: fields.discretion.unwrap_or_default().code(),
            auto_send: fields.auto_send,
            met_on: fields.met_on,
            formerly_at: fields.formerly_at,
            effective_cadence_days: entry.cadence_days,
            warmth: entry.warmth(today).code(),
            archived,
            snoozed_until,
            last_touch: entry.stats.last_touch,
            next_due: entry.next_due,
            touchpoints: entry.stats.touchpoints,
            gave: entry.stats.reciprocity.gave,
            received: entry.stats.reciprocity.received,
            mutual: entry.stats.reciprocity.mutual,
            created: created.to_datetime().to_rfc3339(),
            updated: updated.to_datetime().to_rfc3339(),
        }
    }
}

fn contact_line(e: &ContactEntry, today: NaiveDate) -> String {
    let f = &e.contact.fields;
    let due = e
        .next_due
        .map_or_else(|| "-".to_string(), |d| d.to_string());
    format!(
        "{:>6}  {}  {}  {}  {}  next due {}",
        e.id(),
        f.name,
        if f.organization.is_empty() {
            "-"
        } else {
            &f.organization
        },
        f.primary_email().unwrap_or("-"),
        e.warmth(today).code(),
        due
    )
}

fn show_contact(store: &Store, e: &ContactEntry, out: &mut impl Write) -> anyhow::Result<()> {
    let f = &e.contact.fields;
    writeln!(out, "{} (#{})", f.name, e.id())?;
    let mut line = |label: &str, value: &str| -> std::io::Result<()> {
        if value.is_empty() {
            Ok(())
        } else {
            writeln!(out, "  {label:<14}{value}")
        }
    };
    line("Emails", &f.emails.join(", "))?;
    line("Phones", &f.phones.join(", "))?;
    line("Organization", &f.organization)?;
    line("Title", &f.title)?;
    line("Circle", f.circle.label())?;
    line("Reminders", f.discretion.unwrap_or_default().label())?;
    line("Trust", f.trust.map_or("", |t| t.label()))?;
    line("Shared", &f.shared_note)?;
    line("How we met", &f.how_we_met)?;
    line("Met on", &f.met_on.map_or(String::new(), |d| d.to_string()))?;
    line("Tags", &f.tags.join(", "))?;
    line("Formerly at", &f.formerly_at.join(", "))?;
    line(
        "Cadence",
        &match (f.cadence_days, e.cadence_days) {
            (Some(d), _) => format!("every {d} days"),
            (None, Some(d)) => format!("every {d} days (the default for its tags or circle)"),
            (None, None) => String::new(),
        },
    )?;
    line("Warmth", e.warmth(store.today()).label())?;
    line(
        "Snoozed until",
        &e.contact
            .snoozed_until
            .map_or(String::new(), |d| d.to_string()),
    )?;
    line(
        "Last touch",
        &e.stats.last_touch.map_or(String::new(), |d| d.to_string()),
    )?;
    line(
        "Next due",
        &e.next_due.map_or(String::new(), |d| d.to_string()),
    )?;
    line("Reciprocity", &e.stats.reciprocity.summary())?;
    line("Links", &f.links.join(", "))?;
    line("Archived", if e.contact.archived { "yes" } else { "" })?;
    if !f.notes.is_empty() {
        writeln!(out, "  Notes\n    {}", f.notes.replace('\n', "\n    "))?;
    }
    let recent = store.contact_touchpoints(e.id(), 10)?;
    if !recent.is_empty() {
        writeln!(out, "  Recent touchpoints")?;
        for t in recent {
            writeln!(
                out,
                "    {}  {:<15} {:<17} {}",
                t.fields.date,
                t.fields.kind.label(),
                t.fields.direction.label(),
                t.fields.summary
            )?;
        }
    }
    Ok(())
}
