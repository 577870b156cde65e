//! Tenants (a municipality or a region) and their code lists.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::{code_list, code_list_version, tenant};
use crate::{Error, Result, Store};

/// A municipality or region using kpss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i32>,
    pub host: Option<String>,
}

impl From<tenant::Model> for Tenant {
    fn from(m: tenant::Model) -> Self {
        Self {
            id: m.id,
            slug: m.slug,
            name: m.name,
            kind: m.kind,
            parent_id: m.parent_id,
            host: m.host,
        }
    }
}

/// The tenants a read may see: a municipality sees itself; a region sees itself and its
/// municipalities. Writes always name exactly one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(Vec<i32>);

impl Scope {
    /// One tenant only.
    #[must_use]
    pub fn one(tenant: i32) -> Self {
        Self(vec![tenant])
    }

    /// The tenants in the scope.
    #[must_use]
    pub fn tenants(&self) -> &[i32] {
        &self.0
    }
}

impl From<i32> for Scope {
    fn from(tenant: i32) -> Self {
        Self::one(tenant)
    }
}

/// What this tenant may read.
pub async fn scope(store: &Store, tenant: &Tenant) -> Result<Scope> {
    if let Some(scope) = store.cache().get(|e| e.scopes.get(&tenant.id).cloned()) {
        return Ok(scope);
    }
    let read_at = store.cache().generation();
    let mut tenants = vec![tenant.id];
    if tenant.kind == kpss_domain::tenant::TenantKind::Region.code() {
        let children = tenant::Entity::find()
            .filter(tenant::Column::ParentId.eq(tenant.id))
            .order_by_asc(tenant::Column::Id)
            .all(store.db())
            .await?;
        tenants.extend(children.into_iter().map(|c| c.id));
    }
    let scope = Scope(tenants);
    store.cache().put(read_at, |e| {
        e.scopes.insert(tenant.id, scope.clone());
    });
    Ok(scope)
}

/// The tenant with this slug, created if it does not exist yet.
pub async fn ensure(store: &Store, slug: &str, name: &str) -> Result<Tenant> {
    if let Some(found) = by_slug(store, slug).await? {
        return Ok(found);
    }
    let txn = store.write().await?;
    let created = tenant::Entity::insert(tenant::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        kind: Set("municipality".to_owned()),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    store.commit_shared(txn).await?;
    Ok(created.into())
}

/// A new tenant: a municipality (optionally inside a region) or a region.
#[derive(Debug, Clone)]
pub struct NewTenant<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: kpss_domain::tenant::TenantKind,
    /// The region a municipality belongs to.
    pub parent: Option<i32>,
    /// The host name it is served at.
    pub host: Option<&'a str>,
}

/// Creates a tenant; a taken slug or host is a conflict.
pub async fn add(store: &Store, new: NewTenant<'_>) -> Result<Tenant> {
    let txn = store.write().await?;
    let created = tenant::Entity::insert(tenant::ActiveModel {
        slug: Set(new.slug.to_owned()),
        name: Set(new.name.to_owned()),
        kind: Set(new.kind.code().to_owned()),
        parent_id: Set(new.parent),
        host: Set(new.host.map(str::to_owned)),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    store.commit_shared(txn).await?;
    Ok(created.into())
}

/// Every tenant, by slug.
pub async fn all(store: &Store) -> Result<Vec<Tenant>> {
    Ok(tenant::Entity::find()
        .order_by_asc(tenant::Column::Slug)
        .all(store.db())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The tenant with this slug.
pub async fn by_slug(store: &Store, slug: &str) -> Result<Option<Tenant>> {
    Ok(tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(store.db())
        .await?
        .map(Into::into))
}

/// Host names a node remembers as bound to no tenant (the default tenant's, `localhost`),
/// at most.
const UNBOUND_HOSTS_KEPT: usize = 256;

/// The tenant served at this host name, if one is bound to it.
pub async fn by_host(store: &Store, host: &str) -> Result<Option<Tenant>> {
    if let Some(found) = store.cache().get(|e| e.hosts.get(host).cloned()) {
        return Ok(found);
    }
    let read_at = store.cache().generation();
    let found: Option<Tenant> = tenant::Entity::find()
        .filter(tenant::Column::Host.eq(host))
        .one(store.db())
        .await?
        .map(Into::into);
    // Any name can be sent: names bound to no tenant are kept only while they are few.
    store.cache().put(read_at, |e| {
        if found.is_some() || e.hosts.len() < UNBOUND_HOSTS_KEPT {
            e.hosts.insert(host.to_owned(), found.clone());
        }
    });
    Ok(found)
}

/// A tenant's own list: target groups or city districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Cílové skupiny.
    TargetGroups,
    /// Městské obvody.
    Districts,
    /// Zdroje financování.
    FundingSources,
}

impl ListKind {
    /// Code in the database and the audit log.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::TargetGroups => "target_group",
            Self::Districts => "district",
            Self::FundingSources => "funding_source",
        }
    }
}

/// One item of a tenant's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub code: String,
    pub name: String,
}

