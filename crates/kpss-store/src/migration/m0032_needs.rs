//! Needs of target groups with their source, size and state, and the goals and measures of
//! plans that answer them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Need {
    Table,
    Id,
    TenantId,
    PlanId,
    Title,
    Description,
    TargetGroup,
    Districts,
    Source,
    SourceNote,
    Size,
    State,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NeedLink {
    Table,
    Id,
    NeedId,
    GoalId,
    MeasureId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Need::Table)
                .col(pk_auto(Need::Id))
                .col(integer(Need::TenantId))
                .col(integer_null(Need::PlanId))
                .col(string(Need::Title))
                .col(text_null(Need::Description))
                .col(string(Need::TargetGroup))
                // Codes of the tenant's districts, one per line; none: the whole city.
                .col(text(Need::Districts))
                .col(string(Need::Source))
                .col(string_null(Need::SourceNote))
                .col(big_integer_null(Need::Size))
                .col(string(Need::State))
                .col(integer(Need::Version))
                .col(timestamp_with_time_zone(Need::CreatedAt))
                .foreign_key(&mut fk(Need::Table, Need::TenantId, "tenant"))
                .foreign_key(&mut fk(Need::Table, Need::PlanId, "plan"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NeedLink::Table)
                .col(pk_auto(NeedLink::Id))
                .col(integer(NeedLink::NeedId))
                .col(integer_null(NeedLink::GoalId))
                .col(integer_null(NeedLink::MeasureId))
                .foreign_key(&mut fk(NeedLink::Table, NeedLink::NeedId, "need"))
                .foreign_key(&mut fk(NeedLink::Table, NeedLink::GoalId, "plan_goal"))
                .foreign_key(&mut fk(
                    NeedLink::Table,
                    NeedLink::MeasureId,
                    "plan_measure",
                ))
                .take(),
        )
        .await?;
        for (name, column) in [
            ("need_link_need", "need_id"),
            ("need_link_goal", "goal_id"),
            ("need_link_measure", "measure_id"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(NeedLink::Table)
                    .col(Alias::new(column))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
