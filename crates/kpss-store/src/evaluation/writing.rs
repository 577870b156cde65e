//! What the groups and the coordinator write besides judging measures: each group's evaluation
//! of its part for the year (while the round is open) and the coordinator's summary of the plan.

use kpss_domain::account::Actor;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::judgements::{duplicate_is_stale, round_open};
use crate::entity::{group_evaluation, plan_conclusion, plan_part};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// A group's evaluation of its part in one action plan's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupText {
    pub action_plan_id: i32,
    pub part_id: i32,
    pub text: String,
    pub version: i32,
}

/// The groups' evaluations of these action plans.
pub async fn group_texts(
    store: &Store,
    scope: impl Into<Scope>,
    action_plan_ids: &[i32],
) -> Result<Vec<GroupText>> {
    Ok(group_evaluation::Entity::find()
        .filter(group_evaluation::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .filter(group_evaluation::Column::ActionPlanId.is_in(action_plan_ids.to_vec()))
        .order_by_asc(group_evaluation::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| GroupText {
            action_plan_id: m.action_plan_id,
            part_id: m.part_id,
            text: m.text,
            version: m.version,
        })
        .collect())
}

/// Saves a group's evaluation of its part for the year; the group's manager or the
/// coordinator, while the round is open. `version` is 0 for a text not stored yet.
pub async fn save_group_text(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (action_plan_id, part_id, version): (i32, i32, i32),
    text: &str,
) -> Result<()> {
    let txn = store.write().await?;
    let plan = crate::action_plan::find(&txn, &Scope::one(tenant), action_plan_id).await?;
    let part = plan_part::Entity::find_by_id(part_id)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .filter(plan_part::Column::PlanId.eq(plan.plan_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if !actor.may_review_card(&crate::work_group::group_of_part(&txn, &part).await?) {
        return Err(Error::Forbidden);
    }
    round_open(&txn, action_plan_id).await?;
    let existing = group_evaluation::Entity::find()
        .filter(group_evaluation::Column::ActionPlanId.eq(action_plan_id))
        .filter(group_evaluation::Column::PartId.eq(part_id))
        .one(&txn)
        .await?;
    let mut model = group_evaluation::ActiveModel {
        tenant_id: Set(tenant),
        action_plan_id: Set(action_plan_id),
        part_id: Set(part_id),
        text: Set(text.to_owned()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    };
    match &existing {
        None if version == 0 => {
            group_evaluation::Entity::insert(model)
                .exec_without_returning(&txn)
                .await
                .map_err(duplicate_is_stale)?;
        }
        Some(row) => {
            model.id = sea_orm::ActiveValue::Unchanged(row.id);
            group_evaluation::Entity::update(model)
                .validate()?
                .filter(group_evaluation::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(|e| crate::stale_or(e.into()))?;
        }
        None => return Err(Error::Conflict(Conflict::StaleVersion)),
    }
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan_part", part_id),
        "save_group_evaluation",
        existing.map(|e| e.text).as_ref(),
        Some(&text),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The coordinator's summary of a plan for its summary report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conclusion {
    pub text: String,
    pub version: i32,
}

/// The coordinator's summary of a plan, if written.
pub async fn conclusion(
    store: &Store,
    scope: impl Into<Scope>,
    plan_id: i32,
) -> Result<Option<Conclusion>> {
    Ok(plan_conclusion::Entity::find()
        .filter(plan_conclusion::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .filter(plan_conclusion::Column::PlanId.eq(plan_id))
        .one(store.db())
        .await?
        .map(|m| Conclusion {
            text: m.text,
            version: m.version,
        }))
}

/// Saves the coordinator's summary of a plan. `version` is 0 for a summary not stored yet.
pub async fn save_conclusion(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (plan_id, version): (i32, i32),
    text: &str,
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    crate::entity::plan::Entity::find_by_id(plan_id)
        .filter(crate::entity::plan::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let existing = plan_conclusion::Entity::find()
        .filter(plan_conclusion::Column::PlanId.eq(plan_id))
        .one(&txn)
        .await?;
    let mut model = plan_conclusion::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(plan_id),
        text: Set(text.to_owned()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    };
    match &existing {
        None if version == 0 => {
            plan_conclusion::Entity::insert(model)
                .exec_without_returning(&txn)
                .await
                .map_err(duplicate_is_stale)?;
        }
        Some(row) => {
            model.id = sea_orm::ActiveValue::Unchanged(row.id);
            plan_conclusion::Entity::update(model)
                .validate()?
                .filter(plan_conclusion::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(|e| crate::stale_or(e.into()))?;
        }
        None => return Err(Error::Conflict(Conflict::StaleVersion)),
    }
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", plan_id),
        "save_conclusion",
        existing.map(|e| e.text).as_ref(),
        Some(&text),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
