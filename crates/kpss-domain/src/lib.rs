//! The language of community planning of social services: types, validation and rules.
//!
//! Nothing here does I/O; every rule is a plain function with tests beside it.

pub mod account;
pub mod action_plan;
pub mod catalogue;
pub mod consultation;
pub mod czech;
pub mod document;
pub mod evaluation;
pub mod event;
pub mod field;
pub mod file;
pub mod forecast;
pub mod funding;
pub mod listing;
pub mod mail;
pub mod meeting;
pub mod member;
pub mod money;
pub mod need;
pub mod open_data;
pub mod plan;
pub mod quantity;
pub mod register;
pub mod report;
pub mod rounding;
pub mod start;
pub mod survey;
pub mod swot;
pub mod tenant;
pub mod work_group;

pub use field::{FieldError, FieldErrors};
