//! Accounts over their life: the coordinator edits, deactivates and reactivates them and resets
//! a password; every change that takes access away ends the account's sessions.

use kpss_domain::FieldError;
use kpss_domain::account::{Actor, CoordinatorChange, Role};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;

use super::{Account, load_on};
use crate::entity::{account, account_organisation};
use crate::{Error, Result, Store, audit};

/// What the coordinator sets on an account.
#[derive(Debug, Clone, Serialize)]
pub struct AccountChange<'a> {
    pub email: &'a str,
    pub name: &'a str,
    #[serde(serialize_with = "role_code")]
    pub role: Role,
    /// Organisations a provider editor speaks for.
    pub organisations: &'a [i32],
    /// Working groups a manager leads.
    pub groups: &'a [String],
}

fn role_code<S: serde::Serializer>(role: &Role, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(role.code())
}

/// An account of the tenant, active or not: for the coordinator's pages.
pub async fn find(store: &Store, tenant: i32, id: i32) -> Result<Account> {
    let model = account::Entity::find_by_id(id)
        .filter(account::Column::TenantId.eq(tenant))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    load_on(store.db(), model).await
}

/// The account, locked for this write, checked to be the tenant's and at `version`.
async fn current(
    txn: &DatabaseTransaction,
    tenant: i32,
    (id, version): (i32, i32),
) -> Result<Account> {
    let model = account::Entity::find_by_id(id)
        .filter(account::Column::TenantId.eq(tenant))
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    if model.version != version {
        return Err(Error::Conflict(crate::Conflict::StaleVersion));
    }
    load_on(txn, model).await
}

/// Refuses a change that would lock its maker out or leave no active coordinator; counted in
/// the writing transaction.
async fn keeps_a_coordinator(
    txn: &DatabaseTransaction,
    (tenant, actor): (i32, &Actor),
    before: &Account,
    admin_after: bool,
    field: &str,
) -> Result<()> {
    let other_admins = account::Entity::find()
        .filter(account::Column::TenantId.eq(tenant))
        .filter(account::Column::Role.eq(Role::Admin.code()))
        .filter(account::Column::Active.eq(true))
        .filter(account::Column::Id.ne(before.id))
        .count(txn)
        .await?;
    CoordinatorChange {
        by: actor.account_id,
        account: before.id,
        admin_before: before.active && before.role == Role::Admin,
        admin_after,
        other_admins,
    }
    .check()
    .map_err(|e| Error::field(field, e))
}

/// Changes an account's e-mail, name, role, organisations and groups, if nobody changed it
/// since `version`. A change of role or organisations ends the account's sessions, so the
/// person logs in again with exactly the new rights.
pub async fn update(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    change: &AccountChange<'_>,
) -> Result<Account> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = current(&txn, tenant, key).await?;
    let admin_after = before.active && change.role == Role::Admin;
    keeps_a_coordinator(&txn, (tenant, actor), &before, admin_after, "role").await?;
    let email = change.email.trim().to_lowercase();
    crate::versioned::bump(
        &txn,
        key,
        account::ActiveModel {
            email: Set(email),
            name: Set(change.name.to_owned()),
            role: Set(change.role.code().to_owned()),
            ..Default::default()
        },
    )
    .await
    .map_err(|e| match e {
        Error::Conflict(crate::Conflict::Duplicate) => {
            Error::field("email", FieldError::AlreadyUsed)
        }
        other => other,
    })?;
    account_organisation::Entity::delete_many()
        .filter(account_organisation::Column::AccountId.eq(key.0))
        .exec(&txn)
        .await?;
    for organisation in change.organisations {
        account_organisation::Entity::insert(account_organisation::ActiveModel {
            account_id: Set(key.0),
            organisation_id: Set(*organisation),
            tenant_id: Set(tenant),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    let model = account::Entity::find_by_id(key.0)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    crate::member::set_led(
        &txn,
        (tenant, actor.account_id),
        &model,
        change.groups,
        kpss_domain::czech::today(),
    )
    .await?;
    let mut led = change.groups.to_vec();
    led.sort();
    let rights_changed = before.role != change.role
        || before.organisations != change.organisations
        || before.groups != led;
    if rights_changed {
        crate::session::end_for_account(&txn, key.0, None).await?;
    }
    let before_record = AccountChange {
        email: &before.email,
        name: &before.name,
        role: before.role,
        organisations: &before.organisations,
        groups: &before.groups,
    };
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("account", key.0),
        "update",
        Some(&before_record),
        Some(change),
    )
    .await?;
    let after = account::Entity::find_by_id(key.0)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let after = load_on(&txn, after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Deactivates an account (it cannot log in and its sessions end at once) or reactivates it,
/// if nobody changed it since `version`.
pub async fn set_active(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    active: bool,
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = current(&txn, tenant, key).await?;
    let admin_after = active && before.role == Role::Admin;
    keeps_a_coordinator(&txn, (tenant, actor), &before, admin_after, "active").await?;
    crate::versioned::bump(
        &txn,
        key,
        account::ActiveModel {
            active: Set(active),
            ..Default::default()
        },
    )
    .await?;
    if !active {
        crate::session::end_for_account(&txn, key.0, None).await?;
    }
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("account", key.0),
        if active { "reactivate" } else { "deactivate" },
        Some(&before.active),
        Some(&active),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Gives an account a new password chosen by kpss (handed over by the coordinator) and ends all
/// its sessions; the old password stops working at once.
pub async fn reset_password(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    password_hash: String,
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    super::replace_password(&txn, (tenant, actor.account_id), id, password_hash, None).await?;
    txn.commit().await?;
    Ok(())
}
