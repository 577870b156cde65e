//! Files attached to a meeting's minutes: added and removed by whoever runs the meeting until
//! the minutes are published; read by the public once they are.

use kpss_domain::FieldErrors;
use sea_orm::{PaginatorTrait, QuerySelect};

use super::*;
use crate::entity::meeting_attachment;

/// An attachment without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: i32,
    pub name: String,
    pub media_type: String,
    pub size: usize,
}

/// The meeting's attachments, in the order they came.
pub async fn attachments(store: &Store, tenant: i32, meeting: i32) -> Result<Vec<AttachmentInfo>> {
    find(store.db(), tenant, meeting).await?;
    let rows: Vec<(i32, String, String, i32)> = meeting_attachment::Entity::find()
        .select_only()
        .column(meeting_attachment::Column::Id)
        .column(meeting_attachment::Column::Name)
        .column(meeting_attachment::Column::MediaType)
        .column(meeting_attachment::Column::Size)
        .filter(meeting_attachment::Column::TenantId.eq(tenant))
        .filter(meeting_attachment::Column::MeetingId.eq(meeting))
        .order_by_asc(meeting_attachment::Column::Id)
        .into_tuple()
        .all(store.db())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, media_type, size)| AttachmentInfo {
            id,
            name,
            media_type,
            size: usize::try_from(size).unwrap_or_default(),
        })
        .collect())
}

/// One attachment of the meeting with its content.
pub async fn attachment(
    store: &Store,
    tenant: i32,
    (meeting, id): (i32, i32),
) -> Result<(AttachmentInfo, Vec<u8>)> {
    let row = meeting_attachment::Entity::find_by_id(id)
        .filter(meeting_attachment::Column::TenantId.eq(tenant))
        .filter(meeting_attachment::Column::MeetingId.eq(meeting))
        .one(store.db())
        .await?
        .ok_or(Error::NotFound)?;
    let info = AttachmentInfo {
        id: row.id,
        name: row.name,
        media_type: row.media_type,
        size: usize::try_from(row.size).unwrap_or_default(),
    };
    Ok((info, row.body))
}

/// Takes the meeting row for the write, if its minutes are not published: a publication at the
/// same moment waits for this write, or this write sees it.
async fn unpublished<C: ConnectionTrait>(c: &C, meeting: i32) -> Result<()> {
    let taken = meeting::Entity::update_many()
        .col_expr(
            meeting::Column::Version,
            Expr::col(meeting::Column::Version),
        )
        .filter(meeting::Column::Id.eq(meeting))
        .filter(meeting::Column::PublishedAt.is_null())
        .exec(c)
        .await?
        .rows_affected;
    if taken == 0 {
        return Err(Error::field("attachment", FieldError::MinutesPublished));
    }
    Ok(())
}

/// The most attachments one meeting keeps.
pub const MAX_ATTACHMENTS: u64 = 20;

/// Attaches a checked file (see [`kpss_domain::meeting::attachment::check`]) to the minutes.
pub async fn attach(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    meeting: i32,
    (name, media_type, body): (&str, &str, Vec<u8>),
) -> Result<AttachmentInfo> {
    let txn = store.write().await?;
    let found = find(&txn, tenant, meeting).await?;
    if !kpss_domain::meeting::may_run(actor, &found.group_code) {
        return Err(Error::Forbidden);
    }
    unpublished(&txn, meeting).await?;
    let count = meeting_attachment::Entity::find()
        .filter(meeting_attachment::Column::MeetingId.eq(meeting))
        .count(&txn)
        .await?;
    if count >= MAX_ATTACHMENTS {
        let mut errors = FieldErrors::default();
        errors.add(
            "attachment",
            FieldError::OutOfRange {
                min: 0,
                max: i64::try_from(MAX_ATTACHMENTS).unwrap_or(i64::MAX),
            },
        );
        return Err(Error::Invalid(errors));
    }
    let size = body.len();
    let created = meeting_attachment::Entity::insert(meeting_attachment::ActiveModel {
        tenant_id: Set(tenant),
        meeting_id: Set(meeting),
        name: Set(name.to_owned()),
        media_type: Set(media_type.to_owned()),
        size: Set(i32::try_from(size).unwrap_or(i32::MAX)),
        body: Set(body),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", meeting),
        "attach",
        None::<&()>,
        Some(&(name, size)),
    )
    .await?;
    txn.commit().await?;
    Ok(AttachmentInfo {
        id: created.id,
        name: created.name,
        media_type: created.media_type,
        size,
    })
}

/// Removes an attachment from minutes not yet published.
pub async fn detach(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (meeting, id): (i32, i32),
) -> Result<()> {
    let txn = store.write().await?;
    let found = find(&txn, tenant, meeting).await?;
    if !kpss_domain::meeting::may_run(actor, &found.group_code) {
        return Err(Error::Forbidden);
    }
    unpublished(&txn, meeting).await?;
    let removed = meeting_attachment::Entity::delete_many()
        .filter(meeting_attachment::Column::Id.eq(id))
        .filter(meeting_attachment::Column::MeetingId.eq(meeting))
        .exec(&txn)
        .await?
        .rows_affected;
    if removed == 0 {
        return Err(Error::NotFound);
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("meeting", meeting),
        "detach",
        Some(&id),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