/// The items of a list in their set order; across a region, the first tenant naming a code
/// names it.
pub async fn list(store: &Store, scope: impl Into<Scope>, kind: ListKind) -> Result<Vec<ListItem>> {
    let scope = scope.into();
    let key = (scope.0.clone(), kind.code());
    if let Some(items) = store.cache().get(|e| e.lists.get(&key).cloned()) {
        return Ok(items);
    }
    let read_at = store.cache().generation();
    let items = list_on(store.db(), &scope, kind).await?;
    store.cache().put(read_at, |e| {
        e.lists.insert(key, items.clone());
    });
    Ok(items)
}

async fn list_on<C: ConnectionTrait>(
    c: &C,
    scope: &Scope,
    kind: ListKind,
) -> Result<Vec<ListItem>> {
    let rows = code_list::Entity::find()
        .filter(code_list::Column::TenantId.is_in(scope.0.clone()))
        .filter(code_list::Column::List.eq(kind.code()))
        .order_by_asc(code_list::Column::Position)
        .all(c)
        .await?;
    let mut items: Vec<ListItem> = Vec::new();
    for tenant in scope.tenants() {
        for m in rows.iter().filter(|m| m.tenant_id == *tenant) {
            if !items.iter().any(|i| i.code == m.code) {
                items.push(ListItem {
                    code: m.code.clone(),
                    name: m.name.clone(),
                });
            }
        }
    }
    Ok(items)
}

/// Replaces a list, in one transaction, whatever its version (for filling a new tenant).
pub async fn set_list(
    store: &Store,
    tenant: i32,
    kind: ListKind,
    items: &[ListItem],
) -> Result<()> {
    let txn = store.write().await?;
    let version = version_on(&txn, tenant, kind).await?;
    bump_version(&txn, tenant, kind, version).await?;
    replace_list(&txn, tenant, kind, items).await?;
    store.commit_shared(txn).await
}

/// The version of one of the tenant's lists: 0 while it was never saved, then raised by every
/// replacement. A list form sends back the version it was opened on.
pub async fn list_version(store: &Store, tenant: i32, kind: ListKind) -> Result<i32> {
    version_on(store.db(), tenant, kind).await
}

async fn version_on<C: ConnectionTrait>(c: &C, tenant: i32, kind: ListKind) -> Result<i32> {
    Ok(code_list_version::Entity::find()
        .filter(code_list_version::Column::TenantId.eq(tenant))
        .filter(code_list_version::Column::List.eq(kind.code()))
        .one(c)
        .await?
        .map_or(0, |v| v.version))
}

/// Raises a list's version from `version`, or refuses as stale when someone else raised it:
/// the conditional update (or the unique index, for a first save) decides, so two writers on
/// PostgreSQL cannot both pass.
async fn bump_version(
    txn: &sea_orm::DatabaseTransaction,
    tenant: i32,
    kind: ListKind,
    version: i32,
) -> Result<()> {
    let stale = Error::Conflict(crate::Conflict::StaleVersion);
    if version == 0 {
        code_list_version::Entity::insert(code_list_version::ActiveModel {
            tenant_id: Set(tenant),
            list: Set(kind.code().to_owned()),
            version: Set(1),
            ..Default::default()
        })
        .exec_without_returning(txn)
        .await
        .map_err(|e| match Error::from(e) {
            Error::Conflict(_) => stale,
            other => other,
        })?;
        return Ok(());
    }
    let updated = code_list_version::Entity::update_many()
        .col_expr(
            code_list_version::Column::Version,
            sea_orm::sea_query::Expr::value(version + 1),
        )
        .filter(code_list_version::Column::TenantId.eq(tenant))
        .filter(code_list_version::Column::List.eq(kind.code()))
        .filter(code_list_version::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(stale);
    }
    Ok(())
}

