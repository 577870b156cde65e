//! The minutes of a meeting, approved and then locked, and the tasks they give.

use super::*;

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
        return Err(Error::field("minutes", FieldError::MinutesPublished));
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
        return Err(Error::field(
            format!("task_owner_{i}"),
            FieldError::UnknownValue,
        ));
    }
    let now = crate::now();
    crate::versioned::bump(
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
    let published = meeting::Entity::find()
        .filter(meeting::Column::TenantId.eq(tenant))
        .filter(meeting::Column::PublishedAt.is_not_null());
    let mut query = meeting_task::Entity::find().filter(meeting_task::Column::TenantId.eq(tenant));
    if let Some(owner) = owner {
        query = query.filter(meeting_task::Column::OwnerId.eq(owner));
    }
    // Narrowed first by what is given, so neither side loads the whole tenant.
    let (tasks, meetings) = if let Some(group) = group {
        let meetings = published
            .filter(meeting::Column::WorkGroupId.eq(group))
            .all(store.db())
            .await?;
        let tasks = query
            .filter(meeting_task::Column::MeetingId.is_in(meetings.iter().map(|m| m.id)))
            .all(store.db())
            .await?;
        (tasks, meetings)
    } else {
        let tasks = query.all(store.db()).await?;
        let mut ids: Vec<i32> = tasks.iter().map(|t| t.meeting_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut meetings = Vec::new();
        for chunk in ids.chunks(1000) {
            meetings.extend(
                published
                    .clone()
                    .filter(meeting::Column::Id.is_in(chunk.iter().copied()))
                    .all(store.db())
                    .await?,
            );
        }
        (tasks, meetings)
    };
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
pub(super) async fn markable<C: ConnectionTrait>(
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
    if !kpss_domain::meeting::may_mark(actor, &of.group_code, owner_account) {
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
