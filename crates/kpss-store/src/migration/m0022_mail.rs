//! Outgoing mail as a queue in the database: every node may send, a message is claimed before
//! it is sent so it never goes out twice, and a failed one is retried later.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_auto, string, string_null, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mail {
    Table,
    Id,
    TenantId,
    Kind,
    Key,
    Recipient,
    Subject,
    Text,
    Html,
    AttachmentName,
    AttachmentType,
    Attachment,
    State,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Mail::Table)
                .col(pk_auto(Mail::Id))
                .col(integer(Mail::TenantId))
                .col(string(Mail::Kind))
                .col(string(Mail::Key))
                .col(string(Mail::Recipient))
                .col(string(Mail::Subject))
                .col(text(Mail::Text))
                .col(text(Mail::Html))
                .col(string_null(Mail::AttachmentName))
                .col(string_null(Mail::AttachmentType))
                .col(text_null(Mail::Attachment))
                .col(string(Mail::State))
                .col(integer(Mail::Attempts))
                .col(timestamp_with_time_zone(Mail::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Mail::SentAt))
                .col(text_null(Mail::LastError))
                .col(timestamp_with_time_zone(Mail::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Mail::Table, Mail::TenantId)
                        .to(Alias::new("tenant"), Alias::new("id")),
                )
                .take(),
        )
        .await?;
        // One message per cause: the same invitation queued twice is queued once.
        m.create_index(
            Index::create()
                .name("mail_key")
                .table(Mail::Table)
                .col(Mail::TenantId)
                .col(Mail::Key)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mail_due")
                .table(Mail::Table)
                .col(Mail::State)
                .col(Mail::NextAttemptAt)
                .take(),
        )
        .await?;
        Ok(())
    }
}
