//! One-time links to set a password: invitations of new accounts and resets of forgotten
//! passwords. Only a hash of the token is kept.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_auto, string, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccountLink {
    Table,
    Id,
    TenantId,
    AccountId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AccountLink::Table)
                .col(pk_auto(AccountLink::Id))
                .col(integer(AccountLink::TenantId))
                .col(integer(AccountLink::AccountId))
                .col(string(AccountLink::Purpose))
                .col(string(AccountLink::TokenHash).unique_key())
                .col(timestamp_with_time_zone(AccountLink::CreatedAt))
                .col(timestamp_with_time_zone(AccountLink::ExpiresAt))
                .col(timestamp_with_time_zone_null(AccountLink::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AccountLink::Table, AccountLink::TenantId)
                        .to(Alias::new("tenant"), Alias::new("id")),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AccountLink::Table, AccountLink::AccountId)
                        .to(Alias::new("account"), Alias::new("id")),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("account_link_account")
                .table(AccountLink::Table)
                .col(AccountLink::AccountId)
                .take(),
        )
        .await
    }
}
