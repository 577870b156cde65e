//! Accounts, their roles and organisations, passwords and the login throttle.

mod life;
pub mod link;

pub use life::{AccountChange, find, reset_password, set_active, update};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use kpss_domain::account::{Actor, Role};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use time::Duration;

use crate::entity::{account, account_organisation, login_device, login_failure};
use crate::{Error, Result, Store, audit};

/// A person who can log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i32,
    pub tenant_id: i32,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub role: Role,
    /// Organisations a provider editor speaks for.
    pub organisations: Vec<i32>,
    /// Codes of the groups the account's member leads today (a „manažer“ membership).
    pub groups: Vec<String>,
    /// A deactivated account cannot log in; its history stays.
    pub active: bool,
    /// For optimistic locking of the coordinator's account form.
    pub version: i32,
}

impl Account {
    /// The account as the actor of a change.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: Some(self.id),
            role: self.role,
            organisations: self.organisations.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// Hashes a password with argon2id; slow on purpose, so call it off the async threads.
#[must_use]
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Checks a password against a stored hash; slow on purpose, like [`hash_password`].
#[must_use]
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A random password to hand over once; no 0/O or 1/l/I, as it is read aloud or copied by hand.
#[must_use]
pub fn one_time_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// A hash of a password nobody has, to spend the same time on unknown accounts.
#[must_use]
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("kpss-decoy-password-never-valid"));
    &DECOY
}

async fn load(store: &Store, model: account::Model) -> Result<Account> {
    load_on(store.db(), model).await
}

async fn load_on<C: sea_orm::ConnectionTrait>(c: &C, model: account::Model) -> Result<Account> {
    Ok(load_many(c, vec![model]).await?.remove(0))
}

/// Accounts with their organisations, in one query for all the organisations.
async fn load_many<C: sea_orm::ConnectionTrait>(
    c: &C,
    models: Vec<account::Model>,
) -> Result<Vec<Account>> {
    let ids: Vec<i32> = models.iter().map(|m| m.id).collect();
    let links = account_organisation::Entity::find()
        .filter(account_organisation::Column::AccountId.is_in(ids.iter().copied()))
        .all(c)
        .await?;
    let mut led = crate::member::led_codes(c, &ids, kpss_domain::czech::today()).await?;
    models
        .into_iter()
        .map(|model| {
            // An unknown role is refused: reading it as any role could grant too much.
            let role = crate::decode("role", &model.role, |r| Role::parse(r).ok())?;
            Ok(Account {
                organisations: links
                    .iter()
                    .filter(|l| l.account_id == model.id)
                    .map(|l| l.organisation_id)
                    .collect(),
                groups: led.remove(&model.id).unwrap_or_default(),
                id: model.id,
                tenant_id: model.tenant_id,
                email: model.email,
                name: model.name,
                role,
                active: model.active,
                version: model.version,
            })
        })
        .collect()
}

/// A new account: e-mail, name, role, a password hash and, for providers, organisations.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: String,
    pub organisations: &'a [i32],
    /// For managers, the codes of the groups they lead from today.
    pub groups: &'a [String],
}

/// Creates an account; a taken e-mail is a conflict.
pub async fn add(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    new: NewAccount<'_>,
) -> Result<Account> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let created = insert(&txn, tenant, actor.account_id, new).await?;
    txn.commit().await?;
    load(store, created).await
}

