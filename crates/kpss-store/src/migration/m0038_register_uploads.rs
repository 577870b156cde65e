//! A register file the coordinator uploaded, kept until its changes are reviewed and applied:
//! the review and the apply read the same file, whichever node serves them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    blob, integer, integer_null, pk_auto, string, timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RegisterUpload {
    Table,
    Id,
    TenantId,
    Name,
    Body,
    UploadedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegisterUpload::Table)
                .col(pk_auto(RegisterUpload::Id))
                .col(integer(RegisterUpload::TenantId))
                .col(string(RegisterUpload::Name))
                .col(blob(RegisterUpload::Body))
                .col(integer_null(RegisterUpload::UploadedBy))
                .col(timestamp_with_time_zone(RegisterUpload::CreatedAt))
                .foreign_key(&mut fk(
                    RegisterUpload::Table,
                    RegisterUpload::TenantId,
                    "tenant",
                ))
                .take(),
        )
        .await
    }
}
