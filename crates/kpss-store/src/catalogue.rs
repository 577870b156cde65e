//! The catalogue: organisations, registered services and related activities.

use kpss_domain::account::Actor;
use kpss_domain::catalogue::{
    Capacity, CapacityUnit, Ico, Location, OrganisationDraft, ServiceDraft, ServiceForm,
    ServiceKind,
};
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{organisation, service};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// A provider organisation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: i32,
    pub tenant_id: i32,
    pub draft: OrganisationDraft,
    pub version: i32,
    pub updated_at: OffsetDateTime,
}

/// A registered service or related activity as stored, with its organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: i32,
    pub tenant_id: i32,
    pub organisation_id: i32,
    pub organisation_name: String,
    pub draft: ServiceDraft,
    pub version: i32,
    pub updated_at: OffsetDateTime,
}

fn organisation_from(m: organisation::Model) -> Organisation {
    Organisation {
        id: m.id,
        tenant_id: m.tenant_id,
        draft: OrganisationDraft {
            name: m.name,
            // Only valid IČO are ever written.
            ico: Ico::parse(&m.ico).unwrap_or_else(|_| Ico::with_check_digit(0)),
            legal_form: m.legal_form,
            address: m.address,
            web: m.web,
            email: m.email,
            phone: m.phone,
            description: m.description,
        },
        version: m.version,
        updated_at: m.updated_at,
    }
}

fn split_codes(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(|c| !c.is_empty())
}

fn service_from(m: service::Model, organisation_name: String) -> Service {
    let locations: Vec<StoredLocation> = serde_json::from_str(&m.locations).unwrap_or_default();
    let draft = ServiceDraft {
        kind: ServiceKind::parse(&m.kind).unwrap_or(ServiceKind::Activity),
        name: m.name,
        service_type: m.service_type,
        register_id: m.register_id,
        description: m.description,
        forms: split_codes(&m.forms)
            .filter_map(|c| ServiceForm::parse(c).ok())
            .collect(),
        target_groups: split_codes(&m.target_groups).map(str::to_owned).collect(),
        age_from: m.age_from.and_then(|a| u8::try_from(a).ok()),
        age_to: m.age_to.and_then(|a| u8::try_from(a).ok()),
        capacity: m.capacity.and_then(|amount| {
            Some(Capacity {
                amount: u32::try_from(amount).ok()?,
                unit: CapacityUnit::parse(m.capacity_unit.as_deref()?).ok()?,
            })
        }),
        fees: m.fees,
        opening_hours: m.opening_hours,
        email: m.email,
        phone: m.phone,
        web: m.web,
        active_from: m.active_from,
        active_to: m.active_to,
        locations: locations.into_iter().map(Into::into).collect(),
    };
    Service {
        id: m.id,
        tenant_id: m.tenant_id,
        organisation_id: m.organisation_id,
        organisation_name,
        draft,
        version: m.version,
        updated_at: m.updated_at,
    }
}

/// The JSON shape of a location in the `service.locations` column.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredLocation {
    address: String,
    district: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl From<StoredLocation> for Location {
    fn from(s: StoredLocation) -> Self {
        Self {
            address: s.address,
            district: s.district,
            latitude: s.latitude,
            longitude: s.longitude,
        }
    }
}

fn service_columns(am: &mut service::ActiveModel, d: &ServiceDraft) {
    let locations: Vec<StoredLocation> = d
        .locations
        .iter()
        .map(|l| StoredLocation {
            address: l.address.clone(),
            district: l.district.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
        })
        .collect();
    am.kind = Set(d.kind.code().to_owned());
    am.name = Set(d.name.clone());
    am.service_type = Set(d.service_type.clone());
    am.register_id = Set(d.register_id.clone());
    am.description = Set(d.description.clone());
    am.forms = Set(d
        .forms
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(","));
    am.target_groups = Set(d.target_groups.join(","));
    am.age_from = Set(d.age_from.map(i32::from));
    am.age_to = Set(d.age_to.map(i32::from));
    am.capacity = Set(d
        .capacity
        .map(|c| i32::try_from(c.amount).unwrap_or(i32::MAX)));
    am.capacity_unit = Set(d.capacity.map(|c| c.unit.code().to_owned()));
    am.fees = Set(d.fees.clone());
    am.opening_hours = Set(d.opening_hours.clone());
    am.email = Set(d.email.clone());
    am.phone = Set(d.phone.clone());
    am.web = Set(d.web.clone());
    am.active_from = Set(d.active_from);
    am.active_to = Set(d.active_to);
    am.locations = Set(serde_json::to_string(&locations).unwrap_or_else(|_| "[]".into()));
    am.updated_at = Set(crate::now());
}

