//! Card indicators take decimals where the unit needs them (hours, full-time equivalents), as
//! measure indicators do: targets and actual values are kept as whole hundredths
//! (`kpss_domain::quantity::Quantity`), so the whole numbers stored so far are scaled once.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "UPDATE card_indicator SET target = target * 100, actual = actual * 100",
            )
            .await?;
        Ok(())
    }
}
