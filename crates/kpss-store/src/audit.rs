//! The audit log: who changed what, when, from what to what.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::entity::{account, audit_log};
use crate::{Result, Store};

/// One change of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i32,
    /// The record it is the history of.
    pub entity_id: i32,
    pub at: OffsetDateTime,
    /// E-mail of who made the change; `None` when kpss itself did.
    pub by: Option<String>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Appends a change to the log, inside the caller's transaction.
pub(crate) async fn record<C: ConnectionTrait, B: Serialize, A: Serialize>(
    c: &C,
    tenant: i32,
    account_id: Option<i32>,
    (entity, entity_id): (&str, i32),
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    fn json(v: Option<&impl Serialize>) -> Option<String> {
        v.map(|v| serde_json::to_string(v).unwrap_or_default())
    }
    audit_log::Entity::insert(audit_log::ActiveModel {
        tenant_id: Set(tenant),
        account_id: Set(account_id),
        at: Set(crate::now()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        action: Set(action.to_owned()),
        before: Set(json(before)),
        after: Set(json(after)),
        ..Default::default()
    })
    .exec(c)
    .await?;
    Ok(())
}

/// The history of one record, newest first.
pub async fn history(
    store: &Store,
    tenant: i32,
    entity: &str,
    entity_id: i32,
) -> Result<Vec<Entry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TenantId.eq(tenant))
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::Id)
        .all(store.db())
        .await?;
    entries(store, rows).await
}

/// The history of several records of one kind, newest first.
pub async fn history_of(
    store: &Store,
    tenant: i32,
    entity: &str,
    ids: &[i32],
) -> Result<Vec<Entry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TenantId.eq(tenant))
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.is_in(ids.iter().copied()))
        .order_by_desc(audit_log::Column::Id)
        .all(store.db())
        .await?;
    entries(store, rows).await
}

/// These entries of the tenant's log, by their ids; ids not found are left out.
pub async fn by_ids(store: &Store, tenant: i32, ids: &[i32]) -> Result<Vec<Entry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TenantId.eq(tenant))
        .filter(audit_log::Column::Id.is_in(ids.iter().copied()))
        .all(store.db())
        .await?;
    entries(store, rows).await
}

/// The rows as entries, with the e-mail of who made each change.
async fn entries(store: &Store, rows: Vec<audit_log::Model>) -> Result<Vec<Entry>> {
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.account_id).collect();
    let emails: std::collections::HashMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| Entry {
            id: row.id,
            entity_id: row.entity_id,
            at: row.at,
            by: row.account_id.and_then(|id| emails.get(&id).cloned()),
            action: row.action,
            before: row.before,
            after: row.after,
        })
        .collect())
}
