//! Yearly action plans, their activity cards with planned and actual figures, the evaluation
//! rounds, and the working groups a manager leads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, date, integer, integer_null, pk_auto, string,
    string_null, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    WorkGroups,
}
#[derive(DeriveIden)]
enum Plan {
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
    TenantId,
    PlanId,
    Year,
    State,
    Version,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum ActivityCard {
    Table,
    Id,
    TenantId,
    ActionPlanId,
    MeasureId,
    OrganisationId,
    ServiceId,
    NewActivity,
    Title,
    Description,
    Period,
    PlannedCapacity,
    PlannedClients,
    ResponsiblePerson,
    ReportState,
    Status,
    ActualClients,
    ActualCapacity,
    Comment,
    ReturnReason,
    SubmittedAt,
    Version,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum CardCost {
    Table,
    Id,
    TenantId,
    CardId,
    Source,
    Planned,
    Actual,
}
#[derive(DeriveIden)]
enum CardIndicator {
    Table,
    Id,
    TenantId,
    CardId,
    Position,
    Name,
    Unit,
    Target,
    Actual,
}
#[derive(DeriveIden)]
enum EvaluationRound {
    Table,
    Id,
    TenantId,
    ActionPlanId,
    Deadline,
    Closed,
    CreatedAt,
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

fn unique(
    name: &str,
    table: impl IntoIden,
    cols: [&dyn Fn() -> DynIden; 2],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).unique();
    for col in cols {
        index.col(col());
    }
    index.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(text_null(Account::WorkGroups))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActionPlan::Table)
                .col(pk_auto(ActionPlan::Id))
                .col(integer(ActionPlan::TenantId))
                .col(integer(ActionPlan::PlanId))
                .col(integer(ActionPlan::Year))
                .col(string(ActionPlan::State))
                .col(integer(ActionPlan::Version))
                .col(timestamp_with_time_zone(ActionPlan::CreatedAt))
                .col(timestamp_with_time_zone(ActionPlan::UpdatedAt))
                .foreign_key(&mut cascade(
                    (ActionPlan::Table, ActionPlan::PlanId),
                    (Plan::Table, Plan::Id),
                ))
                .take(),
        )
        .await?;
        // One action plan per plan and year.
        m.create_index(unique(
            "action_plan_year",
            ActionPlan::Table,
            [&|| ActionPlan::PlanId.into_iden(), &|| {
                ActionPlan::Year.into_iden()
            }],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ActivityCard::Table)
                .col(pk_auto(ActivityCard::Id))
                .col(integer(ActivityCard::TenantId))
                .col(integer(ActivityCard::ActionPlanId))
                .col(integer(ActivityCard::MeasureId))
                .col(integer(ActivityCard::OrganisationId))
                .col(integer_null(ActivityCard::ServiceId))
                .col(string_null(ActivityCard::NewActivity))
                .col(string(ActivityCard::Title))
                .col(text_null(ActivityCard::Description))
                .col(string_null(ActivityCard::Period))
                .col(big_integer_null(ActivityCard::PlannedCapacity))
                .col(big_integer_null(ActivityCard::PlannedClients))
                .col(string_null(ActivityCard::ResponsiblePerson))
                .col(string(ActivityCard::ReportState))
                .col(string_null(ActivityCard::Status))
                .col(big_integer_null(ActivityCard::ActualClients))
                .col(big_integer_null(ActivityCard::ActualCapacity))
                .col(text_null(ActivityCard::Comment))
                .col(text_null(ActivityCard::ReturnReason))
                .col(timestamp_with_time_zone_null(ActivityCard::SubmittedAt))
                .col(integer(ActivityCard::Version))
                .col(timestamp_with_time_zone(ActivityCard::UpdatedAt))
                .foreign_key(&mut cascade(
                    (ActivityCard::Table, ActivityCard::ActionPlanId),
                    (ActionPlan::Table, ActionPlan::Id),
                ))
                .foreign_key(&mut cascade(
                    (ActivityCard::Table, ActivityCard::MeasureId),
                    (PlanMeasure::Table, PlanMeasure::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("activity_card_action_plan")
                .table(ActivityCard::Table)
                .col(ActivityCard::ActionPlanId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CardCost::Table)
                .col(pk_auto(CardCost::Id))
                .col(integer(CardCost::TenantId))
                .col(integer(CardCost::CardId))
                .col(string(CardCost::Source))
                .col(big_integer(CardCost::Planned))
                .col(big_integer_null(CardCost::Actual))
                .foreign_key(&mut cascade(
                    (CardCost::Table, CardCost::CardId),
                    (ActivityCard::Table, ActivityCard::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "card_cost_source",
            CardCost::Table,
            [&|| CardCost::CardId.into_iden(), &|| {
                CardCost::Source.into_iden()
            }],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(CardIndicator::Table)
                .col(pk_auto(CardIndicator::Id))
                .col(integer(CardIndicator::TenantId))
                .col(integer(CardIndicator::CardId))
                .col(integer(CardIndicator::Position))
                .col(string(CardIndicator::Name))
                .col(string(CardIndicator::Unit))
                .col(big_integer(CardIndicator::Target))
                .col(big_integer_null(CardIndicator::Actual))
                .foreign_key(&mut cascade(
                    (CardIndicator::Table, CardIndicator::CardId),
                    (ActivityCard::Table, ActivityCard::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("card_indicator_card")
                .table(CardIndicator::Table)
                .col(CardIndicator::CardId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EvaluationRound::Table)
                .col(pk_auto(EvaluationRound::Id))
                .col(integer(EvaluationRound::TenantId))
                .col(integer(EvaluationRound::ActionPlanId).unique_key())
                .col(date(EvaluationRound::Deadline))
                .col(boolean(EvaluationRound::Closed))
                .col(timestamp_with_time_zone(EvaluationRound::CreatedAt))
                .foreign_key(&mut cascade(
                    (EvaluationRound::Table, EvaluationRound::ActionPlanId),
                    (ActionPlan::Table, ActionPlan::Id),
                ))
                .take(),
        )
        .await?;
        Ok(())
    }
}
