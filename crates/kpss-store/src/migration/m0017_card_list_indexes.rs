//! The list of cards and the start page read one action plan's cards narrowed by organisation
//! or report state, or page through them by title; without these indexes each of those read
//! every card of the plan (50 000 in the national set, see `kpss bench evaluation`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityCard {
    Table,
    ActionPlanId,
    OrganisationId,
    ReportState,
    SubmittedAt,
    Title,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let indexes: [(&str, Vec<ActivityCard>); 3] = [
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