async fn replace_list(
    txn: &sea_orm::DatabaseTransaction,
    tenant: i32,
    kind: ListKind,
    items: &[ListItem],
) -> Result<()> {
    code_list::Entity::delete_many()
        .filter(code_list::Column::TenantId.eq(tenant))
        .filter(code_list::Column::List.eq(kind.code()))
        .exec(txn)
        .await?;
    for (position, item) in items.iter().enumerate() {
        code_list::Entity::insert(code_list::ActiveModel {
            tenant_id: Set(tenant),
            list: Set(kind.code().to_owned()),
            code: Set(item.code.clone()),
            name: Set(item.name.clone()),
            position: Set(i32::try_from(position).map_err(|_| Error::NotFound)?),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Replaces one of the tenant's lists; only the coordinator may, and a code still used by a
/// stored record cannot be dropped (a funding source's money would vanish from the reports, a
/// service would lose its target group or district).
///
/// `version` is the one the form was opened on ([`list_version`]); a list replaced since is
/// refused as stale.
pub async fn set_list_checked(
    store: &Store,
    tenant: i32,
    actor: &kpss_domain::account::Actor,
    (kind, version): (ListKind, i32),
    items: &[ListItem],
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    bump_version(&txn, tenant, kind, version).await?;
    let used = match kind {
        ListKind::FundingSources => used_sources(&txn, tenant).await?,
        ListKind::TargetGroups | ListKind::Districts => {
            crate::catalogue::used_codes(&txn, tenant, kind).await?
        }
    };
    let dropped: Vec<String> = used
        .into_iter()
        .filter(|code| !items.iter().any(|i| &i.code == code))
        .collect();
    if !dropped.is_empty() {
        let mut errors = kpss_domain::FieldErrors::default();
        errors.add(
            "list",
            kpss_domain::FieldError::InUse {
                codes: dropped.join(", "),
            },
        );
        return Err(Error::Invalid(errors));
    }
    let before = match kind {
        ListKind::FundingSources => sources_on(&txn, tenant).await?,
        _ => list_on(&txn, &Scope::one(tenant), kind).await?,
    };
    replace_list(&txn, tenant, kind, items).await?;
    let names = |list: &[ListItem]| -> Vec<String> {
        list.iter()
            .map(|i| format!("{}; {}", i.code, i.name))
            .collect()
    };
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("tenant", tenant),
        kind.code(),
        Some(&names(&before)),
        Some(&names(items)),
    )
    .await?;
    store.commit_shared(txn).await
}

/// Funding source codes used by cards and by measures' expected costs.
async fn used_sources(txn: &sea_orm::DatabaseTransaction, tenant: i32) -> Result<Vec<String>> {
    use crate::entity::{card_cost, plan_measure};
    use sea_orm::QuerySelect;
    let mut used: Vec<String> = card_cost::Entity::find()
        .select_only()
        .column(card_cost::Column::Source)
        .distinct()
        .filter(card_cost::Column::TenantId.eq(tenant))
        .into_tuple::<String>()
        .all(txn)
        .await?;
    let measures: Vec<Option<String>> = plan_measure::Entity::find()
        .select_only()
        .column(plan_measure::Column::Funding)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .filter(plan_measure::Column::Funding.is_not_null())
        .into_tuple()
        .all(txn)
        .await?;
    for json in measures.into_iter().flatten() {
        if let Ok(f) = serde_json::from_str::<kpss_domain::plan::funding::MeasureFunding>(&json) {
            used.extend(f.costs.into_iter().map(|(s, _, _)| s));
        }
    }
    used.sort();
    used.dedup();
    Ok(used)
}

/// The tenant's funding sources; a tenant that set none uses the usual Czech list.
pub async fn funding_sources(store: &Store, tenant: i32) -> Result<Vec<ListItem>> {
    let own = list(store, tenant, ListKind::FundingSources).await?;
    Ok(if own.is_empty() {
        default_sources()
    } else {
        own
    })
}

fn default_sources() -> Vec<ListItem> {
    kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(code, name)| ListItem {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
        })
        .collect()
}

async fn sources_on<C: ConnectionTrait>(c: &C, tenant: i32) -> Result<Vec<ListItem>> {
    let own = list_on(c, &Scope::one(tenant), ListKind::FundingSources).await?;
    Ok(if own.is_empty() {
        default_sources()
    } else {
        own
    })
}
