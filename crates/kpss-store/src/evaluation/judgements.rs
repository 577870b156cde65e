//! The groups' judgements of their measures in a round: saved, submitted, then approved or
//! returned by the coordinator; nothing changes once the round is closed.

use kpss_domain::account::Actor;
use kpss_domain::evaluation::{Fulfilment, Judgement, ReportAction, ReportError, ReportState};
use kpss_domain::quantity::Quantity;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::action_plan::card_owner_group;
use crate::entity::{evaluation_round, measure_judgement};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// A measure's judgement for one action plan's year, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureJudgement {
    pub action_plan_id: i32,
    pub measure_id: i32,
    pub state: ReportState,
    pub judgement: Judgement,
    pub return_reason: Option<String>,
    pub version: i32,
}

fn from_model(m: measure_judgement::Model) -> Result<MeasureJudgement> {
    let indicator_actuals: Vec<Option<Quantity>> = m
        .indicator_actuals
        .as_deref()
        .and_then(|json| serde_json::from_str::<Vec<Option<i64>>>(json).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|v| v.map(Quantity::from_hundredths))
        .collect();
    let fulfilment = match m.fulfilment.as_deref() {
        None => Fulfilment::NotImplemented,
        Some(code) => crate::decode("fulfilment", code, |c| Fulfilment::parse(c).ok())?,
    };
    Ok(MeasureJudgement {
        action_plan_id: m.action_plan_id,
        measure_id: m.measure_id,
        state: super::report_state(&m.state)?,
        judgement: Judgement {
            fulfilment,
            reasoning: m.reasoning,
            achieved: m.achieved,
            indicator_actuals,
        },
        return_reason: m.return_reason,
        version: m.version,
    })
}

