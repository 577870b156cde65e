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
mod planning;
mod registration;
mod served;

pub(crate) use attendance::card_tallies;
pub use attendance::{presence, record_attendance, tallies};
pub(crate) use planning::follow_card;
pub use planning::{create_event, update_event};
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
