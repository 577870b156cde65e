//! Table `event`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub measure_id: i32,
    /// The activity card of a project's event; it serves the card's measure.
    pub card_id: Option<i32>,
    /// `EventKind::code`.
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub place: String,
    pub capacity: Option<i64>,
    pub description: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
