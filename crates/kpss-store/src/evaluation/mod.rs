//! Evaluation rounds (eSRP): the coordinator opens a round for an action plan's year, providers
//! report on their cards, managers and the coordinator approve or return the reports.

use kpss_domain::account::Actor;
use kpss_domain::action_plan::ActionPlanState;
use kpss_domain::evaluation::RoundDraft;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use time::Date;

mod judgements;
mod reports;
mod writing;

pub use judgements::{
    MeasureJudgement, approve_judgements, judgements, review_judgement, save_judgement,
};
pub use reports::{approve_submitted, review, review_notifying, save_report, save_reports};
pub use writing::{
    Conclusion, GroupText, conclusion, group_texts, save_conclusion, save_group_text,
};

use crate::entity::{action_plan, evaluation_round};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// A report's stored state, refused when unknown (never read as an editable one).
pub(crate) fn report_state(code: &str) -> Result<kpss_domain::evaluation::ReportState> {
    crate::decode(
        "report state",
        code,
        kpss_domain::evaluation::ReportState::from_code,
    )
}

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
    open_round_notifying(store, tenant, actor, (action_plan_id, draft), &[]).await
}

/// Opens the round and queues `notices` (to those who report and judge) in the same
/// transaction.
pub async fn open_round_notifying(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (action_plan_id, draft): (i32, &RoundDraft),
    notices: &[kpss_domain::mail::MailDraft],
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
    // Raised in the database, not from the row read above: a concurrent reopening of planning
    // must find its version moved on and fail.
    action_plan::Entity::update_many()
        .col_expr(
            action_plan::Column::State,
            sea_orm::sea_query::Expr::value(ActionPlanState::Closed.code()),
        )
        .col_expr(
            action_plan::Column::Version,
            sea_orm::sea_query::ExprTrait::add(
                sea_orm::sea_query::Expr::col(action_plan::Column::Version),
                1,
            ),
        )
        .col_expr(
            action_plan::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(crate::now()),
        )
        .filter(action_plan::Column::Id.eq(plan.id))
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
    crate::mail::enqueue(&txn, tenant, notices).await?;
    txn.commit().await?;
    Ok(round)
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

/// A report an organisation still owes in an open round: no card of it in the action plan has
/// been submitted, or one was returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owing {
    pub tenant: i32,
    pub action_plan: i32,
    pub year: i32,
    pub deadline: time::Date,
    pub organisation: i32,
}

/// What every open round of every tenant still waits for, per organisation.
pub async fn owing(store: &Store) -> Result<Vec<Owing>> {
    use crate::entity::activity_card;
    use sea_orm::{QueryOrder, QuerySelect};
    let rounds = evaluation_round::Entity::find()
        .filter(evaluation_round::Column::Closed.eq(false))
        .all(store.db())
        .await?;
    let mut out = Vec::new();
    for round in rounds {
        let year = action_plan::Entity::find_by_id(round.action_plan_id)
            .one(store.db())
            .await?
            .map_or(0, |a| a.year);
        // The organisations only, once each: a round of 200 000 cards read whole took 800 MB.
        let organisations: Vec<i32> = activity_card::Entity::find()
            .select_only()
            .column(activity_card::Column::OrganisationId)
            .distinct()
            .filter(activity_card::Column::ActionPlanId.eq(round.action_plan_id))
            .filter(activity_card::Column::ReportState.is_in([
                kpss_domain::evaluation::ReportState::Missing.code(),
                kpss_domain::evaluation::ReportState::Returned.code(),
            ]))
            .order_by_asc(activity_card::Column::OrganisationId)
            .into_tuple()
            .all(store.db())
            .await?;
        out.extend(organisations.into_iter().map(|organisation| Owing {
            tenant: round.tenant_id,
            action_plan: round.action_plan_id,
            year,
            deadline: round.deadline,
            organisation,
        }));
    }
    Ok(out)
}
