//! The SWOT of each working group and subgroup for a plan cycle: ordered items in four lists,
//! each optionally resting on evidence.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_auto, string, string_null, text, timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SwotItem {
    Table,
    Id,
    TenantId,
    PlanId,
    WorkGroupId,
    Quadrant,
    Position,
    Text,
    Evidence,
    Version,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SwotItem::Table)
                .col(pk_auto(SwotItem::Id))
                .col(integer(SwotItem::TenantId))
                .col(integer(SwotItem::PlanId))
                .col(integer(SwotItem::WorkGroupId))
                .col(string(SwotItem::Quadrant))
                .col(integer(SwotItem::Position))
                .col(text(SwotItem::Text))
                // `Evidence::code`: the evidence may be removed later; the item stays.
                .col(string_null(SwotItem::Evidence))
                .col(integer(SwotItem::Version))
                .col(timestamp_with_time_zone(SwotItem::CreatedAt))
                .foreign_key(&mut fk(SwotItem::Table, SwotItem::TenantId, "tenant"))
                .foreign_key(&mut fk(SwotItem::Table, SwotItem::PlanId, "plan"))
                .foreign_key(&mut fk(
                    SwotItem::Table,
                    SwotItem::WorkGroupId,
                    "work_group",
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("swot_item_plan_group")
                .table(SwotItem::Table)
                .col(SwotItem::PlanId)
                .col(SwotItem::WorkGroupId)
                .take(),
        )
        .await
    }
}
