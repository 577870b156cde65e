//! A card taken over from an earlier year remembers its source, and an action plan holds at
//! most one copy of each source card: taking the same card over twice is refused by the
//! database itself, whichever node or request tries.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityCard {
    Table,
    ActionPlanId,
    TakenFrom,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ActivityCard::Table)
                .add_column(ColumnDef::new(ActivityCard::TakenFrom).integer().null())
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("activity_card_taken_once")
                .table(ActivityCard::Table)
                .col(ActivityCard::ActionPlanId)
                .col(ActivityCard::TakenFrom)
                .unique()
                .take(),
        )
        .await
    }
}
