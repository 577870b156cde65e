//! The SWOT of working groups per plan cycle: four ordered lists per group, edited by the
//! coordinator and the group's manager.

use kpss_domain::account::Actor;
use kpss_domain::swot::{self as rules, Evidence, Quadrant, SwotItemDraft};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::{plan, swot_item};
use crate::{Error, Result, Store};

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwotItem {
    pub id: i32,
    pub plan: i32,
    pub group: i32,
    pub draft: SwotItemDraft,
    pub version: i32,
}

fn from_model(m: swot_item::Model) -> Result<SwotItem> {
    Ok(SwotItem {
        id: m.id,
        plan: m.plan_id,
        group: m.work_group_id,
        draft: SwotItemDraft {
            quadrant: crate::decode("quadrant", &m.quadrant, |c| Quadrant::parse(c).ok())?,
            text: m.text,
            evidence: m.evidence.as_deref().and_then(Evidence::parse),
        },
        version: m.version,
    })
}

/// The items of a plan's SWOTs (of one group, or of all), by group, list and order.
pub async fn items(
    store: &Store,
    tenant: i32,
    plan: i32,
    group: Option<i32>,
) -> Result<Vec<SwotItem>> {
    of(store.db(), tenant, plan, group).await
}

async fn of<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    plan: i32,
    group: Option<i32>,
) -> Result<Vec<SwotItem>> {
    let mut query = swot_item::Entity::find()
        .filter(swot_item::Column::TenantId.eq(tenant))
        .filter(swot_item::Column::PlanId.eq(plan));
    if let Some(group) = group {
        query = query.filter(swot_item::Column::WorkGroupId.eq(group));
    }
    let mut items: Vec<SwotItem> = query
        .order_by_asc(swot_item::Column::Position)
        .order_by_asc(swot_item::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(from_model)
        .collect::<Result<_>>()?;
    items.sort_by_key(|i| (i.group, i.draft.quadrant));
    Ok(items)
}

/// Refuses an actor who may not edit the group's SWOT, or a plan that is not a draft's cycle
/// open for analysis (an approved plan's SWOT is part of it and stays).
async fn editable<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    (plan_id, group): (i32, i32),
) -> Result<()> {
    let found = plan::Entity::find_by_id(plan_id)
        .filter(plan::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let group = crate::work_group::find(c, tenant, group).await?;
    let parent = match group.draft.parent {
        Some(p) => Some(crate::work_group::find(c, tenant, p).await?.draft.code),
        None => None,
    };
    let codes: Vec<&str> = std::iter::once(group.draft.code.as_str())
        .chain(parent.as_deref())
        .collect();
    if !rules::may_edit(actor, &codes) {
        return Err(Error::Forbidden);
    }
    if found.status != kpss_domain::plan::PlanStatus::Draft.code() {
        return Err(Error::Conflict(crate::Conflict::NotEditable));
    }
    Ok(())
}

/// Adds an item at the end of its list.
pub async fn add(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (plan, group): (i32, i32),
    draft: &SwotItemDraft,
) -> Result<i32> {
    let txn = store.write().await?;
    editable(&txn, tenant, actor, (plan, group)).await?;
    let last = of(&txn, tenant, plan, Some(group))
        .await?
        .iter()
        .filter(|i| i.draft.quadrant == draft.quadrant)
        .count();
    let created = swot_item::Entity::insert(swot_item::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(plan),
        work_group_id: Set(group),
        quadrant: Set(draft.quadrant.code().to_owned()),
        position: Set(i32::try_from(last).unwrap_or(i32::MAX)),
        text: Set(draft.text.clone()),
        evidence: Set(draft.evidence.map(Evidence::code)),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("swot_item", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// One item of the tenant.
pub async fn item(store: &Store, tenant: i32, id: i32) -> Result<SwotItem> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<SwotItem> {
    swot_item::Entity::find_by_id(id)
        .filter(swot_item::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
        .and_then(from_model)
}

/// Rewrites an item read at `version`; moved to another list, it goes to that list's end.
pub async fn update(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &SwotItemDraft,
) -> Result<()> {
    let txn = store.write().await?;
    let before = find(&txn, tenant, key.0).await?;
    editable(&txn, tenant, actor, (before.plan, before.group)).await?;
    let mut change = swot_item::ActiveModel {
        quadrant: Set(draft.quadrant.code().to_owned()),
        text: Set(draft.text.clone()),
        evidence: Set(draft.evidence.map(Evidence::code)),
        ..Default::default()
    };
    if before.draft.quadrant != draft.quadrant {
        let last = of(&txn, tenant, before.plan, Some(before.group))
            .await?
            .iter()
            .filter(|i| i.draft.quadrant == draft.quadrant)
            .count();
        change.position = Set(i32::try_from(last).unwrap_or(i32::MAX));
    }
    crate::versioned::bump(&txn, key, change).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("swot_item", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes an item.
pub async fn delete(store: &Store, tenant: i32, actor: &Actor, id: i32) -> Result<()> {
    let txn = store.write().await?;
    let before = find(&txn, tenant, id).await?;
    editable(&txn, tenant, actor, (before.plan, before.group)).await?;
    swot_item::Entity::delete_by_id(id).exec(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("swot_item", id),
        "delete",
        Some(&before.draft),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves an item one place up (or down) in its list.
pub async fn shift(store: &Store, tenant: i32, actor: &Actor, id: i32, up: bool) -> Result<()> {
    let txn = store.write().await?;
    let moved = find(&txn, tenant, id).await?;
    editable(&txn, tenant, actor, (moved.plan, moved.group)).await?;
    let order: Vec<i32> = of(&txn, tenant, moved.plan, Some(moved.group))
        .await?
        .iter()
        .filter(|i| i.draft.quadrant == moved.draft.quadrant)
        .map(|i| i.id)
        .collect();
    crate::ordering::shift::<swot_item::Entity, _>(
        &txn,
        (swot_item::Column::Id, swot_item::Column::Position),
        order,
        (id, up),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
