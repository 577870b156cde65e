//! Planning an event and changing it: what it serves (checked against who may run it and, for a
//! project, the card's year), its row and its dates; and keeping a card's events with the card.

use super::*;

/// The measure and the card the event would serve, if the actor may run events there and a
/// project's dates fall in its card's year; refused otherwise.
async fn runnable<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    serves: Serves,
    draft: &EventDraft,
) -> Result<(i32, Option<i32>)> {
    let served = match super::served::served_in(c, tenant, serves).await {
        Err(Error::NotFound) => {
            let field = match serves {
                Serves::Card(_) => "card",
                Serves::Measure(_) => "measure",
            };
            return Err(Error::field(field, FieldError::UnknownValue));
        }
        other => other?,
    };
    if !kpss_domain::event::may_run(actor, served.owner()) {
        return Err(Error::Forbidden);
    }
    if let Some(year) = served.project.as_ref().map(|p| p.year)
        && let Some(row) = kpss_domain::event::outside_year(draft, year)
    {
        let [day, ..] = kpss_domain::event::date_fields(row);
        return Err(Error::field(&day, FieldError::NotInCardYear { year }));
    }
    Ok((served.measure, served.project.map(|p| p.card)))
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
