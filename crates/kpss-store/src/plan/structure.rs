//! The structure of a draft: parts, goals and measures, each appended in order.

use kpss_domain::account::Actor;
use kpss_domain::plan::funding::MeasureFunding;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PriorityDraft};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::Serialize;

use super::edit::{Item, item_plan};
use super::writing::require_writer;
use super::{code_taken, editable_plan, position, require_admin};
use crate::entity::{plan_goal, plan_measure, plan_part, plan_priority};
use crate::{Error, Result, Store};

/// Adds a part at the end of a draft plan.
pub async fn add_part(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    part: &PartDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.write().await?;
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
        work_group_id: Set(crate::work_group::group_of_code(&txn, tenant, &part.code).await?),
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
    add_goal_in(store, tenant, actor, (part_id, None), goal).await
}

/// Adds a goal at the end of a part of a draft plan, under one of the part's priorities.
pub async fn add_goal_in(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (part_id, priority): (i32, Option<i32>),
    goal: &GoalDraft,
) -> Result<i32> {
    let txn = store.write().await?;
    let part = plan_part::Entity::find_by_id(part_id)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, part.plan_id).await?;
    require_writer(&txn, tenant, actor, part_id).await?;
    check_priority(&txn, part_id, priority).await?;
    let count = plan_goal::Entity::find()
        .filter(plan_goal::Column::PartId.eq(part_id))
        .count(&txn)
        .await?;
    let created = plan_goal::Entity::insert(plan_goal::ActiveModel {
        tenant_id: Set(tenant),
        part_id: Set(part_id),
        position: Set(position(count)),
        code: Set(goal.code.clone()),
        text: Set(goal.text.clone()),
        priority_id: Set(priority),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    let target = (tenant, actor, ("plan_part", part_id));
    super::edit::logged(txn, target, "add_goal", None::<&()>, goal).await?;
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
    let txn = store.write().await?;
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
    require_writer(&txn, tenant, actor, part.id).await?;
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
    let target = (tenant, actor, ("plan_part", part.id));
    super::edit::logged(txn, target, "add_measure", None::<&()>, measure).await?;
    Ok(created.id)
}

/// Logs what was appended to a plan, and commits.
pub(super) async fn appended(
    txn: DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    action: &str,
    item: &impl Serialize,
) -> Result<()> {
    super::edit::logged(
        txn,
        (tenant, actor, ("plan", plan_id)),
        action,
        None::<&()>,
        item,
    )
    .await
}

/// Sets a measure's indicators and expected costs in a draft plan, if nobody changed the
/// measure since `version`.
pub async fn set_measure_funding(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (measure_id, version): (i32, i32),
    funding: &MeasureFunding,
) -> Result<()> {
    let txn = store.write().await?;
    let measure = plan_measure::Entity::find_by_id(measure_id)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, measure.plan_id).await?;
    let part = super::writing::part_of_measure(&txn, tenant, measure_id).await?;
    super::writing::require_writer(&txn, tenant, actor, part).await?;
    let before = super::funding_of(measure.funding.as_deref());
    plan_measure::Entity::update(plan_measure::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(measure_id),
        funding: Set(super::funding_json(funding)),
        version: Set(version + 1),
        ..Default::default()
    })
    .validate()?
    .filter(plan_measure::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    super::edit::logged(
        txn,
        (tenant, actor, ("plan_part", part)),
        "measure_funding",
        Some(&serde_json::json!({ "measure": measure.code, "funding": before })),
        &serde_json::json!({ "measure": measure.code, "funding": funding }),
    )
    .await
}

/// A goal's priority must belong to the goal's part.
pub(super) async fn check_priority(
    txn: &DatabaseTransaction,
    part_id: i32,
    priority: Option<i32>,
) -> Result<()> {
    let Some(priority) = priority else {
        return Ok(());
    };
    let found = plan_priority::Entity::find_by_id(priority)
        .filter(plan_priority::Column::PartId.eq(part_id))
        .count(txn)
        .await?;
    if found == 0 {
        return Err(Error::field(
            "priority",
            kpss_domain::FieldError::UnknownValue,
        ));
    }
    Ok(())
}

/// Adds a priority at the end of a part of a draft; its code is unique in the part.
pub async fn add_priority(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    part_id: i32,
    priority: &PriorityDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.write().await?;
    let plan_id = item_plan(&txn, tenant, Item::Part(part_id)).await?;
    let count = plan_priority::Entity::find()
        .filter(plan_priority::Column::PartId.eq(part_id))
        .count(&txn)
        .await?;
    let created = plan_priority::Entity::insert(plan_priority::ActiveModel {
        tenant_id: Set(tenant),
        part_id: Set(part_id),
        position: Set(position(count)),
        code: Set(priority.code.clone()),
        name: Set(priority.name.clone()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    appended(txn, tenant, actor, plan_id, "add_priority", priority).await?;
    Ok(created.id)
}
