//! The list of cards and the start page read one action plan's cards narrowed by organisation
//! or report state, or page through them by title or costs; without these indexes each of
//! those read every card of the plan (50 000 in the national set, see `kpss bench
//! evaluation`). A card keeps its planned and reported costs summed, so the list sorts and
//! shows them without summing `card_cost` for every card; the card writes keep them (see
//! `action_plan::rollup`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityCard {
    Table,
    ActionPlanId,
    OrganisationId,
    MeasureId,
    ReportState,
    SubmittedAt,
    Title,
    PlannedCost,
    ActualCost,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(ActivityCard::Table)
                .add_column(
                    ColumnDef::new(ActivityCard::PlannedCost)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ActivityCard::Table)
                .add_column(
                    ColumnDef::new(ActivityCard::ActualCost)
                        .big_integer()
                        .null(),
                )
                .take(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE activity_card SET \
                   planned_cost = (SELECT CAST(COALESCE(SUM(k.planned), 0) AS BIGINT) \
                     FROM card_cost k WHERE k.card_id = activity_card.id), \
                   actual_cost = (SELECT CAST(SUM(k.actual) AS BIGINT) \
                     FROM card_cost k WHERE k.card_id = activity_card.id)",
            )
            .await?;
        let indexes: [(&str, Vec<ActivityCard>); 5] = [
            (
                "activity_card_plan_organisation",
                vec![ActivityCard::ActionPlanId, ActivityCard::OrganisationId],
            ),
            (
                "activity_card_plan_state",
                vec![
                    ActivityCard::ActionPlanId,
                    ActivityCard::ReportState,
                    ActivityCard::SubmittedAt,
                ],
            ),
            (
                "activity_card_plan_title",
                vec![ActivityCard::ActionPlanId, ActivityCard::Title],
            ),
            (
                "activity_card_plan_measure_title",
                vec![
                    ActivityCard::ActionPlanId,
                    ActivityCard::MeasureId,
                    ActivityCard::Title,
                ],
            ),
            (
                "activity_card_plan_cost",
                vec![ActivityCard::ActionPlanId, ActivityCard::PlannedCost],
            ),
        ];
        for (name, columns) in indexes {
            let mut index = Index::create();
            index.name(name).table(ActivityCard::Table);
            for column in columns {
                index.col(column);
            }
            m.create_index(index.take()).await?;
        }
        Ok(())
    }
}
