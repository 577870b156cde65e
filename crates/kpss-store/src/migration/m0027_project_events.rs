//! Events of projects: an event may belong to an activity card (and serves the card's measure),
//! and a card's indicator may be counted from its project's events.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Event {
    Table,
    CardId,
}

#[derive(DeriveIden)]
enum CardIndicator {
    Table,
    Feed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A plain column, as `plan_part.work_group_id`: SQLite cannot add a foreign key to a
        // table; deleting a card detaches its events in the same transaction instead.
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(ColumnDef::new(Event::CardId).integer().null())
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_card")
                .table(Event::Table)
                .col(Event::CardId)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(CardIndicator::Table)
                .add_column(ColumnDef::new(CardIndicator::Feed).string().null())
                .take(),
        )
        .await
    }
}
