//! Meetings of the groups, their attendance, minutes and tasks. Who may run a group's meetings
//! is [`kpss_domain::meeting::may_run`]; every write checks it against the group in the
//! writing transaction.

use std::collections::HashMap;

use kpss_domain::account::Actor;
use kpss_domain::meeting::{MeetingDraft, Presence, TaskDraft};
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::{Date, OffsetDateTime};

use crate::entity::{meeting, meeting_attendance, meeting_task, work_group};
use crate::{Conflict, Error, Result, Store};

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

/// Raises the version from the one read, or refuses as stale (the check the write makes).
async fn bump<C: ConnectionTrait>(
    c: &C,
    (id, version): (i32, i32),
    mut change: meeting::ActiveModel,
) -> Result<()> {
    change.version = Set(version + 1);
    let written = meeting::Entity::update_many()
        .set(change)
        .filter(meeting::Column::Id.eq(id))
        .filter(meeting::Column::Version.eq(version))
        .exec(c)
        .await?
        .rows_affected;
    if written == 0 {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(())
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
    bump(
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

/// Who came to a meeting of the tenant: member → presence.
pub async fn attendance(
    store: &Store,
    tenant: i32,
    meeting: i32,
) -> Result<HashMap<i32, Presence>> {
    came(store.db(), tenant, meeting).await
}

async fn came<C: ConnectionTrait>(
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
        let mut errors = FieldErrors::default();
        errors.add("attendance", FieldError::UnknownValue);
        return Err(Error::Invalid(errors));
    }
    bump(
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

/// The tasks of a meeting of the tenant, in the order of its minutes.
pub async fn tasks(store: &Store, tenant: i32, meeting: i32) -> Result<Vec<Task>> {
    Ok(meeting_task::Entity::find()
        .filter(meeting_task::Column::TenantId.eq(tenant))
        .filter(meeting_task::Column::MeetingId.eq(meeting))
        .order_by_asc(meeting_task::Column::Position)
        .all(store.db())
        .await?
        .into_iter()
        .map(Task::from)
        .collect())
}

/// Saves the minutes and their tasks while they are a draft; with `publish`, the manager
/// approves them and they are published and locked. Tasks' owners must be members of the
/// group on the meeting's day.
pub async fn save_minutes(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    (minutes, tasks): (&str, &[TaskDraft]),
    publish: bool,
) -> Result<Meeting> {
    let txn = store.write().await?;
    let found = writable(&txn, (tenant, actor), key).await?;
    if found.published_at.is_some() {
        let mut errors = FieldErrors::default();
        errors.add("minutes", FieldError::MinutesPublished);
        return Err(Error::Invalid(errors));
    }
    let members: Vec<i32> = crate::member::people_on(&txn, tenant, found.group, found.day())
        .await?
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    if let Some(i) = tasks
        .iter()
        .position(|t| t.owner.is_some_and(|o| !members.contains(&o)))
    {
        let mut errors = FieldErrors::default();
        errors.add(format!("task_owner_{i}"), FieldError::UnknownValue);
        return Err(Error::Invalid(errors));
    }
    let now = crate::now();
    bump(
        &txn,
        key,
        meeting::ActiveModel {
            minutes: Set(Some(minutes.to_owned())),
            published_at: Set(publish.then_some(now)),
            published_by: Set(if publish { actor.account_id } else { None }),
            ..Default::default()
        },
    )
    .await?;
    meeting_task::Entity::delete_many()
        .filter(meeting_task::Column::MeetingId.eq(found.id))
        .exec(&txn)
        .await?;
    for (position, task) in (0..).zip(tasks) {
        meeting_task::Entity::insert(meeting_task::ActiveModel {
            tenant_id: Set(tenant),
            meeting_id: Set(found.id),
            position: Set(position),
            text: Set(task.text.clone()),
            owner_id: Set(task.owner),
            deadline: Set(task.deadline),
            done: Set(false),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", found.id),
        if publish {
            "minutes-publish"
        } else {
            "minutes"
        },
        found.minutes.as_ref(),
        Some(&(minutes, tasks)),
    )
    .await?;
    let after = find(&txn, tenant, found.id).await?;
    txn.commit().await?;
    Ok(after)
}

/// A task with where it comes from, for lists outside its meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskOf {
    pub task: Task,
    pub meeting: Meeting,
}

/// The tasks of published minutes: of one group, or owned by one member; open ones first,
/// each by its deadline.
pub async fn published_tasks(
    store: &Store,
    tenant: i32,
    (group, owner): (Option<i32>, Option<i32>),
) -> Result<Vec<TaskOf>> {
    let mut query = meeting_task::Entity::find().filter(meeting_task::Column::TenantId.eq(tenant));
    if let Some(owner) = owner {
        query = query.filter(meeting_task::Column::OwnerId.eq(owner));
    }
    let tasks = query.all(store.db()).await?;
    let ids: Vec<i32> = tasks.iter().map(|t| t.meeting_id).collect();
    let mut meetings = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(ids))
        .filter(meeting::Column::PublishedAt.is_not_null());
    if let Some(group) = group {
        meetings = meetings.filter(meeting::Column::WorkGroupId.eq(group));
    }
    let meetings = meetings.all(store.db()).await?;
    let codes = crate::work_group::codes(
        store.db(),
        meetings.iter().map(|m| m.work_group_id).collect(),
    )
    .await?;
    let meetings: HashMap<i32, Meeting> = meetings
        .into_iter()
        .map(|m| {
            let code = codes.get(&m.work_group_id).cloned().unwrap_or_default();
            (m.id, Meeting::from_model(m, code))
        })
        .collect();
    let mut out: Vec<TaskOf> = tasks
        .into_iter()
        .filter_map(|t| {
            meetings.get(&t.meeting_id).map(|m| TaskOf {
                meeting: m.clone(),
                task: Task::from(t),
            })
        })
        .collect();
    out.sort_by_key(|t| {
        (
            t.task.done,
            t.task.draft.deadline.unwrap_or(Date::MAX),
            t.task.id,
        )
    });
    Ok(out)
}

/// Refuses an actor who may not mark the task (see [`set_task_done`]) before anything else.
pub async fn may_mark_task(store: &Store, tenant: i32, actor: &Actor, task: i32) -> Result<()> {
    markable(store.db(), tenant, actor, task).await.map(|_| ())
}

/// The task of published minutes, if this actor may mark it, with its meeting.
async fn markable<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    task: i32,
) -> Result<(meeting_task::Model, Meeting)> {
    let found = meeting_task::Entity::find_by_id(task)
        .filter(meeting_task::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let of = find(c, tenant, found.meeting_id).await?;
    if of.published_at.is_none() {
        return Err(Error::NotFound);
    }
    let owner_account = match found.owner_id {
        Some(owner) => crate::member::account_of(c, tenant, owner).await?,
        None => None,
    };
    let owns = owner_account.is_some() && owner_account == actor.account_id;
    if !owns && !kpss_domain::meeting::may_run(actor, &of.group_code) {
        return Err(Error::Forbidden);
    }
    Ok((found, of))
}

/// Marks a task of published minutes done or open again: the coordinator, the group's manager
/// or the task's owner may.
pub async fn set_task_done(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    task: i32,
    done: bool,
) -> Result<()> {
    let txn = store.write().await?;
    let (found, of) = markable(&txn, tenant, actor, task).await?;
    meeting_task::Entity::update_many()
        .col_expr(meeting_task::Column::Done, Expr::value(done))
        .filter(meeting_task::Column::Id.eq(task))
        .exec(&txn)
        .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", of.id),
        if done { "task-done" } else { "task-open" },
        None::<&()>,
        Some(&found.text),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
        let mut errors = FieldErrors::default();
        errors.add("meeting", FieldError::MeetingInPast);
        return Err(Error::Invalid(errors));
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
