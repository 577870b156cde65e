//! Activity cards: planned by providers, managers and the coordinator while the action plan is
//! open; their evaluation lives in `crate::evaluation`.

use std::collections::HashMap;

use kpss_domain::action_plan::{CardDraft, IndicatorDraft};
use kpss_domain::evaluation::{CardFigures, CardStatus, Cost, ReportState};
use kpss_domain::event::{IndicatorFeed, Tally};
use kpss_domain::quantity::Quantity;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::entity::{activity_card, card_cost, card_indicator, plan_goal, plan_measure, plan_part};
use crate::tenant::Scope;
use crate::{Error, Result, Store};

/// What a card belongs to: a measure of the plan, a provider, and a catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CardPlacement {
    pub measure_id: i32,
    pub organisation_id: i32,
    /// The service or related activity from the catalogue; `None` for a planned new one.
    pub service_id: Option<i32>,
}

/// What the provider reported on a card, and where the report stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardReport {
    pub state: ReportState,
    pub status: Option<CardStatus>,
    pub actual_clients: Option<i64>,
    pub actual_capacity: Option<i64>,
    pub comment: Option<String>,
    /// Why the manager returned the report.
    pub return_reason: Option<String>,
    /// (funding source code, actual amount) for sources with an actual amount.
    pub actual_costs: Vec<(String, i64)>,
    /// The actual value of each indicator, in the card's order.
    pub indicator_actuals: Vec<Option<Quantity>>,
    #[serde(skip)]
    pub submitted_at: Option<OffsetDateTime>,
}

impl CardReport {
    /// The report as the public may see it before approval: where it stands, nothing more.
    #[must_use]
    pub fn state_only(&self) -> Self {
        Self {
            state: self.state,
            status: None,
            actual_clients: None,
            actual_capacity: None,
            comment: None,
            return_reason: None,
            actual_costs: Vec::new(),
            indicator_actuals: vec![None; self.indicator_actuals.len()],
            submitted_at: None,
        }
    }
}

/// An activity card with its plan and its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    pub id: i32,
    pub tenant_id: i32,
    pub action_plan_id: i32,
    pub placement: CardPlacement,
    pub draft: CardDraft,
    pub report: CardReport,
    pub version: i32,
}

impl Card {
    /// The figures reports add up, for the action plan's `year`.
    #[must_use]
    pub fn figures(&self, year: i32) -> CardFigures {
        let mut costs: Vec<Cost> = self
            .draft
            .costs
            .iter()
            .map(|(source, planned)| Cost {
                source: source.clone(),
                year,
                planned: *planned,
                actual: self
                    .report
                    .actual_costs
                    .iter()
                    .find(|(s, _)| s == source)
                    .map(|(_, a)| *a),
            })
            .collect();
        for (source, actual) in &self.report.actual_costs {
            if !self.draft.costs.iter().any(|(s, _)| s == source) {
                costs.push(Cost {
                    source: source.clone(),
                    year,
                    planned: 0,
                    actual: Some(*actual),
                });
            }
        }
        CardFigures {
            year,
            status: self.report.status,
            planned_clients: self.draft.planned_clients,
            actual_clients: self.report.actual_clients,
            costs,
        }
    }
}

/// A card from its row, its own costs and indicators in their order, and what its project's
/// events gave: a fed indicator's actual value is that count.
fn assemble(
    m: activity_card::Model,
    costs: &[&card_cost::Model],
    indicators: &[&card_indicator::Model],
    tally: Tally,
) -> Result<Card> {
    let feeds: Vec<Option<IndicatorFeed>> = indicators
        .iter()
        .map(|i| {
            i.feed
                .as_deref()
                .map(|f| crate::decode("indicator feed", f, IndicatorFeed::parse))
                .transpose()
        })
        .collect::<Result<_>>()?;
    Ok(Card {
        id: m.id,
        tenant_id: m.tenant_id,
        action_plan_id: m.action_plan_id,
        placement: CardPlacement {
            measure_id: m.measure_id,
            organisation_id: m.organisation_id,
            service_id: m.service_id,
        },
        draft: CardDraft {
            title: m.title,
            description: m.description,
            new_activity: m.new_activity,
            period: m.period,
            planned_capacity: m.planned_capacity,
            planned_clients: m.planned_clients,
            responsible_person: m.responsible_person,
            costs: costs
                .iter()
                .filter(|c| c.planned > 0 || c.actual.is_none())
                .map(|c| (c.source.clone(), c.planned))
                .collect(),
            indicators: indicators
                .iter()
                .zip(&feeds)
                .map(|(i, feed)| IndicatorDraft {
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    target: Quantity::from_hundredths(i.target),
                    feed: *feed,
                })
                .collect(),
        },
        report: CardReport {
            state: crate::evaluation::report_state(&m.report_state)?,
            status: m
                .status
                .as_deref()
                .map(|s| crate::decode("card status", s, |c| CardStatus::parse(c).ok()))
                .transpose()?,
            actual_clients: m.actual_clients,
            actual_capacity: m.actual_capacity,
            comment: m.comment,
            return_reason: m.return_reason,
            actual_costs: costs
                .iter()
                .filter_map(|c| c.actual.map(|a| (c.source.clone(), a)))
                .collect(),
            indicator_actuals: indicators
                .iter()
                .zip(&feeds)
                .map(|(i, feed)| match feed {
                    Some(feed) => Some(feed.value(tally)),
                    None => i.actual.map(Quantity::from_hundredths),
                })
                .collect(),
            submitted_at: m.submitted_at,
        },
        version: m.version,
    })
}

