//! Reading and writing services and related activities.

use kpss_domain::account::Actor;
use kpss_domain::catalogue::{ServiceDraft, ServiceKind};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use super::{
    Service, find_organisation, named, service_columns, service_from, with_organisation_names,
};
use crate::entity::{organisation, service};
use crate::tenant::Scope;
use crate::{Error, Result, Store, audit};

/// One service or activity the scope may read.
pub async fn service(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<Service> {
    services_by_ids(store, scope, &[id])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

/// The services and activities of one organisation, in Czech order of names.
pub async fn organisation_services(
    store: &Store,
    scope: impl Into<Scope>,
    organisation_id: i32,
) -> Result<Vec<Service>> {
    let scope = scope.into();
    let organisation = find_organisation(store.db(), &scope, organisation_id).await?;
    let mut all: Vec<Service> = service::Entity::find()
        .filter(service::Column::TenantId.eq(organisation.tenant_id))
        .filter(service::Column::OrganisationId.eq(organisation_id))
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| service_from(m, organisation.name.clone()))
        .collect();
    all.sort_by(|a, b| kpss_domain::czech::compare(&a.draft.name, &b.draft.name));
    Ok(all)
}

/// The services with these ids, in the order of the ids (ids outside the scope are skipped).
pub async fn services_by_ids(
    store: &Store,
    scope: impl Into<Scope>,
    ids: &[i32],
) -> Result<Vec<Service>> {
    let scope = scope.into();
    let in_scope = |s: &Service| scope.tenants().contains(&s.tenant_id);
    // A search page's rows come from this node's copies; only what is missing is read.
    let mut by_id: std::collections::HashMap<i32, Service> = store
        .cache()
        .get(|e| {
            Some(
                ids.iter()
                    .filter_map(|id| e.services.get(id).filter(|s| in_scope(s)).cloned())
                    .map(|s| (s.id, s))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let missing: Vec<i32> = ids
        .iter()
        .copied()
        .filter(|id| !by_id.contains_key(id))
        .collect();
    if !missing.is_empty() {
        let read_at = store.cache().generation();
        let models = service::Entity::find()
            .filter(service::Column::TenantId.is_in(scope.tenants().iter().copied()))
            .filter(service::Column::Id.is_in(missing))
            .all(store.db())
            .await?;
        let read = with_organisation_names(store, models).await?;
        store.cache().put(read_at, |e| {
            for s in &read {
                e.services.insert(s.id, s.clone());
            }
        });
        by_id.extend(read.into_iter().map(|s| (s.id, s)));
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// (id, organisation id, name) of every service and activity of a tenant, for choosing one.
pub async fn service_choices(store: &Store, tenant: i32) -> Result<Vec<(i32, i32, String)>> {
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(service::Entity::find()
        .select_only()
        .columns([
            service::Column::Id,
            service::Column::OrganisationId,
            service::Column::Name,
        ])
        .filter(service::Column::TenantId.eq(tenant))
        .order_by_asc(service::Column::Name)
        .into_tuple()
        .all(store.db())
        .await?)
}

/// (id, name) of one organisation's services and activities, for choosing one.
pub async fn services_of_organisation(
    store: &Store,
    tenant: i32,
    organisation: i32,
) -> Result<Vec<(i32, String)>> {
    use sea_orm::QuerySelect;
    let mut all: Vec<(i32, String)> = service::Entity::find()
        .select_only()
        .columns([service::Column::Id, service::Column::Name])
        .filter(service::Column::TenantId.eq(tenant))
        .filter(service::Column::OrganisationId.eq(organisation))
        .into_tuple()
        .all(store.db())
        .await?;
    all.sort_by(|a, b| kpss_domain::czech::compare(&a.1, &b.1));
    Ok(all)
}

/// How many organisations, registered services and related activities the scope holds.
pub async fn counts(store: &Store, scope: impl Into<Scope>) -> Result<(u64, u64, u64)> {
    use sea_orm::PaginatorTrait;
    let tenants = scope.into().tenants().to_vec();
    if let Some(counts) = store.cache().get(|e| e.counts.get(&tenants).copied()) {
        return Ok(counts);
    }
    let read_at = store.cache().generation();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::TenantId.is_in(tenants.clone()))
        .count(store.db())
        .await?;
    let of_kind = |kind: ServiceKind| {
        service::Entity::find()
            .filter(service::Column::TenantId.is_in(tenants.clone()))
            .filter(service::Column::Kind.eq(kind.code()))
            .count(store.db())
    };
    let counts = (
        organisations,
        of_kind(ServiceKind::Registered).await?,
        of_kind(ServiceKind::Activity).await?,
    );
    store.cache().put(read_at, |e| {
        e.counts.insert(tenants, counts);
    });
    Ok(counts)
}

/// Services of every tenant changed after `since`, or whose organisation changed: what
/// another kpss node saved, for keeping this node's search index current.
pub async fn services_changed_since(store: &Store, since: OffsetDateTime) -> Result<Vec<Service>> {
    use sea_orm::Condition;
    let changed_organisations: Vec<i32> = organisation::Entity::find()
        .filter(organisation::Column::UpdatedAt.gt(since))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let models = service::Entity::find()
        .filter(
            Condition::any()
                .add(service::Column::UpdatedAt.gt(since))
                .add(service::Column::OrganisationId.is_in(changed_organisations)),
        )
        .all(store.db())
        .await?;
    with_organisation_names(store, models).await
}

/// Every service and activity of the tenant, with its organisation's name: the map of needs
/// and services counts their places.
pub async fn tenant_services(store: &Store, tenant: i32) -> Result<Vec<Service>> {
    of_tenant(store, tenant, None).await
}

/// The tenant's services and activities for the target group `code`: an information guide.
pub async fn target_group_services(store: &Store, tenant: i32, code: &str) -> Result<Vec<Service>> {
    of_tenant(store, tenant, Some(code)).await
}

async fn of_tenant(store: &Store, tenant: i32, group: Option<&str>) -> Result<Vec<Service>> {
    use sea_orm::Condition;
    let mut query = service::Entity::find().filter(service::Column::TenantId.eq(tenant));
    if let Some(code) = group {
        // The column holds codes between commas. A code with `_` or `%` matches too much
        // here; the codes are compared whole below.
        let column = service::Column::TargetGroups;
        query = query.filter(
            Condition::any()
                .add(column.eq(code))
                .add(column.like(format!("{code},%")))
                .add(column.like(format!("%,{code}")))
                .add(column.like(format!("%,{code},%"))),
        );
    }
    let models = query
        .order_by_asc(service::Column::Id)
        .all(store.db())
        .await?;
    // The tenant's organisations by one condition: a list of the services' 28 000 ids would
    // be a statement near the engines' limits on bound values.
    let names = super::organisation_names(store, tenant).await?;
    let mut services = named(models, &names);
    if let Some(code) = group {
        services.retain(|s| s.draft.target_groups.iter().any(|g| g == code));
    }
    Ok(services)
}

/// Every service of every tenant, for building the search index.
pub async fn all_services(store: &Store) -> Result<Vec<Service>> {
    // Every organisation at once: a list of ids this long would exceed the engines' limits.
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(named(
        service::Entity::find().all(store.db()).await?,
        &names,
    ))
}

/// Adds a service or activity to an organisation the actor may edit.
pub async fn create_service(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    organisation_id: i32,
    draft: &ServiceDraft,
) -> Result<Service> {
    if !actor.may_edit_organisation(organisation_id) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let organisation = find_organisation(&txn, &Scope::one(tenant), organisation_id).await?;
    let mut am = service::ActiveModel {
        tenant_id: Set(tenant),
        organisation_id: Set(organisation_id),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    };
    service_columns(&mut am, draft);
    let created = service::Entity::insert(am)
        .exec_with_returning(&txn)
        .await?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("service", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    store.commit_shared(txn).await?;
    Ok(service_from(created, organisation.name))
}

/// Saves a service if the actor may and nobody saved it since `version` was read.
pub async fn update_service(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    version: i32,
    draft: &ServiceDraft,
) -> Result<Service> {
    let txn = store.write().await?;
    let current = service::Entity::find_by_id(id)
        .filter(service::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if !actor.may_edit_organisation(current.organisation_id) {
        return Err(Error::Forbidden);
    }
    let organisation =
        find_organisation(&txn, &Scope::one(tenant), current.organisation_id).await?;
    let before = service_from(current, organisation.name.clone());
    // A form has no RÚIAN code: an address it keeps keeps the code the register gave it.
    let mut draft = draft.clone();
    for place in &mut draft.locations {
        if place.ruian.is_none() {
            place.ruian = before
                .draft
                .locations
                .iter()
                .find(|b| b.address == place.address)
                .and_then(|b| b.ruian);
        }
    }
    let draft = &draft;
    let mut am = service::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    service_columns(&mut am, draft);
    am.version = Set(version + 1);
    let updated = service::Entity::update(am)
        .validate()?
        .filter(service::Column::TenantId.eq(tenant))
        .filter(service::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| crate::stale_or(e.into()))?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("service", id),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    store.commit_shared(txn).await?;
    Ok(service_from(updated, organisation.name))
}
