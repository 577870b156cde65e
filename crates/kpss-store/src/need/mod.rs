//! Needs of target groups, the goals and measures that answer them, and what answers them in
//! the action plans (`chain`): cards, money and clients.

mod chain;

pub use chain::{AnsweringCard, cards_answering, linked_to};

use kpss_domain::account::Actor;
use kpss_domain::consultation::Section;
use kpss_domain::need::{self as rules, NeedDraft, NeedSource, NeedState};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::{need, need_link, plan_goal, plan_measure};
use crate::{Error, Result, Store};

/// A stored need with the goals and measures that answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub id: i32,
    pub draft: NeedDraft,
    /// `Section::Goal` and `Section::Measure` only.
    pub links: Vec<Section>,
    pub version: i32,
}

fn from_model(m: need::Model, links: &[need_link::Model]) -> Result<Need> {
    Ok(Need {
        id: m.id,
        draft: NeedDraft {
            title: m.title,
            description: m.description,
            target_group: m.target_group,
            districts: m.districts.lines().map(str::to_owned).collect(),
            source: crate::decode("need source", &m.source, |c| NeedSource::parse(c).ok())?,
            source_note: m.source_note,
            size: m.size,
            state: crate::decode("need state", &m.state, |c| NeedState::parse(c).ok())?,
            plan: m.plan_id,
        },
        links: links
            .iter()
            .filter(|l| l.need_id == m.id)
            .filter_map(|l| match (l.goal_id, l.measure_id) {
                (Some(g), _) => Some(Section::Goal(g)),
                (_, Some(x)) => Some(Section::Measure(x)),
                _ => None,
            })
            .collect(),
        version: m.version,
    })
}

async fn with_links<C: ConnectionTrait>(c: &C, models: Vec<need::Model>) -> Result<Vec<Need>> {
    let ids: Vec<i32> = models.iter().map(|m| m.id).collect();
    let links = need_link::Entity::find()
        .filter(need_link::Column::NeedId.is_in(ids))
        .order_by_asc(need_link::Column::Id)
        .all(c)
        .await?;
    models.into_iter().map(|m| from_model(m, &links)).collect()
}

/// The tenant's needs, in the order they were recorded.
pub async fn needs(store: &Store, tenant: i32) -> Result<Vec<Need>> {
    let models = need::Entity::find()
        .filter(need::Column::TenantId.eq(tenant))
        .order_by_asc(need::Column::Id)
        .all(store.db())
        .await?;
    with_links(store.db(), models).await
}

/// One need of the tenant.
pub async fn need(store: &Store, tenant: i32, id: i32) -> Result<Need> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Need> {
    let model = need::Entity::find_by_id(id)
        .filter(need::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    with_links(c, vec![model])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

fn columns(draft: &NeedDraft) -> need::ActiveModel {
    need::ActiveModel {
        plan_id: Set(draft.plan),
        title: Set(draft.title.clone()),
        description: Set(draft.description.clone()),
        target_group: Set(draft.target_group.clone()),
        districts: Set(draft.districts.join("\n")),
        source: Set(draft.source.code().to_owned()),
        source_note: Set(draft.source_note.clone()),
        size: Set(draft.size),
        state: Set(draft.state.code().to_owned()),
        ..Default::default()
    }
}

/// Records a need.
pub async fn create(store: &Store, tenant: i32, actor: &Actor, draft: &NeedDraft) -> Result<i32> {
    if !rules::may_edit(actor) {
        return Err(Error::Forbidden);
    }
    let mut new = columns(draft);
    new.tenant_id = Set(tenant);
    new.version = Set(1);
    new.created_at = Set(crate::now());
    let txn = store.write().await?;
    let created = need::Entity::insert(new).exec_with_returning(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("need", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Rewrites a need read at `version`.
pub async fn update(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &NeedDraft,
) -> Result<()> {
    if !rules::may_edit(actor) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = find(&txn, tenant, key.0).await?;
    crate::versioned::bump(&txn, key, columns(draft)).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("need", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Links a goal or a measure of the tenant's plans to the need (`true`), or unlinks it.
pub async fn link(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (need_id, item): (i32, Section),
    linked: bool,
) -> Result<()> {
    if !rules::may_edit(actor) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let found = find(&txn, tenant, need_id).await?;
    let (goal, measure) = match item {
        Section::Goal(id) => {
            plan_goal::Entity::find_by_id(id)
                .filter(plan_goal::Column::TenantId.eq(tenant))
                .one(&txn)
                .await?
                .ok_or_else(|| Error::field("item", kpss_domain::FieldError::UnknownValue))?;
            (Some(id), None)
        }
        Section::Measure(id) => {
            plan_measure::Entity::find_by_id(id)
                .filter(plan_measure::Column::TenantId.eq(tenant))
                .one(&txn)
                .await?
                .ok_or_else(|| Error::field("item", kpss_domain::FieldError::UnknownValue))?;
            (None, Some(id))
        }
        Section::Plan | Section::Part(_) | Section::Document => {
            return Err(Error::field("item", kpss_domain::FieldError::UnknownValue));
        }
    };
    let has = found.links.contains(&item);
    if linked && !has {
        need_link::Entity::insert(need_link::ActiveModel {
            need_id: Set(need_id),
            goal_id: Set(goal),
            measure_id: Set(measure),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
    } else if !linked && has {
        need_link::Entity::delete_many()
            .filter(need_link::Column::NeedId.eq(need_id))
            .filter(match item {
                Section::Goal(id) => need_link::Column::GoalId.eq(id),
                _ => need_link::Column::MeasureId.eq(measure.unwrap_or_default()),
            })
            .exec(&txn)
            .await?;
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("need", need_id),
        if linked { "link" } else { "unlink" },
        None::<&()>,
        Some(&item.code()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
