//! Table `plan_part`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_part")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub plan_id: i32,
    pub position: i32,
    pub code: String,
    pub name: String,
    pub target_group: Option<String>,
    /// The working group that writes and follows this part, in every version of the plan.
    pub work_group_id: Option<i32>,
    /// Raised by every change; a form sends the version it was opened on.
    pub version: i32,
    /// When the coordinator locked the part as final; its group writes it no more.
    pub locked_at: Option<TimeDateTimeWithTimeZone>,
    /// When the coordinator last took the group's changes over.
    pub reviewed_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
