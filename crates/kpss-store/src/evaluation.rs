//! Evaluation rounds (eSRP): the coordinator opens a round for an action plan's year, providers
//! report on their cards, managers and the coordinator approve or return the reports.

use kpss_domain::account::Actor;
use kpss_domain::action_plan::{ActionPlanState, CardOwner};
use kpss_domain::evaluation::{Actuals, ReportAction, ReportState, RoundDraft};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use time::Date;

use crate::action_plan::{card_model, card_owner_group, refresh_rollup};
use crate::entity::{action_plan, activity_card, card_cost, card_indicator, evaluation_round};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// The evaluation round of one action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub id: i32,
    pub action_plan_id: i32,
    pub deadline: Date,
    pub closed: bool,
}

fn from_model(m: evaluation_round::Model) -> Round {
    Round {
        id: m.id,
        action_plan_id: m.action_plan_id,
        deadline: m.deadline,
        closed: m.closed,
    }
}

/// The round of an action plan, if one was opened.
pub async fn round(
    store: &Store,
    scope: impl Into<Scope>,
    action_plan_id: i32,
) -> Result<Option<Round>> {
    Ok(evaluation_round::Entity::find()
        .filter(evaluation_round::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .filter(evaluation_round::Column::ActionPlanId.eq(action_plan_id))
        .one(store.db())
        .await?
        .map(from_model))
}

/// Opens the round of an action plan; planning of its cards ends at the same moment.
/// Only the coordinator may, once per action plan.
pub async fn open_round(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
    draft: &RoundDraft,
) -> Result<Round> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let plan = crate::action_plan::find(&txn, &Scope::one(tenant), action_plan_id).await?;
    let created = evaluation_round::Entity::insert(evaluation_round::ActiveModel {
        tenant_id: Set(tenant),
        action_plan_id: Set(action_plan_id),
        deadline: Set(draft.deadline),
        closed: Set(false),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    action_plan::Entity::update(action_plan::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(plan.id),
        state: Set(ActionPlanState::Closed.code().to_owned()),
        version: Set(plan.version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let round = from_model(created);
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("action_plan", action_plan_id),
        "open_round",
        None::<&()>,
        Some(&round),
    )
    .await?;
    txn.commit().await?;
    Ok(round)
}

/// Approves every submitted report of an action plan the actor may review, in one
/// transaction; gives how many.
pub async fn approve_submitted(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
) -> Result<usize> {
    let txn = store.write().await?;
    let submitted = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.eq(tenant))
        .filter(activity_card::Column::ActionPlanId.eq(action_plan_id))
        .filter(activity_card::Column::ReportState.eq(ReportState::Submitted.code()))
        .order_by_asc(activity_card::Column::Id)
        .all(&txn)
        .await?;
    let mut touched = Vec::new();
    for card in &submitted {
        let (_, group) = card_in_round(&txn, tenant, card.id).await?;
        if !actor.may_review_card(&group) {
            continue;
        }
        activity_card::Entity::update(activity_card::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(card.id),
            report_state: Set(ReportState::Approved.code().to_owned()),
            return_reason: Set(None),
            version: Set(card.version + 1),
            updated_at: Set(crate::now()),
            ..Default::default()
        })
        .validate()?
        .filter(activity_card::Column::Version.eq(card.version))
        .exec(&txn)
        .await
        .map_err(|e| crate::stale_or(e.into()))?;
        audit::record(
            &txn,
            tenant,
            actor.account_id,
            ("activity_card", card.id),
            ReportState::Approved.code(),
            Some(&serde_json::json!({ "state": ReportState::Submitted.code() })),
            Some(&serde_json::json!({ "state": ReportState::Approved.code() })),
        )
        .await?;
        touched.push((card.action_plan_id, card.measure_id));
    }
    refresh_rollup(&txn, &touched).await?;
    txn.commit().await?;
    Ok(touched.len())
}

/// Closes the round of an action plan: its reports no longer change. Only the coordinator.
pub async fn close_round(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
) -> Result<Round> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let round = evaluation_round::Entity::find()
        .filter(evaluation_round::Column::TenantId.eq(tenant))
        .filter(evaluation_round::Column::ActionPlanId.eq(action_plan_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if round.closed {
        return Err(Error::Conflict(Conflict::Transition));
    }
    let closed = evaluation_round::Entity::update(evaluation_round::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(round.id),
        closed: Set(true),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let closed = from_model(closed);
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("action_plan", action_plan_id),
        "close_round",
        None::<&()>,
        Some(&closed),
    )
    .await?;
    txn.commit().await?;
    Ok(closed)
}

/// The card, its group, and the open round it is reported in.
async fn card_in_round(
    txn: &DatabaseTransaction,
    tenant: i32,
    card_id: i32,
) -> Result<(activity_card::Model, String)> {
    let card = card_model(txn, &Scope::one(tenant), card_id).await?;
    let round = evaluation_round::Entity::find()
        .filter(evaluation_round::Column::ActionPlanId.eq(card.action_plan_id))
        .one(txn)
        .await?;
    if round.is_none_or(|r| r.closed) {
        return Err(Error::Conflict(Conflict::NotEditable));
    }
    let (_, group) = card_owner_group(txn, tenant, card.measure_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((card, group))
}

/// Saves a provider's report on a card and, with `submit`, hands it in for approval.
/// Only while the round is open and the report is missing or returned.
pub async fn save_report(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (card_id, version): (i32, i32),
    actuals: &Actuals,
    submit: bool,
) -> Result<()> {
    let txn = store.write().await?;
    write_report(
        &txn,
        tenant,
        actor,
        (card_id, Some(version)),
        actuals,
        submit,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Saves reports on many cards, all or none (a spreadsheet import); each is written over the
/// card's current version.
pub async fn save_reports(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    reports: &[(i32, Actuals)],
    submit: bool,
) -> Result<()> {
    let txn = store.write().await?;
    let mut touched = Vec::with_capacity(reports.len());
    for (card_id, actuals) in reports {
        touched.push(write_report(&txn, tenant, actor, (*card_id, None), actuals, submit).await?);
    }
    refresh_rollup(&txn, &touched).await?;
    txn.commit().await?;
    Ok(())
}

async fn write_report(
    txn: &DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    (card_id, version): (i32, Option<i32>),
    actuals: &Actuals,
    submit: bool,
) -> Result<(i32, i32)> {
    let (card, group) = card_in_round(txn, tenant, card_id).await?;
    let version = version.unwrap_or(card.version);
    let owner = CardOwner {
        organisation: card.organisation_id,
        group: &group,
    };
    if !actor.may_edit_card(owner) {
        return Err(Error::Forbidden);
    }
    let state = ReportState::from_code(&card.report_state);
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
    let now = crate::now();
    activity_card::Entity::update(activity_card::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(card_id),
        report_state: Set(next.code().to_owned()),
        status: Set(Some(actuals.status.code().to_owned())),
        actual_clients: Set(actuals.actual_clients),
        actual_capacity: Set(actuals.actual_capacity),
        comment: Set(actuals.comment.clone()),
        submitted_at: Set(if submit { Some(now) } else { card.submitted_at }),
        version: Set(version + 1),
        updated_at: Set(now),
        ..Default::default()
    })
    .validate()?
    .filter(activity_card::Column::Version.eq(version))
    .exec(txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    write_actual_rows(txn, tenant, card_id, actuals).await?;
    audit::record(
        txn,
        tenant,
        actor.account_id,
        ("activity_card", card_id),
        if submit { "submit" } else { "save_report" },
        None::<&()>,
        Some(actuals),
    )
    .await?;
    Ok((card.action_plan_id, card.measure_id))
}

/// Sets the actual amounts and indicator values; a source reported without a plan gets a row
/// with nothing planned.
async fn write_actual_rows(
    txn: &DatabaseTransaction,
    tenant: i32,
    card_id: i32,
    actuals: &Actuals,
) -> Result<()> {
    let rows = card_cost::Entity::find()
        .filter(card_cost::Column::CardId.eq(card_id))
        .all(txn)
        .await?;
    for row in &rows {
        let actual = actuals
            .costs
            .iter()
            .find(|(s, _)| *s == row.source)
            .map(|(_, a)| *a);
        if actual.is_none() && row.planned == 0 {
            card_cost::Entity::delete_by_id(row.id).exec(txn).await?;
        } else if actual != row.actual {
            card_cost::Entity::update(card_cost::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(row.id),
                actual: Set(actual),
                ..Default::default()
            })
            .exec(txn)
            .await?;
        }
    }
    for (source, actual) in &actuals.costs {
        if !rows.iter().any(|r| &r.source == source) {
            card_cost::Entity::insert(card_cost::ActiveModel {
                tenant_id: Set(tenant),
                card_id: Set(card_id),
                source: Set(source.clone()),
                planned: Set(0),
                actual: Set(Some(*actual)),
                ..Default::default()
            })
            .exec_without_returning(txn)
            .await?;
        }
    }
    let indicators = card_indicator::Entity::find()
        .filter(card_indicator::Column::CardId.eq(card_id))
        .order_by_asc(card_indicator::Column::Position)
        .all(txn)
        .await?;
    for (indicator, actual) in indicators.iter().zip(&actuals.indicator_actuals) {
        if indicator.actual != *actual {
            card_indicator::Entity::update(card_indicator::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(indicator.id),
                actual: Set(*actual),
                ..Default::default()
            })
            .exec(txn)
            .await?;
        }
    }
    Ok(())
}

/// Approves or returns a submitted report; only the group's manager or the coordinator may.
pub async fn review(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (card_id, version): (i32, i32),
    action: &ReportAction,
) -> Result<ReportState> {
    let txn = store.write().await?;
    let (card, group) = card_in_round(&txn, tenant, card_id).await?;
    if !actor.may_review_card(&group) {
        return Err(Error::Forbidden);
    }
    let state = ReportState::from_code(&card.report_state);
    let next = state.apply(action).map_err(|e| match e {
        kpss_domain::evaluation::ReportError::ReasonRequired => {
            let mut errors = kpss_domain::FieldErrors::default();
            errors.add("reason", kpss_domain::FieldError::Required);
            Error::Invalid(errors)
        }
        kpss_domain::evaluation::ReportError::Forbidden(_) => Error::Conflict(Conflict::Transition),
    })?;
    let reason = match action {
        ReportAction::Return { reason } => Some(reason.trim().to_owned()),
        _ => None,
    };
    activity_card::Entity::update(activity_card::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(card_id),
        report_state: Set(next.code().to_owned()),
        return_reason: Set(reason.clone()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    })
    .validate()?
    .filter(activity_card::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("activity_card", card_id),
        next.code(),
        Some(&serde_json::json!({ "state": state.code() })),
        Some(&serde_json::json!({ "state": next.code(), "reason": reason })),
    )
    .await?;
    refresh_rollup(&txn, &[(card.action_plan_id, card.measure_id)]).await?;
    txn.commit().await?;
    Ok(next)
}
