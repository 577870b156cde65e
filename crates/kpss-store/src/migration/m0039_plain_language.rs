//! The plain-language version of a plan: the coordinator's texts in simple Czech, one JSON
//! object per plan (section key → text), saved whole so a form never half-saves it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, text, timestamp_with_time_zone};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlainLanguage {
    Table,
    PlanId,
    TenantId,
    Texts,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PlainLanguage::Table)
                // One plain version per plan.
                .col(integer(PlainLanguage::PlanId).primary_key())
                .col(integer(PlainLanguage::TenantId))
                // {"plan": "…", "part-12": "…", "goal-5": "…"}
                .col(text(PlainLanguage::Texts))
                .col(integer(PlainLanguage::Version))
                .col(timestamp_with_time_zone(PlainLanguage::UpdatedAt))
                .foreign_key(&mut fk(PlainLanguage::Table, PlainLanguage::PlanId, "plan"))
                .foreign_key(&mut fk(
                    PlainLanguage::Table,
                    PlainLanguage::TenantId,
                    "tenant",
                ))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PlainLanguage::Table).to_owned())
            .await
    }
}
