//! Cards of an earlier year taken over into an open action plan of the same plan, all or
//! none: a card already taken over is never taken twice (the database's unique index says so
//! too), and a take-over that would repeat one is refused with the list of clashes.

use std::collections::{HashMap, HashSet};

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::action_plan::CardOwner;
use kpss_domain::action_plan::rollup::Sums;
use kpss_domain::action_plan::take_over::carry_over;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

use super::cards::{Card, card_owner_group, load_cards, load_cards_by_id};
use super::planning::{new_card_row, open_action_plan, plan_rows};
use super::{ActionPlan, from_model};
use crate::entity::{
    action_plan, activity_card, audit_log, card_cost, card_indicator, organisation, service,
};
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

/// The chosen cards may still be placed where they were, and the actor may plan each: their
/// measures are of the target's plan, their organisations and services still in the catalogue.
async fn check_placements(
    txn: &DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    cards: &[&Card],
) -> Result<()> {
    let mut groups: HashMap<i32, Option<(i32, String)>> = HashMap::new();
    for card in cards {
        let measure = card.placement.measure_id;
        if let std::collections::hash_map::Entry::Vacant(entry) = groups.entry(measure) {
            entry.insert(card_owner_group(txn, tenant, measure).await?);
        }
    }
    let organisations: HashSet<i32> = organisation::Entity::find()
        .filter(organisation::Column::TenantId.eq(tenant))
        .filter(organisation::Column::Id.is_in(cards.iter().map(|c| c.placement.organisation_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let services: HashMap<i32, i32> = service::Entity::find()
        .filter(service::Column::TenantId.eq(tenant))
        .filter(service::Column::Id.is_in(cards.iter().filter_map(|c| c.placement.service_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.organisation_id))
        .collect();
    for card in cards {
        let p = card.placement;
        let group = match groups.get(&p.measure_id) {
            Some(Some((plan, group))) if *plan == plan_id => group,
            _ => return Err(unknown("measure")),
        };
        if !organisations.contains(&p.organisation_id) {
            return Err(unknown("organisation"));
        }
        if let Some(service) = p.service_id
            && services.get(&service) != Some(&p.organisation_id)
        {
            return Err(unknown("service"));
        }
        let owner = CardOwner {
            organisation: p.organisation_id,
            group,
        };
        if !actor.may_edit_card(owner) {
            return Err(Error::Forbidden);
        }
    }
    Ok(())
}

/// A placement that no longer holds.
fn unknown(field: &str) -> Error {
    Error::field(field, FieldError::UnknownValue)
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
    // Only the chosen cards: the earlier years may hold 50 000 cards each.
    let sources = load_cards_by_id(&txn, tenant, cards).await?;
    let year_of = |action_plan: i32| earlier.iter().find(|a| a.id == action_plan).map(|a| a.year);
    let by_id: HashMap<i32, &Card> = sources.iter().map(|c| (c.id, c)).collect();
    let chosen: Vec<&Card> = cards
        .iter()
        .map(|id| {
            by_id
                .get(id)
                .copied()
                .filter(|c| year_of(c.action_plan_id).is_some())
                .ok_or(Error::NotFound)
        })
        .collect::<Result<_>>()?;
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
    check_placements(&txn, tenant, actor, target.plan_id, &chosen).await?;
    // One insert a card for its id; its costs, indicators and audit entries in bulk after.
    let mut created = Vec::with_capacity(chosen.len());
    let mut costs = Vec::new();
    let mut indicators = Vec::new();
    let mut audit = Vec::with_capacity(chosen.len());
    let now = crate::now();
    for card in &chosen {
        let from = year_of(card.action_plan_id).ok_or(Error::NotFound)?;
        let draft = carry_over(&card.draft, from, target.year);
        let p = card.placement;
        let id = activity_card::Entity::insert(new_card_row(
            tenant,
            target.id,
            p,
            &draft,
            Some(card.id),
        ))
        .exec(&txn)
        .await?
        .last_insert_id;
        // A new card has nothing reported yet.
        let (card_costs, card_indicators) = plan_rows(tenant, id, &draft, |_| None, |_| None);
        costs.extend(card_costs);
        indicators.extend(card_indicators);
        let logged = serde_json::json!({ "placement": p, "card": draft, "taken_from": card.id });
        audit.push(audit_log::ActiveModel {
            tenant_id: Set(tenant),
            account_id: Set(actor.account_id),
            at: Set(now),
            entity: Set("activity_card".to_owned()),
            entity_id: Set(id),
            action: Set("take_over".to_owned()),
            before: Set(None),
            after: Set(Some(logged.to_string())),
            ..Default::default()
        });
        created.push(id);
    }
    // Well under both engines' limit of bound values per statement.
    for chunk in costs.chunks(1_000) {
        card_cost::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in indicators.chunks(1_000) {
        card_indicator::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in audit.chunks(1_000) {
        audit_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    super::rollup::apply_change(&txn, &created, &Sums::default()).await?;
    txn.commit().await?;
    Ok(TakeOver::Done(created))
}
