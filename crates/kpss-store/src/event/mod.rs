//! Events of the measures: their dates, registrations and attendance, and the tallies the
//! measures' indicators are fed from. Who may run an event is
//! [`kpss_domain::event::may_run`], checked in the writing transaction against the group the
//! measure's part is assigned to.

use std::collections::HashMap;

use kpss_domain::account::Actor;
use kpss_domain::event::{EventDate, EventDraft, EventKind};
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::OffsetDateTime;

use crate::entity::{event, event_date, event_registration, plan_goal, plan_measure, plan_part};
use crate::{Conflict, Error, Result, Store};

mod attendance;
mod registration;

pub use attendance::{presence, record_attendance, tallies};
pub use registration::{Registration, recent_from, register, registrations};

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

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i32,
    pub measure: i32,
    /// The code of the group the measure's part is assigned to, which rights go by.
    pub group_code: Option<String>,
    pub draft: EventDraft,
    /// In time order.
    pub dates: Vec<StoredDate>,
    pub registered: u64,
    pub version: i32,
}

impl Event {
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

/// The code of the working group the measure's part is assigned to; not found unless the
/// measure is the tenant's.
pub(crate) async fn measure_group<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    measure: i32,
) -> Result<Option<String>> {
    let m = plan_measure::Entity::find_by_id(measure)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let Some(goal) = plan_goal::Entity::find_by_id(m.goal_id).one(c).await? else {
        return Ok(None);
    };
    let Some(part) = plan_part::Entity::find_by_id(goal.part_id).one(c).await? else {
        return Ok(None);
    };
    let Some(group) = part.work_group_id else {
        return Ok(None);
    };
    Ok(crate::entity::work_group::Entity::find_by_id(group)
        .one(c)
        .await?
        .map(|g| g.code))
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
    let mut groups: HashMap<i32, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for e in found {
        let group = match groups.get(&e.measure_id) {
            Some(g) => g.clone(),
            None => {
                let g = measure_group(c, tenant, e.measure_id).await?;
                groups.insert(e.measure_id, g.clone());
                g
            }
        };
        let dates = dates.remove(&e.id).unwrap_or_default();
        out.push(Event {
            id: e.id,
            measure: e.measure_id,
            group_code: group,
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

fn refused(field: &str, error: FieldError) -> Error {
    let mut errors = FieldErrors::default();
    errors.add(field, error);
    Error::Invalid(errors)
}

/// The measure's group, if the actor may run its events; refused otherwise.
async fn runnable<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    measure: i32,
) -> Result<Option<String>> {
    let group = match measure_group(c, tenant, measure).await {
        Err(Error::NotFound) => return Err(refused("measure", FieldError::UnknownValue)),
        other => other?,
    };
    if kpss_domain::event::may_run(actor, group.as_deref()) {
        Ok(group)
    } else {
        Err(Error::Forbidden)
    }
}

fn utc(t: time::PrimitiveDateTime) -> OffsetDateTime {
    kpss_domain::czech::from_prague(t).to_offset(time::UtcOffset::UTC)
}

fn row(e: &EventDraft, measure: i32) -> event::ActiveModel {
    event::ActiveModel {
        measure_id: Set(measure),
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
                return Err(refused(&day, FieldError::AttendanceRecorded));
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

/// Creates an event of a measure; the coordinator or the manager of the measure's group may.
pub async fn create_event(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    measure: i32,
    draft: &EventDraft,
) -> Result<Event> {
    let txn = store.write().await?;
    runnable(&txn, (tenant, actor), measure).await?;
    let mut new = row(draft, measure);
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
    if !kpss_domain::event::may_run(actor, found.group_code.as_deref()) {
        return Err(Error::Forbidden);
    }
    if found.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(found)
}

/// Raises the version from the one read, or refuses as stale.
async fn bump<C: ConnectionTrait>(
    c: &C,
    (id, version): (i32, i32),
    mut change: event::ActiveModel,
) -> Result<()> {
    change.version = Set(version + 1);
    let written = event::Entity::update_many()
        .set(change)
        .filter(event::Column::Id.eq(id))
        .filter(event::Column::Version.eq(version))
        .exec(c)
        .await?
        .rows_affected;
    if written == 0 {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(())
}

/// Changes an event; a capacity below those already registered is refused, and so is moving
/// it to a measure the actor may not run.
pub async fn update_event(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    measure: i32,
    draft: &EventDraft,
) -> Result<Event> {
    let txn = store.write().await?;
    let before = writable(&txn, (tenant, actor), key).await?;
    runnable(&txn, (tenant, actor), measure).await?;
    if draft
        .capacity
        .is_some_and(|c| i64::try_from(before.registered).unwrap_or(i64::MAX) > c)
    {
        return Err(refused(
            "capacity",
            FieldError::OutOfRange {
                min: i64::try_from(before.registered).unwrap_or(i64::MAX),
                max: kpss_domain::event::MAX_CAPACITY,
            },
        ));
    }
    bump(&txn, key, row(draft, measure)).await?;
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
