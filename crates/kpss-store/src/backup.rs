//! Backups of a SQLite installation: a consistent copy written while kpss serves (`VACUUM
//! INTO`), checked before it is restored, and restored by an atomic rename so a failed restore
//! leaves the database as it was. PostgreSQL installations use `pg_dump` and `pg_restore`
//! (see the README); their backups are the database server's business.

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use sea_orm_migration::MigratorTrait;

use crate::Store;

/// Why a backup or a restore was refused; nothing was written where the error says so.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The installation runs on PostgreSQL: `pg_dump` / `pg_restore` do this.
    #[error("the database is not SQLite")]
    NotSqlite,
    /// The backup target already exists; a backup never overwrites.
    #[error("{0} already exists")]
    TargetExists(PathBuf),
    /// The backup target cannot be written (missing or read-only directory, full disk).
    #[error("cannot write {path}: {source}")]
    NotWritable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a kpss database (not SQLite, or without kpss's schema).
    #[error("{0} is not a kpss backup")]
    NotABackup(PathBuf),
    /// The backup was made by a newer kpss: its schema has migrations this one does not know.
    #[error("the backup has the newer migration {0}")]
    NewerSchema(String),
    /// SQLite's integrity check failed on the backup.
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    /// A kpss process is serving the database to be replaced.
    #[error("the database is in use")]
    InUse,
    /// Anything else from the database.
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// What a backup holds, as checked before a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// The newest migration in the backup.
    pub schema: String,
    /// Tables with their row counts and a digest of their rows, in name order.
    pub tables: Vec<TableSum>,
}

/// One table of a database: how many rows, and a digest of all of them in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    pub name: String,
    pub rows: u64,
    pub digest: String,
}

/// The path of a `sqlite://` database URL, or `None` for another engine.
#[must_use]
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    url.strip_prefix("sqlite://")
        .map(|rest| PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// The lock file kpss holds (shared) while it serves a SQLite database; a restore takes it
/// exclusively, so it never replaces a database under a running server.
fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Held while kpss serves a SQLite database.
#[derive(Debug)]
pub struct ServingLock(#[allow(dead_code)] std::fs::File);

/// Marks a SQLite database as served by this process (a shared lock: several may serve);
/// refused while a restore replaces it.
pub fn hold_serving_lock(database: &Path) -> Result<ServingLock, BackupError> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(database))
        .map_err(|source| BackupError::NotWritable {
            path: lock_path(database),
            source,
        })?;
    file.try_lock_shared().map_err(|_| BackupError::InUse)?;
    Ok(ServingLock(file))
}

/// A path next to `target` for the file being written, renamed over it once complete.
fn partial(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Writes a consistent copy of the store's SQLite database to `target`, while it serves:
/// `VACUUM INTO` reads one snapshot, so writes going on meanwhile are either wholly in the copy
/// or not at all. The copy appears under its name only once complete.
pub async fn write(store: &Store, target: &Path) -> Result<BackupInfo, BackupError> {
    if store.db().get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if target.exists() {
        return Err(BackupError::TargetExists(target.to_owned()));
    }
    let not_writable = |source| BackupError::NotWritable {
        path: target.to_owned(),
        source,
    };
    let temporary = partial(target);
    // Probe the directory first: SQLite's own error for an unwritable target says little.
    std::fs::write(&temporary, b"").map_err(not_writable)?;
    std::fs::remove_file(&temporary).map_err(not_writable)?;
    let written = store
        .db()
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [temporary.to_string_lossy().into_owned().into()],
        ))
        .await;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(e.into());
    }
    let info = match inspect(&temporary).await {
        Ok(info) => info,
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            return Err(e);
        }
    };
    std::fs::rename(&temporary, target).map_err(not_writable)?;
    Ok(info)
}

async fn open_read_only(file: &Path) -> Result<DatabaseConnection, BackupError> {
    if !file.is_file() {
        return Err(BackupError::NotABackup(file.to_owned()));
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    Database::connect(url.as_str())
        .await
        .map_err(|_| BackupError::NotABackup(file.to_owned()))
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Result<Vec<String>, sea_orm::DbErr> {
    db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect()
}

/// Checks that a file is an intact kpss backup this version can restore, and sums its tables.
pub async fn inspect(file: &Path) -> Result<BackupInfo, BackupError> {
    let db = open_read_only(file).await?;
    let result = inspect_open(&db, file).await;
    let _ = db.close().await;
    result
}

async fn inspect_open(db: &DatabaseConnection, file: &Path) -> Result<BackupInfo, BackupError> {
    let not_backup = || BackupError::NotABackup(file.to_owned());
    let applied = strings(db, "SELECT version FROM seaql_migrations ORDER BY version")
        .await
        .map_err(|_| not_backup())?;
    let known: Vec<String> = crate::migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    // The first migration names kpss's schema; a database of another program has not got it.
    if applied.first() != known.first() {
        return Err(not_backup());
    }
    if let Some(newer) = applied.iter().find(|m| !known.contains(m)) {
        return Err(BackupError::NewerSchema(newer.clone()));
    }
    let check = strings(db, "PRAGMA integrity_check").await?;
    if check != ["ok"] {
        return Err(BackupError::Damaged(check.join("; ")));
    }
    Ok(BackupInfo {
        schema: applied.last().cloned().unwrap_or_default(),
        tables: sums(db).await?,
    })
}

/// Row counts and digests of every table, in name order: what makes two databases equal.
async fn sums(db: &DatabaseConnection) -> Result<Vec<TableSum>, sea_orm::DbErr> {
    use blake2::{Blake2b512, Digest};
    let tables = strings(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .await?;
    let mut sums = Vec::new();
    for table in tables {
        let columns = strings(
            db,
            &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        )
        .await?;
        // quote() renders any value as an SQL literal, so the text tells every value apart.
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows = strings(db, &format!("SELECT {row} FROM \"{table}\" ORDER BY rowid")).await?;
        let mut hasher = Blake2b512::new();
        for r in &rows {
            hasher.update(r.as_bytes());
            hasher.update(b"\n");
        }
        sums.push(TableSum {
            name: table,
            rows: rows.len() as u64,
            digest: hasher
                .finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect(),
        });
    }
    Ok(sums)
}

/// The row counts and digests of a SQLite database's tables (see [`TableSum`]).
pub async fn database_sums(database: &Path) -> Result<Vec<TableSum>, BackupError> {
    let db = open_read_only(database).await?;
    let result = sums(&db).await.map_err(BackupError::from);
    let _ = db.close().await;
    result
}

/// Replaces the SQLite database at `target` with a checked backup. Refused while a kpss process
/// serves it; the backup is copied next to the target and renamed over it, so the target is
/// either wholly the backup or untouched. Gives what was restored.
pub async fn restore(backup: &Path, target: &Path) -> Result<BackupInfo, BackupError> {
    let info = inspect(backup).await?;
    let not_writable = |source| BackupError::NotWritable {
        path: target.to_owned(),
        source,
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(not_writable)?;
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(target))
        .map_err(not_writable)?;
    if lock.try_lock().is_err() {
        return Err(BackupError::InUse);
    }
    let temporary = partial(target);
    let copied =
        std::fs::copy(backup, &temporary).and_then(|_| std::fs::File::open(&temporary)?.sync_all());
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&temporary);
        return Err(not_writable(e));
    }
    // A write-ahead log left by the old database would be replayed into the restored one.
    for suffix in ["-wal", "-shm"] {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    std::fs::rename(&temporary, target).map_err(not_writable)?;
    drop(lock);
    Ok(info)
}
