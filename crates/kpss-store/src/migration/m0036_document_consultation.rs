//! A consultation of a library document: the consultation names the document and the version
//! put to comments, and a plan no longer has to be its subject.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How SQLite keeps the column that must become optional.
const PLAN_NOT_NULL: &str = "\"plan_id\" integer NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on one connection: SQLite's schema edit below must not be seen half done.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE consultation ADD COLUMN document_id integer NULL REFERENCES document (id)",
            "ALTER TABLE consultation ADD COLUMN document_version integer NULL",
        ] {
            db.execute_unprepared(sql).await?;
        }
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                // SQLite cannot drop a NOT NULL by ALTER TABLE; its documented way for a change
                // that leaves the stored rows as they are is to edit the table's definition and
                // bump the schema version, so every connection reads it anew.
                let row = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'consultation'",
                    ))
                    .await?
                    .ok_or_else(|| DbErr::Migration("no table consultation".into()))?;
                let sql: String = row.try_get("", "sql")?;
                if sql.matches(PLAN_NOT_NULL).count() != 1 {
                    return Err(DbErr::Migration(format!(
                        "unexpected definition of consultation: {sql}"
                    )));
                }
                let version: i64 = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "PRAGMA schema_version",
                    ))
                    .await?
                    .ok_or_else(|| DbErr::Migration("no schema version".into()))?
                    .try_get_by_index(0)?;
                db.execute_unprepared("PRAGMA writable_schema = ON").await?;
                db.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'consultation'",
                    [sql.replace(PLAN_NOT_NULL, "\"plan_id\" integer NULL").into()],
                ))
                .await?;
                db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
                    .await?;
                db.execute_unprepared("PRAGMA writable_schema = OFF")
                    .await?;
            }
            _ => {
                db.execute_unprepared(
                    "ALTER TABLE consultation ALTER COLUMN plan_id DROP NOT NULL",
                )
                .await?;
            }
        }
        db.execute_unprepared("CREATE INDEX consultation_document ON consultation (document_id)")
            .await?;
        Ok(())
    }
}
