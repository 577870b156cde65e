//! Table `survey_question`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub survey_id: i32,
    pub position: i32,
    pub section: Option<String>,
    pub text: String,
    pub help: Option<String>,
    pub kind: String,
    pub required: bool,
    /// One choice or matrix statement per line.
    pub options: String,
    pub other: bool,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
