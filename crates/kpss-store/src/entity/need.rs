//! Table `need`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "need")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub plan_id: Option<i32>,
    pub title: String,
    pub description: Option<String>,
    pub target_group: String,
    /// One district code per line.
    pub districts: String,
    pub source: String,
    pub source_note: Option<String>,
    pub size: Option<i64>,
    pub state: String,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
