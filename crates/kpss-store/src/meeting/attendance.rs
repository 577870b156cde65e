//! Who came to a meeting: the group's members on its day, and the guests.

use super::*;

/// Who came to a meeting of the tenant: member → presence.
pub async fn attendance(
    store: &Store,
    tenant: i32,
    meeting: i32,
) -> Result<HashMap<i32, Presence>> {
    came(store.db(), tenant, meeting).await
}

pub(super) async fn came<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    meeting: i32,
) -> Result<HashMap<i32, Presence>> {
    find(c, tenant, meeting).await?;
    meeting_attendance::Entity::find()
        .filter(meeting_attendance::Column::MeetingId.eq(meeting))
        .all(c)
        .await?
        .into_iter()
        .map(|a| {
            Ok((
                a.member_id,
                crate::decode("presence", &a.presence, Presence::parse)?,
            ))
        })
        .collect()
}

/// Records who came: each listed member's presence (members of the group on the meeting's
/// day only) and the guests. What was recorded before is replaced as a whole.
pub async fn record_attendance(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    (entries, guests): (&[(i32, Presence)], &[String]),
) -> Result<()> {
    let txn = store.write().await?;
    let found = writable(&txn, (tenant, actor), key).await?;
    let before: Vec<(i32, &str)> = came(&txn, tenant, found.id)
        .await?
        .into_iter()
        .map(|(m, p)| (m, p.code()))
        .collect();
    let members: Vec<i32> = crate::member::people_on(&txn, tenant, found.group, found.day())
        .await?
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    if entries.iter().any(|(m, _)| !members.contains(m)) {
        return Err(Error::field("attendance", FieldError::UnknownValue));
    }
    crate::versioned::bump(
        &txn,
        key,
        meeting::ActiveModel {
            guests: Set(guests.join("\n")),
            ..Default::default()
        },
    )
    .await?;
    meeting_attendance::Entity::delete_many()
        .filter(meeting_attendance::Column::MeetingId.eq(found.id))
        .exec(&txn)
        .await?;
    if !entries.is_empty() {
        meeting_attendance::Entity::insert_many(entries.iter().map(|(m, p)| {
            meeting_attendance::ActiveModel {
                meeting_id: Set(found.id),
                member_id: Set(*m),
                presence: Set(p.code().to_owned()),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let summary: Vec<(i32, &str)> = entries.iter().map(|(m, p)| (*m, p.code())).collect();
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", found.id),
        "attendance",
        Some(&(before, &found.guests)),
        Some(&(summary, guests)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
