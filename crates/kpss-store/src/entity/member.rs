//! Table `member`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The organisation of the catalogue the member comes from.
    pub organisation_id: Option<i32>,
    /// The organisation as typed, when it is not in the catalogue.
    pub organisation_name: Option<String>,
    pub publish_contact: bool,
    /// The member's login, if they have one.
    pub account_id: Option<i32>,
    /// Raised by every change; a form sends the version it was opened on.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
