//! Meetings of a group (schůzky): planned with a day, time, place and agenda; the attendance
//! recorded; minutes (zápis) written in Markdown, approved by the group's manager and then
//! published; tasks (úkoly) from the minutes with an owner and a deadline.

use serde::Serialize;
use time::{Date, PrimitiveDateTime, Time};

use crate::FieldError;
use crate::account::Actor;
use crate::field::{optional_text, required_text};

/// The longest minutes kpss keeps, in characters.
pub const MAX_MINUTES: usize = 100_000;

/// May this actor plan the group's meetings, record attendance and write and publish their
/// minutes? The coordinator, and the manager of that group.
#[must_use]
pub fn may_run(actor: &Actor, group: &str) -> bool {
    actor.is_admin() || actor.leads(group)
}

/// May this actor mark a task of the group's published minutes done or open again? Its owner
/// (`owner`: the owner's login, if any), and whoever runs the group's meetings.
#[must_use]
pub fn may_mark(actor: &Actor, group: &str, owner: Option<i32>) -> bool {
    (owner.is_some() && owner == actor.account_id) || may_run(actor, group)
}

/// A meeting as its form sends it.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput<'a> {
    pub day: &'a str,
    /// „14:00“.
    pub from: &'a str,
    pub to: &'a str,
    pub place: &'a str,
    pub agenda: &'a str,
}

/// A meeting, checked; times are Prague wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingDraft {
    pub starts: PrimitiveDateTime,
    pub ends: PrimitiveDateTime,
    pub place: String,
    pub agenda: Option<String>,
}

impl MeetingDraft {
    /// Checks a meeting: a day, a start and an end after it, a place.
    pub fn parse(input: &MeetingInput<'_>) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let day = e.take("day", crate::czech::parse_date(input.day));
        let from = e.take("from", parse_time(input.from));
        let to = e.take("to", parse_time(input.to));
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            e.add("to", FieldError::EndBeforeStart);
        }
        let place = e.take("place", required_text(input.place, 300));
        let agenda = e.take("agenda", optional_text(input.agenda, 10_000));
        e.into_result(|| {
            let day = day.unwrap_or(Date::MIN);
            Self {
                starts: PrimitiveDateTime::new(day, from.unwrap_or(Time::MIDNIGHT)),
                ends: PrimitiveDateTime::new(day, to.unwrap_or(Time::MIDNIGHT)),
                place: place.unwrap_or_default(),
                agenda: agenda.flatten(),
            }
        })
    }
}

/// A time of day as typed: „14:00“, „9.30“ or „14“.
pub fn parse_time(raw: &str) -> Result<Time, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    let (h, m) = raw
        .split_once([':', '.'])
        .map_or((raw, "0"), |(h, m)| (h.trim(), m.trim()));
    let hour = h.parse::<u8>().map_err(|_| FieldError::InvalidTime)?;
    let minute = m.parse::<u8>().map_err(|_| FieldError::InvalidTime)?;
    Time::from_hms(hour, minute, 0).map_err(|_| FieldError::InvalidTime)
}

/// Whether a member came to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Presence {
    Present,
    /// Omluvená neúčast: sent their apologies.
    Excused,
    /// Neomluvená neúčast.
    Absent,
}

impl Presence {
    /// Every value, in the order the attendance form offers them.
    pub const ALL: [Self; 3] = [Self::Present, Self::Excused, Self::Absent];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Present => "pritomen",
            Self::Excused => "omluven",
            Self::Absent => "nepritomen",
        }
    }

    /// The value from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The Czech name, the same for a woman and a man.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Present => "přítomnost",
            Self::Excused => "omluvená neúčast",
            Self::Absent => "neomluvená neúčast",
        }
    }
}

/// Guests as typed, one per line: trimmed, empty lines dropped, at most 200 of 200 characters.
pub fn parse_guests(raw: &str) -> Result<Vec<String>, FieldError> {
    let guests: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if guests.len() > 200 || guests.iter().any(|g| g.chars().count() > 200) {
        return Err(FieldError::TooLong { max: 200 });
    }
    Ok(guests)
}

/// Minutes as typed: Markdown, required, at most [`MAX_MINUTES`] characters.
pub fn parse_minutes(raw: &str) -> Result<String, FieldError> {
    required_text(raw, MAX_MINUTES)
}

/// A task from the minutes as its row of the form sends it.
#[derive(Debug, Clone, Default)]
pub struct TaskInput<'a> {
    pub text: &'a str,
    /// The member who owns it (their id), or empty.
    pub owner: &'a str,
    pub deadline: &'a str,
}

/// A task, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskDraft {
    pub text: String,
    pub owner: Option<i32>,
    pub deadline: Option<Date>,
}

