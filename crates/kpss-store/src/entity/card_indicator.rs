//! Table `card_indicator`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "card_indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub card_id: i32,
    pub position: i32,
    pub name: String,
    pub unit: String,
    pub target: i64,
    pub actual: Option<i64>,
    /// `IndicatorFeed::code` of an indicator counted from the project's events.
    pub feed: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
