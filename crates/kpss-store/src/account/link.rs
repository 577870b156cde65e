//! One-time links to set a password (see [`kpss_domain::account::link`]): issued with the mail
//! that carries them in one transaction, redeemed once.

use kpss_domain::FieldError;
use kpss_domain::account::link::{LinkPurpose, RESETS_PER_HOUR, is_usable};
use kpss_domain::mail::MailDraft;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entity::{account, account_link};
use crate::{Error, Result, Store, audit};

/// Issues a link for an active account of the tenant and queues `mail(token)` to it; earlier
/// unused links of the same purpose stop working. `by` is who the log names. Returns whether a
/// link went out: a reset asked too often in the last hour sends nothing.
pub async fn issue(
    store: &Store,
    tenant: i32,
    by: Option<i32>,
    (account_id, purpose): (i32, LinkPurpose),
    mail: impl FnOnce(&str) -> MailDraft,
) -> Result<bool> {
    let txn = store.write().await?;
    let found = account::Entity::find_by_id(account_id)
        .filter(account::Column::TenantId.eq(tenant))
        .filter(account::Column::Active.eq(true))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let now = crate::now();
    let recent = account_link::Entity::find()
        .filter(account_link::Column::AccountId.eq(found.id))
        .filter(account_link::Column::Purpose.eq(purpose.code()))
        .filter(account_link::Column::CreatedAt.gt(now - time::Duration::hours(1)))
        .count(&txn)
        .await?;
    if purpose == LinkPurpose::Reset && recent >= RESETS_PER_HOUR {
        return Ok(false);
    }
    account_link::Entity::update_many()
        .col_expr(
            account_link::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(account_link::Column::AccountId.eq(found.id))
        .filter(account_link::Column::Purpose.eq(purpose.code()))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let token = super::one_time_password() + &super::one_time_password();
    let created = account_link::Entity::insert(account_link::ActiveModel {
        tenant_id: Set(tenant),
        account_id: Set(found.id),
        purpose: Set(purpose.code().to_owned()),
        token_hash: Set(crate::digest(&token)),
        created_at: Set(now),
        expires_at: Set(now + purpose.valid_for()),
        used_at: Set(None),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    let mut draft = mail(&token);
    draft.key = format!("odkaz-{}", created.id);
    crate::mail::enqueue(&txn, tenant, std::slice::from_ref(&draft)).await?;
    audit::record(
        &txn,
        tenant,
        by,
        ("account", found.id),
        purpose.code(),
        None::<&()>,
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The account a working link of the tenant sets the password of, with the link's purpose.
pub async fn account_of(
    store: &Store,
    tenant: i32,
    token: &str,
) -> Result<Option<(super::Account, LinkPurpose)>> {
    let Some(link) = usable(store.db(), tenant, token).await? else {
        return Ok(None);
    };
    let account = super::get(store, tenant, link.account_id).await?;
    let purpose = if link.purpose == LinkPurpose::Invitation.code() {
        LinkPurpose::Invitation
    } else {
        LinkPurpose::Reset
    };
    Ok(Some((account, purpose)))
}

async fn usable<C: sea_orm::ConnectionTrait>(
    c: &C,
    tenant: i32,
    token: &str,
) -> Result<Option<account_link::Model>> {
    Ok(account_link::Entity::find()
        .filter(account_link::Column::TenantId.eq(tenant))
        .filter(account_link::Column::TokenHash.eq(crate::digest(token)))
        .one(c)
        .await?
        .filter(|l| is_usable(l.expires_at, l.used_at, crate::now())))
}

/// Sets the password through a working link and spends the link, in one transaction; every
/// session of the account ends. Returns the account's id.
pub async fn redeem(store: &Store, tenant: i32, token: &str, password_hash: String) -> Result<i32> {
    let txn = store.write().await?;
    let Some(link) = usable(&txn, tenant, token).await? else {
        return Err(Error::field("new_password", FieldError::LinkExpired));
    };
    // Spent first and only if still unspent: two tabs cannot both use it.
    let spent = account_link::Entity::update_many()
        .col_expr(
            account_link::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(crate::now())),
        )
        .filter(account_link::Column::Id.eq(link.id))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if spent == 0 {
        return Err(Error::field("new_password", FieldError::LinkExpired));
    }
    super::replace_password(
        &txn,
        (tenant, Some(link.account_id)),
        link.account_id,
        password_hash,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(link.account_id)
}
