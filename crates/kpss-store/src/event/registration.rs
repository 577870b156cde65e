//! Public registrations to an event: one per address, up to the event's capacity, while the
//! event has not begun its last date; each queues its confirmation.

use kpss_domain::event::{REGISTRATION_WINDOW_MINUTES, RegistrationDraft, has_room};
use kpss_domain::mail::MailDraft;
use sea_orm::PaginatorTrait;

use super::*;

/// A stored registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: i32,
    pub event: i32,
    pub draft: RegistrationDraft,
    pub created_at: OffsetDateTime,
}

impl From<event_registration::Model> for Registration {
    fn from(r: event_registration::Model) -> Self {
        Self {
            id: r.id,
            event: r.event_id,
            draft: RegistrationDraft {
                name: r.name,
                organisation: r.organisation,
                email: r.email,
            },
            created_at: r.created_at,
        }
    }
}

/// The event's registrations, in the order they came.
pub async fn registrations(store: &Store, tenant: i32, event: i32) -> Result<Vec<Registration>> {
    find(store.db(), tenant, event).await?;
    Ok(event_registration::Entity::find()
        .filter(event_registration::Column::TenantId.eq(tenant))
        .filter(event_registration::Column::EventId.eq(event))
        .order_by_asc(event_registration::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Registration::from)
        .collect())
}

/// How many registrations came from this source (a keyed hash of an address) lately, to any
/// event of any tenant.
pub async fn recent_from(store: &Store, source: &str) -> Result<u64> {
    let since = crate::now() - time::Duration::minutes(REGISTRATION_WINDOW_MINUTES);
    Ok(event_registration::Entity::find()
        .filter(event_registration::Column::Source.eq(source))
        .filter(event_registration::Column::CreatedAt.gt(since))
        .count(store.db())
        .await?)
}

/// Registers someone to an event and queues `confirmation` to them, in one transaction.
/// Refused when registration has closed, the address is registered already or the event is
/// full; the event row is locked first, so two last places are not both taken.
pub async fn register(
    store: &Store,
    tenant: i32,
    (event, source): (i32, &str),
    draft: &RegistrationDraft,
    confirmation: &MailDraft,
) -> Result<Registration> {
    let txn = store.write().await?;
    // Taking the row for writing serialises registrations to one event on PostgreSQL.
    let locked = event::Entity::update_many()
        .col_expr(
            event::Column::Version,
            sea_orm::sea_query::Expr::col(event::Column::Version),
        )
        .filter(event::Column::Id.eq(event))
        .filter(event::Column::TenantId.eq(tenant))
        .exec(&txn)
        .await?
        .rows_affected;
    if locked == 0 {
        return Err(Error::NotFound);
    }
    let found = find(&txn, tenant, event).await?;
    let now = kpss_domain::czech::to_prague(crate::now());
    if !kpss_domain::event::registration_open(found.last_start(), now) {
        return Err(Error::field("event", FieldError::RegistrationClosed));
    }
    let taken = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event))
        .filter(event_registration::Column::Email.eq(draft.email.as_str()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(Error::field("email", FieldError::AlreadyRegistered));
    }
    if !has_room(found.draft.capacity, found.registered) {
        return Err(Error::field("event", FieldError::EventFull));
    }
    let created = event_registration::Entity::insert(event_registration::ActiveModel {
        tenant_id: Set(tenant),
        event_id: Set(event),
        name: Set(draft.name.clone()),
        organisation: Set(draft.organisation.clone()),
        email: Set(draft.email.clone()),
        source: Set(source.to_owned()),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::mail::enqueue(&txn, tenant, std::slice::from_ref(confirmation)).await?;
    txn.commit().await?;
    Ok(created.into())
}
