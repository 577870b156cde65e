//! Comments on a consultation's draft: sent online (waiting for moderation) or entered by staff
//! from other channels, moderated by the coordinator and settled by the coordinator or the
//! manager of the group whose part they concern.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::consultation::{
    COMMENT_WINDOW_MINUTES, Channel, CommentDraft, Decision, Moderation, Origin, Section,
    Settlement,
};
use kpss_domain::mail::MailDraft;
use time::{Date, OffsetDateTime};

use super::*;

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i32,
    pub consultation: i32,
    pub section: Section,
    pub channel: Channel,
    pub received_on: Date,
    pub draft: CommentDraft,
    pub moderation: Moderation,
    /// Why it was hidden.
    pub moderation_note: Option<String>,
    pub settlement: Option<Settlement>,
    pub settled_at: Option<OffsetDateTime>,
    /// The entry of the plan's log with the change of the draft the comment caused.
    pub change: Option<i32>,
    pub version: i32,
}

fn from_model(m: consultation_comment::Model) -> Result<Comment> {
    let settlement = match (m.decision.as_deref(), m.reasoning) {
        (Some(code), Some(reasoning)) => Some(Settlement {
            decision: crate::decode("decision", code, Decision::parse)?,
            reasoning,
        }),
        _ => None,
    };
    Ok(Comment {
        id: m.id,
        consultation: m.consultation_id,
        section: crate::decode("section", &m.section, Section::parse)?,
        channel: crate::decode("channel", &m.channel, Channel::parse)?,
        received_on: m.received_on,
        draft: CommentDraft {
            text: m.text,
            name: m.author_name,
            organisation: m.organisation,
            email: m.email,
        },
        moderation: crate::decode("moderation", &m.moderation, Moderation::parse)?,
        moderation_note: m.moderation_note,
        settlement,
        settled_at: m.settled_at,
        change: m.change_id,
        version: m.version,
    })
}

