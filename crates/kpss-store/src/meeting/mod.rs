//! Meetings of the groups, their attendance, minutes and tasks. Who may run a group's meetings
//! is [`kpss_domain::meeting::may_run`]; every write checks it against the group in the
//! writing transaction.

use std::collections::HashMap;

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::meeting::{MeetingDraft, Presence, TaskDraft};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::{Date, OffsetDateTime};

use crate::entity::{meeting, meeting_attendance, meeting_task, work_group};
use crate::{Conflict, Error, Result, Store};

mod attachments;
mod attendance;
mod minutes;

pub use attachments::{AttachmentInfo, MAX_ATTACHMENTS, attach, attachment, attachments, detach};
pub use attendance::{attendance, record_attendance};
pub use minutes::{TaskOf, may_mark_task, published_tasks, save_minutes, set_task_done, tasks};

/// A stored meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i32,
    pub group: i32,
    /// The group's code, which rights go by.
    pub group_code: String,
    pub draft: MeetingDraft,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub guests: Vec<String>,
    pub minutes: Option<String>,
    /// When the minutes were approved and published.
    pub published_at: Option<OffsetDateTime>,
    pub version: i32,
}

impl Meeting {
    fn from_model(m: meeting::Model, group_code: String) -> Self {
        let to_prague = kpss_domain::czech::to_prague;
        Self {
            id: m.id,
            group: m.work_group_id,
            group_code,
            draft: MeetingDraft {
                starts: to_prague(m.starts_at),
                ends: to_prague(m.ends_at),
                place: m.place,
                agenda: m.agenda,
            },
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            guests: m
                .guests
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            minutes: m.minutes,
            published_at: m.published_at,
            version: m.version,
        }
    }

    /// The day of the meeting, in Prague.
    #[must_use]
    pub fn day(&self) -> Date {
        self.draft.starts.date()
    }
}

/// A task from the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i32,
    pub meeting: i32,
    pub draft: TaskDraft,
    pub done: bool,
}

impl From<meeting_task::Model> for Task {
    fn from(m: meeting_task::Model) -> Self {
        Self {
            id: m.id,
            meeting: m.meeting_id,
            draft: TaskDraft {
                text: m.text,
                owner: m.owner_id,
                deadline: m.deadline,
            },
            done: m.done,
        }
    }
}

async fn group_code<C: ConnectionTrait>(c: &C, tenant: i32, group: i32) -> Result<String> {
    work_group::Entity::find_by_id(group)
        .filter(work_group::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .map(|g| g.code)
        .ok_or(Error::NotFound)
}

/// The group's meetings, the latest first.
pub async fn meetings(store: &Store, tenant: i32, group: i32) -> Result<Vec<Meeting>> {
    let code = group_code(store.db(), tenant, group).await?;
    Ok(meeting::Entity::find()
        .filter(meeting::Column::TenantId.eq(tenant))
        .filter(meeting::Column::WorkGroupId.eq(group))
        .order_by_desc(meeting::Column::StartsAt)
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| Meeting::from_model(m, code.clone()))
        .collect())
}

/// One meeting of the tenant.
pub async fn meeting(store: &Store, tenant: i32, id: i32) -> Result<Meeting> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Meeting> {
    let found = meeting::Entity::find_by_id(id)
        .filter(meeting::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let code = group_code(c, tenant, found.work_group_id).await?;
    Ok(Meeting::from_model(found, code))
}

/// The meeting for a write: the tenant's, at `version`, run by this actor.
async fn writable<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    (id, version): (i32, i32),
) -> Result<Meeting> {
    let found = find(c, tenant, id).await?;
    if !kpss_domain::meeting::may_run(actor, &found.group_code) {
        return Err(Error::Forbidden);
    }
    if found.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(found)
}

fn times(draft: &MeetingDraft) -> (OffsetDateTime, OffsetDateTime) {
    // Stored in UTC, whatever the database keeps of an offset.
    let utc = |t| kpss_domain::czech::from_prague(t).to_offset(time::UtcOffset::UTC);
    (utc(draft.starts), utc(draft.ends))
}

/// Plans a meeting of the group; the coordinator or the group's manager may.
pub async fn create_meeting(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    group: i32,
    draft: &MeetingDraft,
) -> Result<Meeting> {
    let txn = store.write().await?;
    let code = group_code(&txn, tenant, group).await?;
    if !kpss_domain::meeting::may_run(actor, &code) {
        return Err(Error::Forbidden);
    }
    let (starts, ends) = times(draft);
    let created = meeting::Entity::insert(meeting::ActiveModel {
        tenant_id: Set(tenant),
        work_group_id: Set(group),
        starts_at: Set(starts),
        ends_at: Set(ends),
        place: Set(draft.place.clone()),
        agenda: Set(draft.agenda.clone()),
        guests: Set(String::new()),
        version: Set(1),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(Meeting::from_model(created, code))
}

/// Changes a meeting's day, time, place or agenda.
pub async fn update_meeting(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &MeetingDraft,
) -> Result<Meeting> {
    let txn = store.write().await?;
    let before = writable(&txn, (tenant, actor), key).await?;
    let (starts, ends) = times(draft);
    crate::versioned::bump(
        &txn,
        key,
        meeting::ActiveModel {
            starts_at: Set(starts),
            ends_at: Set(ends),
            place: Set(draft.place.clone()),
            agenda: Set(draft.agenda.clone()),
            ..Default::default()
        },
    )
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    let after = find(&txn, tenant, key.0).await?;
    txn.commit().await?;
    Ok(after)
}

/// Queues the invitations to a meeting (drafted by the caller, one per member with an e-mail);
/// refused once the meeting has begun. An invitation already queued for the same version of
/// the meeting is not queued again. Returns how many were queued.
pub async fn invite(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    drafts: &[kpss_domain::mail::MailDraft],
) -> Result<usize> {
    let txn = store.write().await?;
    // The invitations tell the meeting as it was at `version`: a change since is refused.
    let found = writable(&txn, (tenant, actor), (id, version)).await?;
    if found.starts_at <= crate::now() {
        return Err(Error::field("meeting", FieldError::MeetingInPast));
    }
    let queued = crate::mail::enqueue(&txn, tenant, drafts).await?;
    let to: Vec<&str> = drafts.iter().map(|d| d.to.as_str()).collect();
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", id),
        "invite",
        None::<&()>,
        Some(&to),
    )
    .await?;
    txn.commit().await?;
    Ok(queued)
}
