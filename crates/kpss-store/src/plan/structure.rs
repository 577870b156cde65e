//! The structure of a draft: parts, goals and measures, each appended in order.

use kpss_domain::account::Actor;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use serde::Serialize;

use super::{code_taken, editable_plan, position, require_admin};
use crate::entity::{plan_goal, plan_measure, plan_part};
use crate::{Conflict, Error, Result, Store, audit};

/// Adds a part at the end of a draft plan.
pub async fn add_part(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    part: &PartDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    editable_plan(&txn, tenant, plan_id).await?;
    let count = plan_part::Entity::find()
        .filter(plan_part::Column::PlanId.eq(plan_id))
        .count(&txn)
        .await?;
    let created = plan_part::Entity::insert(plan_part::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(plan_id),
        position: Set(position(count)),
        code: Set(part.code.clone()),
        name: Set(part.name.clone()),
        target_group: Set(None),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    appended(txn, tenant, actor, plan_id, "add_part", part).await?;
    Ok(created.id)
}

/// Adds a goal at the end of a part of a draft plan.
pub async fn add_goal(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    part_id: i32,
    goal: &GoalDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let part = plan_part::Entity::find_by_id(part_id)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, part.plan_id).await?;
    let siblings = plan_goal::Entity::find()
        .filter(plan_goal::Column::PartId.eq(part_id))
        .all(&txn)
        .await?;
    if siblings.iter().any(|g| g.code == goal.code) {
        return Err(code_taken(Error::Conflict(Conflict::Duplicate)));
    }
    let created = plan_goal::Entity::insert(plan_goal::ActiveModel {
        tenant_id: Set(tenant),
        part_id: Set(part_id),
        position: Set(position(siblings.len())),
        code: Set(goal.code.clone()),
        text: Set(goal.text.clone()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    appended(txn, tenant, actor, part.plan_id, "add_goal", goal).await?;
    Ok(created.id)
}

/// Adds a measure at the end of a goal of a draft plan; its code must be new in the plan.
pub async fn add_measure(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    goal_id: i32,
    measure: &MeasureDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let goal = plan_goal::Entity::find_by_id(goal_id)
        .filter(plan_goal::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let part = plan_part::Entity::find_by_id(goal.part_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, part.plan_id).await?;
    let count = plan_measure::Entity::find()
        .filter(plan_measure::Column::GoalId.eq(goal_id))
        .count(&txn)
        .await?;
    let created = plan_measure::Entity::insert(plan_measure::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(part.plan_id),
        goal_id: Set(goal_id),
        position: Set(position(count)),
        code: Set(measure.code.clone()),
        text: Set(measure.text.clone()),
        rationale: Set(measure.rationale.clone()),
        responsible: Set(measure.responsible.clone()),
        partners: Set(measure.partners.clone()),
        timing: Set(measure.timing.clone()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    appended(txn, tenant, actor, part.plan_id, "add_measure", measure).await?;
    Ok(created.id)
}

/// Logs what was appended to a plan, and commits.
async fn appended(
    txn: DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    action: &str,
    item: &impl Serialize,
) -> Result<()> {
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", plan_id),
        action,
        None::<&()>,
        Some(item),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
