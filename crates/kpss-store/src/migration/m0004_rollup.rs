//! Per measure and action plan sums of the cards, kept current in the same transaction as
//! every card change, so the summary report of a whole country reads thousands of rows, not
//! millions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer, pk_auto, string, string_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityCard {
    Table,
    ActionPlanId,
    MeasureId,
}
#[derive(DeriveIden)]
enum RollupCard {
    Table,
    Id,
    TenantId,
    PlanId,
    ActionPlanId,
    MeasureId,
    ReportState,
    Status,
    Cards,
    ClientsPlanned,
    ClientsActual,
}
#[derive(DeriveIden)]
enum RollupCost {
    Table,
    Id,
    TenantId,
    PlanId,
    ActionPlanId,
    MeasureId,
    Source,
    Planned,
    Actual,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("activity_card_measure")
                .table(ActivityCard::Table)
                .col(ActivityCard::ActionPlanId)
                .col(ActivityCard::MeasureId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RollupCard::Table)
                .col(pk_auto(RollupCard::Id))
                .col(integer(RollupCard::TenantId))
                .col(integer(RollupCard::PlanId))
                .col(integer(RollupCard::ActionPlanId))
                .col(integer(RollupCard::MeasureId))
                .col(string(RollupCard::ReportState))
                .col(string_null(RollupCard::Status))
                .col(big_integer(RollupCard::Cards))
                .col(big_integer(RollupCard::ClientsPlanned))
                .col(big_integer(RollupCard::ClientsActual))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RollupCost::Table)
                .col(pk_auto(RollupCost::Id))
                .col(integer(RollupCost::TenantId))
                .col(integer(RollupCost::PlanId))
                .col(integer(RollupCost::ActionPlanId))
                .col(integer(RollupCost::MeasureId))
                .col(string(RollupCost::Source))
                .col(big_integer(RollupCost::Planned))
                .col(big_integer(RollupCost::Actual))
                .take(),
        )
        .await?;
        for (name, table) in [
            ("rollup_card_key", "rollup_card"),
            ("rollup_cost_key", "rollup_cost"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new("action_plan_id"))
                    .col(Alias::new("measure_id"))
                    .take(),
            )
            .await?;
        }
        for (name, table) in [
            ("rollup_card_plan", "rollup_card"),
            ("rollup_cost_plan", "rollup_cost"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new("plan_id"))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