/// The comments of a consultation, in the order they came.
pub async fn comments(store: &Store, tenant: i32, consultation: i32) -> Result<Vec<Comment>> {
    consultation_comment::Entity::find()
        .filter(consultation_comment::Column::TenantId.eq(tenant))
        .filter(consultation_comment::Column::ConsultationId.eq(consultation))
        .order_by_asc(consultation_comment::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// How many published comments each section of the consultation has, counted by the database.
pub async fn published_counts(
    store: &Store,
    tenant: i32,
    consultation: i32,
) -> Result<std::collections::HashMap<Section, usize>> {
    use sea_orm::QuerySelect;
    let counted: Vec<(String, i64)> = consultation_comment::Entity::find()
        .select_only()
        .column(consultation_comment::Column::Section)
        .column_as(consultation_comment::Column::Id.count(), "n")
        .filter(consultation_comment::Column::TenantId.eq(tenant))
        .filter(consultation_comment::Column::ConsultationId.eq(consultation))
        .filter(consultation_comment::Column::Moderation.eq(Moderation::Published.code()))
        .group_by(consultation_comment::Column::Section)
        .into_tuple()
        .all(store.db())
        .await?;
    counted
        .into_iter()
        .map(|(code, n)| {
            let section = crate::decode("section", &code, Section::parse)?;
            Ok((section, usize::try_from(n).unwrap_or_default()))
        })
        .collect()
}

/// One comment of the tenant.
pub async fn comment(store: &Store, tenant: i32, id: i32) -> Result<Comment> {
    find_comment(store.db(), tenant, id).await
}

pub(super) async fn find_comment<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    id: i32,
) -> Result<Comment> {
    consultation_comment::Entity::find_by_id(id)
        .filter(consultation_comment::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
        .and_then(from_model)
}

/// How many comments came online from this source (a keyed hash of an address) lately.
pub async fn recent_from(store: &Store, source: &str) -> Result<u64> {
    let since = crate::now() - time::Duration::minutes(COMMENT_WINDOW_MINUTES);
    Ok(consultation_comment::Entity::find()
        .filter(consultation_comment::Column::Source.eq(source))
        .filter(consultation_comment::Column::CreatedAt.gt(since))
        .count(store.db())
        .await?)
}

/// Refuses a section that is not in the consulted draft or document.
async fn require_section(
    store: &Store,
    tenant: i32,
    found: &Consultation,
    section: Section,
) -> Result<()> {
    if super::subject(store, tenant, found).await?.holds(section) {
        Ok(())
    } else {
        Err(Error::field("section", FieldError::UnknownValue))
    }
}

fn row(
    (tenant, consultation): (i32, i32),
    section: Section,
    origin: Origin,
    draft: &CommentDraft,
    moderation: Moderation,
) -> consultation_comment::ActiveModel {
    consultation_comment::ActiveModel {
        tenant_id: Set(tenant),
        consultation_id: Set(consultation),
        section: Set(section.code()),
        channel: Set(origin.channel.code().to_owned()),
        received_on: Set(origin.received_on),
        text: Set(draft.text.clone()),
        author_name: Set(draft.name.clone()),
        organisation: Set(draft.organisation.clone()),
        email: Set(draft.email.clone()),
        moderation: Set(moderation.code().to_owned()),
        version: Set(1),
        created_at: Set(crate::now()),
        ..Default::default()
    }
}

/// A comment sent through the consultation's page while it takes comments; it waits for
/// moderation, and `confirmation` (to an author who gave an address) is queued with it, its
/// key made unique by the comment's id.
pub async fn add_online(
    store: &Store,
    tenant: i32,
    (consultation, source): (i32, &str),
    section: Section,
    draft: &CommentDraft,
    confirmation: Option<&MailDraft>,
) -> Result<Comment> {
    let found = super::consultation(store, tenant, consultation).await?;
    let today = kpss_domain::czech::today();
    if !found.period.is_open(today) {
        return Err(Error::field("remark", FieldError::ConsultationClosed));
    }
    require_section(store, tenant, &found, section).await?;
    let txn = store.write().await?;
    let origin = Origin {
        channel: Channel::Web,
        received_on: today,
    };
    let mut new = row(
        (tenant, consultation),
        section,
        origin,
        draft,
        Moderation::Pending,
    );
    new.source = Set(Some(source.to_owned()));
    let created = consultation_comment::Entity::insert(new)
        .exec_with_returning(&txn)
        .await?;
    if let Some(mail) = confirmation {
        let mut mail = mail.clone();
        mail.key = format!("{}-{}", mail.key, created.id);
        crate::mail::enqueue(&txn, tenant, &[mail]).await?;
    }
    txn.commit().await?;
    from_model(created)
}

/// A comment that came by another channel, entered by the coordinator; it is published as
/// entered, and may be entered after the consultation closed (a letter posted in time).
pub async fn add_staff(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (consultation, section): (i32, Section),
    origin: Origin,
    draft: &CommentDraft,
) -> Result<Comment> {
    if !kpss_domain::consultation::may_moderate(actor) {
        return Err(Error::Forbidden);
    }
    let found = super::consultation(store, tenant, consultation).await?;
    require_section(store, tenant, &found, section).await?;
    let txn = store.write().await?;
    let new = row(
        (tenant, consultation),
        section,
        origin,
        draft,
        Moderation::Published,
    );
    let created = consultation_comment::Entity::insert(new)
        .exec_with_returning(&txn)
        .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("consultation_comment", created.id),
        "create",
        None::<&()>,
        Some(&(section.code(), origin, draft)),
    )
    .await?;
    txn.commit().await?;
    from_model(created)
}

/// Publishes a comment or hides it with the reason kept; the coordinator's.
pub async fn moderate(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    (moderation, note): (Moderation, Option<String>),
) -> Result<()> {
    if !kpss_domain::consultation::may_moderate(actor) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = find_comment(&txn, tenant, key.0).await?;
    let change = consultation_comment::ActiveModel {
        moderation: Set(moderation.code().to_owned()),
        moderation_note: Set(note.clone()),
        ..Default::default()
    };
    crate::versioned::bump(&txn, key, change).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("consultation_comment", key.0),
        "moderate",
        Some(&(before.moderation.code(), &before.moderation_note)),
        Some(&(moderation.code(), &note)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