impl TaskDraft {
    /// Checks the task rows of the minutes form (`members`: who may own a task); rows left
    /// empty are skipped. Errors are named `task_text_3` and so on, by the row's number.
    pub fn parse_rows(
        rows: &[TaskInput<'_>],
        members: &[i32],
    ) -> Result<Vec<Self>, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let mut tasks = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if row.text.trim().is_empty()
                && row.owner.trim().is_empty()
                && row.deadline.trim().is_empty()
            {
                continue;
            }
            let text = e.take(&format!("task_text_{i}"), required_text(row.text, 1000));
            let owner = match row.owner.trim() {
                "" => None,
                raw => match raw.parse::<i32>() {
                    Ok(id) if members.contains(&id) => Some(id),
                    _ => {
                        e.add(format!("task_owner_{i}"), FieldError::UnknownValue);
                        None
                    }
                },
            };
            let deadline = e
                .take(
                    &format!("task_deadline_{i}"),
                    crate::czech::parse_optional_date(row.deadline),
                )
                .flatten();
            if let Some(text) = text {
                tasks.push(Self {
                    text,
                    owner,
                    deadline,
                });
            }
        }
        e.into_result(|| tasks)
    }

    /// Whether the task is past its deadline on `day` while still open.
    #[must_use]
    pub fn is_overdue(&self, done: bool, day: Date) -> bool {
        !done && self.deadline.is_some_and(|d| d < day)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime, time};

    use super::*;
    use crate::account::Role;

    #[test]
    fn a_meeting_is_read_from_its_form() {
        let m = MeetingDraft::parse(&MeetingInput {
            day: "3. 12. 2026",
            from: "14:00",
            to: "15.30",
            place: " Magistrát, zasedací místnost 301 ",
            agenda: "",
        })
        .unwrap();
        assert_eq!(m.starts, datetime!(2026 - 12 - 03 14:00));
        assert_eq!(m.ends, datetime!(2026 - 12 - 03 15:30));
        assert_eq!(m.place, "Magistrát, zasedací místnost 301");
        assert_eq!(m.agenda, None);
    }

    #[test]
    fn every_bad_meeting_field_is_named() {
        let errors = MeetingDraft::parse(&MeetingInput {
            day: "31. 2. 2026",
            from: "25:00",
            to: "",
            place: "",
            agenda: "",
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["day", "from", "to", "place"]);
        let backwards = MeetingDraft::parse(&MeetingInput {
            day: "3. 12. 2026",
            from: "15:00",
            to: "14:00",
            place: "Magistrát",
            agenda: "",
        })
        .unwrap_err();
        assert_eq!(backwards.get("to"), Some(&FieldError::EndBeforeStart));
    }

    #[test]
    fn times_are_read_as_czechs_write_them() {
        assert_eq!(parse_time("9:05"), Ok(time!(9:05)));
        assert_eq!(parse_time("14"), Ok(time!(14:00)));
        assert_eq!(parse_time("14.30"), Ok(time!(14:30)));
        assert_eq!(parse_time("14:60"), Err(FieldError::InvalidTime));
        assert_eq!(parse_time("odpoledne"), Err(FieldError::InvalidTime));
    }

    #[test]
    fn task_rows_skip_empty_ones_and_name_bad_ones_by_row() {
        let rows = [
            TaskInput {
                text: "Připravit podklady k SWOT",
                owner: "4",
                deadline: "15. 1. 2027",
            },
            TaskInput::default(),
            TaskInput {
                text: "",
                owner: "9",
                deadline: "zítra",
            },
        ];
        let errors = TaskDraft::parse_rows(&rows, &[4]).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["task_text_2", "task_owner_2", "task_deadline_2"]);
        let tasks = TaskDraft::parse_rows(&rows[..2], &[4]).unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].owner, Some(4));
        assert!(tasks[0].is_overdue(false, date!(2027 - 01 - 16)));
        assert!(!tasks[0].is_overdue(true, date!(2027 - 01 - 16)));
        assert!(!tasks[0].is_overdue(false, date!(2027 - 01 - 15)));
    }

    #[test]
    fn only_the_coordinator_and_the_groups_manager_run_its_meetings() {
        let manager = Actor {
            account_id: Some(2),
            role: Role::Manager,
            organisations: Vec::new(),
            groups: vec!["SEN".into()],
        };
        assert!(may_run(&manager, "SEN"));
        assert!(!may_run(&manager, "ZP"));
        assert!(may_run(&Actor::system(), "ZP"));
        let member = Actor {
            role: Role::Member,
            ..manager
        };
        assert!(!may_run(&member, "SEN"));
        assert!(
            may_mark(&member, "SEN", Some(2)),
            "the owner marks their task"
        );
        assert!(!may_mark(&member, "SEN", Some(3)));
        assert!(!may_mark(&member, "SEN", None));
    }

    #[test]
    fn guests_are_one_per_line() {
        assert_eq!(
            parse_guests(" Jana Malá \n\n Petr Velký (host)\n"),
            Ok(vec!["Jana Malá".into(), "Petr Velký (host)".into()])
        );
        assert!(parse_guests(&"x".repeat(201)).is_err());
    }
}

pub mod attachment;
