//! The community plan: plans with their lifecycle, parts, goals and measures.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Plan {
    Table,
    Id,
    TenantId,
    Title,
    PeriodFrom,
    PeriodTo,
    Status,
    ResolutionNumber,
    ResolutionDate,
    ResolutionBody,
    BasedOnId,
    Version,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum PlanPart {
    Table,
    Id,
    TenantId,
    PlanId,
    Position,
    Code,
    Name,
    TargetGroup,
}
#[derive(DeriveIden)]
enum PlanGoal {
    Table,
    Id,
    TenantId,
    PartId,
    Position,
    Code,
    Text,
}
#[derive(DeriveIden)]
enum PlanMeasure {
    Table,
    Id,
    TenantId,
    PlanId,
    GoalId,
    Position,
    Code,
    Text,
    Rationale,
    Responsible,
    Partners,
    Timing,
}

fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Plan::Table)
                .col(pk_auto(Plan::Id))
                .col(integer(Plan::TenantId))
                .col(string(Plan::Title))
                .col(integer(Plan::PeriodFrom))
                .col(integer(Plan::PeriodTo))
                .col(string(Plan::Status))
                .col(string_null(Plan::ResolutionNumber))
                .col(date_null(Plan::ResolutionDate))
                .col(string_null(Plan::ResolutionBody))
                .col(integer_null(Plan::BasedOnId))
                .col(integer(Plan::Version))
                .col(timestamp_with_time_zone(Plan::CreatedAt))
                .col(timestamp_with_time_zone(Plan::UpdatedAt))
                .foreign_key(&mut cascade(
                    (Plan::Table, Plan::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanPart::Table)
                .col(pk_auto(PlanPart::Id))
                .col(integer(PlanPart::TenantId))
                .col(integer(PlanPart::PlanId))
                .col(integer(PlanPart::Position))
                .col(string(PlanPart::Code))
                .col(string(PlanPart::Name))
                .col(string_null(PlanPart::TargetGroup))
                .foreign_key(&mut cascade(
                    (PlanPart::Table, PlanPart::PlanId),
                    (Plan::Table, Plan::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("plan_part_code")
                .table(PlanPart::Table)
                .col(PlanPart::PlanId)
                .col(PlanPart::Code)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanGoal::Table)
                .col(pk_auto(PlanGoal::Id))
                .col(integer(PlanGoal::TenantId))
                .col(integer(PlanGoal::PartId))
                .col(integer(PlanGoal::Position))
                .col(string(PlanGoal::Code))
                .col(text(PlanGoal::Text))
                .foreign_key(&mut cascade(
                    (PlanGoal::Table, PlanGoal::PartId),
                    (PlanPart::Table, PlanPart::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanMeasure::Table)
                .col(pk_auto(PlanMeasure::Id))
                .col(integer(PlanMeasure::TenantId))
                .col(integer(PlanMeasure::PlanId))
                .col(integer(PlanMeasure::GoalId))
                .col(integer(PlanMeasure::Position))
                .col(string(PlanMeasure::Code))
                .col(text(PlanMeasure::Text))
                .col(text_null(PlanMeasure::Rationale))
                .col(string_null(PlanMeasure::Responsible))
                .col(text_null(PlanMeasure::Partners))
                .col(string_null(PlanMeasure::Timing))
                .foreign_key(&mut cascade(
                    (PlanMeasure::Table, PlanMeasure::GoalId),
                    (PlanGoal::Table, PlanGoal::Id),
                ))
                .take(),
        )
        .await?;
        // A measure's code is unique within its plan (e.g. „SEN 2.3“).
        m.create_index(
            Index::create()
                .name("plan_measure_code")
                .table(PlanMeasure::Table)
                .col(PlanMeasure::PlanId)
                .col(PlanMeasure::Code)
                .unique()
                .take(),
        )
        .await?;
        Ok(())
    }
}
