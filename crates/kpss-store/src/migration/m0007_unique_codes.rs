//! Goal and priority codes unique within their part, kept by the database as part and measure
//! codes already are, so concurrent edits cannot slip a duplicate past a check.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("plan_goal_code", "plan_goal"),
            ("plan_priority_code", "plan_priority"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new("part_id"))
                    .col(Alias::new("code"))
                    .unique()
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
