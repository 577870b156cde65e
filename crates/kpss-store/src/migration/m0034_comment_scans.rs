//! A scan of a comment that came on paper, by letter or from a hearing: one file per comment.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{blob, integer, pk_auto, string, timestamp_with_time_zone};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsultationScan {
    Table,
    Id,
    TenantId,
    CommentId,
    Name,
    MediaType,
    Size,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ConsultationScan::Table)
                .col(pk_auto(ConsultationScan::Id))
                .col(integer(ConsultationScan::TenantId))
                .col(integer(ConsultationScan::CommentId))
                .col(string(ConsultationScan::Name))
                .col(string(ConsultationScan::MediaType))
                .col(integer(ConsultationScan::Size))
                .col(blob(ConsultationScan::Body))
                .col(timestamp_with_time_zone(ConsultationScan::CreatedAt))
                .foreign_key(&mut fk(
                    ConsultationScan::Table,
                    ConsultationScan::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    ConsultationScan::Table,
                    ConsultationScan::CommentId,
                    "consultation_comment",
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("consultation_scan_comment")
                .table(ConsultationScan::Table)
                .col(ConsultationScan::CommentId)
                .unique()
                .take(),
        )
        .await
    }
}