/// Inserts an account inside the caller's transaction, with its audit entry.
pub(crate) async fn insert(
    txn: &sea_orm::DatabaseTransaction,
    tenant: i32,
    actor: Option<i32>,
    new: NewAccount<'_>,
) -> Result<account::Model> {
    let created = account::Entity::insert(account::ActiveModel {
        tenant_id: Set(tenant),
        email: Set(new.email.to_lowercase()),
        name: Set(new.name.to_owned()),
        role: Set(new.role.code().to_owned()),
        password_hash: Set(new.password_hash),
        active: Set(true),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(txn)
    .await?;
    crate::member::set_led(
        txn,
        (tenant, actor),
        &created,
        new.groups,
        kpss_domain::czech::today(),
    )
    .await?;
    for organisation in new.organisations {
        account_organisation::Entity::insert(account_organisation::ActiveModel {
            account_id: Set(created.id),
            organisation_id: Set(*organisation),
            tenant_id: Set(tenant),
        })
        .exec_without_returning(txn)
        .await?;
    }
    let summary = serde_json::json!({
        "email": created.email, "name": created.name, "role": created.role,
        "organisations": new.organisations, "groups": new.groups,
    });
    audit::record(
        txn,
        tenant,
        actor,
        ("account", created.id),
        "create",
        None::<&()>,
        Some(&summary),
    )
    .await?;
    Ok(created)
}

/// The account and its password hash, for logging in.
pub async fn find_for_login(
    store: &Store,
    tenant: i32,
    email: &str,
) -> Result<Option<(Account, String)>> {
    let found = account::Entity::find()
        .filter(account::Column::TenantId.eq(tenant))
        .filter(account::Column::Email.eq(email.trim().to_lowercase()))
        .filter(account::Column::Active.eq(true))
        .one(store.db())
        .await?;
    match found {
        Some(model) => {
            let hash = model.password_hash.clone();
            Ok(Some((load(store, model).await?, hash)))
        }
        None => Ok(None),
    }
}

/// The account with this id.
pub async fn get(store: &Store, tenant: i32, id: i32) -> Result<Account> {
    let model = account::Entity::find_by_id(id)
        .filter(account::Column::TenantId.eq(tenant))
        .filter(account::Column::Active.eq(true))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    load(store, model).await
}

/// All accounts of the tenant, by e-mail.
pub async fn all(store: &Store, tenant: i32) -> Result<Vec<Account>> {
    let models = account::Entity::find()
        .filter(account::Column::TenantId.eq(tenant))
        .order_by_asc(account::Column::Email)
        .all(store.db())
        .await?;
    load_many(store.db(), models).await
}

/// Replaces the password of an account and ends its sessions but `keep` (the one the person
/// changed it in), in one transaction; the log records that, never the hash.
pub async fn set_password(
    store: &Store,
    tenant: i32,
    id: i32,
    password_hash: String,
    keep: Option<&str>,
) -> Result<()> {
    let txn = store.write().await?;
    replace_password(&txn, (tenant, Some(id)), id, password_hash, keep).await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a password and ends the account's sessions but `keep`, inside the caller's
/// transaction; `by` is who the log names.
pub(crate) async fn replace_password(
    txn: &sea_orm::DatabaseTransaction,
    (tenant, by): (i32, Option<i32>),
    id: i32,
    password_hash: String,
    keep: Option<&str>,
) -> Result<()> {
    let model = account::Entity::find_by_id(id)
        .filter(account::Column::TenantId.eq(tenant))
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    let version = model.version;
    let mut active: account::ActiveModel = model.into();
    active.password_hash = Set(password_hash);
    active.version = Set(version + 1);
    account::Entity::update(active).exec(txn).await?;
    crate::session::end_for_account(txn, id, keep).await?;
    audit::record(
        txn,
        tenant,
        by,
        ("account", id),
        "password",
        None::<&()>,
        None::<&()>,
    )
    .await
}

/// Remembers a failed login under a key (an account or an address).
pub async fn record_login_failure(store: &Store, key: &str) -> Result<()> {
    login_failure::Entity::insert(login_failure::ActiveModel {
        key: Set(key.to_owned()),
        at: Set(crate::now()),
        ..Default::default()
    })
    .exec_without_returning(store.db())
    .await?;
    Ok(())
}

/// How many logins failed under the key within the window, and when the last one did.
pub async fn login_failures(
    store: &Store,
    key: &str,
    window: Duration,
) -> Result<(u64, Option<time::OffsetDateTime>)> {
    let recent = login_failure::Entity::find()
        .filter(login_failure::Column::Key.eq(key))
        .filter(login_failure::Column::At.gt(crate::now() - window))
        .order_by_desc(login_failure::Column::At);
    let last = recent.clone().one(store.db()).await?.map(|f| f.at);
    Ok((recent.count(store.db()).await?, last))
}

/// Forgets the failures under a key after a successful login.
pub async fn clear_login_failures(store: &Store, key: &str) -> Result<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(store.db())
        .await?;
    Ok(())
}

/// Remembers a device that logged in to an account: the token of its cookie, as a digest.
pub async fn trust_device(store: &Store, tenant: i32, email: &str, token: &str) -> Result<()> {
    login_device::Entity::insert(login_device::ActiveModel {
        token_hash: Set(crate::digest(token)),
        tenant_id: Set(tenant),
        email: Set(email.trim().to_lowercase()),
        created_at: Set(crate::now()),
    })
    .exec_without_returning(store.db())
    .await?;
    Ok(())
}

/// Whether the device's cookie token once logged in to this account (within the
/// housekeeping's retention).
pub async fn is_trusted_device(
    store: &Store,
    tenant: i32,
    email: &str,
    token: &str,
) -> Result<bool> {
    Ok(login_device::Entity::find_by_id(crate::digest(token))
        .filter(login_device::Column::TenantId.eq(tenant))
        .filter(login_device::Column::Email.eq(email.trim().to_lowercase()))
        .one(store.db())
        .await?
        .is_some())
}
