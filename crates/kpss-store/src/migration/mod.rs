//! One backend-neutral set of migrations; each runs in its own transaction.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_plan;
mod m0003_action_plan;
mod m0004_rollup;
mod m0005_measure_funding;
mod m0006_priority;
mod m0007_unique_codes;
mod m0008_judgement;
mod m0009_new_activity_index;
mod m0010_card_indicator_hundredths;
mod m0011_first_run;
mod m0012_account_life;
mod m0013_item_versions;
mod m0014_rollup_keys;
mod m0015_cache_generation;
mod m0016_card_taken_from;
mod m0017_card_list;
mod m0018_search_thesaurus;
mod m0019_work_groups;
mod m0020_members;
mod m0021_meetings;
mod m0022_mail;
mod m0023_events;
mod m0024_part_writing;
mod m0025_account_links;
mod m0026_meeting_attachments;
mod m0027_project_events;
mod m0028_consultation;
mod m0029_comment_change;
mod m0030_surveys;
mod m0031_swot;
mod m0032_needs;
mod m0033_forecast;
mod m0034_comment_scans;
mod m0035_documents;
mod m0036_document_consultation;
mod m0037_open_data_publisher;
mod m0038_register_uploads;
mod m0039_plain_language;
mod m0040_service_paging;

pub(crate) use m0019_work_groups::link_codes as link_work_group_codes;
pub(crate) use m0020_members::carry_led_codes;

/// Every migration kpss knows, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_plan::Migration),
            Box::new(m0003_action_plan::Migration),
            Box::new(m0004_rollup::Migration),
            Box::new(m0005_measure_funding::Migration),
            Box::new(m0006_priority::Migration),
            Box::new(m0007_unique_codes::Migration),
            Box::new(m0008_judgement::Migration),
            Box::new(m0009_new_activity_index::Migration),
            Box::new(m0010_card_indicator_hundredths::Migration),
            Box::new(m0011_first_run::Migration),
            Box::new(m0012_account_life::Migration),
            Box::new(m0013_item_versions::Migration),
            Box::new(m0014_rollup_keys::Migration),
            Box::new(m0015_cache_generation::Migration),
            Box::new(m0016_card_taken_from::Migration),
            Box::new(m0017_card_list::Migration),
            Box::new(m0018_search_thesaurus::Migration),
            Box::new(m0019_work_groups::Migration),
            Box::new(m0020_members::Migration),
            Box::new(m0021_meetings::Migration),
            Box::new(m0022_mail::Migration),
            Box::new(m0023_events::Migration),
            Box::new(m0024_part_writing::Migration),
            Box::new(m0025_account_links::Migration),
            Box::new(m0026_meeting_attachments::Migration),
            Box::new(m0027_project_events::Migration),
            Box::new(m0028_consultation::Migration),
            Box::new(m0029_comment_change::Migration),
            Box::new(m0030_surveys::Migration),
            Box::new(m0031_swot::Migration),
            Box::new(m0032_needs::Migration),
            Box::new(m0033_forecast::Migration),
            Box::new(m0034_comment_scans::Migration),
            Box::new(m0035_documents::Migration),
            Box::new(m0036_document_consultation::Migration),
            Box::new(m0037_open_data_publisher::Migration),
            Box::new(m0038_register_uploads::Migration),
            Box::new(m0039_plain_language::Migration),
            Box::new(m0040_service_paging::Migration),
        ]
    }
}

/// A foreign key from `table.from` to the `id` of the table named `to`; the migrations since
/// m0021 declare theirs with it.
fn fk(table: impl IntoIden, from: impl IntoIden, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, from)
        .to(Alias::new(to), Alias::new("id"))
        .take()
}
