//! The queue of outgoing mail. A feature queues a message in the transaction of the change
//! that causes it; any node's sender claims due messages (the claim commits before anything is
//! sent, so a message never goes out twice), sends them and records the outcome; a failed one
//! waits for its next attempt. The sender works for the whole installation, every tenant.

use kpss_domain::mail::{Attachment, MailDraft, MailState};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

use crate::entity::mail;
use crate::{Result, Store};

/// A queued message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub id: i32,
    pub tenant_id: i32,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachment: Option<Attachment>,
    pub state: MailState,
    pub attempts: i32,
    pub next_attempt_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
}

impl Mail {
    fn from_model(m: mail::Model) -> Result<Self> {
        let attachment = match (m.attachment_name, m.attachment_type, m.attachment) {
            (Some(name), Some(content_type), Some(body)) => Some(Attachment {
                name,
                content_type,
                body,
            }),
            _ => None,
        };
        Ok(Self {
            state: crate::decode("mail state", &m.state, MailState::parse)?,
            id: m.id,
            tenant_id: m.tenant_id,
            kind: m.kind,
            to: m.recipient,
            subject: m.subject,
            text: m.text,
            html: m.html,
            attachment,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            sent_at: m.sent_at,
            last_error: m.last_error,
            created_at: m.created_at,
        })
    }
}

/// Queues messages in the caller's transaction; a message whose key is queued already is
/// skipped. Returns how many were queued.
pub(crate) async fn enqueue<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    drafts: &[MailDraft],
) -> Result<usize> {
    let now = crate::now();
    let mut queued = 0;
    for d in drafts {
        let row = mail::ActiveModel {
            tenant_id: Set(tenant),
            kind: Set(d.kind.to_owned()),
            key: Set(d.key.clone()),
            recipient: Set(d.to.clone()),
            subject: Set(d.subject.clone()),
            text: Set(d.text.clone()),
            html: Set(d.html.clone()),
            attachment_name: Set(d.attachment.as_ref().map(|a| a.name.clone())),
            attachment_type: Set(d.attachment.as_ref().map(|a| a.content_type.clone())),
            attachment: Set(d.attachment.as_ref().map(|a| a.body.clone())),
            state: Set(MailState::Queued.code().to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            sent_at: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            ..Default::default()
        };
        let inserted = mail::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([mail::Column::TenantId, mail::Column::Key])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(c)
            .await?;
        queued += usize::try_from(inserted).unwrap_or(0);
    }
    Ok(queued)
}

/// Claims up to `limit` messages due at `now` for this node: they are marked as being sent
/// (and their attempt counted) in a transaction that commits before the caller sends them.
/// On PostgreSQL other nodes skip the rows being claimed; SQLite has one writer at a time.
pub async fn claim_due(store: &Store, limit: u64, now: OffsetDateTime) -> Result<Vec<Mail>> {
    let txn = store.write().await?;
    let backend = txn.get_database_backend();
    let lock = if backend == DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let rows = txn
        .query_all_raw(crate::report::statement(
            backend,
            &format!(
                "SELECT id FROM mail WHERE state = ? AND next_attempt_at <= ? ORDER BY id \
                 LIMIT ?{lock}"
            ),
            vec![
                MailState::Queued.code().into(),
                now.into(),
                i64::try_from(limit).unwrap_or(i64::MAX).into(),
            ],
        ))
        .await?;
    let ids: Vec<i32> = rows
        .iter()
        .map(|r| r.try_get::<i32>("", "id"))
        .collect::<std::result::Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    mail::Entity::update_many()
        .col_expr(mail::Column::State, Expr::value(MailState::Sending.code()))
        .col_expr(
            mail::Column::Attempts,
            Expr::col(mail::Column::Attempts).add(1),
        )
        .filter(mail::Column::Id.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    let claimed = mail::Entity::find()
        .filter(mail::Column::Id.is_in(ids))
        .order_by_asc(mail::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(Mail::from_model)
        .collect::<Result<_>>()?;
    txn.commit().await?;
    Ok(claimed)
}

/// Records that a claimed message went out.
pub async fn mark_sent(store: &Store, id: i32, now: OffsetDateTime) -> Result<()> {
    mail::Entity::update_many()
        .col_expr(mail::Column::State, Expr::value(MailState::Sent.code()))
        .col_expr(mail::Column::SentAt, Expr::value(now))
        .col_expr(mail::Column::LastError, Expr::value(None::<String>))
        .filter(mail::Column::Id.eq(id))
        .exec(store.db())
        .await?;
    Ok(())
}

/// Records that sending a claimed message failed: it waits for its next attempt, or is given
/// up after the last one.
pub async fn mark_failed(
    store: &Store,
    claimed: &Mail,
    error: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let (state, next) = match kpss_domain::mail::retry_at(now, claimed.attempts) {
        Some(at) => (MailState::Queued, at),
        None => (MailState::Failed, claimed.next_attempt_at),
    };
    mail::Entity::update_many()
        .col_expr(mail::Column::State, Expr::value(state.code()))
        .col_expr(mail::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            mail::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        )
        .filter(mail::Column::Id.eq(claimed.id))
        .exec(store.db())
        .await?;
    Ok(())
}

/// The tenant's latest messages, newest first.
pub async fn latest(store: &Store, tenant: i32, limit: u64) -> Result<Vec<Mail>> {
    mail::Entity::find()
        .filter(mail::Column::TenantId.eq(tenant))
        .order_by_desc(mail::Column::Id)
        .limit(limit)
        .all(store.db())
        .await?
        .into_iter()
        .map(Mail::from_model)
        .collect()
}

/// How many of the tenant's messages are in each state, in [`MailState::ALL`]'s order.
pub async fn counts(store: &Store, tenant: i32) -> Result<[u64; 4]> {
    let rows = store
        .db()
        .query_all_raw(crate::report::statement(
            store.db().get_database_backend(),
            "SELECT state, COUNT(*) AS n FROM mail WHERE tenant_id = ? GROUP BY state",
            vec![tenant.into()],
        ))
        .await?;
    let mut out = [0; 4];
    for r in rows {
        let state: String = r.try_get("", "state")?;
        let n: i64 = r.try_get("", "n")?;
        if let Some(i) = MailState::ALL.iter().position(|s| s.code() == state) {
            out[i] = u64::try_from(n).unwrap_or(0);
        }
    }
    Ok(out)
}

/// Queues messages that no other write causes (reminders); one with a key already queued is
/// not queued again. Returns how many were queued.
pub async fn queue(store: &Store, tenant: i32, drafts: &[MailDraft]) -> Result<usize> {
    let txn = store.write().await?;
    let queued = enqueue(&txn, tenant, drafts).await?;
    txn.commit().await?;
    Ok(queued)
}
