//! Files attached to a meeting's minutes, kept in the database with the minutes they belong
//! to, so a backup holds both.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{blob, integer, pk_auto, string, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MeetingAttachment {
    Table,
    Id,
    TenantId,
    MeetingId,
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
                .table(MeetingAttachment::Table)
                .col(pk_auto(MeetingAttachment::Id))
                .col(integer(MeetingAttachment::TenantId))
                .col(integer(MeetingAttachment::MeetingId))
                .col(string(MeetingAttachment::Name))
                .col(string(MeetingAttachment::MediaType))
                .col(integer(MeetingAttachment::Size))
                .col(blob(MeetingAttachment::Body))
                .col(timestamp_with_time_zone(MeetingAttachment::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MeetingAttachment::Table, MeetingAttachment::TenantId)
                        .to(Alias::new("tenant"), Alias::new("id")),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MeetingAttachment::Table, MeetingAttachment::MeetingId)
                        .to(Alias::new("meeting"), Alias::new("id")),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("meeting_attachment_meeting")
                .table(MeetingAttachment::Table)
                .col(MeetingAttachment::MeetingId)
                .take(),
        )
        .await
    }
}
