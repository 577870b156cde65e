//! The public consultation of a draft plan: its period, and the comments on its sections from
//! every channel with their moderation and settlement.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Consultation {
    Table,
    Id,
    TenantId,
    PlanId,
    OpensOn,
    ClosesOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConsultationComment {
    Table,
    Id,
    TenantId,
    ConsultationId,
    Section,
    Channel,
    ReceivedOn,
    Text,
    AuthorName,
    Organisation,
    Email,
    Source,
    Moderation,
    ModerationNote,
    Decision,
    Reasoning,
    SettledBy,
    SettledAt,
    Version,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Consultation::Table)
                .col(pk_auto(Consultation::Id))
                .col(integer(Consultation::TenantId))
                .col(integer(Consultation::PlanId))
                .col(date(Consultation::OpensOn))
                .col(date(Consultation::ClosesOn))
                .col(timestamp_with_time_zone(Consultation::CreatedAt))
                .foreign_key(&mut fk(
                    Consultation::Table,
                    Consultation::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(Consultation::Table, Consultation::PlanId, "plan"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ConsultationComment::Table)
                .col(pk_auto(ConsultationComment::Id))
                .col(integer(ConsultationComment::TenantId))
                .col(integer(ConsultationComment::ConsultationId))
                // `Section::code`: the section may be removed from the draft later; the
                // comment and its settlement stay.
                .col(string(ConsultationComment::Section))
                .col(string(ConsultationComment::Channel))
                .col(date(ConsultationComment::ReceivedOn))
                .col(text(ConsultationComment::Text))
                .col(string_null(ConsultationComment::AuthorName))
                .col(string_null(ConsultationComment::Organisation))
                .col(string_null(ConsultationComment::Email))
                // A keyed hash of the sender's address, for the limit per address.
                .col(string_null(ConsultationComment::Source))
                .col(string(ConsultationComment::Moderation))
                .col(text_null(ConsultationComment::ModerationNote))
                .col(string_null(ConsultationComment::Decision))
                .col(text_null(ConsultationComment::Reasoning))
                .col(integer_null(ConsultationComment::SettledBy))
                .col(timestamp_with_time_zone_null(
                    ConsultationComment::SettledAt,
                ))
                .col(integer(ConsultationComment::Version))
                .col(timestamp_with_time_zone(ConsultationComment::CreatedAt))
                .foreign_key(&mut fk(
                    ConsultationComment::Table,
                    ConsultationComment::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    ConsultationComment::Table,
                    ConsultationComment::ConsultationId,
                    "consultation",
                ))
                .take(),
        )
        .await?;
        for (name, table, column) in [
            ("consultation_plan", "consultation", "plan_id"),
            (
                "consultation_comment_consultation",
                "consultation_comment",
                "consultation_id",
            ),
            (
                "consultation_comment_source",
                "consultation_comment",
                "source",
            ),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new(column))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
