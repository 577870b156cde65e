//! Reports on cards within an open round: the provider saves and submits, the group's manager
//! or the coordinator approves or returns.

use kpss_domain::account::Actor;
use kpss_domain::action_plan::CardOwner;
use kpss_domain::evaluation::{Actuals, ReportAction, ReportState};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};

use crate::action_plan::rollup;
use crate::action_plan::{card_model, card_owner_group};
use crate::entity::{activity_card, card_cost, card_indicator, evaluation_round};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

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
    let mut approved = Vec::new();
    for card in &submitted {
        let (_, group) = card_in_round(&txn, tenant, card.id).await?;
        if actor.may_review_card(&group) {
            approved.push(card);
        }
    }
    let ids: Vec<i32> = approved.iter().map(|c| c.id).collect();
    let sums = rollup::sums_of(&txn, &ids).await?;
    for card in approved {
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
    }
    rollup::apply_change(&txn, &ids, &sums).await?;
    txn.commit().await?;
    Ok(ids.len())
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
    let sums = rollup::sums_of(&txn, &[card_id]).await?;
    write_report(
        &txn,
        tenant,
        actor,
        (card_id, Some(version)),
        actuals,
        submit,
    )
    .await?;
    rollup::apply_change(&txn, &[card_id], &sums).await?;
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
    let ids: Vec<i32> = reports.iter().map(|(id, _)| *id).collect();
    let sums = rollup::sums_of(&txn, &ids).await?;
    for (card_id, actuals) in reports {
        write_report(&txn, tenant, actor, (*card_id, None), actuals, submit).await?;
    }
    rollup::apply_change(&txn, &ids, &sums).await?;
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
) -> Result<()> {
    let (card, group) = card_in_round(txn, tenant, card_id).await?;
    let version = version.unwrap_or(card.version);
    let owner = CardOwner {
        organisation: card.organisation_id,
        group: &group,
    };
    if !actor.may_edit_card(owner) {
        return Err(Error::Forbidden);
    }
    let state = super::report_state(&card.report_state)?;
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
    Ok(())
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
        // A fed indicator's value is counted from the project's events whenever it is read.
        let actual = actual
            .filter(|_| indicator.feed.is_none())
            .map(kpss_domain::quantity::Quantity::hundredths);
        if indicator.actual != actual {
            card_indicator::Entity::update(card_indicator::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(indicator.id),
                actual: Set(actual),
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
    key: (i32, i32),
    action: &ReportAction,
) -> Result<ReportState> {
    review_notifying(store, tenant, actor, (key, action), &[]).await
}

/// Reviews a report and queues `notices` (the provider's, of a return) in the same
/// transaction.
pub async fn review_notifying(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    ((card_id, version), action): ((i32, i32), &ReportAction),
    notices: &[kpss_domain::mail::MailDraft],
) -> Result<ReportState> {
    let txn = store.write().await?;
    let sums = rollup::sums_of(&txn, &[card_id]).await?;
    let (card, group) = card_in_round(&txn, tenant, card_id).await?;
    if !actor.may_review_card(&group) {
        return Err(Error::Forbidden);
    }
    let state = super::report_state(&card.report_state)?;
    let next = state.apply(action).map_err(|e| match e {
        kpss_domain::evaluation::ReportError::ReasonRequired => {
            Error::field("reason", kpss_domain::FieldError::Required)
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
    rollup::apply_change(&txn, &[card_id], &sums).await?;
    crate::mail::enqueue(&txn, tenant, notices).await?;
    txn.commit().await?;
    Ok(next)
}
