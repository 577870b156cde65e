//! Groups write their parts of a draft: a part remembers when the coordinator last took its
//! changes over and whether it is locked as final; a membership can name its member an editor
//! of the plan; measures of a draft have internal comment threads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, pk_auto, text, timestamp_with_time_zone};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanPart {
    Table,
    LockedAt,
    ReviewedAt,
}

#[derive(DeriveIden)]
enum Membership {
    Table,
    EditsPlan,
}

#[derive(DeriveIden)]
enum MeasureComment {
    Table,
    Id,
    TenantId,
    MeasureId,
    AccountId,
    Text,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [PlanPart::LockedAt, PlanPart::ReviewedAt] {
            m.alter_table(
                Table::alter()
                    .table(PlanPart::Table)
                    .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                    .take(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Membership::Table)
                .add_column(
                    ColumnDef::new(Membership::EditsPlan)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MeasureComment::Table)
                .col(pk_auto(MeasureComment::Id))
                .col(integer(MeasureComment::TenantId))
                .col(integer(MeasureComment::MeasureId))
                .col(integer(MeasureComment::AccountId))
                .col(text(MeasureComment::Text))
                .col(timestamp_with_time_zone(MeasureComment::CreatedAt))
                .foreign_key(&mut fk(
                    MeasureComment::Table,
                    MeasureComment::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    MeasureComment::Table,
                    MeasureComment::MeasureId,
                    "plan_measure",
                ))
                .foreign_key(&mut fk(
                    MeasureComment::Table,
                    MeasureComment::AccountId,
                    "account",
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("measure_comment_measure")
                .table(MeasureComment::Table)
                .col(MeasureComment::MeasureId)
                .take(),
        )
        .await
    }
}
