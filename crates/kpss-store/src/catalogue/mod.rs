//! The catalogue: organisations, registered services and related activities.

mod open_data;
mod organisations;
pub mod register;
mod services;

use std::collections::HashMap;

use kpss_domain::FieldError;
use kpss_domain::catalogue::{
    Capacity, CapacityUnit, Ico, Location, OrganisationDraft, ServiceDraft, ServiceForm,
    ServiceKind,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;

pub use open_data::{ServiceFilter, organisations_page, services_page};
pub use organisations::{
    OrganisationChoice, OrganisationPick, create_organisation, organisation, organisation_choices,
    organisation_count, organisation_names, organisations, service_counts, update_organisation,
};
pub use services::{
    all_services, counts, create_service, organisation_services, service, service_choices,
    services_by_ids, services_changed_since, services_of_organisation, target_group_services,
    tenant_services, update_service,
};

use crate::entity::{organisation, service};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store};

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

/// The target group codes the tenant's services use: the groups that have a guide.
pub async fn used_target_groups(store: &Store, tenant: i32) -> Result<Vec<String>> {
    used_codes(store.db(), tenant, crate::tenant::ListKind::TargetGroups).await
}

/// The target group or district codes the tenant's services use.
pub(crate) async fn used_codes<C: sea_orm::ConnectionTrait>(
    c: &C,
    tenant: i32,
    kind: crate::tenant::ListKind,
) -> Result<Vec<String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let column = match kind {
        crate::tenant::ListKind::TargetGroups => service::Column::TargetGroups,
        crate::tenant::ListKind::Districts => service::Column::Locations,
        crate::tenant::ListKind::FundingSources => return Ok(Vec::new()),
    };
    let values: Vec<String> = service::Entity::find()
        .select_only()
        .column(column)
        .filter(service::Column::TenantId.eq(tenant))
        .into_tuple()
        .all(c)
        .await?;
    let mut codes: Vec<String> = Vec::new();
    for value in &values {
        if kind == crate::tenant::ListKind::TargetGroups {
            codes.extend(split_codes(value).map(str::to_owned));
        } else {
            let locations: Vec<StoredLocation> = serde_json::from_str(value).unwrap_or_default();
            codes.extend(locations.into_iter().filter_map(|l| l.district));
        }
    }
    codes.sort();
    codes.dedup();
    Ok(codes)
}

fn split_codes(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(|c| !c.is_empty())
}

pub(crate) fn service_from(m: service::Model, organisation_name: String) -> Service {
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
    /// Absent in locations stored before kpss kept RÚIAN codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ruian: Option<u64>,
}

impl From<StoredLocation> for Location {
    fn from(s: StoredLocation) -> Self {
        Self {
            address: s.address,
            district: s.district,
            latitude: s.latitude,
            longitude: s.longitude,
            ruian: s.ruian,
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
            ruian: l.ruian,
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
        Error::Conflict(Conflict::Duplicate) => Error::field("ico", FieldError::AlreadyUsed),
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

/// Services from rows, each with its organisation's name, in one query for the names.
async fn with_organisation_names(
    store: &Store,
    models: Vec<service::Model>,
) -> Result<Vec<Service>> {
    let mut ids: Vec<i32> = models.iter().map(|m| m.organisation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(named(models, &names))
}

/// The services of `models` with their organisations' names from `names`.
fn named(models: Vec<service::Model>, names: &HashMap<i32, String>) -> Vec<Service> {
    models
        .into_iter()
        .map(|m| {
            let name = names.get(&m.organisation_id).cloned().unwrap_or_default();
            service_from(m, name)
        })
        .collect()
}
