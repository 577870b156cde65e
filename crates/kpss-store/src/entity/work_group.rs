//! Table `work_group`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "work_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    /// `GroupKind::code`.
    pub kind: String,
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    /// Target group codes, comma-separated.
    pub target_groups: String,
    /// The working group of a subgroup.
    pub parent_id: Option<i32>,
    pub founded: Option<TimeDate>,
    pub dissolved: Option<TimeDate>,
    /// Raised by every change; a form sends the version it was opened on.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
