//! Table `plan`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub title: String,
    pub period_from: i32,
    pub period_to: i32,
    pub status: String,
    pub resolution_number: Option<String>,
    pub resolution_date: Option<TimeDate>,
    pub resolution_body: Option<String>,
    /// The approved plan this draft was started from.
    pub based_on_id: Option<i32>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
