//! Groups writing their parts of a draft: who may write a part (see
//! [`kpss_domain::plan::writing`]), the coordinator taking the changes over and locking a part,
//! the editors a manager names, and the internal threads on measures.

use std::collections::HashMap;

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::plan::writing::PartAccess;
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use super::{editable_plan, require_admin};
use crate::entity::{
    account, audit_log, measure_comment, member, membership, plan_goal, plan_measure, plan_part,
    work_group,
};
use crate::{Error, Result, Store};

/// What decides who writes a part, for one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartRights {
    pub part: i32,
    pub plan: i32,
    /// The code of the group the part is assigned to.
    pub group: Option<String>,
    pub group_id: Option<i32>,
    pub locked_at: Option<OffsetDateTime>,
    pub reviewed_at: Option<OffsetDateTime>,
    /// The actor is a member of the group named an editor.
    pub editor: bool,
    /// The actor is a member of the group today.
    pub member: bool,
}

impl PartRights {
    /// The rule's view of these rights.
    #[must_use]
    pub fn access(&self) -> PartAccess<'_> {
        PartAccess {
            group: self.group.as_deref(),
            locked: self.locked_at.is_some(),
            editor: self.editor,
            member: self.member,
        }
    }
}

/// The rights of this actor on every part of a plan of the tenant.
pub async fn plan_rights(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan: i32,
) -> Result<HashMap<i32, PartRights>> {
    let parts = plan_part::Entity::find()
        .filter(plan_part::Column::TenantId.eq(tenant))
        .filter(plan_part::Column::PlanId.eq(plan))
        .all(store.db())
        .await?;
    rights_of(store.db(), tenant, actor, parts).await
}

/// The rights of this actor on one part of the tenant.
pub async fn part_rights(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    part: i32,
) -> Result<PartRights> {
    rights(store.db(), tenant, actor, part).await
}

async fn rights_of<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    parts: Vec<plan_part::Model>,
) -> Result<HashMap<i32, PartRights>> {
    let codes: HashMap<i32, String> = work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    // The actor's memberships today: group → named an editor.
    let mut spans: HashMap<i32, bool> = HashMap::new();
    if let Some(account) = actor.account_id
        && let Some(person) = member::Entity::find()
            .filter(member::Column::TenantId.eq(tenant))
            .filter(member::Column::AccountId.eq(account))
            .one(c)
            .await?
    {
        let today = kpss_domain::czech::today();
        for s in membership::Entity::find()
            .filter(membership::Column::MemberId.eq(person.id))
            .filter(crate::member::active_on(today))
            .all(c)
            .await?
        {
            *spans.entry(s.work_group_id).or_default() |= s.edits_plan;
        }
    }
    Ok(parts
        .into_iter()
        .map(|p| {
            let span = p.work_group_id.and_then(|g| spans.get(&g).copied());
            let rights = PartRights {
                part: p.id,
                plan: p.plan_id,
                group: p.work_group_id.and_then(|g| codes.get(&g).cloned()),
                group_id: p.work_group_id,
                locked_at: p.locked_at,
                reviewed_at: p.reviewed_at,
                editor: span == Some(true),
                member: span.is_some(),
            };
            (p.id, rights)
        })
        .collect())
}

async fn rights<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    part: i32,
) -> Result<PartRights> {
    let found = plan_part::Entity::find_by_id(part)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    rights_of(c, tenant, actor, vec![found])
        .await?
        .remove(&part)
        .ok_or(Error::NotFound)
}

/// Refuses a write of the part unless the actor may make it; a locked part is refused with a
/// reason the group's writers can read.
pub(crate) async fn require_writer<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    part: i32,
) -> Result<()> {
    let rights = rights(c, tenant, actor, part).await?;
    if rights.access().may_write(actor) {
        return Ok(());
    }
    let unlocked = PartRights {
        locked_at: None,
        ..rights.clone()
    };
    if rights.locked_at.is_some() && unlocked.access().may_write(actor) {
        return Err(Error::field("part", FieldError::PartLocked));
    }
    Err(Error::Forbidden)
}

/// The part a goal belongs to.
pub(crate) async fn part_of_goal<C: ConnectionTrait>(c: &C, tenant: i32, goal: i32) -> Result<i32> {
    Ok(plan_goal::Entity::find_by_id(goal)
        .filter(plan_goal::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?
        .part_id)
}

/// The part a measure belongs to.
pub(crate) async fn part_of_measure<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    measure: i32,
) -> Result<i32> {
    let goal = plan_measure::Entity::find_by_id(measure)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?
        .goal_id;
    part_of_goal(c, tenant, goal).await
}

