//! Optional priorities between a part of the plan and its goals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, pk_auto, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanPart {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum PlanGoal {
    Table,
    PriorityId,
}
#[derive(DeriveIden)]
enum PlanPriority {
    Table,
    Id,
    TenantId,
    PartId,
    Position,
    Code,
    Name,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PlanPriority::Table)
                .col(pk_auto(PlanPriority::Id))
                .col(integer(PlanPriority::TenantId))
                .col(integer(PlanPriority::PartId))
                .col(integer(PlanPriority::Position))
                .col(string(PlanPriority::Code))
                .col(string(PlanPriority::Name))
                .foreign_key(
                    ForeignKey::create()
                        .from(PlanPriority::Table, PlanPriority::PartId)
                        .to(PlanPart::Table, PlanPart::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(PlanGoal::Table)
                .add_column(integer_null(PlanGoal::PriorityId))
                .take(),
        )
        .await
    }
}