/// The judgements of the measures of these action plans.
pub async fn judgements(
    store: &Store,
    scope: impl Into<Scope>,
    action_plan_ids: &[i32],
) -> Result<Vec<MeasureJudgement>> {
    measure_judgement::Entity::find()
        .filter(measure_judgement::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .filter(measure_judgement::Column::ActionPlanId.is_in(action_plan_ids.to_vec()))
        .order_by_asc(measure_judgement::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// The open round of an action plan and the group a measure belongs to; refuses when the round
/// is closed or missing, or the measure is not of the action plan's plan.
async fn measure_in_round(
    txn: &DatabaseTransaction,
    tenant: i32,
    action_plan_id: i32,
    measure_id: i32,
) -> Result<String> {
    let plan = crate::action_plan::find(txn, &Scope::one(tenant), action_plan_id).await?;
    let (plan_id, group) = card_owner_group(txn, tenant, measure_id)
        .await?
        .ok_or(Error::NotFound)?;
    if plan_id != plan.plan_id {
        return Err(Error::NotFound);
    }
    round_open(txn, action_plan_id).await?;
    Ok(group)
}

pub(super) async fn round_open(txn: &DatabaseTransaction, action_plan_id: i32) -> Result<()> {
    let round = evaluation_round::Entity::find()
        .filter(evaluation_round::Column::ActionPlanId.eq(action_plan_id))
        .one(txn)
        .await?;
    if round.is_none_or(|r| r.closed) {
        return Err(Error::Conflict(Conflict::NotEditable));
    }
    Ok(())
}

async fn stored(
    txn: &DatabaseTransaction,
    action_plan_id: i32,
    measure_id: i32,
) -> Result<Option<measure_judgement::Model>> {
    Ok(measure_judgement::Entity::find()
        .filter(measure_judgement::Column::ActionPlanId.eq(action_plan_id))
        .filter(measure_judgement::Column::MeasureId.eq(measure_id))
        .one(txn)
        .await?)
}

/// Saves the group's judgement of a measure and, with `submit`, hands it to the coordinator.
/// Only the group's manager or the coordinator, while the round is open and the judgement is
/// not waiting for review or approved. `version` is 0 for a judgement not stored yet.
pub async fn save_judgement(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (action_plan_id, measure_id, version): (i32, i32, i32),
    judgement: &Judgement,
    submit: bool,
) -> Result<MeasureJudgement> {
    let txn = store.write().await?;
    let group = measure_in_round(&txn, tenant, action_plan_id, measure_id).await?;
    if !actor.may_review_card(&group) {
        return Err(Error::Forbidden);
    }
    let existing = stored(&txn, action_plan_id, measure_id).await?;
    let state = existing
        .as_ref()
        .map_or(Ok(ReportState::Missing), |m| super::report_state(&m.state))?;
    if !state.is_editable() {
        return Err(Error::Conflict(Conflict::NotEditable));
    }
    let next = if submit {
        state
            .apply(&ReportAction::Submit)
            .map_err(|_| Error::Conflict(Conflict::Transition))?
    } else {
        state
    };
    let actuals: Vec<Option<i64>> = judgement
        .indicator_actuals
        .iter()
        .map(|q| q.map(Quantity::hundredths))
        .collect();
    let mut model = measure_judgement::ActiveModel {
        tenant_id: Set(tenant),
        action_plan_id: Set(action_plan_id),
        measure_id: Set(measure_id),
        state: Set(next.code().to_owned()),
        fulfilment: Set(Some(judgement.fulfilment.code().to_owned())),
        reasoning: Set(judgement.reasoning.clone()),
        achieved: Set(judgement.achieved.clone()),
        indicator_actuals: Set(Some(
            serde_json::to_string(&actuals).unwrap_or_else(|_| "[]".into()),
        )),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    };
    let saved = match &existing {
        None if version != 0 => return Err(Error::Conflict(Conflict::StaleVersion)),
        None => measure_judgement::Entity::insert(model)
            .exec_with_returning(&txn)
            .await
            .map_err(duplicate_is_stale)?,
        Some(row) => {
            model.id = sea_orm::ActiveValue::Unchanged(row.id);
            measure_judgement::Entity::update(model)
                .validate()?
                .filter(measure_judgement::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(|e| crate::stale_or(e.into()))?
        }
    };
    let saved = from_model(saved)?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan_measure", measure_id),
        if submit {
            "submit_judgement"
        } else {
            "save_judgement"
        },
        existing.map(from_model).transpose()?.as_ref(),
        Some(&saved),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Approves or returns (with a reason) a submitted judgement; only the coordinator.
pub async fn review_judgement(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (action_plan_id, measure_id, version): (i32, i32, i32),
    action: &ReportAction,
) -> Result<ReportState> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    measure_in_round(&txn, tenant, action_plan_id, measure_id).await?;
    let row = stored(&txn, action_plan_id, measure_id)
        .await?
        .ok_or(Error::Conflict(Conflict::Transition))?;
    let state = super::report_state(&row.state)?;
    let next = state.apply(action).map_err(|e| match e {
        ReportError::ReasonRequired => Error::field("reason", kpss_domain::FieldError::Required),
        ReportError::Forbidden(_) => Error::Conflict(Conflict::Transition),
    })?;
    let reason = match action {
        ReportAction::Return { reason } => Some(reason.trim().to_owned()),
        _ => None,
    };
    set_state(&txn, &row, version, next, reason.clone()).await?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan_measure", measure_id),
        next.code(),
        Some(&serde_json::json!({ "state": state.code(), "year_of": action_plan_id })),
        Some(&serde_json::json!({ "state": next.code(), "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

async fn set_state(
    txn: &DatabaseTransaction,
    row: &measure_judgement::Model,
    version: i32,
    next: ReportState,
    reason: Option<String>,
) -> Result<()> {
    measure_judgement::Entity::update(measure_judgement::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(row.id),
        state: Set(next.code().to_owned()),
        return_reason: Set(reason),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    })
    .validate()?
    .filter(measure_judgement::Column::Version.eq(version))
    .exec(txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    Ok(())
}

/// Approves every submitted judgement of an action plan in one transaction; only the
/// coordinator. Gives how many.
pub async fn approve_judgements(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
) -> Result<usize> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    crate::action_plan::find(&txn, &Scope::one(tenant), action_plan_id).await?;
    round_open(&txn, action_plan_id).await?;
    let submitted = measure_judgement::Entity::find()
        .filter(measure_judgement::Column::TenantId.eq(tenant))
        .filter(measure_judgement::Column::ActionPlanId.eq(action_plan_id))
        .filter(measure_judgement::Column::State.eq(ReportState::Submitted.code()))
        .all(&txn)
        .await?;
    for row in &submitted {
        set_state(&txn, row, row.version, ReportState::Approved, None).await?;
        audit::record(
            &txn,
            tenant,
            actor.account_id,
            ("plan_measure", row.measure_id),
            ReportState::Approved.code(),
            Some(&serde_json::json!({ "state": ReportState::Submitted.code() })),
            Some(&serde_json::json!({ "state": ReportState::Approved.code() })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(submitted.len())
}

/// A unique key taken by a concurrent first save is a stale version to the second saver.
pub(super) fn duplicate_is_stale(e: sea_orm::DbErr) -> Error {
    match Error::from(e) {
        Error::Conflict(Conflict::Duplicate) => Error::Conflict(Conflict::StaleVersion),
        other => other,
    }
}
