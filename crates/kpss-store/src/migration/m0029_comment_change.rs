//! A settled comment links the change of the draft it caused: an entry of the plan's log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsultationComment {
    Table,
    ChangeId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ConsultationComment::Table)
                .add_column(
                    ColumnDef::new(ConsultationComment::ChangeId)
                        .integer()
                        .null(),
                )
                .take(),
        )
        .await
    }
}
