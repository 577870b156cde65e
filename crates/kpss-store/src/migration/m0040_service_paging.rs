//! Indexes for paging the catalogue to harvesters (HSDS): a tenant's services in the order of
//! ids, and by when they changed, so a deep page or a count of changes reads the index only,
//! not every service's descriptions and addresses.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Service {
    Table,
    TenantId,
    Id,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("service_tenant_id")
                .table(Service::Table)
                .col(Service::TenantId)
                .col(Service::Id)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_tenant_updated")
                .table(Service::Table)
                .col(Service::TenantId)
                .col(Service::UpdatedAt)
                .col(Service::Id)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["service_tenant_updated", "service_tenant_id"] {
            m.drop_index(Index::drop().name(name).table(Service::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
