//! What the catalogue search keeps in the database besides the catalogue: each tenant's own
//! thesaurus groups, which every node's index reads at start and follows.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::OnConflict};
use time::OffsetDateTime;

use crate::entity::search_thesaurus;
use crate::{Error, Result, Store};

/// A tenant's own thesaurus: one group a line, and the version a form sends back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thesaurus {
    pub groups: String,
    /// 0 while it was never saved.
    pub version: i32,
}

/// The tenant's own thesaurus (empty when never saved).
pub async fn thesaurus(store: &Store, tenant: i32) -> Result<Thesaurus> {
    Ok(search_thesaurus::Entity::find_by_id(tenant)
        .one(store.db())
        .await?
        .map(|m| Thesaurus {
            groups: m.groups,
            version: m.version,
        })
        .unwrap_or_default())
}

/// Replaces the tenant's own thesaurus, if nobody saved it since `version`; only the
/// coordinator may. Returns the new version.
pub async fn save_thesaurus(
    store: &Store,
    tenant: i32,
    actor: &kpss_domain::account::Actor,
    groups: &str,
    version: i32,
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = search_thesaurus::Entity::find_by_id(tenant)
        .one(&txn)
        .await?;
    let stored = before.as_ref().map_or(0, |b| b.version);
    if stored != version {
        return Err(Error::Conflict(crate::Conflict::StaleVersion));
    }
    let row = search_thesaurus::ActiveModel {
        tenant_id: Set(tenant),
        groups: Set(groups.to_owned()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
    };
    // The version read above is checked again by the write itself: of two saves from the same
    // version on PostgreSQL, the second finds the row changed and is refused.
    let written = if before.is_some() {
        search_thesaurus::Entity::update_many()
            .set(row)
            .filter(search_thesaurus::Column::TenantId.eq(tenant))
            .filter(search_thesaurus::Column::Version.eq(version))
            .exec(&txn)
            .await?
            .rows_affected
    } else {
        search_thesaurus::Entity::insert(row)
            .on_conflict(
                OnConflict::column(search_thesaurus::Column::TenantId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?
    };
    if written == 0 {
        return Err(Error::Conflict(crate::Conflict::StaleVersion));
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("tenant", tenant),
        "search_thesaurus",
        Some(&before.map(|b| b.groups).unwrap_or_default()),
        Some(&groups),
    )
    .await?;
    store.commit_shared(txn).await?;
    Ok(version + 1)
}

/// The thesauri saved after `since` (all of them with `None`): (tenant, groups).
pub async fn thesauri_since(
    store: &Store,
    since: Option<OffsetDateTime>,
) -> Result<Vec<(i32, String)>> {
    let mut query = search_thesaurus::Entity::find();
    if let Some(since) = since {
        query = query.filter(search_thesaurus::Column::UpdatedAt.gt(since));
    }
    Ok(query
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| (m.tenant_id, m.groups))
        .collect())
}
