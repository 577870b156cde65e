//! Yearly action plans of an approved community plan, and their activity cards.

mod cards;
pub(crate) mod list;
mod planning;
pub mod rollup;
mod take_over;

pub use cards::load_cards;
pub use cards::{Card, CardPlacement, CardReport, card, cards};
pub(crate) use cards::{card_model, card_owner_group};
pub use list::{
    CardFilter, ListedCard, StateCount, card_organisations, count_cards, list_cards, state_counts,
    stream_cards,
};
pub use planning::{create_card, create_cards, delete_card, update_card};
pub use take_over::{Clash, TakeOver, candidates, take_over};

use kpss_domain::account::Actor;
use kpss_domain::action_plan::ActionPlanState;
use kpss_domain::plan::PlanStatus;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::entity::{action_plan, plan};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// The action plan of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionPlan {
    pub id: i32,
    pub tenant_id: i32,
    pub plan_id: i32,
    pub year: i32,
    pub state: ActionPlanState,
    pub version: i32,
}

fn from_model(m: action_plan::Model) -> Result<ActionPlan> {
    Ok(ActionPlan {
        id: m.id,
        tenant_id: m.tenant_id,
        plan_id: m.plan_id,
        year: m.year,
        state: state_of(&m.state)?,
        version: m.version,
    })
}

/// An action plan's stored state, refused when unknown.
pub(crate) fn state_of(code: &str) -> Result<ActionPlanState> {
    crate::decode("action plan state", code, ActionPlanState::from_code)
}

/// The action plans of a plan, by year.
pub async fn action_plans(
    store: &Store,
    scope: impl Into<Scope>,
    plan_id: i32,
) -> Result<Vec<ActionPlan>> {
    action_plan::Entity::find()
        .filter(action_plan::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .filter(action_plan::Column::PlanId.eq(plan_id))
        .order_by_asc(action_plan::Column::Year)
        .all(store.db())
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// One action plan.
pub async fn action_plan(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<ActionPlan> {
    from_model(find(store.db(), &scope.into(), id).await?)
}

pub(crate) async fn find<C: ConnectionTrait>(
    c: &C,
    scope: &Scope,
    id: i32,
) -> Result<action_plan::Model> {
    action_plan::Entity::find_by_id(id)
        .filter(action_plan::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
}

/// Starts the action plan of `year` for an approved plan; the year must lie in its period and
/// have no action plan yet. Only the coordinator may.
pub async fn create_action_plan(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    year: i32,
) -> Result<ActionPlan> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let plan = plan::Entity::find_by_id(plan_id)
        .filter(plan::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if plan.status != PlanStatus::Approved.code() {
        return Err(Error::Conflict(Conflict::NotEditable));
    }
    if !(plan.period_from..=plan.period_to).contains(&year) {
        let mut errors = kpss_domain::FieldErrors::default();
        errors.add(
            "year",
            kpss_domain::FieldError::OutOfRange {
                min: i64::from(plan.period_from),
                max: i64::from(plan.period_to),
            },
        );
        return Err(Error::Invalid(errors));
    }
    let now = crate::now();
    let created = action_plan::Entity::insert(action_plan::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(plan_id),
        year: Set(year),
        state: Set(ActionPlanState::Open.code().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| match Error::from(e) {
        Error::Conflict(Conflict::Duplicate) => {
            Error::field("year", kpss_domain::FieldError::AlreadyUsed)
        }
        other => other,
    })?;
    let after = from_model(created)?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("action_plan", after.id),
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Whether the action plan's evaluation round was opened (closed rounds count too).
async fn has_round<C: ConnectionTrait>(c: &C, action_plan_id: i32) -> Result<bool> {
    use sea_orm::PaginatorTrait;
    Ok(crate::entity::evaluation_round::Entity::find()
        .filter(crate::entity::evaluation_round::Column::ActionPlanId.eq(action_plan_id))
        .count(c)
        .await?
        > 0)
}

/// Opens or closes an action plan for planning, if nobody changed it since `version`; planning
/// is not reopened once the evaluation round exists.
pub async fn set_state(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    version: i32,
    state: ActionPlanState,
) -> Result<ActionPlan> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = from_model(find(&txn, &Scope::one(tenant), id).await?)?;
    // Checked in the transaction that writes: a round opened meanwhile raised the version, so
    // the update below cannot pass on a check read before it.
    if state == ActionPlanState::Open && has_round(&txn, id).await? {
        return Err(Error::Conflict(crate::Conflict::RoundStarted));
    }
    let updated = action_plan::Entity::update(action_plan::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        state: Set(state.code().to_owned()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    })
    .validate()?
    .filter(action_plan::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    let after = from_model(updated)?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("action_plan", id),
        state.code(),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
