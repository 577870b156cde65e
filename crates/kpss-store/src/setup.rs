//! The first start of a real installation: a tenant without accounts gets a one-time set-up
//! link for its first coordinator. The demo city fills only a tenant nobody has touched.

use kpss_domain::account::Role;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::account::{self, Account, NewAccount};
use crate::entity::{account as account_entity, organisation, setup_token};
use crate::{Conflict, Error, Result, Store, digest};

/// Whether the tenant is as `tenant::ensure` created it: no organisations, no accounts and
/// no set-up link ever issued. Only such a tenant may be filled with the demo.
pub async fn is_untouched(store: &Store, tenant: i32) -> Result<bool> {
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::TenantId.eq(tenant))
        .count(store.db())
        .await?;
    let tokens = setup_token::Entity::find_by_id(tenant)
        .count(store.db())
        .await?;
    Ok(organisations == 0 && tokens == 0 && accounts(store.db(), tenant).await? == 0)
}

async fn accounts(db: &impl sea_orm::ConnectionTrait, tenant: i32) -> Result<u64> {
    Ok(account_entity::Entity::find()
        .filter(account_entity::Column::TenantId.eq(tenant))
        .count(db)
        .await?)
}

/// A fresh one-time set-up token for a tenant without accounts (replacing any earlier one),
/// or `None` once the tenant has an account. Only its hash is stored.
pub async fn issue(store: &Store, tenant: i32) -> Result<Option<String>> {
    let txn = store.write().await?;
    if accounts(&txn, tenant).await? > 0 {
        return Ok(None);
    }
    let token = account::one_time_password() + &account::one_time_password();
    setup_token::Entity::insert(setup_token::ActiveModel {
        tenant_id: Set(tenant),
        token_hash: Set(digest(&token)),
        created_at: Set(crate::now()),
        used_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(setup_token::Column::TenantId)
            .update_columns([
                setup_token::Column::TokenHash,
                setup_token::Column::CreatedAt,
                setup_token::Column::UsedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(token))
}

/// The tenant's set-up row if this token is its current, unspent one.
async fn unspent(
    db: &impl sea_orm::ConnectionTrait,
    tenant: i32,
    token: &str,
) -> Result<Option<setup_token::Model>> {
    Ok(setup_token::Entity::find_by_id(tenant)
        .filter(setup_token::Column::TokenHash.eq(digest(token)))
        .filter(setup_token::Column::UsedAt.is_null())
        .one(db)
        .await?)
}

/// Whether the token opens the set-up of this tenant now.
pub async fn is_open(store: &Store, tenant: i32, token: &str) -> Result<bool> {
    Ok(unspent(store.db(), tenant, token).await?.is_some()
        && accounts(store.db(), tenant).await? == 0)
}

/// Creates the first coordinator with the token and spends it, in one transaction: a wrong or
/// spent token is not found, a tenant that meanwhile got an account is a conflict.
pub async fn complete(
    store: &Store,
    tenant: i32,
    token: &str,
    email: &str,
    name: &str,
    password_hash: String,
) -> Result<Account> {
    let txn = store.write().await?;
    let row = unspent(&txn, tenant, token).await?.ok_or(Error::NotFound)?;
    if accounts(&txn, tenant).await? > 0 {
        return Err(Error::Conflict(Conflict::Transition));
    }
    let new = NewAccount {
        email,
        name,
        role: Role::Admin,
        password_hash,
        organisations: &[],
        groups: &[],
    };
    let created = account::insert(&txn, tenant, None, new).await?;
    let mut used: setup_token::ActiveModel = row.into();
    used.used_at = Set(Some(crate::now()));
    setup_token::Entity::update(used).exec(&txn).await?;
    txn.commit().await?;
    account::get(store, tenant, created.id).await
}
