//! Table `activity_card`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_card")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub action_plan_id: i32,
    pub measure_id: i32,
    pub organisation_id: i32,
    pub service_id: Option<i32>,
    pub new_activity: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub period: Option<String>,
    pub planned_capacity: Option<i64>,
    pub planned_clients: Option<i64>,
    pub responsible_person: Option<String>,
    pub report_state: String,
    pub status: Option<String>,
    pub actual_clients: Option<i64>,
    pub actual_capacity: Option<i64>,
    pub comment: Option<String>,
    pub return_reason: Option<String>,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub version: i32,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// The card of an earlier year this one was taken over from.
    pub taken_from: Option<i32>,
    /// Planned costs from all sources, kept equal to `card_cost` by the card writes.
    pub planned_cost: i64,
    /// Reported costs from all sources, once any were reported.
    pub actual_cost: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
