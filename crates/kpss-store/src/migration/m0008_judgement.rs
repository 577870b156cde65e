//! What the groups and the coordinator write in an evaluation: each group's judgement of each
//! of its measures per year (fulfilment, reasoning, what was achieved, indicator actuals), the
//! group's evaluation of its part for the year, and the coordinator's summary of the plan.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_auto, string, string_null, text, text_null, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Plan {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum PlanPart {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum PlanMeasure {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum ActionPlan {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum MeasureJudgement {
    Table,
    Id,
    TenantId,
    ActionPlanId,
    MeasureId,
    State,
    Fulfilment,
    Reasoning,
    Achieved,
    /// JSON array of indicator actuals in hundredths, `null` where none was given.
    IndicatorActuals,
    ReturnReason,
    Version,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum GroupEvaluation {
    Table,
    Id,
    TenantId,
    ActionPlanId,
    PartId,
    Text,
    Version,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum PlanConclusion {
    Table,
    Id,
    TenantId,
    PlanId,
    Text,
    Version,
    UpdatedAt,
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
                .table(MeasureJudgement::Table)
                .col(pk_auto(MeasureJudgement::Id))
                .col(integer(MeasureJudgement::TenantId))
                .col(integer(MeasureJudgement::ActionPlanId))
                .col(integer(MeasureJudgement::MeasureId))
                .col(string(MeasureJudgement::State))
                .col(string_null(MeasureJudgement::Fulfilment))
                .col(text_null(MeasureJudgement::Reasoning))
                .col(text_null(MeasureJudgement::Achieved))
                .col(text_null(MeasureJudgement::IndicatorActuals))
                .col(text_null(MeasureJudgement::ReturnReason))
                .col(integer(MeasureJudgement::Version))
                .col(timestamp_with_time_zone(MeasureJudgement::UpdatedAt))
                .foreign_key(&mut cascade(
                    (MeasureJudgement::Table, MeasureJudgement::ActionPlanId),
                    (ActionPlan::Table, ActionPlan::Id),
                ))
                .foreign_key(&mut cascade(
                    (MeasureJudgement::Table, MeasureJudgement::MeasureId),
                    (PlanMeasure::Table, PlanMeasure::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("measure_judgement_year")
                .table(MeasureJudgement::Table)
                .col(MeasureJudgement::ActionPlanId)
                .col(MeasureJudgement::MeasureId)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(GroupEvaluation::Table)
                .col(pk_auto(GroupEvaluation::Id))
                .col(integer(GroupEvaluation::TenantId))
                .col(integer(GroupEvaluation::ActionPlanId))
                .col(integer(GroupEvaluation::PartId))
                .col(text(GroupEvaluation::Text))
                .col(integer(GroupEvaluation::Version))
                .col(timestamp_with_time_zone(GroupEvaluation::UpdatedAt))
                .foreign_key(&mut cascade(
                    (GroupEvaluation::Table, GroupEvaluation::ActionPlanId),
                    (ActionPlan::Table, ActionPlan::Id),
                ))
                .foreign_key(&mut cascade(
                    (GroupEvaluation::Table, GroupEvaluation::PartId),
                    (PlanPart::Table, PlanPart::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("group_evaluation_year")
                .table(GroupEvaluation::Table)
                .col(GroupEvaluation::ActionPlanId)
                .col(GroupEvaluation::PartId)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanConclusion::Table)
                .col(pk_auto(PlanConclusion::Id))
                .col(integer(PlanConclusion::TenantId))
                .col(integer(PlanConclusion::PlanId).unique_key())
                .col(text(PlanConclusion::Text))
                .col(integer(PlanConclusion::Version))
                .col(timestamp_with_time_zone(PlanConclusion::UpdatedAt))
                .foreign_key(&mut cascade(
                    (PlanConclusion::Table, PlanConclusion::PlanId),
                    (Plan::Table, Plan::Id),
                ))
                .take(),
        )
        .await
    }
}
