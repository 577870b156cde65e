//! Changing and removing the parts, priorities, goals and measures of a draft.

use kpss_domain::account::Actor;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PriorityDraft};
use sea_orm::ActiveValue::{Set, Unchanged};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Serialize;

use super::structure::check_priority;
use super::writing::{part_of_goal, part_of_measure, require_writer};
use super::{code_taken, editable_plan, require_admin};
use crate::entity::{measure_comment, plan_goal, plan_measure, plan_part, plan_priority};
use crate::{Error, Result, Store, audit};

/// What a structural edit touches: a part, a priority, a goal or a measure of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Part(i32),
    Priority(i32),
    Goal(i32),
    Measure(i32),
}

/// The plan an item belongs to, checked to be an editable draft of the tenant.
pub(super) async fn item_plan(txn: &DatabaseTransaction, tenant: i32, item: Item) -> Result<i32> {
    // A priority or a goal reaches its plan through its part.
    let part_id = match item {
        Item::Part(id) => Some(id),
        Item::Priority(id) => plan_priority::Entity::find_by_id(id)
            .filter(plan_priority::Column::TenantId.eq(tenant))
            .one(txn)
            .await?
            .map(|p| p.part_id),
        Item::Goal(id) => plan_goal::Entity::find_by_id(id)
            .filter(plan_goal::Column::TenantId.eq(tenant))
            .one(txn)
            .await?
            .map(|g| g.part_id),
        Item::Measure(_) => None,
    };
    let plan_id = match (item, part_id) {
        (Item::Measure(id), _) => {
            plan_measure::Entity::find_by_id(id)
                .filter(plan_measure::Column::TenantId.eq(tenant))
                .one(txn)
                .await?
                .ok_or(Error::NotFound)?
                .plan_id
        }
        (_, Some(part)) => {
            plan_part::Entity::find_by_id(part)
                .filter(plan_part::Column::TenantId.eq(tenant))
                .one(txn)
                .await?
                .ok_or(Error::NotFound)?
                .plan_id
        }
        (_, None) => return Err(Error::NotFound),
    };
    editable_plan(txn, tenant, plan_id).await?;
    Ok(plan_id)
}

