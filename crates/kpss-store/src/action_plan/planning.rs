//! Planning cards while the action plan is open: adding (one or a whole import), changing
//! and removing them, always where the actor may plan.

use kpss_domain::account::Actor;
use kpss_domain::action_plan::rollup::Sums;
use kpss_domain::action_plan::{ActionPlanState, CardDraft, CardOwner};
use kpss_domain::evaluation::ReportState;
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};

use super::cards::{CardPlacement, card_model, card_owner_group};
use crate::entity::{action_plan, activity_card, card_cost, card_indicator, organisation, service};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// Checks where a card is to be placed, and that the actor may plan there; gives the group.
async fn check_placement(
    txn: &DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    plan: &action_plan::Model,
    placement: CardPlacement,
) -> Result<String> {
    let mut errors = FieldErrors::default();
    let group = match card_owner_group(txn, tenant, placement.measure_id).await? {
        Some((plan_id, group)) if plan_id == plan.plan_id => Some(group),
        _ => {
            errors.add("measure", FieldError::UnknownValue);
            None
        }
    };
    let organisation = organisation::Entity::find_by_id(placement.organisation_id)
        .filter(organisation::Column::TenantId.eq(tenant))
        .one(txn)
        .await?;
    if organisation.is_none() {
        errors.add("organisation", FieldError::UnknownValue);
    }
    if let Some(service_id) = placement.service_id {
        let service = service::Entity::find_by_id(service_id)
            .filter(service::Column::TenantId.eq(tenant))
            .one(txn)
            .await?;
        if service.is_none_or(|s| s.organisation_id != placement.organisation_id) {
            errors.add("service", FieldError::UnknownValue);
        }
    }
    let group = match group {
        Some(group) if errors.is_empty() => group,
        _ => return Err(Error::Invalid(errors)),
    };
    let owner = CardOwner {
        organisation: placement.organisation_id,
        group: &group,
    };
    if !actor.may_edit_card(owner) {
        return Err(Error::Forbidden);
    }
    Ok(group)
}

pub(super) async fn open_action_plan(
    txn: &DatabaseTransaction,
    tenant: i32,
    id: i32,
) -> Result<action_plan::Model> {
    let plan = super::find(txn, &Scope::one(tenant), id).await?;
    if super::state_of(&plan.state)? == ActionPlanState::Open {
        Ok(plan)
    } else {
        Err(Error::Conflict(Conflict::NotEditable))
    }
}

