//! Table `plan_measure`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_measure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub plan_id: i32,
    pub goal_id: i32,
    pub position: i32,
    pub code: String,
    pub text: String,
    pub rationale: Option<String>,
    pub responsible: Option<String>,
    pub partners: Option<String>,
    pub timing: Option<String>,
    /// Indicators and expected costs as JSON (`kpss_domain::plan::funding::MeasureFunding`).
    pub funding: Option<String>,
    /// Raised by every change; a form sends the version it was opened on.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
