//! Table `membership`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub member_id: i32,
    pub work_group_id: i32,
    /// `KpRole::code`; `NULL` for memberships carried over from before kpss knew roles.
    pub kp_role: Option<String>,
    /// `Function::code`.
    pub function: String,
    pub since: TimeDate,
    /// The last day, inclusive; `NULL` while the membership lasts.
    pub until: Option<TimeDate>,
    /// The group's manager named the member an editor of the group's part of a draft plan.
    pub edits_plan: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
