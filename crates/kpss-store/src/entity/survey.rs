//! Table `survey`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub plan_id: Option<i32>,
    pub title: String,
    pub intro: Option<String>,
    pub audience: String,
    pub opens_on: TimeDate,
    pub closes_on: TimeDate,
    pub results_public: bool,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
