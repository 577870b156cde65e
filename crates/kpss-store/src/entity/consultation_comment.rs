//! Table `consultation_comment`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consultation_comment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub consultation_id: i32,
    /// `Section::code`.
    pub section: String,
    /// `Channel::code`.
    pub channel: String,
    pub received_on: TimeDate,
    pub text: String,
    pub author_name: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub source: Option<String>,
    /// `Moderation::code`.
    pub moderation: String,
    pub moderation_note: Option<String>,
    /// `Decision::code`, once settled.
    pub decision: Option<String>,
    pub reasoning: Option<String>,
    /// The account that settled it.
    pub settled_by: Option<i32>,
    pub settled_at: Option<TimeDateTimeWithTimeZone>,
    /// The entry of the plan's log with the change of the draft the comment caused.
    pub change_id: Option<i32>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