/// Renames a part of a draft, if nobody changed it since `version`.
pub async fn update_part(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version, group): (i32, i32, Option<i32>),
    part: &PartDraft,
) -> Result<()> {
    require_admin(actor)?;
    let txn = store.write().await?;
    let plan_id = item_plan(&txn, tenant, Item::Part(id)).await?;
    let row = plan_part::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    // The group is the tenant's, and not the steering group: that one plans no part.
    if let Some(group) = group {
        let found = crate::work_group::work_group(store, tenant, group).await;
        let fits =
            matches!(&found, Ok(g) if g.draft.kind != kpss_domain::work_group::GroupKind::Steering);
        if !fits {
            return Err(Error::field(
                "work_group",
                kpss_domain::FieldError::UnknownValue,
            ));
        }
    }
    let before = (
        PartDraft {
            code: row.code,
            name: row.name,
        },
        row.work_group_id,
    );
    plan_part::Entity::update(plan_part::ActiveModel {
        id: Unchanged(id),
        code: Set(part.code.clone()),
        name: Set(part.name.clone()),
        work_group_id: Set(group),
        version: Set(version + 1),
        ..Default::default()
    })
    .validate()?
    .filter(plan_part::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(refused)?;
    logged(
        txn,
        (tenant, actor, ("plan", plan_id)),
        "update_part",
        Some(&before),
        &(part, group),
    )
    .await
}

/// Renames a priority of a draft, if nobody changed it since `version`.
pub async fn update_priority(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    priority: &PriorityDraft,
) -> Result<()> {
    require_admin(actor)?;
    let txn = store.write().await?;
    let plan_id = item_plan(&txn, tenant, Item::Priority(id)).await?;
    let row = plan_priority::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let before = PriorityDraft {
        code: row.code,
        name: row.name,
    };
    plan_priority::Entity::update(plan_priority::ActiveModel {
        id: Unchanged(id),
        code: Set(priority.code.clone()),
        name: Set(priority.name.clone()),
        version: Set(version + 1),
        ..Default::default()
    })
    .validate()?
    .filter(plan_priority::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(refused)?;
    logged(
        txn,
        (tenant, actor, ("plan", plan_id)),
        "update_priority",
        Some(&before),
        priority,
    )
    .await
}

/// A goal's wording and priority, as the audit log keeps them.
#[derive(Serialize)]
struct GoalRecord<'a> {
    #[serde(flatten)]
    goal: &'a GoalDraft,
    priority: Option<i32>,
}

/// Rewords a goal of a draft and sets its priority, if nobody changed it since `version`; its
/// code stays unique in its part.
pub async fn update_goal(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version, priority): (i32, i32, Option<i32>),
    goal: &GoalDraft,
) -> Result<()> {
    let txn = store.write().await?;
    item_plan(&txn, tenant, Item::Goal(id)).await?;
    let row = plan_goal::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    require_writer(&txn, tenant, actor, row.part_id).await?;
    check_priority(&txn, row.part_id, priority).await?;
    let old = GoalDraft {
        code: row.code,
        text: row.text,
    };
    plan_goal::Entity::update(plan_goal::ActiveModel {
        id: Unchanged(id),
        code: Set(goal.code.clone()),
        text: Set(goal.text.clone()),
        priority_id: Set(priority),
        version: Set(version + 1),
        ..Default::default()
    })
    .validate()?
    .filter(plan_goal::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(refused)?;
    let before = GoalRecord {
        goal: &old,
        priority: row.priority_id,
    };
    let after = GoalRecord { goal, priority };
    logged(
        txn,
        (tenant, actor, ("plan_part", row.part_id)),
        "update_goal",
        Some(&before),
        &after,
    )
    .await
}

/// Rewords a measure of a draft, if nobody changed it since `version`; its code stays unique in
/// the plan.
pub async fn update_measure(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    measure: &MeasureDraft,
) -> Result<()> {
    let txn = store.write().await?;
    item_plan(&txn, tenant, Item::Measure(id)).await?;
    let part = part_of_measure(&txn, tenant, id).await?;
    require_writer(&txn, tenant, actor, part).await?;
    let row = plan_measure::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let before = MeasureDraft {
        code: row.code,
        text: row.text,
        rationale: row.rationale,
        responsible: row.responsible,
        partners: row.partners,
        timing: row.timing,
    };
    plan_measure::Entity::update(plan_measure::ActiveModel {
        id: Unchanged(id),
        code: Set(measure.code.clone()),
        text: Set(measure.text.clone()),
        rationale: Set(measure.rationale.clone()),
        responsible: Set(measure.responsible.clone()),
        partners: Set(measure.partners.clone()),
        timing: Set(measure.timing.clone()),
        version: Set(version + 1),
        ..Default::default()
    })
    .validate()?
    .filter(plan_measure::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(refused)?;
    logged(
        txn,
        (tenant, actor, ("plan_part", part)),
        "update_measure",
        Some(&before),
        measure,
    )
    .await
}

/// A versioned update the database refused: a stale version, or a code already used.
fn refused(err: sea_orm::DbErr) -> Error {
    code_taken(crate::stale_or(err.into()))
}

/// Logs a change of an item of a plan (`before` is `None` for an item just added) under the
/// plan, or under the part for what a group writes, and commits.
pub(super) async fn logged(
    txn: DatabaseTransaction,
    (tenant, actor, target): (i32, &Actor, (&str, i32)),
    action: &str,
    before: Option<&impl Serialize>,
    after: &impl Serialize,
) -> Result<()> {
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        target,
        action,
        before,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a part, goal or measure of a draft with everything under it.
pub async fn remove(store: &Store, tenant: i32, actor: &Actor, item: Item) -> Result<()> {
    let txn = store.write().await?;
    let plan_id = item_plan(&txn, tenant, item).await?;
    // A group removes its own goals and measures; parts and priorities are the coordinator's.
    let target = match item {
        Item::Goal(id) => ("plan_part", part_of_goal(&txn, tenant, id).await?),
        Item::Measure(id) => ("plan_part", part_of_measure(&txn, tenant, id).await?),
        Item::Part(_) | Item::Priority(_) => {
            require_admin(actor)?;
            ("plan", plan_id)
        }
    };
    if target.0 == "plan_part" {
        require_writer(&txn, tenant, actor, target.1).await?;
    }
    // Children are removed explicitly: SQLite enforces foreign keys per connection only.
    let goals: Vec<i32> = match item {
        Item::Part(id) => plan_goal::Entity::find()
            .filter(plan_goal::Column::PartId.eq(id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|g| g.id)
            .collect(),
        Item::Goal(id) => vec![id],
        Item::Measure(_) | Item::Priority(_) => Vec::new(),
    };
    let removed = match item {
        Item::Priority(id) => {
            // Its goals stay, no longer grouped.
            plan_goal::Entity::update_many()
                .col_expr(
                    plan_goal::Column::PriorityId,
                    sea_orm::sea_query::Expr::value(Option::<i32>::None),
                )
                // The goals change, so a form opened on one of them before is stale.
                .col_expr(
                    plan_goal::Column::Version,
                    sea_orm::sea_query::ExprTrait::add(
                        sea_orm::sea_query::Expr::col(plan_goal::Column::Version),
                        1,
                    ),
                )
                .filter(plan_goal::Column::PriorityId.eq(id))
                .exec(&txn)
                .await?;
            plan_priority::Entity::delete_by_id(id).exec(&txn).await?;
            serde_json::json!({ "priority": id })
        }
        Item::Measure(id) => {
            measure_comment::Entity::delete_many()
                .filter(measure_comment::Column::MeasureId.eq(id))
                .exec(&txn)
                .await?;
            plan_measure::Entity::delete_by_id(id).exec(&txn).await?;
            serde_json::json!({ "measure": id })
        }
        Item::Goal(id) | Item::Part(id) => {
            let measures = plan_measure::Entity::find()
                .filter(plan_measure::Column::GoalId.is_in(goals.clone()))
                .all(&txn)
                .await?;
            measure_comment::Entity::delete_many()
                .filter(measure_comment::Column::MeasureId.is_in(measures.iter().map(|m| m.id)))
                .exec(&txn)
                .await?;
            plan_measure::Entity::delete_many()
                .filter(plan_measure::Column::GoalId.is_in(goals.clone()))
                .exec(&txn)
                .await?;
            plan_goal::Entity::delete_many()
                .filter(plan_goal::Column::Id.is_in(goals.clone()))
                .exec(&txn)
                .await?;
            if let Item::Part(part) = item {
                plan_priority::Entity::delete_many()
                    .filter(plan_priority::Column::PartId.eq(part))
                    .exec(&txn)
                    .await?;
                plan_part::Entity::delete_by_id(part).exec(&txn).await?;
                serde_json::json!({ "part": id })
            } else {
                serde_json::json!({ "goal": id })
            }
        }
    };
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        target,
        "remove",
        Some(&removed),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
