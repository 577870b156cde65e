//! The one-time set-up link of a database started without the demo: the hash of its token,
//! kept after use as the record that the tenant was set up for real (the demo never fills it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, string, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum SetupToken {
    Table,
    TenantId,
    TokenHash,
    CreatedAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SetupToken::Table)
                .col(integer(SetupToken::TenantId).primary_key())
                .col(string(SetupToken::TokenHash))
                .col(timestamp_with_time_zone(SetupToken::CreatedAt))
                .col(timestamp_with_time_zone_null(SetupToken::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SetupToken::Table, SetupToken::TenantId)
                        .to(Tenant::Table, Tenant::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await
    }
}
