//! Web sessions kept in the database, so that any kpss node can serve any request.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::Store;
use crate::entity::session;

/// The [`SessionStore`] of tower-sessions over our own database.
#[derive(Debug, Clone)]
pub struct DbSessionStore(pub Store);

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

/// A session's row: its data as JSON and the logged-in account, for ending its sessions.
fn row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let account = record
        .data
        .get(ACCOUNT_KEY)
        .and_then(serde_json::Value::as_i64)
        .and_then(|id| i32::try_from(id).ok());
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set(record.expiry_date),
        account_id: Set(account),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    /// A new session never takes over an existing one: on an id already used (a collision
    /// of 128 random bits, or a forged cookie) it draws another id.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            match session::Entity::insert(row(record)?)
                .exec_without_returning(self.0.db())
                .await
                .map_err(crate::Error::from)
            {
                Ok(_) => return Ok(()),
                Err(crate::Error::Conflict(_)) => record.id = Id::default(),
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::Data,
                        session::Column::ExpiresAt,
                        session::Column::AccountId,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.0.db())
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(crate::now()))
            .one(self.0.db())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: row.expires_at,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(self.0.db())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// The session key the web layer keeps the logged-in account's id under.
pub const ACCOUNT_KEY: &str = "account";

/// Removes expired sessions; the housekeeping task runs it.
pub async fn delete_expired(store: &Store) -> crate::Result<u64> {
    let done = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(crate::now()))
        .exec(store.db())
        .await?;
    Ok(done.rows_affected)
}

/// Ends every session of an account but the one named (the person changing their password
/// stays logged in where they did it).
pub(crate) async fn end_for_account(
    db: &impl sea_orm::ConnectionTrait,
    account: i32,
    keep: Option<&str>,
) -> crate::Result<u64> {
    let mut delete = session::Entity::delete_many().filter(session::Column::AccountId.eq(account));
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::Id.ne(keep));
    }
    Ok(delete.exec(db).await?.rows_affected)
}
