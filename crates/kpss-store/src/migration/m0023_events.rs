//! Events (akce) of a measure: their dates, public registrations and the attendance recorded
//! per date.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer_null, integer, integer_null, pk_auto, string, string_null, text_null,
    timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    TenantId,
    MeasureId,
    Kind,
    Title,
    Organiser,
    Place,
    Capacity,
    Description,
    Version,
}

#[derive(DeriveIden)]
enum EventDate {
    Table,
    Id,
    EventId,
    Position,
    StartsAt,
    EndsAt,
    WalkIns,
}

#[derive(DeriveIden)]
enum EventRegistration {
    Table,
    Id,
    TenantId,
    EventId,
    Name,
    Organisation,
    Email,
    Source,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EventPresence {
    Table,
    RegistrationId,
    DateId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Event::Table)
                .col(pk_auto(Event::Id))
                .col(integer(Event::TenantId))
                .col(integer(Event::MeasureId))
                .col(string(Event::Kind))
                .col(string(Event::Title))
                .col(string(Event::Organiser))
                .col(string(Event::Place))
                .col(big_integer_null(Event::Capacity))
                .col(text_null(Event::Description))
                .col(integer(Event::Version))
                .foreign_key(&mut fk(Event::Table, Event::TenantId, "tenant"))
                .foreign_key(&mut fk(Event::Table, Event::MeasureId, "plan_measure"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EventDate::Table)
                .col(pk_auto(EventDate::Id))
                .col(integer(EventDate::EventId))
                .col(integer(EventDate::Position))
                .col(timestamp_with_time_zone(EventDate::StartsAt))
                .col(timestamp_with_time_zone(EventDate::EndsAt))
                // None until the attendance of the date is recorded.
                .col(integer_null(EventDate::WalkIns))
                .foreign_key(&mut fk(EventDate::Table, EventDate::EventId, "event"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EventRegistration::Table)
                .col(pk_auto(EventRegistration::Id))
                .col(integer(EventRegistration::TenantId))
                .col(integer(EventRegistration::EventId))
                .col(string(EventRegistration::Name))
                .col(string_null(EventRegistration::Organisation))
                .col(string(EventRegistration::Email))
                .col(string(EventRegistration::Source))
                .col(timestamp_with_time_zone(EventRegistration::CreatedAt))
                .foreign_key(&mut fk(
                    EventRegistration::Table,
                    EventRegistration::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    EventRegistration::Table,
                    EventRegistration::EventId,
                    "event",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EventPresence::Table)
                .col(integer(EventPresence::RegistrationId))
                .col(integer(EventPresence::DateId))
                .primary_key(
                    Index::create()
                        .col(EventPresence::RegistrationId)
                        .col(EventPresence::DateId),
                )
                .foreign_key(&mut fk(
                    EventPresence::Table,
                    EventPresence::RegistrationId,
                    "event_registration",
                ))
                .foreign_key(&mut fk(
                    EventPresence::Table,
                    EventPresence::DateId,
                    "event_date",
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_registration_email")
                .table(EventRegistration::Table)
                .col(EventRegistration::EventId)
                .col(EventRegistration::Email)
                .unique()
                .take(),
        )
        .await?;
        for (name, table, columns) in [
            (
                "event_tenant_measure",
                "event",
                &["tenant_id", "measure_id"][..],
            ),
            ("event_date_event", "event_date", &["event_id"][..]),
            (
                "event_registration_source",
                "event_registration",
                &["source", "created_at"][..],
            ),
            ("event_presence_date", "event_presence", &["date_id"][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table));
            for column in columns {
                index.col(Alias::new(*column));
            }
            m.create_index(index.take()).await?;
        }
        Ok(())
    }
}
