//! Table `service`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub organisation_id: i32,
    pub kind: String,
    pub name: String,
    pub service_type: Option<String>,
    pub register_id: Option<String>,
    pub description: Option<String>,
    /// Codes of the forms of provision, comma-separated (a fixed national list).
    pub forms: String,
    /// Codes of the tenant's target groups, comma-separated; codes never change.
    pub target_groups: String,
    pub age_from: Option<i32>,
    pub age_to: Option<i32>,
    pub capacity: Option<i32>,
    pub capacity_unit: Option<String>,
    pub fees: Option<String>,
    pub opening_hours: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub active_from: Option<TimeDate>,
    pub active_to: Option<TimeDate>,
    /// The places of provision as JSON: owned by the service, always read and written with it.
    pub locations: String,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
