//! Events of the measures and of their projects (activity cards): their dates, registrations
//! and attendance, and the tallies the measures' and cards' indicators are fed from. Who may
//! run an event is [`kpss_domain::event::may_run`], checked in the writing transaction against
//! the group the measure's part is assigned to and the card's provider.

use std::collections::HashMap;

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::event::{EventDate, EventDraft, EventKind, EventOwner};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::OffsetDateTime;

use crate::entity::{
    action_plan, activity_card, event, event_date, event_registration, plan_goal, plan_measure,
    plan_part, work_group,
};
use crate::{Conflict, Error, Result, Store};

mod attendance;
mod registration;
mod served;

pub(crate) use attendance::card_tallies;
pub use attendance::{presence, record_attendance, tallies};
pub use registration::{Registration, recent_from, register, registrations};
pub use served::{Project, Served, served};

/// A date of a stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDate {
    pub id: i32,
    /// The form row it was typed on.
    pub position: usize,
    pub date: EventDate,
    pub starts_at: OffsetDateTime,
    /// Those who came unregistered; `None` until the attendance is recorded.
    pub walk_ins: Option<i32>,
}

/// What an event serves: a measure, or a project (an activity card) of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    Measure(i32),
    Card(i32),
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i32,
    pub measure: i32,
    /// The activity card of a project's event.
    pub card: Option<i32>,
    /// The code of the group the measure's part is assigned to, which rights go by.
    pub group_code: Option<String>,
    /// The card's provider, whose editors run a project's event.
    pub organisation: Option<i32>,
    pub draft: EventDraft,
    /// In time order.
    pub dates: Vec<StoredDate>,
    pub registered: u64,
    pub version: i32,
}

impl Event {
    /// Whom the event belongs to, for [`kpss_domain::event::may_run`].
    #[must_use]
    pub fn owner(&self) -> EventOwner<'_> {
        EventOwner {
            group: self.group_code.as_deref(),
            organisation: self.organisation,
        }
    }

    /// What the event serves.
    #[must_use]
    pub fn serves(&self) -> Serves {
        self.card
            .map_or(Serves::Measure(self.measure), Serves::Card)
    }

    /// When the last date begins: registration is open until then.
    #[must_use]
    pub fn last_start(&self) -> Option<time::PrimitiveDateTime> {
        self.dates.iter().map(|d| d.date.starts).max()
    }
}

fn stored_date(d: event_date::Model) -> StoredDate {
    let to_prague = kpss_domain::czech::to_prague;
    StoredDate {
        id: d.id,
        position: usize::try_from(d.position).unwrap_or_default(),
        date: EventDate {
            starts: to_prague(d.starts_at),
            ends: to_prague(d.ends_at),
        },
        starts_at: d.starts_at,
        walk_ins: d.walk_ins,
    }
}

/// The code of the working group each measure's part is assigned to, in four queries
/// whatever their number; a measure that is not the tenant's is left out.
async fn measure_groups<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    measures: &[i32],
) -> Result<HashMap<i32, Option<String>>> {
    let measures = plan_measure::Entity::find()
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .filter(plan_measure::Column::Id.is_in(measures.iter().copied()))
        .all(c)
        .await?;
    let part_of: HashMap<i32, i32> = plan_goal::Entity::find()
        .filter(plan_goal::Column::Id.is_in(measures.iter().map(|m| m.goal_id)))
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.part_id))
        .collect();
    let group_of: HashMap<i32, i32> = plan_part::Entity::find()
        .filter(plan_part::Column::Id.is_in(part_of.values().copied()))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|p| p.work_group_id.map(|g| (p.id, g)))
        .collect();
    let code_of: HashMap<i32, String> = work_group::Entity::find()
        .filter(work_group::Column::Id.is_in(group_of.values().copied()))
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    Ok(measures
        .into_iter()
        .map(|m| {
            let code = part_of
                .get(&m.goal_id)
                .and_then(|p| group_of.get(p))
                .and_then(|g| code_of.get(g))
                .cloned();
            (m.id, code)
        })
        .collect())
}

/// The code of the working group the measure's part is assigned to; not found unless the
/// measure is the tenant's.
pub(crate) async fn measure_group<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    measure: i32,
) -> Result<Option<String>> {
    measure_groups(c, tenant, &[measure])
        .await?
        .remove(&measure)
        .ok_or(Error::NotFound)
}

/// The events of a project (an activity card), the latest first.
pub async fn card_events(store: &Store, tenant: i32, card: i32) -> Result<Vec<Event>> {
    let found = event::Entity::find()
        .filter(event::Column::TenantId.eq(tenant))
        .filter(event::Column::CardId.eq(card))
        .all(store.db())
        .await?;
    let mut out = load(store.db(), tenant, found).await?;
    out.sort_by_key(|e| std::cmp::Reverse(e.last_start()));
    Ok(out)
}

