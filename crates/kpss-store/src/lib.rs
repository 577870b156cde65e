//! Persistence of kpss: one codebase on SQLite and PostgreSQL, picked by the URL's scheme.
//!
//! Every function takes the tenant it works for; every write runs in one transaction that
//! also appends to the audit log.

pub mod account;
pub mod action_plan;
pub mod audit;
pub mod backup;
mod cache;
pub mod catalogue;
pub mod consultation;
pub mod demo;
pub mod document;
mod entity;
pub mod evaluation;
pub mod event;
pub mod forecast;
pub mod housekeeping;
pub mod mail;
pub mod meeting;
pub mod member;
mod migration;
pub mod need;
pub mod open_data;
mod ordering;
pub mod plan;
pub mod report;
pub mod search;
pub mod session;
pub mod setup;
pub mod start;
pub mod survey;
pub mod swot;
pub mod tenant;
pub mod testing;
mod versioned;
pub mod work_group;

use std::time::Duration;

use kpss_domain::FieldErrors;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, SqlErr,
};
use sea_orm_migration::MigratorTrait;

/// What can go wrong in the store, already sorted by meaning.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record does not exist for this tenant.
    #[error("not found")]
    NotFound,
    /// The record changed since it was read (stale version) or a unique value is taken.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The input breaks a rule that needs the database to check (e.g. a duplicate IČO).
    #[error("invalid: {0}")]
    Invalid(FieldErrors),
    /// A stored value kpss never writes (a state code from a newer version or a hand edit):
    /// the record is refused rather than read as something editable.
    #[error("unreadable {what} {value:?}")]
    Unreadable { what: &'static str, value: String },
    /// Anything else: the database is unreachable, a bug.
    #[error("database: {0}")]
    Db(DbErr),
}

/// The kinds of conflict a user can resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Someone saved the record after this user opened it.
    StaleVersion,
    /// A value that must be unique is already used.
    Duplicate,
    /// The record is no longer a draft: approved plans and reports do not change.
    NotEditable,
    /// The lifecycle does not allow this step from the record's state.
    Transition,
    /// The action plan's evaluation round exists, so its planning stays closed.
    RoundStarted,
    /// So many comments of the plan's consultation wait for moderation or a settlement.
    Unsettled(u64),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl Error {
    /// A refusal of one field's value for a rule the database checks.
    #[must_use]
    pub fn field(field: impl Into<String>, error: kpss_domain::FieldError) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, error);
        Self::Invalid(errors)
    }
}

impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Conflict(Conflict::Duplicate),
            _ => match err {
                DbErr::RecordNotFound(_) => Self::NotFound,
                other => Self::Db(other),
            },
        }
    }
}

/// Results of the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A connection pool to the database of one installation.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    /// This node's copies of what nearly every request reads, shared by the pool's clones.
    cache: std::sync::Arc<cache::Cache>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to `sqlite://path` (created if missing, WAL journal) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self> {
        let url = if let Some(path) = url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Db(DbErr::Custom(format!(
                        "cannot create {}: {e}",
                        dir.display()
                    )))
                })?;
            }
            if url.contains('?') {
                url.to_owned()
            } else {
                format!("{url}?mode=rwc")
            }
        } else {
            url.to_owned()
        };
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(16)
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        let db = Database::connect(options).await?;
        if db.get_database_backend() == DbBackend::Sqlite {
            // WAL lets readers go on while one writer writes.
            db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
                .await?;
        }
        Ok(Self {
            db,
            cache: std::sync::Arc::default(),
        })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing when a
    /// read turns into a write after another writer committed.
    pub(crate) async fn write(&self) -> Result<sea_orm::DatabaseTransaction> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        let options = TransactionOptions {
            sqlite_transaction_mode: (self.db.get_database_backend() == DbBackend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// Commits a change to what nodes keep copies of (tenants, code lists, the catalogue):
    /// raises the shared counter in the same transaction, then drops this node's copies.
    pub(crate) async fn commit_shared(&self, txn: sea_orm::DatabaseTransaction) -> Result<()> {
        txn.execute_unprepared("UPDATE cache_generation SET generation = generation + 1")
            .await?;
        txn.commit().await?;
        self.cache.invalidate();
        Ok(())
    }

    /// Changes whenever this node's copies were dropped (a change here or on another node); an
    /// answer built from the store is current while this stays the same.
    #[must_use]
    pub fn cache_generation(&self) -> u64 {
        self.cache.generation()
    }

    /// This node's copies.
    pub(crate) fn cache(&self) -> &cache::Cache {
        &self.cache
    }

    /// Reads the shared counter every `period` and drops this node's copies when another node
    /// changed what they hold; runs until the process ends.
    pub async fn follow_shared_changes(self, period: Duration) {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            match self.shared_generation().await {
                Ok(shared) => self.cache.saw_shared(shared),
                Err(e) => tracing::warn!("cannot read the cache generation: {e}"),
            }
        }
    }

    async fn shared_generation(&self) -> Result<i64> {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                "SELECT generation FROM cache_generation WHERE id = 1",
            ))
            .await?
            .ok_or_else(|| Error::Db(DbErr::RecordNotFound("cache_generation".into())))?;
        Ok(row.try_get("", "generation")?)
    }

    /// The connection pool, for this crate's feature modules.
    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Refreshes the query planner's statistics, as the engine's own maintenance would soon
    /// after a bulk load: without them PostgreSQL plans a 50 000 card list as if it were empty.
    pub async fn analyze(&self) -> Result<()> {
        use sea_orm::ConnectionTrait;
        self.db.execute_unprepared("ANALYZE").await?;
        Ok(())
    }

    /// Which engine this store runs on.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Postgres => "PostgreSQL",
            DbBackend::Sqlite => "SQLite",
            _ => "other",
        }
    }

    /// The engine's own version string (`SELECT version()` on PostgreSQL).
    pub async fn server_version(&self) -> Result<String> {
        use sea_orm::{FromQueryResult, Statement};
        #[derive(FromQueryResult)]
        struct Version {
            v: String,
        }
        let backend = self.db.get_database_backend();
        let sql = if backend == DbBackend::Sqlite {
            "SELECT 'SQLite ' || sqlite_version() AS v"
        } else {
            "SELECT version() AS v"
        };
        let row = Version::find_by_statement(Statement::from_string(backend, sql))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(row.v)
    }

    /// Closes the pool (tests drop their PostgreSQL database afterwards).
    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }
}

/// A versioned update that matched no row: the record was read before, so its version moved on.
/// Every other error stays what it is.
pub(crate) fn stale_or(err: Error) -> Error {
    match err {
        Error::NotFound | Error::Db(DbErr::RecordNotUpdated) => {
            Error::Conflict(Conflict::StaleVersion)
        }
        other => other,
    }
}

/// A stored code decoded by `parse`, or [`Error::Unreadable`] naming what it was.
pub(crate) fn decode<T>(what: &'static str, code: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(code).ok_or_else(|| Error::Unreadable {
        what,
        value: code.to_owned(),
    })
}

/// The hex BLAKE2b digest of a secret token: what the database keeps of set-up links and
/// trusted login devices, so a copy of the database opens nothing.
pub(crate) fn digest(token: &str) -> String {
    use blake2::{Blake2b512, Digest};
    Blake2b512::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, in UTC, as every timestamp is stored.
pub(crate) fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
