//! What kpss publishes as open data: the adopted plans (approved or archived, never a draft
//! or one in consultation), the action plans of those plans with their cards, and each
//! card's costs by funding source. Evaluation figures go out only once the action plan's
//! round is closed, as the public evaluation report shows them.

use futures_util::{Stream, StreamExt};
use kpss_domain::account::Actor;
use kpss_domain::catalogue::Ico;
use kpss_domain::open_data::{Publisher, Ruian};
use kpss_domain::plan::PlanStatus;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter};

use crate::action_plan::ActionPlan;
use crate::entity::{activity_card, card_cost, evaluation_round, open_data_publisher};
use crate::plan::Plan;
use crate::{Error, Result, Store};

/// An action plan of an adopted plan, and whether its evaluation is closed (published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicActionPlan {
    pub action_plan: ActionPlan,
    pub evaluated: bool,
}

/// Whether a plan in this state is published as open data.
#[must_use]
pub fn adopted(status: PlanStatus) -> bool {
    matches!(status, PlanStatus::Approved | PlanStatus::Archived)
}

/// The tenant's adopted plans, newest period first.
pub async fn adopted_plans(store: &Store, tenant: i32) -> Result<Vec<Plan>> {
    Ok(crate::plan::plans(store, tenant, false)
        .await?
        .into_iter()
        .filter(|p| adopted(p.status))
        .collect())
}

/// The action plans of the tenant's adopted plans, by year, each with whether its evaluation
/// round is closed.
pub async fn action_plans(store: &Store, tenant: i32) -> Result<Vec<PublicActionPlan>> {
    let closed: Vec<i32> = evaluation_round::Entity::find()
        .filter(evaluation_round::Column::TenantId.eq(tenant))
        .filter(evaluation_round::Column::Closed.eq(true))
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| r.action_plan_id)
        .collect();
    let mut out = Vec::new();
    for plan in adopted_plans(store, tenant).await? {
        for ap in crate::action_plan::action_plans(store, tenant, plan.id).await? {
            out.push(PublicActionPlan {
                evaluated: closed.contains(&ap.id),
                action_plan: ap,
            });
        }
    }
    out.sort_by_key(|p| (p.action_plan.year, p.action_plan.id));
    Ok(out)
}

/// A card's cost from one funding source.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CardCost {
    pub card_id: i32,
    /// The funding source's code.
    pub source: String,
    pub planned: i64,
    pub actual: Option<i64>,
}

/// The costs by source of every card of one action plan, by card and source, as the
/// database sends them: an export of any size holds a few rows, not the list.
pub async fn stream_card_costs(
    store: &Store,
    tenant: i32,
    action_plan: i32,
) -> Result<impl Stream<Item = Result<CardCost>> + Send + '_> {
    let mut query = Query::select();
    query
        .columns(
            [
                card_cost::Column::CardId,
                card_cost::Column::Source,
                card_cost::Column::Planned,
                card_cost::Column::Actual,
            ]
            .map(|c| (card_cost::Entity, c)),
        )
        .from(card_cost::Entity)
        .inner_join(
            activity_card::Entity,
            Expr::col((activity_card::Entity, activity_card::Column::Id))
                .equals((card_cost::Entity, card_cost::Column::CardId)),
        )
        .and_where(Expr::col((card_cost::Entity, card_cost::Column::TenantId)).eq(tenant))
        .and_where(
            Expr::col((activity_card::Entity, activity_card::Column::ActionPlanId)).eq(action_plan),
        )
        .order_by((card_cost::Entity, card_cost::Column::CardId), Order::Asc)
        .order_by((card_cost::Entity, card_cost::Column::Source), Order::Asc);
    let stmt = store.db().get_database_backend().build(&query);
    let rows = CardCost::find_by_statement(stmt).stream(store.db()).await?;
    Ok(rows.map(|row| row.map_err(Into::into)))
}

/// The tenant's publisher of open data, once the coordinator set it.
pub async fn publisher(store: &Store, tenant: i32) -> Result<Option<Publisher>> {
    let Some(m) = open_data_publisher::Entity::find_by_id(tenant)
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Publisher {
        ico: crate::decode("publisher IČO", &m.ico, |i| Ico::parse(i).ok())?,
        ruian: crate::decode("publisher RÚIAN code", &m.ruian, |r| {
            let (kind, code) = r.split_once(':')?;
            let parsed = Ruian::parse(code).ok()?;
            (kind == ruian_kind(parsed)).then_some(parsed)
        })?,
        email: m.email,
    }))
}

fn ruian_kind(r: Ruian) -> &'static str {
    match r {
        Ruian::Municipality(_) => "obec",
        Ruian::Region(_) => "vusc",
    }
}

/// Sets the tenant's publisher of open data; the coordinator only. Audited.
pub async fn save_publisher(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    publisher: &Publisher,
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = open_data_publisher::Entity::find_by_id(tenant)
        .one(&txn)
        .await?
        .map(|m| (m.ico, m.ruian, m.email));
    let ruian = format!("{}:{}", ruian_kind(publisher.ruian), publisher.ruian.code());
    open_data_publisher::Entity::insert(open_data_publisher::ActiveModel {
        tenant_id: Set(tenant),
        ico: Set(publisher.ico.as_str().to_owned()),
        ruian: Set(ruian.clone()),
        email: Set(publisher.email.clone()),
        updated_at: Set(crate::now()),
    })
    .on_conflict(
        OnConflict::column(open_data_publisher::Column::TenantId)
            .update_columns([
                open_data_publisher::Column::Ico,
                open_data_publisher::Column::Ruian,
                open_data_publisher::Column::Email,
                open_data_publisher::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("open_data_publisher", tenant),
        if before.is_some() { "update" } else { "create" },
        before.as_ref(),
        Some(&(publisher.ico.as_str(), ruian, &publisher.email)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
