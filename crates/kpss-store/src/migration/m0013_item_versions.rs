//! Optimistic locking for the structure of a plan and for code lists: two coordinators editing
//! the same goal, or the same list, no longer overwrite each other unseen. A list is replaced as
//! a whole, so its version lives in a row of its own per tenant and list.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, pk_auto, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanPart {
    Table,
}
#[derive(DeriveIden)]
enum PlanPriority {
    Table,
}
#[derive(DeriveIden)]
enum PlanGoal {
    Table,
}
#[derive(DeriveIden)]
enum PlanMeasure {
    Table,
}
#[derive(DeriveIden)]
enum Item {
    Version,
}
#[derive(DeriveIden)]
enum CodeListVersion {
    Table,
    Id,
    TenantId,
    List,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PlanPart::Table.into_iden(),
            PlanPriority::Table.into_iden(),
            PlanGoal::Table.into_iden(),
            PlanMeasure::Table.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(integer(Item::Version).default(1))
                    .take(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(CodeListVersion::Table)
                .col(pk_auto(CodeListVersion::Id))
                .col(integer(CodeListVersion::TenantId))
                .col(string(CodeListVersion::List))
                .col(integer(CodeListVersion::Version))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("code_list_version_list")
                .table(CodeListVersion::Table)
                .col(CodeListVersion::TenantId)
                .col(CodeListVersion::List)
                .unique()
                .take(),
        )
        .await
    }
}
