//! The forecast of need: the population of each district by year and age band, imported from
//! the statistics, and the coordinator's need ratios per service type.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, integer, integer_null, pk_auto, string, timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Population {
    Table,
    Id,
    TenantId,
    District,
    Year,
    AgeFrom,
    AgeTo,
    People,
}

#[derive(DeriveIden)]
enum NeedRatio {
    Table,
    Id,
    TenantId,
    ServiceType,
    AgeFrom,
    AgeTo,
    PerThousand,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Population::Table)
                .col(pk_auto(Population::Id))
                .col(integer(Population::TenantId))
                // Code of the tenant's district.
                .col(string(Population::District))
                .col(integer(Population::Year))
                .col(integer(Population::AgeFrom))
                .col(integer_null(Population::AgeTo))
                .col(big_integer(Population::People))
                .foreign_key(&mut fk(Population::Table, Population::TenantId, "tenant"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("population_tenant")
                .table(Population::Table)
                .col(Population::TenantId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NeedRatio::Table)
                .col(pk_auto(NeedRatio::Id))
                .col(integer(NeedRatio::TenantId))
                .col(string(NeedRatio::ServiceType))
                .col(integer(NeedRatio::AgeFrom))
                .col(integer_null(NeedRatio::AgeTo))
                // Places per 1 000 people, in hundredths.
                .col(big_integer(NeedRatio::PerThousand))
                .col(timestamp_with_time_zone(NeedRatio::CreatedAt))
                .foreign_key(&mut fk(NeedRatio::Table, NeedRatio::TenantId, "tenant"))
                .take(),
        )
        .await
    }
}
