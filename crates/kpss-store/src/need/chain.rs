//! From a need to what answers it: the measures of the goals and measures it is linked to, the
//! activity cards of those measures with their money and clients; and back, the needs a goal
//! or measure answers.

use std::collections::HashMap;

use kpss_domain::consultation::Section;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Need, with_links};
use crate::entity::{action_plan, activity_card, need, need_link, organisation, plan_measure};
use crate::{Result, Store};

/// An activity card answering a need through its measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweringCard {
    pub id: i32,
    pub title: String,
    pub year: i32,
    pub measure: i32,
    pub organisation: String,
    /// Kč.
    pub planned_cost: i64,
    pub actual_cost: Option<i64>,
    pub planned_clients: Option<i64>,
    pub actual_clients: Option<i64>,
}

/// The measures a need's links reach: those linked, and those of the linked goals.
async fn measures_of(store: &Store, tenant: i32, links: &[Section]) -> Result<Vec<i32>> {
    let mut measures: Vec<i32> = links
        .iter()
        .filter_map(|l| match l {
            Section::Measure(id) => Some(*id),
            _ => None,
        })
        .collect();
    let goals: Vec<i32> = links
        .iter()
        .filter_map(|l| match l {
            Section::Goal(id) => Some(*id),
            _ => None,
        })
        .collect();
    if !goals.is_empty() {
        measures.extend(
            plan_measure::Entity::find()
                .filter(plan_measure::Column::TenantId.eq(tenant))
                .filter(plan_measure::Column::GoalId.is_in(goals))
                .all(store.db())
                .await?
                .iter()
                .map(|m| m.id),
        );
    }
    measures.sort_unstable();
    measures.dedup();
    Ok(measures)
}

/// The activity cards of the measures that answer the need, by year and title.
pub async fn cards_answering(
    store: &Store,
    tenant: i32,
    need: &Need,
) -> Result<Vec<AnsweringCard>> {
    let measures = measures_of(store, tenant, &need.links).await?;
    if measures.is_empty() {
        return Ok(Vec::new());
    }
    let cards = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.eq(tenant))
        .filter(activity_card::Column::MeasureId.is_in(measures))
        .order_by_asc(activity_card::Column::Id)
        .all(store.db())
        .await?;
    let plan_ids: Vec<i32> = cards.iter().map(|c| c.action_plan_id).collect();
    let years: HashMap<i32, i32> = action_plan::Entity::find()
        .filter(action_plan::Column::Id.is_in(plan_ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|a| (a.id, a.year))
        .collect();
    let org_ids: Vec<i32> = cards.iter().map(|c| c.organisation_id).collect();
    let names: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut out: Vec<AnsweringCard> = cards
        .into_iter()
        .map(|c| AnsweringCard {
            id: c.id,
            year: years.get(&c.action_plan_id).copied().unwrap_or_default(),
            measure: c.measure_id,
            organisation: names.get(&c.organisation_id).cloned().unwrap_or_default(),
            title: c.title,
            planned_cost: c.planned_cost,
            actual_cost: c.actual_cost,
            planned_clients: c.planned_clients,
            actual_clients: c.actual_clients,
        })
        .collect();
    out.sort_by(|a, b| (a.year, &a.title).cmp(&(b.year, &b.title)));
    Ok(out)
}

/// The needs a goal or measure answers, directly or (for a measure) through its goal.
pub async fn linked_to(store: &Store, tenant: i32, items: &[Section]) -> Result<Vec<Need>> {
    let (mut goals, mut measures) = (Vec::new(), Vec::new());
    for item in items {
        match item {
            Section::Goal(id) => goals.push(*id),
            Section::Measure(id) => measures.push(*id),
            _ => {}
        }
    }
    let links = need_link::Entity::find()
        .filter(
            need_link::Column::GoalId
                .is_in(goals)
                .or(need_link::Column::MeasureId.is_in(measures)),
        )
        .all(store.db())
        .await?;
    let ids: Vec<i32> = links.iter().map(|l| l.need_id).collect();
    let models = need::Entity::find()
        .filter(need::Column::TenantId.eq(tenant))
        .filter(need::Column::Id.is_in(ids))
        .order_by_asc(need::Column::Id)
        .all(store.db())
        .await?;
    with_links(store.db(), models).await
}
