//! The tenant's groups: the steering group, working groups and their subgroups, which a plan's
//! parts are assigned to and which outlive every plan version.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::work_group::{GroupKind, WorkGroupDraft};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entity::work_group;

use crate::{Conflict, Error, Result, Store};

/// A stored group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkGroup {
    pub id: i32,
    pub tenant_id: i32,
    pub draft: WorkGroupDraft,
    pub version: i32,
}

impl WorkGroup {
    fn from_model(m: work_group::Model) -> Result<Self> {
        Ok(Self {
            draft: WorkGroupDraft {
                kind: crate::decode("group kind", &m.kind, GroupKind::parse)?,
                code: m.code,
                name: m.name,
                description: m.description,
                target_groups: m
                    .target_groups
                    .split(',')
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect(),
                parent: m.parent_id,
                founded: m.founded,
                dissolved: m.dissolved,
            },
            id: m.id,
            tenant_id: m.tenant_id,
            version: m.version,
        })
    }
}

/// The tenant's groups: the steering group first, then each working group followed by its
/// subgroups, by code.
pub async fn work_groups(store: &Store, tenant: i32) -> Result<Vec<WorkGroup>> {
    let mut all: Vec<WorkGroup> = work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .all(store.db())
        .await?
        .into_iter()
        .map(WorkGroup::from_model)
        .collect::<Result<_>>()?;
    let code_of: std::collections::HashMap<i32, String> =
        all.iter().map(|g| (g.id, g.draft.code.clone())).collect();
    all.sort_by_cached_key(|g| {
        let d = &g.draft;
        match d.kind {
            GroupKind::Steering => (0, d.code.clone(), String::new()),
            GroupKind::Working => (1, d.code.clone(), String::new()),
            GroupKind::Subgroup => (
                1,
                d.parent
                    .and_then(|p| code_of.get(&p).cloned())
                    .unwrap_or_default(),
                d.code.clone(),
            ),
        }
    });
    Ok(all)
}

/// One group of the tenant.
pub async fn work_group(store: &Store, tenant: i32, id: i32) -> Result<WorkGroup> {
    find(store.db(), tenant, id).await
}

pub(crate) async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<WorkGroup> {
    work_group::Entity::find_by_id(id)
        .filter(work_group::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
        .and_then(WorkGroup::from_model)
}

fn row(tenant: i32, draft: &WorkGroupDraft) -> work_group::ActiveModel {
    work_group::ActiveModel {
        tenant_id: Set(tenant),
        kind: Set(draft.kind.code().to_owned()),
        code: Set(draft.code.clone()),
        name: Set(draft.name.clone()),
        description: Set(draft.description.clone()),
        target_groups: Set(draft.target_groups.join(",")),
        parent_id: Set(draft.parent),
        founded: Set(draft.founded),
        dissolved: Set(draft.dissolved),
        ..Default::default()
    }
}

/// A subgroup's parent must be a working group of the same tenant, checked in the write.
async fn check_parent<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    draft: &WorkGroupDraft,
) -> Result<()> {
    let Some(parent) = draft.parent else {
        return Ok(());
    };
    match find(c, tenant, parent).await {
        Ok(g) if g.draft.kind == GroupKind::Working => Ok(()),
        Ok(_) | Err(Error::NotFound) => Err(Error::field("parent", FieldError::UnknownValue)),
        Err(e) => Err(e),
    }
}

fn code_taken(err: Error) -> Error {
    match err {
        Error::Conflict(Conflict::Duplicate) => Error::field("code", FieldError::AlreadyUsed),
        other => other,
    }
}

/// Creates a group; only the coordinator may. Plan parts of its code that belong to no group
/// yet are assigned to it.
pub async fn create_work_group(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    draft: &WorkGroupDraft,
) -> Result<WorkGroup> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    check_parent(&txn, tenant, draft).await?;
    let mut new = row(tenant, draft);
    new.version = Set(1);
    let id = work_group::Entity::insert(new)
        .exec(&txn)
        .await
        .map_err(|e| code_taken(e.into()))?
        .last_insert_id;
    assign_parts(&txn, tenant, id, &draft.code).await?;
    let created = find(&txn, tenant, id).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("work_group", id),
        "create",
        None::<&()>,
        Some(&created.draft),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a group, if nobody changed it since `version`; only the coordinator may.
pub async fn update_work_group(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    draft: &WorkGroupDraft,
) -> Result<WorkGroup> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = find(&txn, tenant, id).await?;
    if before.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    if draft.parent == Some(id) {
        return Err(Error::field("parent", FieldError::UnknownValue));
    }
    check_parent(&txn, tenant, draft).await?;
    if draft.kind != GroupKind::Working && before.draft.kind == GroupKind::Working {
        let has_subgroups = work_group::Entity::find()
            .filter(work_group::Column::TenantId.eq(tenant))
            .filter(work_group::Column::ParentId.eq(id))
            .one(&txn)
            .await?
            .is_some();
        if has_subgroups {
            return Err(Error::field("kind", FieldError::HasSubgroups));
        }
    }
    let mut change = row(tenant, draft);
    change.version = Set(version + 1);
    // The version is checked again by the write itself, so of two saves from one version only
    // the first lands.
    let written = work_group::Entity::update_many()
        .set(change)
        .filter(work_group::Column::Id.eq(id))
        .filter(work_group::Column::TenantId.eq(tenant))
        .filter(work_group::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| code_taken(e.into()))?
        .rows_affected;
    if written == 0 {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let after = find(&txn, tenant, id).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("work_group", id),
        "update",
        Some(&before.draft),
        Some(&after.draft),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Assigns the tenant's plan parts of `code` that belong to no group yet to the group `id`.
async fn assign_parts<C: ConnectionTrait>(c: &C, tenant: i32, id: i32, code: &str) -> Result<()> {
    use crate::entity::plan_part;
    plan_part::Entity::update_many()
        .col_expr(
            plan_part::Column::WorkGroupId,
            sea_orm::sea_query::Expr::value(id),
        )
        .filter(plan_part::Column::TenantId.eq(tenant))
        .filter(plan_part::Column::Code.eq(code))
        .filter(plan_part::Column::WorkGroupId.is_null())
        .exec(c)
        .await?;
    Ok(())
}

/// The codes of these groups, by id.
pub(crate) async fn codes<C: ConnectionTrait>(
    c: &C,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(work_group::Entity::find()
        .filter(work_group::Column::Id.is_in(ids))
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect())
}

/// The code rights go by for a plan part: its group's, or its own while it has none.
pub(crate) async fn group_of_part<C: ConnectionTrait>(
    c: &C,
    part: &crate::entity::plan_part::Model,
) -> Result<String> {
    let Some(group) = part.work_group_id else {
        return Ok(part.code.clone());
    };
    Ok(codes(c, vec![group])
        .await?
        .remove(&group)
        .unwrap_or_else(|| part.code.clone()))
}

/// The group a new plan part of `code` belongs to: the tenant's group of that code, if any.
pub(crate) async fn group_of_code<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    code: &str,
) -> Result<Option<i32>> {
    Ok(work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .filter(work_group::Column::Code.eq(code))
        .one(c)
        .await?
        .map(|g| g.id))
}
