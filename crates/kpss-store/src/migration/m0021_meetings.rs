//! Meetings of the groups: planned (day, time, place, agenda), their attendance, minutes
//! approved and published by the group's manager, and the tasks the minutes give.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date_null, integer, integer_null, pk_auto, string, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meeting {
    Table,
    Id,
    TenantId,
    WorkGroupId,
    StartsAt,
    EndsAt,
    Place,
    Agenda,
    Guests,
    Minutes,
    PublishedAt,
    PublishedBy,
    Version,
}

#[derive(DeriveIden)]
enum MeetingAttendance {
    Table,
    MeetingId,
    MemberId,
    Presence,
}

#[derive(DeriveIden)]
enum MeetingTask {
    Table,
    Id,
    TenantId,
    MeetingId,
    Position,
    Text,
    OwnerId,
    Deadline,
    Done,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Meeting::Table)
                .col(pk_auto(Meeting::Id))
                .col(integer(Meeting::TenantId))
                .col(integer(Meeting::WorkGroupId))
                .col(timestamp_with_time_zone(Meeting::StartsAt))
                .col(timestamp_with_time_zone(Meeting::EndsAt))
                .col(string(Meeting::Place))
                .col(text_null(Meeting::Agenda))
                .col(text(Meeting::Guests))
                .col(text_null(Meeting::Minutes))
                .col(timestamp_with_time_zone_null(Meeting::PublishedAt))
                .col(integer_null(Meeting::PublishedBy))
                .col(integer(Meeting::Version))
                .foreign_key(&mut fk(Meeting::Table, Meeting::TenantId, "tenant"))
                .foreign_key(&mut fk(Meeting::Table, Meeting::WorkGroupId, "work_group"))
                .foreign_key(&mut fk(Meeting::Table, Meeting::PublishedBy, "account"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MeetingAttendance::Table)
                .col(integer(MeetingAttendance::MeetingId))
                .col(integer(MeetingAttendance::MemberId))
                .col(string(MeetingAttendance::Presence))
                .primary_key(
                    Index::create()
                        .col(MeetingAttendance::MeetingId)
                        .col(MeetingAttendance::MemberId),
                )
                .foreign_key(&mut fk(
                    MeetingAttendance::Table,
                    MeetingAttendance::MeetingId,
                    "meeting",
                ))
                .foreign_key(&mut fk(
                    MeetingAttendance::Table,
                    MeetingAttendance::MemberId,
                    "member",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MeetingTask::Table)
                .col(pk_auto(MeetingTask::Id))
                .col(integer(MeetingTask::TenantId))
                .col(integer(MeetingTask::MeetingId))
                .col(integer(MeetingTask::Position))
                .col(text(MeetingTask::Text))
                .col(integer_null(MeetingTask::OwnerId))
                .col(date_null(MeetingTask::Deadline))
                .col(boolean(MeetingTask::Done))
                .foreign_key(&mut fk(MeetingTask::Table, MeetingTask::TenantId, "tenant"))
                .foreign_key(&mut fk(
                    MeetingTask::Table,
                    MeetingTask::MeetingId,
                    "meeting",
                ))
                .foreign_key(&mut fk(MeetingTask::Table, MeetingTask::OwnerId, "member"))
                .take(),
        )
        .await?;
        for (name, table, column) in [
            ("meeting_group_starts", "meeting", "work_group_id"),
            (
                "meeting_attendance_member",
                "meeting_attendance",
                "member_id",
            ),
            ("meeting_task_meeting", "meeting_task", "meeting_id"),
            ("meeting_task_owner", "meeting_task", "owner_id"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new(column))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
