//! The scan of a comment staff entered from paper, a letter, an e-mail, a hearing or a
//! meeting: one checked file per comment, a new one replacing the old; for staff only, as it
//! may carry a signature and an address.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::consultation::Channel;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::comments::find_comment;
use crate::entity::consultation_scan;
use crate::{Error, Result, Store};

/// What a scan is, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanInfo {
    pub name: String,
    pub media_type: String,
    pub size: usize,
}

/// The scan of a comment of the tenant, if it has one.
pub async fn scan_info(store: &Store, tenant: i32, comment: i32) -> Result<Option<ScanInfo>> {
    let found: Option<(String, String, i32)> = consultation_scan::Entity::find()
        .select_only()
        .column(consultation_scan::Column::Name)
        .column(consultation_scan::Column::MediaType)
        .column(consultation_scan::Column::Size)
        .filter(consultation_scan::Column::TenantId.eq(tenant))
        .filter(consultation_scan::Column::CommentId.eq(comment))
        .into_tuple()
        .one(store.db())
        .await?;
    Ok(found.map(|(name, media_type, size)| ScanInfo {
        name,
        media_type,
        size: usize::try_from(size).unwrap_or_default(),
    }))
}

/// The scan with its bytes.
pub async fn scan(store: &Store, tenant: i32, comment: i32) -> Result<(ScanInfo, Vec<u8>)> {
    let m = consultation_scan::Entity::find()
        .filter(consultation_scan::Column::TenantId.eq(tenant))
        .filter(consultation_scan::Column::CommentId.eq(comment))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    let info = ScanInfo {
        name: m.name,
        media_type: m.media_type,
        size: m.body.len(),
    };
    Ok((info, m.body))
}

/// Attaches a checked file (see [`kpss_domain::meeting::attachment::check`]) to a comment that
/// came by another channel than the web; the coordinator's.
pub async fn attach_scan(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    comment: i32,
    (name, media_type, body): (&str, &str, Vec<u8>),
) -> Result<()> {
    if !kpss_domain::consultation::may_moderate(actor) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let found = find_comment(&txn, tenant, comment).await?;
    if found.channel == Channel::Web {
        return Err(Error::field("scan", FieldError::NotPermitted));
    }
    consultation_scan::Entity::delete_many()
        .filter(consultation_scan::Column::CommentId.eq(comment))
        .exec(&txn)
        .await?;
    let size = body.len();
    consultation_scan::Entity::insert(consultation_scan::ActiveModel {
        tenant_id: Set(tenant),
        comment_id: Set(comment),
        name: Set(name.to_owned()),
        media_type: Set(media_type.to_owned()),
        size: Set(i32::try_from(size).unwrap_or(i32::MAX)),
        body: Set(body),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("consultation_comment", comment),
        "scan",
        None::<&()>,
        Some(&(name, size)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
