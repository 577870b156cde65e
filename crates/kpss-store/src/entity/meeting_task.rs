//! Table `meeting_task`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_task")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub meeting_id: i32,
    /// The task's place in the minutes.
    pub position: i32,
    pub text: String,
    /// The member who owns the task.
    pub owner_id: Option<i32>,
    pub deadline: Option<TimeDate>,
    pub done: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
