//! Table `consultation`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consultation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    /// The plan whose draft is consulted; `None` for a library document.
    pub plan_id: Option<i32>,
    /// The library document consulted, and the number of its version put to comments.
    pub document_id: Option<i32>,
    pub document_version: Option<i32>,
    pub opens_on: TimeDate,
    pub closes_on: TimeDate,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
