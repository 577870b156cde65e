//! Table `survey_tally`: what a survey's answers add up to, kept in step with them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_tally")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub survey_id: i32,
    pub question_id: i32,
    /// The statement of a matrix, 0 otherwise; -1: the respondents who answered the question.
    pub row: i32,
    /// The choice or point; -1 for „jiné“ (and on the respondents' row).
    pub option: i32,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
