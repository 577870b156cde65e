//! SeaORM entities, one per table; only the store's feature modules use them.

pub mod account;
pub mod account_organisation;
pub mod action_plan;
pub mod activity_card;
pub mod audit_log;
pub mod card_cost;
pub mod card_indicator;
pub mod code_list;
pub mod code_list_version;
pub mod evaluation_round;
pub mod group_evaluation;
pub mod login_device;
pub mod login_failure;
pub mod measure_judgement;
pub mod organisation;
pub mod plan;
pub mod plan_conclusion;
pub mod plan_goal;
pub mod plan_measure;
pub mod plan_part;
pub mod plan_priority;
pub mod search_thesaurus;
pub mod service;
pub mod session;
pub mod setup_token;
pub mod tenant;
