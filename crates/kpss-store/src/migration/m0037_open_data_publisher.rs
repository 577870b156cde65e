//! Who publishes a tenant's open data: what the national catalogue needs to harvest it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string, timestamp_with_time_zone};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OpenDataPublisher {
    Table,
    TenantId,
    Ico,
    Ruian,
    Email,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OpenDataPublisher::Table)
                // One publisher per tenant.
                .col(integer(OpenDataPublisher::TenantId).primary_key())
                .col(string(OpenDataPublisher::Ico))
                // „obec:554821“ or „vusc:132“.
                .col(string(OpenDataPublisher::Ruian))
                .col(string(OpenDataPublisher::Email))
                .col(timestamp_with_time_zone(OpenDataPublisher::UpdatedAt))
                .foreign_key(&mut fk(
                    OpenDataPublisher::Table,
                    OpenDataPublisher::TenantId,
                    "tenant",
                ))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OpenDataPublisher::Table).to_owned())
            .await
    }
}
