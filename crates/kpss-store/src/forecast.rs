//! The forecast's data: the population table, replaced whole by each import, and the need
//! ratios; and the places of the catalogue's services of a type per district.

use std::collections::BTreeMap;

use kpss_domain::account::Actor;
use kpss_domain::catalogue::CapacityUnit;
use kpss_domain::forecast::{AgeBand, NeedRatio, Population};
use kpss_domain::quantity::Quantity;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{need_ratio, population, service};
use crate::{Error, Result, Store};

fn band(from: i32, to: Option<i32>) -> AgeBand {
    AgeBand {
        from: u8::try_from(from).unwrap_or(u8::MAX),
        to: to.map(|t| u8::try_from(t).unwrap_or(u8::MAX)),
    }
}

/// The tenant's population table.
pub async fn population(store: &Store, tenant: i32) -> Result<Vec<Population>> {
    Ok(population::Entity::find()
        .filter(population::Column::TenantId.eq(tenant))
        .order_by_asc(population::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| Population {
            district: m.district,
            year: m.year,
            band: band(m.age_from, m.age_to),
            people: m.people,
        })
        .collect())
}

/// Replaces the tenant's population table with `rows`, all or nothing; the coordinator's.
pub async fn replace_population(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    rows: &[Population],
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = population::Entity::delete_many()
        .filter(population::Column::TenantId.eq(tenant))
        .exec(&txn)
        .await?
        .rows_affected;
    // 7 values a row; a chunk stays far below the engines' limits on parameters.
    for chunk in rows.chunks(1_000) {
        population::Entity::insert_many(chunk.iter().map(|p| population::ActiveModel {
            tenant_id: Set(tenant),
            district: Set(p.district.clone()),
            year: Set(p.year),
            age_from: Set(i32::from(p.band.from)),
            age_to: Set(p.band.to.map(i32::from)),
            people: Set(p.people),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("population", tenant),
        "import",
        Some(&before),
        Some(&rows.len()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The tenant's need ratios with their ids, in the order they were set.
pub async fn ratios(store: &Store, tenant: i32) -> Result<Vec<(i32, NeedRatio)>> {
    Ok(need_ratio::Entity::find()
        .filter(need_ratio::Column::TenantId.eq(tenant))
        .order_by_asc(need_ratio::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| {
            (
                m.id,
                NeedRatio {
                    service_type: m.service_type,
                    ages: band(m.age_from, m.age_to),
                    per_thousand: Quantity::from_hundredths(m.per_thousand),
                },
            )
        })
        .collect())
}

/// Sets a need ratio; the coordinator's.
pub async fn add_ratio(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    ratio: &NeedRatio,
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let created = need_ratio::Entity::insert(need_ratio::ActiveModel {
        tenant_id: Set(tenant),
        service_type: Set(ratio.service_type.clone()),
        age_from: Set(i32::from(ratio.ages.from)),
        age_to: Set(ratio.ages.to.map(i32::from)),
        per_thousand: Set(ratio.per_thousand.hundredths()),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("need_ratio", created.id),
        "create",
        None::<&()>,
        Some(ratio),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Removes a need ratio; the coordinator's.
pub async fn delete_ratio(store: &Store, tenant: i32, actor: &Actor, id: i32) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let deleted = need_ratio::Entity::delete_many()
        .filter(need_ratio::Column::TenantId.eq(tenant))
        .filter(need_ratio::Column::Id.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted == 0 {
        return Err(Error::NotFound);
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("need_ratio", id),
        "delete",
        None::<&()>,
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The places (clients and beds) of the tenant's services of `service_type` by district code,
/// a service of several districts split evenly; services with no district are left out.
pub async fn capacities(
    store: &Store,
    tenant: i32,
    service_type: &str,
) -> Result<BTreeMap<String, i64>> {
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    let services = service::Entity::find()
        .filter(service::Column::TenantId.eq(tenant))
        .filter(service::Column::ServiceType.eq(service_type))
        .all(store.db())
        .await?;
    for m in services {
        let s = crate::catalogue::service_from(m, String::new());
        let places = match s.draft.capacity {
            Some(c) if matches!(c.unit, CapacityUnit::Clients | CapacityUnit::Beds) => {
                i64::from(c.amount)
            }
            _ => continue,
        };
        let mut districts: Vec<&str> = s
            .draft
            .locations
            .iter()
            .filter_map(|l| l.district.as_deref())
            .collect();
        districts.sort_unstable();
        districts.dedup();
        let count = i64::try_from(districts.len()).unwrap_or(1).max(1);
        for (i, d) in districts.iter().enumerate() {
            let extra = i64::from(i64::try_from(i).unwrap_or(0) < places % count);
            *out.entry((*d).to_owned()).or_default() += places / count + extra;
        }
    }
    Ok(out)
}
