//! The national register's changes applied to the catalogue: the uploaded file kept for its
//! review, the catalogue as the register sees it, and the chosen changes written in one
//! transaction with audit. Only the register's fields change; what the city keeps by hand
//! (description, districts, target groups, fees, hours, name) stays as it is.

use std::collections::HashMap;

use kpss_domain::account::Actor;
use kpss_domain::catalogue::{Location, OrganisationDraft, ServiceDraft, ServiceKind};
use kpss_domain::register::{Change, Current, RegisterService};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use time::{Date, OffsetDateTime};

use super::{Service, find_organisation, organisation_from, service_columns, service_from};
use crate::entity::{organisation, register_upload, service};
use crate::tenant::Scope;
use crate::{Error, Result, Store, audit};

/// An uploaded register file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub id: i32,
    pub name: String,
    pub body: Vec<u8>,
    pub created_at: OffsetDateTime,
}

/// Keeps an uploaded file for its review; the coordinator only.
pub async fn save_upload(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    name: &str,
    body: &[u8],
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let created = register_upload::Entity::insert(register_upload::ActiveModel {
        tenant_id: Set(tenant),
        name: Set(name.to_owned()),
        body: Set(body.to_vec()),
        uploaded_by: Set(actor.account_id),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("register_upload", created.id),
        "upload",
        None::<&()>,
        Some(&(name, body.len())),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// An uploaded file of the tenant.
pub async fn upload(store: &Store, tenant: i32, id: i32) -> Result<Upload> {
    let m = register_upload::Entity::find_by_id(id)
        .filter(register_upload::Column::TenantId.eq(tenant))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Upload {
        id: m.id,
        name: m.name,
        body: m.body,
        created_at: m.created_at,
    })
}

/// The tenant's uploads, newest first: (id, name, when).
pub async fn uploads(store: &Store, tenant: i32) -> Result<Vec<(i32, String, OffsetDateTime)>> {
    Ok(register_upload::Entity::find()
        .select_only()
        .columns([
            register_upload::Column::Id,
            register_upload::Column::Name,
            register_upload::Column::CreatedAt,
        ])
        .filter(register_upload::Column::TenantId.eq(tenant))
        .order_by_desc(register_upload::Column::Id)
        .into_tuple()
        .all(store.db())
        .await?)
}

/// The tenant's registered services as the register speaks of them, and the IČOs of its
/// organisations.
pub async fn current(store: &Store, tenant: i32) -> Result<(Vec<Current>, Vec<String>)> {
    let icos: HashMap<i32, String> = super::organisations(store, tenant)
        .await?
        .into_iter()
        .map(|o| (o.id, o.draft.ico.as_str().to_owned()))
        .collect();
    let services = super::tenant_services(store, tenant).await?;
    let current = services
        .into_iter()
        .filter(|s| s.draft.kind == ServiceKind::Registered)
        .map(|s| {
            let d = s.draft;
            Current {
                id: s.id,
                name: d.name,
                register_id: d.register_id,
                ico: icos.get(&s.organisation_id).cloned().unwrap_or_default(),
                service_type: d.service_type,
                forms: d.forms,
                capacity: d.capacity,
                email: d.email,
                phone: d.phone,
                web: d.web,
                active_from: d.active_from,
                active_to: d.active_to,
                addresses: d.locations.into_iter().map(|l| l.address).collect(),
            }
        })
        .collect();
    Ok((current, icos.into_values().collect()))
}

/// What an apply wrote: how many services came, changed and ended, and every service
/// written (for the search index).
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub new: usize,
    pub changed: usize,
    pub withdrawn: usize,
    pub services: Vec<Service>,
}

/// The register's fields laid over a service's draft; the places keep the districts and
/// coordinates of the addresses they had.
fn with_register(mut draft: ServiceDraft, s: &RegisterService) -> ServiceDraft {
    draft.kind = ServiceKind::Registered;
    draft.register_id = Some(s.register_id.clone());
    draft.service_type = Some(s.service_type.clone());
    draft.forms.clone_from(&s.forms);
    if s.capacity.is_some() {
        draft.capacity = s.capacity;
    }
    for (ours, theirs) in [
        (&mut draft.email, &s.email),
        (&mut draft.phone, &s.phone),
        (&mut draft.web, &s.web),
    ] {
        if theirs.is_some() {
            ours.clone_from(theirs);
        }
    }
    draft.active_from = s.active_from;
    draft.active_to = s.active_to;
    if !s.places.is_empty() {
        let old = std::mem::take(&mut draft.locations);
        draft.locations = s
            .places
            .iter()
            .map(|p| {
                let mut place = old
                    .iter()
                    .find(|l| l.address == p.address)
                    .cloned()
                    .unwrap_or(Location {
                        address: p.address.clone(),
                        district: None,
                        latitude: None,
                        longitude: None,
                        ruian: None,
                    });
                place.ruian = p.ruian.or(place.ruian);
                place
            })
            .collect();
    }
    draft
}

/// A new service's draft: the register's fields, nothing kept by hand yet.
fn new_draft(s: &RegisterService) -> ServiceDraft {
    with_register(
        ServiceDraft::new(ServiceKind::Registered, s.name.clone()),
        s,
    )
}

/// Writes the chosen changes in one transaction, each audited as coming from the register;
/// a new service's provider is found by IČO or added. The coordinator only. A service
/// changed by someone since the review is refused as stale, and nothing is written.
pub async fn apply(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    changes: &[Change],
    today: Date,
) -> Result<Applied> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let mut applied = Applied::default();
    for change in changes {
        match change {
            Change::New(s) => {
                let found = organisation::Entity::find()
                    .filter(organisation::Column::TenantId.eq(tenant))
                    .filter(organisation::Column::Ico.eq(s.provider.ico.as_str()))
                    .one(&txn)
                    .await?;
                let org = match found {
                    Some(m) => organisation_from(m),
                    None => {
                        let draft = OrganisationDraft {
                            name: s.provider.name.clone(),
                            ico: s.provider.ico.clone(),
                            legal_form: s.provider.legal_form.clone(),
                            address: None,
                            web: None,
                            email: None,
                            phone: None,
                            description: None,
                        };
                        super::organisations::insert_organisation(
                            &txn,
                            (tenant, actor),
                            &draft,
                            "register",
                        )
                        .await?
                    }
                };
                let draft = new_draft(s);
                let mut am = service::ActiveModel {
                    tenant_id: Set(tenant),
                    organisation_id: Set(org.id),
                    version: Set(1),
                    created_at: Set(crate::now()),
                    ..Default::default()
                };
                service_columns(&mut am, &draft);
                let created = service::Entity::insert(am)
                    .exec_with_returning(&txn)
                    .await?;
                log(&txn, (tenant, actor), created.id, None, &draft).await?;
                applied.new += 1;
                applied.services.push(service_from(created, org.draft.name));
            }
            Change::Changed { id, service: s, .. } => {
                let written = rewrite(&txn, tenant, *id, |d| with_register(d, s)).await?;
                log(
                    &txn,
                    (tenant, actor),
                    *id,
                    Some(&written.0),
                    &written.1.draft,
                )
                .await?;
                applied.changed += 1;
                applied.services.push(written.1);
            }
            Change::Withdrawn { id, on, .. } => {
                let on = (*on).min(today);
                let written = rewrite(&txn, tenant, *id, |d| ServiceDraft {
                    active_to: Some(on),
                    ..d
                })
                .await?;
                log(
                    &txn,
                    (tenant, actor),
                    *id,
                    Some(&written.0),
                    &written.1.draft,
                )
                .await?;
                applied.withdrawn += 1;
                applied.services.push(written.1);
            }
        }
    }
    store.commit_shared(txn).await?;
    Ok(applied)
}

