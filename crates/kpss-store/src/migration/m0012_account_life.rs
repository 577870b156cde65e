//! Accounts over their life: a session row names its account, so a password change or a
//! deactivation ends the account's other sessions; a login device trusted by a successful
//! login is spared the account-wide throttle a stranger can drive up; expired rows are found
//! by index when the housekeeping task sweeps them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, string, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Session {
    Table,
    AccountId,
    ExpiresAt,
}
#[derive(DeriveIden)]
enum LoginDevice {
    Table,
    TokenHash,
    TenantId,
    Email,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .add_column(integer_null(Session::AccountId))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_account")
                .table(Session::Table)
                .col(Session::AccountId)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_expires")
                .table(Session::Table)
                .col(Session::ExpiresAt)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginDevice::Table)
                .col(string(LoginDevice::TokenHash).primary_key())
                .col(integer(LoginDevice::TenantId))
                .col(string(LoginDevice::Email))
                .col(timestamp_with_time_zone(LoginDevice::CreatedAt))
                .take(),
        )
        .await
    }
}
