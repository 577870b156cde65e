//! SeaORM entities, one per table; only the store's feature modules use them.

pub mod account;
pub mod account_organisation;
pub mod audit_log;
pub mod code_list;
pub mod login_failure;
pub mod organisation;
pub mod service;
pub mod session;
pub mod tenant;
