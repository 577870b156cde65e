//! Reading and writing organisations.

use kpss_domain::account::Actor;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{
    Organisation, duplicate_ico, find_organisation, organisation_columns, organisation_from,
};
use crate::entity::organisation;
use crate::tenant::Scope;
use crate::{Error, Result, Store, audit};
use kpss_domain::catalogue::OrganisationDraft;

/// Every organisation of the tenant, in Czech order of names.
pub async fn organisations(store: &Store, tenant: i32) -> Result<Vec<Organisation>> {
    let mut all: Vec<Organisation> = organisation::Entity::find()
        .filter(organisation::Column::TenantId.eq(tenant))
        .all(store.db())
        .await?
        .into_iter()
        .map(organisation_from)
        .collect();
    all.sort_by(|a, b| kpss_domain::czech::compare(&a.draft.name, &b.draft.name));
    Ok(all)
}

/// One organisation the scope may read.
pub async fn organisation(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<Organisation> {
    find_organisation(store.db(), &scope.into(), id)
        .await
        .map(organisation_from)
}

/// Creates an organisation; only the coordinator may.
pub async fn create_organisation(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    draft: &OrganisationDraft,
) -> Result<Organisation> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let mut am = organisation::ActiveModel {
        tenant_id: Set(tenant),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    };
    organisation_columns(&mut am, draft);
    let created = organisation::Entity::insert(am)
        .exec_with_returning(&txn)
        .await
        .map_err(|e| duplicate_ico(e.into()))?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("organisation", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(organisation_from(created))
}

/// Saves an organisation if nobody saved it since `version` was read.
pub async fn update_organisation(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    version: i32,
    draft: &OrganisationDraft,
) -> Result<Organisation> {
    if !actor.may_edit_organisation(id) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = organisation_from(find_organisation(&txn, &Scope::one(tenant), id).await?);
    let mut am = organisation::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    organisation_columns(&mut am, draft);
    am.version = Set(version + 1);
    let updated = organisation::Entity::update(am)
        .validate()?
        .filter(organisation::Column::TenantId.eq(tenant))
        .filter(organisation::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| crate::stale_or(e.into()))
        .map_err(duplicate_ico)?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("organisation", id),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(organisation_from(updated))
}

/// The names of a tenant's organisations by id, without the rest of their records.
pub async fn organisation_names(
    store: &Store,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, String>> {
    use sea_orm::QuerySelect;
    Ok(organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .filter(organisation::Column::TenantId.eq(tenant))
        .into_tuple::<(i32, String)>()
        .all(store.db())
        .await?
        .into_iter()
        .collect())
}