/// Replaces a card's planned costs and indicators, keeping any actual values already reported.
async fn write_plan_rows(
    txn: &DatabaseTransaction,
    tenant: i32,
    card_id: i32,
    draft: &CardDraft,
) -> Result<()> {
    let old_costs = card_cost::Entity::find()
        .filter(card_cost::Column::CardId.eq(card_id))
        .all(txn)
        .await?;
    let old_indicators = card_indicator::Entity::find()
        .filter(card_indicator::Column::CardId.eq(card_id))
        .order_by_asc(card_indicator::Column::Position)
        .all(txn)
        .await?;
    card_cost::Entity::delete_many()
        .filter(card_cost::Column::CardId.eq(card_id))
        .exec(txn)
        .await?;
    card_indicator::Entity::delete_many()
        .filter(card_indicator::Column::CardId.eq(card_id))
        .exec(txn)
        .await?;
    let (costs, indicators) = plan_rows(
        tenant,
        card_id,
        draft,
        |source| {
            old_costs
                .iter()
                .find(|c| c.source == source)
                .and_then(|c| c.actual)
        },
        |i| old_indicators.get(i).and_then(|o| o.actual),
    );
    if !costs.is_empty() {
        card_cost::Entity::insert_many(costs)
            .exec_without_returning(txn)
            .await?;
    }
    if !indicators.is_empty() {
        card_indicator::Entity::insert_many(indicators)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// A card's planned cost and indicator rows, with the actual values already reported for a
/// source (`actual_cost`) or an indicator's position (`actual_indicator`).
pub(super) fn plan_rows(
    tenant: i32,
    card_id: i32,
    draft: &CardDraft,
    actual_cost: impl Fn(&str) -> Option<i64>,
    actual_indicator: impl Fn(usize) -> Option<i64>,
) -> (
    Vec<card_cost::ActiveModel>,
    Vec<card_indicator::ActiveModel>,
) {
    let costs = draft
        .costs
        .iter()
        .map(|(source, planned)| card_cost::ActiveModel {
            tenant_id: Set(tenant),
            card_id: Set(card_id),
            source: Set(source.clone()),
            planned: Set(*planned),
            actual: Set(actual_cost(source)),
            ..Default::default()
        })
        .collect();
    let indicators = draft
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| card_indicator::ActiveModel {
            tenant_id: Set(tenant),
            card_id: Set(card_id),
            position: Set(crate::plan::position(i)),
            name: Set(ind.name.clone()),
            unit: Set(ind.unit.clone()),
            target: Set(ind.target.hundredths()),
            actual: Set(actual_indicator(i)),
            feed: Set(ind.feed.map(|f| f.code().to_owned())),
            ..Default::default()
        })
        .collect();
    (costs, indicators)
}

/// A new card's row: placed, planned, nothing reported yet; `taken_from` the card of an
/// earlier year it copies.
pub(super) fn new_card_row(
    tenant: i32,
    action_plan_id: i32,
    placement: CardPlacement,
    draft: &CardDraft,
    taken_from: Option<i32>,
) -> activity_card::ActiveModel {
    activity_card::ActiveModel {
        tenant_id: Set(tenant),
        action_plan_id: Set(action_plan_id),
        measure_id: Set(placement.measure_id),
        organisation_id: Set(placement.organisation_id),
        service_id: Set(placement.service_id),
        new_activity: Set(draft.new_activity.clone()),
        title: Set(draft.title.clone()),
        description: Set(draft.description.clone()),
        period: Set(draft.period.clone()),
        planned_capacity: Set(draft.planned_capacity),
        planned_clients: Set(draft.planned_clients),
        responsible_person: Set(draft.responsible_person.clone()),
        report_state: Set(ReportState::Missing.code().to_owned()),
        version: Set(1),
        updated_at: Set(crate::now()),
        taken_from: Set(taken_from),
        ..Default::default()
    }
}

/// Adds a card to an open action plan.
pub async fn create_card(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
    placement: CardPlacement,
    draft: &CardDraft,
) -> Result<i32> {
    let ids = create_cards(
        store,
        tenant,
        actor,
        action_plan_id,
        &[(placement, draft.clone())],
    )
    .await?;
    ids.into_iter().next().ok_or(Error::NotFound)
}

/// Adds cards to an open action plan, all or none (a spreadsheet import).
pub async fn create_cards(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    action_plan_id: i32,
    cards: &[(CardPlacement, CardDraft)],
) -> Result<Vec<i32>> {
    let txn = store.write().await?;
    let plan = open_action_plan(&txn, tenant, action_plan_id).await?;
    let mut ids = Vec::with_capacity(cards.len());
    for (placement, draft) in cards {
        ids.push(insert_card(&txn, tenant, actor, &plan, *placement, draft).await?);
    }
    super::rollup::apply_change(&txn, &ids, &Sums::default()).await?;
    txn.commit().await?;
    Ok(ids)
}

async fn insert_card(
    txn: &DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    plan: &action_plan::Model,
    placement: CardPlacement,
    draft: &CardDraft,
) -> Result<i32> {
    check_placement(txn, tenant, actor, plan, placement).await?;
    let created =
        activity_card::Entity::insert(new_card_row(tenant, plan.id, placement, draft, None))
            .exec_with_returning(txn)
            .await?;
    write_plan_rows(txn, tenant, created.id, draft).await?;
    let logged = serde_json::json!({ "placement": placement, "card": draft });
    audit::record(
        txn,
        tenant,
        actor.account_id,
        ("activity_card", created.id),
        "create",
        None::<&()>,
        Some(&logged),
    )
    .await?;
    Ok(created.id)
}

/// Changes a card of an open action plan, if nobody changed it since `version` was read.
/// The actor must be allowed both where the card was and where it goes.
pub async fn update_card(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    placement: CardPlacement,
    draft: &CardDraft,
) -> Result<()> {
    let txn = store.write().await?;
    let sums = super::rollup::sums_of(&txn, &[id]).await?;
    let before = card_model(&txn, &Scope::one(tenant), id).await?;
    let plan = open_action_plan(&txn, tenant, before.action_plan_id).await?;
    let old_placement = CardPlacement {
        measure_id: before.measure_id,
        organisation_id: before.organisation_id,
        service_id: before.service_id,
    };
    check_placement(&txn, tenant, actor, &plan, old_placement).await?;
    check_placement(&txn, tenant, actor, &plan, placement).await?;
    activity_card::Entity::update(activity_card::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        measure_id: Set(placement.measure_id),
        organisation_id: Set(placement.organisation_id),
        service_id: Set(placement.service_id),
        new_activity: Set(draft.new_activity.clone()),
        title: Set(draft.title.clone()),
        description: Set(draft.description.clone()),
        period: Set(draft.period.clone()),
        planned_capacity: Set(draft.planned_capacity),
        planned_clients: Set(draft.planned_clients),
        responsible_person: Set(draft.responsible_person.clone()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
        ..Default::default()
    })
    .validate()?
    .filter(activity_card::Column::Version.eq(version))
    .exec(&txn)
    .await
    .map_err(|e| crate::stale_or(e.into()))?;
    write_plan_rows(&txn, tenant, id, draft).await?;
    if placement.measure_id != before.measure_id {
        crate::event::follow_card(&txn, id, Some(placement.measure_id)).await?;
    }
    super::rollup::apply_change(&txn, &[id], &sums).await?;
    let logged = serde_json::json!({ "placement": placement, "card": draft });
    let was = serde_json::json!({ "placement": old_placement, "title": before.title });
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("activity_card", id),
        "update",
        Some(&was),
        Some(&logged),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a card of an open action plan that has no report yet.
pub async fn delete_card(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
) -> Result<()> {
    let txn = store.write().await?;
    let sums = super::rollup::sums_of(&txn, &[id]).await?;
    let before = card_model(&txn, &Scope::one(tenant), id).await?;
    let plan = open_action_plan(&txn, tenant, before.action_plan_id).await?;
    let placement = CardPlacement {
        measure_id: before.measure_id,
        organisation_id: before.organisation_id,
        service_id: before.service_id,
    };
    check_placement(&txn, tenant, actor, &plan, placement).await?;
    if before.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    if crate::evaluation::report_state(&before.report_state)? != ReportState::Missing {
        return Err(Error::Conflict(Conflict::NotEditable));
    }
    crate::event::follow_card(&txn, id, None).await?;
    activity_card::Entity::delete_by_id(id).exec(&txn).await?;
    super::rollup::apply_change(&txn, &[id], &sums).await?;
    let was = serde_json::json!({ "placement": placement, "title": before.title });
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("activity_card", id),
        "delete",
        Some(&was),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
