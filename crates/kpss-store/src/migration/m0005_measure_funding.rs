//! A measure's indicators and expected costs per year and funding source, kept as JSON on the
//! measure: they belong to it alone and are always read and written with it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanMeasure {
    Table,
    Funding,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(PlanMeasure::Table)
                .add_column(text_null(PlanMeasure::Funding))
                .take(),
        )
        .await
    }
}
