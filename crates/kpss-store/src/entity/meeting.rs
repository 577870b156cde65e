//! Table `meeting`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub work_group_id: i32,
    pub starts_at: TimeDateTimeWithTimeZone,
    pub ends_at: TimeDateTimeWithTimeZone,
    pub place: String,
    pub agenda: Option<String>,
    /// Guests who came, one per line.
    pub guests: String,
    /// The minutes in Markdown, once written.
    pub minutes: Option<String>,
    /// When the manager approved and published the minutes; they are locked from then on.
    pub published_at: Option<TimeDateTimeWithTimeZone>,
    pub published_by: Option<i32>,
    /// Raised by every change; a form sends the version it was opened on.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