/// The tenant's events of these measures (all measures: `None`), the latest first.
pub async fn events(store: &Store, tenant: i32, measures: Option<&[i32]>) -> Result<Vec<Event>> {
    let mut query = event::Entity::find().filter(event::Column::TenantId.eq(tenant));
    if let Some(measures) = measures {
        query = query.filter(event::Column::MeasureId.is_in(measures.iter().copied()));
    }
    let found = query.all(store.db()).await?;
    let mut out = load(store.db(), tenant, found).await?;
    out.sort_by_key(|e| std::cmp::Reverse(e.last_start()));
    Ok(out)
}

/// One event of the tenant.
pub async fn event(store: &Store, tenant: i32, id: i32) -> Result<Event> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Event> {
    let found = event::Entity::find_by_id(id)
        .filter(event::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    load(c, tenant, vec![found])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

async fn load<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    found: Vec<event::Model>,
) -> Result<Vec<Event>> {
    let ids: Vec<i32> = found.iter().map(|e| e.id).collect();
    let mut dates: HashMap<i32, Vec<StoredDate>> = HashMap::new();
    let mut registered: HashMap<i32, u64> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for d in event_date::Entity::find()
            .filter(event_date::Column::EventId.is_in(chunk.iter().copied()))
            .order_by_asc(event_date::Column::StartsAt)
            .all(c)
            .await?
        {
            dates.entry(d.event_id).or_default().push(stored_date(d));
        }
        for r in event_registration::Entity::find()
            .filter(event_registration::Column::TenantId.eq(tenant))
            .filter(event_registration::Column::EventId.is_in(chunk.iter().copied()))
            .all(c)
            .await?
        {
            *registered.entry(r.event_id).or_default() += 1;
        }
    }
    let mut measures: Vec<i32> = found.iter().map(|e| e.measure_id).collect();
    measures.sort_unstable();
    measures.dedup();
    let groups = measure_groups(c, tenant, &measures).await?;
    let provider_of: HashMap<i32, i32> = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.eq(tenant))
        .filter(activity_card::Column::Id.is_in(found.iter().filter_map(|e| e.card_id)))
        .all(c)
        .await?
        .into_iter()
        .map(|card| (card.id, card.organisation_id))
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for e in found {
        let dates = dates.remove(&e.id).unwrap_or_default();
        out.push(Event {
            id: e.id,
            measure: e.measure_id,
            card: e.card_id,
            group_code: groups.get(&e.measure_id).cloned().flatten(),
            organisation: e.card_id.and_then(|card| provider_of.get(&card).copied()),
            draft: EventDraft {
                kind: crate::decode("event kind", &e.kind, EventKind::parse)?,
                title: e.title,
                organiser: e.organiser,
                place: e.place,
                capacity: e.capacity,
                description: e.description,
                dates: dates.iter().map(|d| (d.position, d.date)).collect(),
            },
            dates,
            registered: registered.get(&e.id).copied().unwrap_or_default(),
            version: e.version,
        });
    }
    Ok(out)
}

/// The measure and the card the event would serve, if the actor may run events there and a
/// project's dates fall in its card's year; refused otherwise.
async fn runnable<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    serves: Serves,
    draft: &EventDraft,
) -> Result<(i32, Option<i32>)> {
    let (measure, card) = match serves {
        Serves::Measure(m) => (m, None),
        Serves::Card(id) => {
            let card = activity_card::Entity::find_by_id(id)
                .filter(activity_card::Column::TenantId.eq(tenant))
                .one(c)
                .await?
                .ok_or_else(|| Error::field("card", FieldError::UnknownValue))?;
            (card.measure_id, Some(card))
        }
    };
    let group = match measure_group(c, tenant, measure).await {
        Err(Error::NotFound) => return Err(Error::field("measure", FieldError::UnknownValue)),
        other => other?,
    };
    let owner = EventOwner {
        group: group.as_deref(),
        organisation: card.as_ref().map(|c| c.organisation_id),
    };
    if !kpss_domain::event::may_run(actor, owner) {
        return Err(Error::Forbidden);
    }
    if let Some(card) = &card {
        let year = action_plan::Entity::find_by_id(card.action_plan_id)
            .one(c)
            .await?
            .ok_or(Error::NotFound)?
            .year;
        if let Some(row) = kpss_domain::event::outside_year(draft, year) {
            let [day, ..] = kpss_domain::event::date_fields(row);
            return Err(Error::field(&day, FieldError::NotInCardYear { year }));
        }
    }
    Ok((measure, card.map(|c| c.id)))
}