/// Logs a service written from the register.
async fn log(
    txn: &sea_orm::DatabaseTransaction,
    (tenant, actor): (i32, &Actor),
    id: i32,
    before: Option<&ServiceDraft>,
    after: &ServiceDraft,
) -> Result<()> {
    audit::record(
        txn,
        tenant,
        actor.account_id,
        ("service", id),
        "register",
        before,
        Some(after),
    )
    .await
}

/// Rewrites a registered service of the tenant by `change`, giving its draft before and the
/// service after.
async fn rewrite(
    txn: &sea_orm::DatabaseTransaction,
    tenant: i32,
    id: i32,
    change: impl FnOnce(ServiceDraft) -> ServiceDraft,
) -> Result<(ServiceDraft, Service)> {
    let current = service::Entity::find_by_id(id)
        .filter(service::Column::TenantId.eq(tenant))
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    let organisation = find_organisation(txn, &Scope::one(tenant), current.organisation_id).await?;
    let version = current.version;
    let before = service_from(current, organisation.name.clone()).draft;
    let draft = change(before.clone());
    let mut am = service::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    service_columns(&mut am, &draft);
    am.version = Set(version + 1);
    let updated = service::Entity::update(am)
        .validate()?
        .filter(service::Column::TenantId.eq(tenant))
        .filter(service::Column::Version.eq(version))
        .exec(txn)
        .await
        .map_err(|e| crate::stale_or(e.into()))?;
    Ok((before, service_from(updated, organisation.name)))
}
