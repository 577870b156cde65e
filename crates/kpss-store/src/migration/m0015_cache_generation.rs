//! One counter that every change to cached data raises, so each node of a cluster learns
//! within a poll that its in-memory copies of tenants, lists and services are out of date.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CacheGeneration {
    Table,
    Id,
    Generation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CacheGeneration::Table)
                .col(integer(CacheGeneration::Id).primary_key())
                .col(big_integer(CacheGeneration::Generation))
                .take(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("INSERT INTO cache_generation (id, generation) VALUES (1, 0)")
            .await?;
        Ok(())
    }
}
