//! The catalogue page by page for the open-data interfaces (HSDS): in the order of ids, so a
//! harvester paging through gets every record once, narrowed in the database.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use time::OffsetDateTime;

use super::{Organisation, Service, organisation_from, service_from};
use crate::entity::{organisation, service};
use crate::{Result, Store};

/// What a page of services is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFilter {
    pub organisation: Option<i32>,
    /// Changed on or after this moment.
    pub modified_after: Option<OffsetDateTime>,
    /// Of this kind of registered service.
    pub service_type: Option<String>,
}

/// `limit` services of the tenant from `offset` in the order of ids, with their organisations,
/// and how many there are in all.
pub async fn services_page(
    store: &Store,
    tenant: i32,
    filter: &ServiceFilter,
    (offset, limit): (u64, u64),
) -> Result<(u64, Vec<(Service, Organisation)>)> {
    let mut query = service::Entity::find().filter(service::Column::TenantId.eq(tenant));
    if let Some(o) = filter.organisation {
        query = query.filter(service::Column::OrganisationId.eq(o));
    }
    if let Some(at) = filter.modified_after {
        query = query.filter(service::Column::UpdatedAt.gte(at));
    }
    if let Some(t) = &filter.service_type {
        query = query.filter(service::Column::ServiceType.eq(t.as_str()));
    }
    let total = query.clone().count(store.db()).await?;
    // Ids first: skipping to a deep page then walks the index, not every row's long texts.
    let ids: Vec<i32> = query
        .select_only()
        .column(service::Column::Id)
        .order_by_asc(service::Column::Id)
        .offset(offset)
        .limit(limit)
        .into_tuple()
        .all(store.db())
        .await?;
    let models = service::Entity::find()
        .filter(service::Column::Id.is_in(ids))
        .order_by_asc(service::Column::Id)
        .all(store.db())
        .await?;
    let owners: Vec<i32> = models.iter().map(|m| m.organisation_id).collect();
    let organisations: Vec<Organisation> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(owners))
        .all(store.db())
        .await?
        .into_iter()
        .map(organisation_from)
        .collect();
    let rows = models
        .into_iter()
        .filter_map(|m| {
            let owner = organisations
                .iter()
                .find(|o| o.id == m.organisation_id)?
                .clone();
            Some((service_from(m, owner.draft.name.clone()), owner))
        })
        .collect();
    Ok((total, rows))
}

/// `limit` organisations of the tenant from `offset` in the order of ids, and how many there
/// are in all.
pub async fn organisations_page(
    store: &Store,
    tenant: i32,
    (offset, limit): (u64, u64),
) -> Result<(u64, Vec<Organisation>)> {
    let query = organisation::Entity::find().filter(organisation::Column::TenantId.eq(tenant));
    let total = query.clone().count(store.db()).await?;
    let rows = query
        .order_by_asc(organisation::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(store.db())
        .await?
        .into_iter()
        .map(organisation_from)
        .collect();
    Ok((total, rows))
}
