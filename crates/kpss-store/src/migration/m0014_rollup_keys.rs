//! One row per key in the card sums, so a change can add its difference with an upsert
//! instead of counting a measure's cards again: the status is "" instead of NULL (NULLs never
//! collide in a unique index), and a cost sum counts its rows so it is dropped with the last.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer, pk_auto, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

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
    Entries,
    Planned,
    Actual,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RollupCard::Table).take())
            .await?;
        m.drop_table(Table::drop().table(RollupCost::Table).take())
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
                .col(string(RollupCard::Status))
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
                .col(big_integer(RollupCost::Entries))
                .col(big_integer(RollupCost::Planned))
                .col(big_integer(RollupCost::Actual))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rollup_card_unique_key")
                .table(RollupCard::Table)
                .col(RollupCard::ActionPlanId)
                .col(RollupCard::MeasureId)
                .col(RollupCard::ReportState)
                .col(RollupCard::Status)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rollup_cost_unique_key")
                .table(RollupCost::Table)
                .col(RollupCost::ActionPlanId)
                .col(RollupCost::MeasureId)
                .col(RollupCost::Source)
                .unique()
                .take(),
        )
        .await?;
        for (name, table) in [
            ("rollup_card_tenant_plan", "rollup_card"),
            ("rollup_cost_tenant_plan", "rollup_cost"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new("tenant_id"))
                    .col(Alias::new("plan_id"))
                    .take(),
            )
            .await?;
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO rollup_card (tenant_id, plan_id, action_plan_id, measure_id, \
               report_state, status, cards, clients_planned, clients_actual) \
             SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, c.report_state, \
               COALESCE(c.status, ''), COUNT(*), COALESCE(SUM(c.planned_clients), 0), \
               COALESCE(SUM(c.actual_clients), 0) \
             FROM activity_card c JOIN action_plan a ON a.id = c.action_plan_id \
             GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, c.report_state, \
               COALESCE(c.status, '')",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO rollup_cost (tenant_id, plan_id, action_plan_id, measure_id, source, \
               entries, planned, actual) \
             SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source, COUNT(*), \
               SUM(k.planned), \
               COALESCE(SUM(CASE WHEN c.report_state = 'approved' THEN k.actual END), 0) \
             FROM card_cost k \
               JOIN activity_card c ON c.id = k.card_id \
               JOIN action_plan a ON a.id = c.action_plan_id \
             GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source",
        )
        .await?;
        Ok(())
    }
}