fn organisation_columns(am: &mut organisation::ActiveModel, d: &OrganisationDraft) {
    am.ico = Set(d.ico.as_str().to_owned());
    am.name = Set(d.name.clone());
    am.legal_form = Set(d.legal_form.clone());
    am.address = Set(d.address.clone());
    am.web = Set(d.web.clone());
    am.email = Set(d.email.clone());
    am.phone = Set(d.phone.clone());
    am.description = Set(d.description.clone());
    am.updated_at = Set(crate::now());
}

/// A duplicate IČO is the user's to fix, so it is a field error, not a bare conflict.
fn duplicate_ico(err: Error) -> Error {
    match err {
        Error::Conflict(Conflict::Duplicate) => {
            let mut errors = FieldErrors::default();
            errors.add("ico", FieldError::AlreadyUsed);
            Error::Invalid(errors)
        }
        other => other,
    }
}

async fn find_organisation<C: ConnectionTrait>(
    c: &C,
    scope: &Scope,
    id: i32,
) -> Result<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .filter(organisation::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
}

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
    let txn = store.db().begin().await?;
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
    let txn = store.db().begin().await?;
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
        .map_err(|e| stale_or(e.into()))
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

/// An update that matched no row: the record exists (checked before), so its version moved on.
fn stale_or(err: Error) -> Error {
    match err {
        Error::NotFound => Error::Conflict(Conflict::StaleVersion),
        Error::Db(sea_orm::DbErr::RecordNotUpdated) => Error::Conflict(Conflict::StaleVersion),
        other => other,
    }
}

async fn organisation_names(
    store: &Store,
    tenant: Option<i32>,
) -> Result<std::collections::HashMap<i32, String>> {
    let mut query = organisation::Entity::find();
    if let Some(tenant) = tenant {
        query = query.filter(organisation::Column::TenantId.eq(tenant));
    }
    Ok(query
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// One service or activity the scope may read.
pub async fn service(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<Service> {
    let scope = scope.into();
    let model = service::Entity::find_by_id(id)
        .filter(service::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    let organisation = find_organisation(store.db(), &scope, model.organisation_id).await?;
    Ok(service_from(model, organisation.name))
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
    let models = service::Entity::find()
        .filter(service::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .filter(service::Column::Id.is_in(ids.iter().copied()))
        .all(store.db())
        .await?;
    let organisation_ids: Vec<i32> = models.iter().map(|m| m.organisation_id).collect();
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut by_id: std::collections::HashMap<i32, service::Model> =
        models.into_iter().map(|m| (m.id, m)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|m| {
            let name = names.get(&m.organisation_id).cloned().unwrap_or_default();
            service_from(m, name)
        })
        .collect())
}

/// How many organisations, registered services and related activities the scope holds.
pub async fn counts(store: &Store, scope: impl Into<Scope>) -> Result<(u64, u64, u64)> {
    use sea_orm::PaginatorTrait;
    let tenants = scope.into().tenants().to_vec();
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
    Ok((
        organisations,
        of_kind(ServiceKind::Registered).await?,
        of_kind(ServiceKind::Activity).await?,
    ))
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
    let ids: Vec<i32> = models.iter().map(|m| m.organisation_id).collect();
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(models
        .into_iter()
        .map(|m| {
            let name = names.get(&m.organisation_id).cloned().unwrap_or_default();
            service_from(m, name)
        })
        .collect())
}

/// Every service of every tenant, for building the search index.
pub async fn all_services(store: &Store) -> Result<Vec<Service>> {
    let names = organisation_names(store, None).await?;
    Ok(service::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| {
            let name = names.get(&m.organisation_id).cloned().unwrap_or_default();
            service_from(m, name)
        })
        .collect())
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
    let txn = store.db().begin().await?;
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
    txn.commit().await?;
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
    let txn = store.db().begin().await?;
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
        .map_err(|e| stale_or(e.into()))?;
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
    txn.commit().await?;
    Ok(service_from(updated, organisation.name))
}