/// Locks a part as final, or opens it to its group again; only the coordinator may.
pub async fn lock_part(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    part: i32,
    locked: bool,
) -> Result<()> {
    require_admin(actor)?;
    let txn = store.write().await?;
    let found = plan_part::Entity::find_by_id(part)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, found.plan_id).await?;
    plan_part::Entity::update(plan_part::ActiveModel {
        id: Unchanged(part),
        locked_at: Set(locked.then(crate::now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan_part", part),
        if locked { "lock" } else { "unlock" },
        None::<&()>,
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The coordinator has looked at the part's changes and takes them over: they are no longer
/// shown as new.
pub async fn take_over_changes(store: &Store, tenant: i32, actor: &Actor, part: i32) -> Result<()> {
    require_admin(actor)?;
    let txn = store.write().await?;
    let found = plan_part::Entity::find_by_id(part)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, found.plan_id).await?;
    plan_part::Entity::update(plan_part::ActiveModel {
        id: Unchanged(part),
        reviewed_at: Set(Some(crate::now())),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The changes of the part's goals, measures, indicators and costs since the coordinator last
/// took them over, oldest first.
pub async fn changes_since_review(
    store: &Store,
    tenant: i32,
    part: i32,
) -> Result<Vec<crate::audit::Entry>> {
    let found = plan_part::Entity::find_by_id(part)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    let mut entries = crate::audit::history(store, tenant, "plan_part", part).await?;
    entries.retain(|e| {
        !matches!(e.action.as_str(), "lock" | "unlock")
            && found.reviewed_at.is_none_or(|seen| e.at > seen)
    });
    entries.reverse();
    Ok(entries)
}

/// How many changes of each part of a plan wait for the coordinator.
pub async fn pending_changes(store: &Store, tenant: i32, plan: i32) -> Result<HashMap<i32, usize>> {
    let parts = plan_part::Entity::find()
        .filter(plan_part::Column::TenantId.eq(tenant))
        .filter(plan_part::Column::PlanId.eq(plan))
        .all(store.db())
        .await?;
    let seen: HashMap<i32, Option<OffsetDateTime>> =
        parts.iter().map(|p| (p.id, p.reviewed_at)).collect();
    let mut out = HashMap::new();
    for row in audit_log::Entity::find()
        .filter(audit_log::Column::TenantId.eq(tenant))
        .filter(audit_log::Column::Entity.eq("plan_part"))
        .filter(audit_log::Column::EntityId.is_in(seen.keys().copied()))
        .filter(audit_log::Column::Action.is_not_in(["lock", "unlock"]))
        .all(store.db())
        .await?
    {
        if seen
            .get(&row.entity_id)
            .is_some_and(|s| s.is_none_or(|seen| row.at > seen))
        {
            *out.entry(row.entity_id).or_default() += 1;
        }
    }
    Ok(out)
}

/// A comment of a measure's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i32,
    pub measure: i32,
    /// The author's name.
    pub by: String,
    pub text: String,
    pub at: OffsetDateTime,
}

/// Refuses unless the actor may read and add to the measure's thread.
pub async fn require_discussant(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    measure: i32,
) -> Result<()> {
    let part = part_of_measure(store.db(), tenant, measure).await?;
    if rights(store.db(), tenant, actor, part)
        .await?
        .access()
        .may_discuss(actor)
    {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The thread of a measure, oldest first; for those who may discuss the measure's part.
pub async fn comments(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    measure: i32,
) -> Result<Vec<Comment>> {
    require_discussant(store, tenant, actor, measure).await?;
    let rows = measure_comment::Entity::find()
        .filter(measure_comment::Column::TenantId.eq(tenant))
        .filter(measure_comment::Column::MeasureId.eq(measure))
        .order_by_asc(measure_comment::Column::Id)
        .all(store.db())
        .await?;
    let names: HashMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(rows.iter().map(|r| r.account_id)))
        .all(store.db())
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            id: r.id,
            measure: r.measure_id,
            by: names.get(&r.account_id).cloned().unwrap_or_default(),
            text: r.text,
            at: r.created_at,
        })
        .collect())
}

/// Adds to a measure's thread while its plan is a draft.
pub async fn add_comment(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    measure: i32,
    text: &str,
) -> Result<Comment> {
    let account_id = actor.account_id.ok_or(Error::Forbidden)?;
    let txn = store.write().await?;
    let part = part_of_measure(&txn, tenant, measure).await?;
    let rights = rights(&txn, tenant, actor, part).await?;
    if !rights.access().may_discuss(actor) {
        return Err(Error::Forbidden);
    }
    editable_plan(&txn, tenant, rights.plan).await?;
    let created = measure_comment::Entity::insert(measure_comment::ActiveModel {
        tenant_id: Set(tenant),
        measure_id: Set(measure),
        account_id: Set(account_id),
        text: Set(text.to_owned()),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Comment {
        id: created.id,
        measure,
        by: String::new(),
        text: created.text,
        at: created.created_at,
    })
}

/// Names the group's editors of the plan: these members (of the group today) write its part,
/// the others no more. The coordinator and the group's manager may.
pub async fn set_editors(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    group: i32,
    editors: &[i32],
) -> Result<()> {
    let txn = store.write().await?;
    let code = work_group::Entity::find_by_id(group)
        .filter(work_group::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?
        .code;
    if !(actor.is_admin() || actor.leads(&code)) {
        return Err(Error::Forbidden);
    }
    let today = kpss_domain::czech::today();
    let spans = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .filter(membership::Column::WorkGroupId.eq(group))
        .filter(crate::member::active_on(today))
        .all(&txn)
        .await?;
    if editors
        .iter()
        .any(|e| !spans.iter().any(|s| s.member_id == *e))
    {
        return Err(Error::field("editors", FieldError::UnknownValue));
    }
    let before: Vec<i32> = spans
        .iter()
        .filter(|s| s.edits_plan)
        .map(|s| s.member_id)
        .collect();
    for s in &spans {
        let edits = editors.contains(&s.member_id);
        if s.edits_plan != edits {
            membership::Entity::update(membership::ActiveModel {
                id: Unchanged(s.id),
                edits_plan: Set(edits),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("work_group", group),
        "editors",
        Some(&before),
        Some(&editors),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
