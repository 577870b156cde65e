//! Table `measure_judgement`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measure_judgement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub action_plan_id: i32,
    pub measure_id: i32,
    pub state: String,
    pub fulfilment: Option<String>,
    pub reasoning: Option<String>,
    pub achieved: Option<String>,
    /// JSON array of indicator actuals in hundredths (`null` where none was given).
    pub indicator_actuals: Option<String>,
    pub return_reason: Option<String>,
    pub version: i32,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
