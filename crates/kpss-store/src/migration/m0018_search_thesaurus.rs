//! Each tenant's own thesaurus groups for the catalogue search, on top of the built-in ones:
//! one text per tenant, versioned like the code lists.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, text, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchThesaurus {
    Table,
    TenantId,
    Groups,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SearchThesaurus::Table)
                .col(integer(SearchThesaurus::TenantId).primary_key())
                .col(text(SearchThesaurus::Groups))
                .col(integer(SearchThesaurus::Version))
                .col(timestamp_with_time_zone(SearchThesaurus::UpdatedAt))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("search_thesaurus_updated")
                .table(SearchThesaurus::Table)
                .col(SearchThesaurus::UpdatedAt)
                .take(),
        )
        .await
    }
}
