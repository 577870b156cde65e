//! Cards of an earlier year taken over into an open action plan of the same plan, all or
//! none: a card already taken over is never taken twice (the database's unique index says so
//! too), and a take-over that would repeat one is refused with the list of clashes.

use std::collections::HashSet;

use kpss_domain::account::Actor;
use kpss_domain::action_plan::rollup::Sums;
use kpss_domain::action_plan::take_over::carry_over;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::cards::{Card, load_cards};
use super::planning::{insert_card, open_action_plan};
use super::{ActionPlan, from_model};
use crate::entity::{action_plan, activity_card};
use crate::{Error, Result, Store};

/// A card asked for that the action plan already holds a copy of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub source: i32,
    pub title: String,
}

/// How a take-over ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeOver {
    /// The new cards, in the order asked.
    Done(Vec<i32>),
    /// Nothing was stored: these cards are there already.
    Clashes(Vec<Clash>),
}

/// The latest earlier action plan of the same plan, its cards, and which of them `into`
/// holds a copy of already.
pub async fn candidates(
    store: &Store,
    tenant: i32,
    into: &ActionPlan,
) -> Result<Option<(ActionPlan, Vec<Card>, HashSet<i32>)>> {
    let Some(source) = action_plan::Entity::find()
        .filter(action_plan::Column::TenantId.eq(tenant))
        .filter(action_plan::Column::PlanId.eq(into.plan_id))
        .filter(action_plan::Column::Year.lt(into.year))
        .order_by_desc(action_plan::Column::Year)
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    let source = from_model(source)?;
    let cards = load_cards(store.db(), &[tenant], &[source.id]).await?;
    let taken = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.eq(tenant))
        .filter(activity_card::Column::ActionPlanId.eq(into.id))
        .filter(activity_card::Column::TakenFrom.is_not_null())
        .all(store.db())
        .await?
        .into_iter()
        .filter_map(|c| c.taken_from)
        .collect();
    Ok(Some((source, cards, taken)))
}

/// Copies `cards` (of earlier action plans of the same plan) into the open action plan
/// `into`, the year they name moved on; each must be one the actor may plan.
pub async fn take_over(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    into: i32,
    cards: &[i32],
) -> Result<TakeOver> {
    let txn = store.write().await?;
    let target = open_action_plan(&txn, tenant, into).await?;
    let earlier: Vec<action_plan::Model> = action_plan::Entity::find()
        .filter(action_plan::Column::TenantId.eq(tenant))
        .filter(action_plan::Column::PlanId.eq(target.plan_id))
        .filter(action_plan::Column::Year.lt(target.year))
        .all(&txn)
        .await?;
    let ids: Vec<i32> = earlier.iter().map(|a| a.id).collect();
    let sources = load_cards(&txn, &[tenant], &ids).await?;
    let year_of = |action_plan: i32| earlier.iter().find(|a| a.id == action_plan).map(|a| a.year);
    let mut chosen: Vec<&Card> = Vec::with_capacity(cards.len());
    for id in cards {
        chosen.push(
            sources
                .iter()
                .find(|c| c.id == *id)
                .ok_or(Error::NotFound)?,
        );
    }
    let already: HashSet<i32> = activity_card::Entity::find()
        .filter(activity_card::Column::TenantId.eq(tenant))
        .filter(activity_card::Column::ActionPlanId.eq(target.id))
        .filter(activity_card::Column::TakenFrom.is_in(cards.iter().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|c| c.taken_from)
        .collect();
    if !already.is_empty() {
        return Ok(TakeOver::Clashes(
            chosen
                .iter()
                .filter(|c| already.contains(&c.id))
                .map(|c| Clash {
                    source: c.id,
                    title: c.draft.title.clone(),
                })
                .collect(),
        ));
    }
    let mut created = Vec::with_capacity(chosen.len());
    for card in chosen {
        let from = year_of(card.action_plan_id).ok_or(Error::NotFound)?;
        let draft = carry_over(&card.draft, from, target.year);
        let placement = (card.placement, Some(card.id));
        created.push(insert_card(&txn, tenant, actor, &target, placement, &draft).await?);
    }
    super::rollup::apply_change(&txn, &created, &Sums::default()).await?;
    txn.commit().await?;
    Ok(TakeOver::Done(created))
}
