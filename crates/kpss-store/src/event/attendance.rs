//! Who came on each date of an event, and what the measures' events add up to per year.

use std::collections::HashSet;

use kpss_domain::event::{HeldDate, Tally};

use super::*;
use crate::entity::event_presence;

/// Who came: (registration, date) pairs of the event.
pub async fn presence(store: &Store, tenant: i32, event: i32) -> Result<HashSet<(i32, i32)>> {
    let found = find(store.db(), tenant, event).await?;
    came(store.db(), &found).await
}

async fn came<C: ConnectionTrait>(c: &C, event: &Event) -> Result<HashSet<(i32, i32)>> {
    let dates: Vec<i32> = event.dates.iter().map(|d| d.id).collect();
    Ok(event_presence::Entity::find()
        .filter(event_presence::Column::DateId.is_in(dates))
        .all(c)
        .await?
        .into_iter()
        .map(|p| (p.registration_id, p.date_id))
        .collect())
}

/// Records who came on one date of the event: the registrations present (replacing what was
/// recorded before) and how many came unregistered. A date that has not begun is refused.
pub async fn record_attendance(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    (date, present, walk_ins): (i32, &[i32], i32),
) -> Result<()> {
    let txn = store.write().await?;
    let found = writable(&txn, (tenant, actor), key).await?;
    let Some(stored) = found.dates.iter().find(|d| d.id == date) else {
        return Err(Error::NotFound);
    };
    if stored.starts_at > crate::now() {
        return Err(refused("date", FieldError::NotHeldYet));
    }
    let registered: HashSet<i32> = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(found.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if present.iter().any(|r| !registered.contains(r)) {
        return Err(refused("present", FieldError::UnknownValue));
    }
    let before: Vec<i32> = came(&txn, &found)
        .await?
        .into_iter()
        .filter(|(_, d)| *d == date)
        .map(|(r, _)| r)
        .collect();
    bump(&txn, key, event::ActiveModel::default()).await?;
    event_presence::Entity::delete_many()
        .filter(event_presence::Column::DateId.eq(date))
        .exec(&txn)
        .await?;
    let rows: Vec<event_presence::ActiveModel> = present
        .iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|r| event_presence::ActiveModel {
            registration_id: Set(*r),
            date_id: Set(date),
        })
        .collect();
    if !rows.is_empty() {
        event_presence::Entity::insert_many(rows).exec(&txn).await?;
    }
    event_date::Entity::update(event_date::ActiveModel {
        id: Set(date),
        walk_ins: Set(Some(walk_ins)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("event", found.id),
        "attendance",
        Some(&(date, before, stored.walk_ins)),
        Some(&(date, present, walk_ins)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the tenant's events gave per (measure, year): dates with their attendance recorded.
pub async fn tallies(store: &Store, tenant: i32) -> Result<HashMap<(i32, i32), Tally>> {
    let c = store.db();
    let measure_of: HashMap<i32, i32> = event::Entity::find()
        .filter(event::Column::TenantId.eq(tenant))
        .all(c)
        .await?
        .into_iter()
        .map(|e| (e.id, e.measure_id))
        .collect();
    let mut held = Vec::new();
    let ids: Vec<i32> = measure_of.keys().copied().collect();
    for chunk in ids.chunks(1000) {
        let dates = event_date::Entity::find()
            .filter(event_date::Column::EventId.is_in(chunk.iter().copied()))
            .filter(event_date::Column::WalkIns.is_not_null())
            .all(c)
            .await?;
        let mut came: HashMap<i32, i64> = HashMap::new();
        for p in event_presence::Entity::find()
            .filter(event_presence::Column::DateId.is_in(dates.iter().map(|d| d.id)))
            .all(c)
            .await?
        {
            *came.entry(p.date_id).or_default() += 1;
        }
        held.extend(dates.into_iter().map(|d| HeldDate {
            measure: measure_of[&d.event_id],
            event: d.event_id,
            year: kpss_domain::czech::to_prague(d.starts_at).year(),
            participants: came.get(&d.id).copied().unwrap_or_default()
                + i64::from(d.walk_ins.unwrap_or_default()),
        }));
    }
    Ok(kpss_domain::event::tallies(&held))
}
