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
        return Err(Error::field("date", FieldError::NotHeldYet));
    }
    let registered: HashSet<i32> = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(found.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if present.iter().any(|r| !registered.contains(r)) {
        return Err(Error::field("present", FieldError::UnknownValue));
    }
    let before: Vec<i32> = came(&txn, &found)
        .await?
        .into_iter()
        .filter(|(_, d)| *d == date)
        .map(|(r, _)| r)
        .collect();
    crate::versioned::bump(&txn, key, event::ActiveModel::default()).await?;
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

/// What the events of these measures (their projects' included) gave per (measure, year):
/// dates with their attendance recorded.
pub async fn tallies(
    store: &Store,
    tenant: i32,
    measures: &[i32],
) -> Result<HashMap<(i32, i32), Tally>> {
    let mut held = Vec::new();
    for chunk in measures.chunks(1000) {
        let events = event::Entity::find()
            .filter(event::Column::TenantId.eq(tenant))
            .filter(event::Column::MeasureId.is_in(chunk.iter().copied()))
            .all(store.db())
            .await?;
        held.extend(held_dates(store.db(), &events).await?);
    }
    Ok(kpss_domain::event::tallies(&held))
}

/// What the projects' events gave each card of `cards` (a query of card ids).
pub(crate) async fn card_tallies<C: ConnectionTrait>(
    c: &C,
    cards: sea_orm::sea_query::SelectStatement,
) -> Result<HashMap<i32, Tally>> {
    let events = event::Entity::find()
        .filter(event::Column::CardId.in_subquery(cards))
        .all(c)
        .await?;
    let mut held = Vec::new();
    for chunk in events.chunks(1000) {
        held.extend(held_dates(c, chunk).await?);
    }
    Ok(kpss_domain::event::card_tallies(&held))
}

/// The dates of these events whose attendance was recorded, with how many came.
async fn held_dates<C: ConnectionTrait>(c: &C, events: &[event::Model]) -> Result<Vec<HeldDate>> {
    let of: HashMap<i32, &event::Model> = events.iter().map(|e| (e.id, e)).collect();
    let dates = event_date::Entity::find()
        .filter(event_date::Column::EventId.is_in(of.keys().copied()))
        .filter(event_date::Column::WalkIns.is_not_null())
        .all(c)
        .await?;
    let mut came: HashMap<i32, i64> = HashMap::new();
    for chunk in dates.chunks(1000) {
        for p in event_presence::Entity::find()
            .filter(event_presence::Column::DateId.is_in(chunk.iter().map(|d| d.id)))
            .all(c)
            .await?
        {
            *came.entry(p.date_id).or_default() += 1;
        }
    }
    Ok(dates
        .into_iter()
        .filter_map(|d| {
            let e = of.get(&d.event_id)?;
            Some(HeldDate {
                measure: e.measure_id,
                card: e.card_id,
                event: d.event_id,
                year: kpss_domain::czech::to_prague(d.starts_at).year(),
                participants: came.get(&d.id).copied().unwrap_or_default()
                    + i64::from(d.walk_ins.unwrap_or_default()),
            })
        })
        .collect())
}
