//! Reading and writing organisations.

use kpss_domain::account::Actor;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
};

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

/// How many services and activities each organisation of the tenant has in the catalogue
/// (organisations without any are missing).
pub async fn service_counts(
    store: &Store,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, u64>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Expr;
    Ok(crate::entity::service::Entity::find()
        .select_only()
        .column(crate::entity::service::Column::OrganisationId)
        .column_as(Expr::col(crate::entity::service::Column::Id).count(), "n")
        .filter(crate::entity::service::Column::TenantId.eq(tenant))
        .group_by(crate::entity::service::Column::OrganisationId)
        .into_tuple::<(i32, i64)>()
        .all(store.db())
        .await?
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
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
    let created = insert_organisation(&txn, (tenant, actor), draft, "create").await?;
    store.commit_shared(txn).await?;
    Ok(created)
}

/// Inserts an organisation within the caller's transaction, audited as `action`.
pub(super) async fn insert_organisation<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, &Actor),
    draft: &OrganisationDraft,
    action: &str,
) -> Result<Organisation> {
    let mut am = organisation::ActiveModel {
        tenant_id: Set(tenant),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    };
    organisation_columns(&mut am, draft);
    let created = organisation::Entity::insert(am)
        .exec_with_returning(c)
        .await
        .map_err(|e| duplicate_ico(e.into()))?;
    audit::record(
        c,
        tenant,
        actor.account_id,
        ("organisation", created.id),
        action,
        None::<&()>,
        Some(draft),
    )
    .await?;
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
    store.commit_shared(txn).await?;
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

/// An organisation as a form offers it: told apart from its namesakes by its IČO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationChoice {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// Its IČO.
    pub ico: String,
}

/// Which of a tenant's organisations a form offers.
#[derive(Debug, Clone, Copy)]
pub enum OrganisationPick<'a> {
    /// These ones (a provider's own, or those a catalogue search found).
    Ids(&'a [i32]),
    /// Those whose IČO is this text or whose name contains it, ignoring case.
    Matching(&'a str),
    /// Any, up to the limit: the whole list when it is short.
    All,
}

/// The tenant's organisations a form offers, in Czech order of names, at most `limit`.
pub async fn organisation_choices(
    store: &Store,
    tenant: i32,
    pick: OrganisationPick<'_>,
    limit: u64,
) -> Result<Vec<OrganisationChoice>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let query = organisation::Entity::find()
        .select_only()
        .columns([
            organisation::Column::Id,
            organisation::Column::Name,
            organisation::Column::Ico,
        ])
        .filter(organisation::Column::TenantId.eq(tenant));
    let query = match pick {
        OrganisationPick::Ids(ids) => query.filter(organisation::Column::Id.is_in(ids.to_vec())),
        OrganisationPick::Matching(text) => {
            let text = text.trim().to_lowercase();
            let escaped: String = text
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            let like = LikeExpr::new(format!("%{escaped}%")).escape('\\');
            query.filter(
                sea_orm::Condition::any()
                    .add(organisation::Column::Ico.eq(text.replace(' ', "")))
                    .add(Expr::expr(Func::lower(Expr::col(organisation::Column::Name))).like(like)),
            )
        }
        OrganisationPick::All => query,
    };
    let mut found: Vec<OrganisationChoice> = query
        .limit(limit)
        .into_tuple::<(i32, String, String)>()
        .all(store.db())
        .await?
        .into_iter()
        .map(|(id, name, ico)| OrganisationChoice { id, name, ico })
        .collect();
    found.sort_by(|a, b| kpss_domain::czech::compare(&a.name, &b.name));
    Ok(found)
}

/// How many organisations the tenant has.
pub async fn organisation_count(store: &Store, tenant: i32) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(organisation::Entity::find()
        .filter(organisation::Column::TenantId.eq(tenant))
        .count(store.db())
        .await?)
}