/// Keeps a card's events with it: they follow its new measure, or serve the measure alone once
/// the card is deleted (`None`).
pub(crate) async fn follow_card<C: ConnectionTrait>(
    c: &C,
    card: i32,
    measure: Option<i32>,
) -> Result<()> {
    let change = match measure {
        Some(m) => event::ActiveModel {
            measure_id: Set(m),
            ..Default::default()
        },
        None => event::ActiveModel {
            card_id: Set(None),
            ..Default::default()
        },
    };
    event::Entity::update_many()
        .set(change)
        .filter(event::Column::CardId.eq(card))
        .exec(c)
        .await?;
    Ok(())
}

fn utc(t: time::PrimitiveDateTime) -> OffsetDateTime {
    kpss_domain::czech::from_prague(t).to_offset(time::UtcOffset::UTC)
}

fn row(e: &EventDraft, (measure, card): (i32, Option<i32>)) -> event::ActiveModel {
    event::ActiveModel {
        measure_id: Set(measure),
        card_id: Set(card),
        kind: Set(e.kind.code().to_owned()),
        title: Set(e.title.clone()),
        organiser: Set(e.organiser.clone()),
        place: Set(e.place.clone()),
        capacity: Set(e.capacity),
        description: Set(e.description.clone()),
        ..Default::default()
    }
}

/// Writes the draft's dates: a row kept keeps its id (and attendance), a new row is added,
/// a row emptied is removed unless its attendance was recorded.
async fn write_dates<C: ConnectionTrait>(
    c: &C,
    event: i32,
    before: &[StoredDate],
    draft: &EventDraft,
) -> Result<()> {
    for old in before {
        if draft.dates.iter().all(|(p, _)| *p != old.position) {
            let came = crate::entity::event_presence::Entity::find()
                .filter(crate::entity::event_presence::Column::DateId.eq(old.id))
                .one(c)
                .await?;
            if old.walk_ins.is_some() || came.is_some() {
                let [day, ..] = kpss_domain::event::date_fields(old.position);
                return Err(Error::field(&day, FieldError::AttendanceRecorded));
            }
            event_date::Entity::delete_by_id(old.id).exec(c).await?;
        }
    }
    for (position, date) in &draft.dates {
        let (starts, ends) = (Set(utc(date.starts)), Set(utc(date.ends)));
        match before.iter().find(|d| d.position == *position) {
            Some(old) => {
                event_date::Entity::update(event_date::ActiveModel {
                    id: Set(old.id),
                    starts_at: starts,
                    ends_at: ends,
                    ..Default::default()
                })
                .exec(c)
                .await?;
            }
            None => {
                event_date::Entity::insert(event_date::ActiveModel {
                    event_id: Set(event),
                    position: Set(i32::try_from(*position).unwrap_or_default()),
                    starts_at: starts,
                    ends_at: ends,
                    walk_ins: Set(None),
                    ..Default::default()
                })
                .exec(c)
                .await?;
            }
        }
    }
    Ok(())
}

/// Creates an event of a measure or a project; the coordinator, the manager of the measure's
/// group and a project's provider may.
pub async fn create_event(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    serves: Serves,
    draft: &EventDraft,
) -> Result<Event> {
    let txn = store.write().await?;
    let served = runnable(&txn, (tenant, actor), serves, draft).await?;
    let mut new = row(draft, served);
    new.tenant_id = Set(tenant);
    new.version = Set(1);
    let created = event::Entity::insert(new).exec_with_returning(&txn).await?;
    write_dates(&txn, created.id, &[], draft).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("event", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    let after = find(&txn, tenant, created.id).await?;
    txn.commit().await?;
    Ok(after)
}

/// The event for a write: the tenant's, at `version`, run by this actor.
async fn writable<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    (id, version): (i32, i32),
) -> Result<Event> {
    let found = find(c, tenant, id).await?;
    if !kpss_domain::event::may_run(actor, found.owner()) {
        return Err(Error::Forbidden);
    }
    if found.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(found)
}

/// Changes an event; a capacity below those already registered is refused, and so is moving
/// it to a measure or a project the actor may not run.
pub async fn update_event(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    serves: Serves,
    draft: &EventDraft,
) -> Result<Event> {
    let txn = store.write().await?;
    let before = writable(&txn, (tenant, actor), key).await?;
    let served = runnable(&txn, (tenant, actor), serves, draft).await?;
    if draft
        .capacity
        .is_some_and(|c| i64::try_from(before.registered).unwrap_or(i64::MAX) > c)
    {
        return Err(Error::field(
            "capacity",
            FieldError::OutOfRange {
                min: i64::try_from(before.registered).unwrap_or(i64::MAX),
                max: kpss_domain::event::MAX_CAPACITY,
            },
        ));
    }
    crate::versioned::bump(&txn, key, row(draft, served)).await?;
    write_dates(&txn, key.0, &before.dates, draft).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("event", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    let after = find(&txn, tenant, key.0).await?;
    txn.commit().await?;
    Ok(after)
}