/// The cards of these action plans with their costs and indicators, in three queries.
pub async fn load_cards<C: ConnectionTrait>(
    c: &C,
    tenants: &[i32],
    action_plans: &[i32],
) -> Result<Vec<Card>> {
    let of_plans = activity_card::Column::ActionPlanId.is_in(action_plans.iter().copied());
    load_where(c, tenants, of_plans).await
}

/// These cards of a tenant, in the order of their ids.
pub(crate) async fn load_cards_by_id<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    ids: &[i32],
) -> Result<Vec<Card>> {
    load_where(
        c,
        &[tenant],
        activity_card::Column::Id.is_in(ids.iter().copied()),
    )
    .await
}

/// The cards of these tenants that meet `condition`, with their costs and indicators.
async fn load_where<C: ConnectionTrait>(
    c: &C,
    tenants: &[i32],
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<Card>> {
    let models = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.is_in(tenants.iter().copied()))
        .filter(condition.clone())
        .order_by_asc(activity_card::Column::Id)
        .all(c)
        .await?;
    let ids = || {
        activity_card::Entity::find()
            .select_only()
            .column(activity_card::Column::Id)
            .filter(activity_card::Column::TenantId.is_in(tenants.iter().copied()))
            .filter(condition.clone())
            .into_query()
    };
    let costs = card_cost::Entity::find()
        .filter(card_cost::Column::CardId.in_subquery(ids()))
        .order_by_asc(card_cost::Column::Id)
        .all(c)
        .await?;
    let indicators = card_indicator::Entity::find()
        .filter(card_indicator::Column::CardId.in_subquery(ids()))
        .order_by_asc(card_indicator::Column::Position)
        .all(c)
        .await?;
    let tallies = if indicators.iter().any(|i| i.feed.is_some()) {
        crate::event::card_tallies(c, ids()).await?
    } else {
        HashMap::new()
    };
    // Grouped once: filtering all costs for every card is quadratic in an action plan's cards.
    let mut costs_of: HashMap<i32, Vec<&card_cost::Model>> = HashMap::new();
    for cost in &costs {
        costs_of.entry(cost.card_id).or_default().push(cost);
    }
    let mut indicators_of: HashMap<i32, Vec<&card_indicator::Model>> = HashMap::new();
    for indicator in &indicators {
        indicators_of
            .entry(indicator.card_id)
            .or_default()
            .push(indicator);
    }
    models
        .into_iter()
        .map(|m| {
            let costs = costs_of.get(&m.id).map_or(&[][..], Vec::as_slice);
            let indicators = indicators_of.get(&m.id).map_or(&[][..], Vec::as_slice);
            let tally = tallies.get(&m.id).copied().unwrap_or_default();
            assemble(m, costs, indicators, tally)
        })
        .collect()
}

/// The cards of an action plan.
pub async fn cards(
    store: &Store,
    scope: impl Into<Scope>,
    action_plan_id: i32,
) -> Result<Vec<Card>> {
    load_cards(store.db(), scope.into().tenants(), &[action_plan_id]).await
}

/// One card.
pub async fn card(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<Card> {
    let scope = scope.into();
    let model = card_model(store.db(), &scope, id).await?;
    let costs = card_cost::Entity::find()
        .filter(card_cost::Column::CardId.eq(id))
        .order_by_asc(card_cost::Column::Id)
        .all(store.db())
        .await?;
    let indicators = card_indicator::Entity::find()
        .filter(card_indicator::Column::CardId.eq(id))
        .order_by_asc(card_indicator::Column::Position)
        .all(store.db())
        .await?;
    let tally = if indicators.iter().any(|i| i.feed.is_some()) {
        let this = activity_card::Entity::find()
            .select_only()
            .column(activity_card::Column::Id)
            .filter(activity_card::Column::Id.eq(id))
            .into_query();
        crate::event::card_tallies(store.db(), this)
            .await?
            .remove(&id)
            .unwrap_or_default()
    } else {
        Tally::default()
    };
    let costs: Vec<&card_cost::Model> = costs.iter().collect();
    let indicators: Vec<&card_indicator::Model> = indicators.iter().collect();
    assemble(model, &costs, &indicators, tally)
}

pub(crate) async fn card_model<C: ConnectionTrait>(
    c: &C,
    scope: &Scope,
    id: i32,
) -> Result<activity_card::Model> {
    activity_card::Entity::find_by_id(id)
        .filter(activity_card::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
}

/// The plan a measure belongs to and the code of its part's working group.
pub(crate) async fn card_owner_group<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    measure_id: i32,
) -> Result<Option<(i32, String)>> {
    let Some(measure) = plan_measure::Entity::find_by_id(measure_id)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let goal = plan_goal::Entity::find_by_id(measure.goal_id)
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let part = plan_part::Entity::find_by_id(goal.part_id)
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Some((
        measure.plan_id,
        crate::work_group::group_of_part(c, &part).await?,
    )))
}
