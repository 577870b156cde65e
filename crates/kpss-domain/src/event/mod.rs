//! Events of community planning (akce): round tables, seminars, workshops, conferences and
//! public hearings. Each serves a measure of the plan, and may belong to a project (an activity
//! card) of it; it runs on one or more dates, takes public registrations up to its capacity and
//! has its attendance recorded per date. A measure's or a card's indicator can count the events
//! held and the people who came.

use serde::Serialize;
use time::{Date, PrimitiveDateTime};

use crate::account::Actor;
use crate::catalogue::contact::parse_email;
use crate::field::{optional_int, optional_text, required_text};
use crate::meeting::parse_time;
use crate::{FieldError, FieldErrors};

mod tally;

pub use tally::{FedYear, HeldDate, IndicatorFeed, Tally, card_tallies, progress, tallies};

/// How many date rows the event form offers.
pub const DATE_ROWS: usize = 4;

/// The most people one event may take.
pub const MAX_CAPACITY: i64 = 100_000;

/// The most registrations one address may send in [`REGISTRATION_WINDOW_MINUTES`].
pub const REGISTRATIONS_PER_ADDRESS: u64 = 5;

/// The window of the registration limit per address.
pub const REGISTRATION_WINDOW_MINUTES: i64 = 10;

/// What kind of event it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EventKind {
    RoundTable,
    Seminar,
    Workshop,
    Conference,
    /// Veřejné projednání: the public hearing of a draft.
    Hearing,
}

impl EventKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [Self; 5] = [
        Self::RoundTable,
        Self::Seminar,
        Self::Workshop,
        Self::Conference,
        Self::Hearing,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::RoundTable => "kulaty-stul",
            Self::Seminar => "seminar",
            Self::Workshop => "workshop",
            Self::Conference => "konference",
            Self::Hearing => "verejne-projednani",
        }
    }

    /// The kind from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::RoundTable => "kulatý stůl",
            Self::Seminar => "seminář",
            Self::Workshop => "workshop",
            Self::Conference => "konference",
            Self::Hearing => "veřejné projednání",
        }
    }
}

/// Whom an event belongs to, for deciding who runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventOwner<'a> {
    /// The code of the group the measure's part is assigned to.
    pub group: Option<&'a str>,
    /// The provider organisation of the card, for an event of a project.
    pub organisation: Option<i32>,
}

/// May this actor create an event, change it and record its attendance? The coordinator, the
/// manager of the measure's group, and for a project's event the editors of its provider.
#[must_use]
pub fn may_run(actor: &Actor, owner: EventOwner<'_>) -> bool {
    actor.is_admin()
        || owner.group.is_some_and(|g| actor.leads(g))
        || owner.organisation.is_some_and(|o| {
            actor.role == crate::account::Role::ProviderEditor && actor.organisations.contains(&o)
        })
}

/// Whether every date of a project's event falls in the year of the card's action plan; the
/// first that does not, by its form row.
#[must_use]
pub fn outside_year(draft: &EventDraft, year: i32) -> Option<usize> {
    draft
        .dates
        .iter()
        .find(|(_, d)| d.starts.year() != year || d.ends.year() != year)
        .map(|(row, _)| *row)
}

/// The form fields of date row `i`: day, start, end.
#[must_use]
pub fn date_fields(i: usize) -> [String; 3] {
    [
        format!("date_day_{i}"),
        format!("date_from_{i}"),
        format!("date_to_{i}"),
    ]
}

/// An event as its form sends it.
#[derive(Debug, Clone, Default)]
pub struct EventInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub organiser: &'a str,
    pub place: &'a str,
    pub capacity: &'a str,
    pub description: &'a str,
    /// (day, from, to) per date row; fully empty rows are no date.
    pub dates: Vec<(&'a str, &'a str, &'a str)>,
}

/// One date of an event, in Prague wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventDate {
    pub starts: PrimitiveDateTime,
    pub ends: PrimitiveDateTime,
}

/// An event, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventDraft {
    pub kind: EventKind,
    pub title: String,
    pub organiser: String,
    pub place: String,
    /// How many may register; `None`: no limit.
    pub capacity: Option<i64>,
    pub description: Option<String>,
    /// The dates by their row: a date keeps its row, so attendance stays with its date.
    pub dates: Vec<(usize, EventDate)>,
}

impl EventDraft {
    /// Checks an event: a kind, a title, an organiser, a place and at least one date, each
    /// ending after it starts.
    pub fn parse(input: &EventInput<'_>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.take(
            "kind",
            if input.kind.trim().is_empty() {
                Err(FieldError::Required)
            } else {
                EventKind::parse(input.kind).ok_or(FieldError::UnknownValue)
            },
        );
        let title = e.take("title", required_text(input.title, 300));
        let organiser = e.take("organiser", required_text(input.organiser, 300));
        let place = e.take("place", required_text(input.place, 300));
        let capacity = e
            .take("capacity", optional_int(input.capacity, 1, MAX_CAPACITY))
            .flatten();
        let description = e
            .take("description", optional_text(input.description, 10_000))
            .flatten();
        let mut dates = Vec::new();
        for (i, (day, from, to)) in input.dates.iter().enumerate().take(DATE_ROWS) {
            if [day, from, to].iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let [day_field, from_field, to_field] = date_fields(i);
            let day = e.take(&day_field, crate::czech::parse_date(day));
            let from = e.take(&from_field, parse_time(from));
            let to = e.take(&to_field, parse_time(to));
            if let (Some(from), Some(to)) = (from, to)
                && to <= from
            {
                e.add(to_field, FieldError::EndBeforeStart);
            } else if let (Some(day), Some(from), Some(to)) = (day, from, to) {
                dates.push((
                    i,
                    EventDate {
                        starts: PrimitiveDateTime::new(day, from),
                        ends: PrimitiveDateTime::new(day, to),
                    },
                ));
            }
        }
        let blank = |(d, f, t): &(&str, &str, &str)| [d, f, t].iter().all(|v| v.trim().is_empty());
        if input.dates.iter().all(blank) {
            e.add(date_fields(0)[0].clone(), FieldError::Required);
        }
        e.into_result(|| Self {
            kind: kind.unwrap_or(EventKind::Seminar),
            title: title.unwrap_or_default(),
            organiser: organiser.unwrap_or_default(),
            place: place.unwrap_or_default(),
            capacity,
            description,
            dates,
        })
    }

    /// The first day of the event.
    #[must_use]
    pub fn first_day(&self) -> Option<Date> {
        self.dates.iter().map(|(_, d)| d.starts.date()).min()
    }
}

/// A registration as the public form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationDraft {
    pub name: String,
    pub organisation: Option<String>,
    /// Lower-cased, so one address registers once.
    pub email: String,
}

impl RegistrationDraft {
    /// Checks a registration: a name and an e-mail address are needed.
    pub fn parse(name: &str, organisation: &str, email: &str) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("full_name", required_text(name, 200));
        let organisation = e
            .take("organisation", optional_text(organisation, 300))
            .flatten();
        let email = e.take("email", parse_email(email));
        e.into_result(|| Self {
            name: name.unwrap_or_default(),
            organisation,
            email: email.unwrap_or_default().to_lowercase(),
        })
    }
}

/// Whether an event with this capacity takes one more after `registered`.
#[must_use]
pub fn has_room(capacity: Option<i64>, registered: u64) -> bool {
    capacity.is_none_or(|c| i64::try_from(registered).unwrap_or(i64::MAX) < c)
}

/// Whether the event still takes registrations: until its last date begins.
#[must_use]
pub fn registration_open(last_start: Option<PrimitiveDateTime>, now: PrimitiveDateTime) -> bool {
    last_start.is_some_and(|s| now < s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn input<'a>(dates: Vec<(&'a str, &'a str, &'a str)>) -> EventInput<'a> {
        EventInput {
            kind: "kulaty-stul",
            title: "Kulatý stůl k dluhové problematice",
            organiser: "Magistrát města Ostravy",
            place: "Nová radnice",
            capacity: "40",
            description: "",
            dates,
        }
    }

    #[test]
    fn an_event_keeps_each_date_on_its_row() {
        let draft = EventDraft::parse(&input(vec![
            ("3. 3. 2026", "9:00", "12:00"),
            ("", "", ""),
            ("10. 3. 2026", "9", "11.30"),
        ]))
        .unwrap();
        assert_eq!(draft.kind, EventKind::RoundTable);
        assert_eq!(draft.capacity, Some(40));
        assert_eq!(
            draft.dates,
            vec![
                (
                    0,
                    EventDate {
                        starts: datetime!(2026-03-03 9:00),
                        ends: datetime!(2026-03-03 12:00)
                    }
                ),
                (
                    2,
                    EventDate {
                        starts: datetime!(2026-03-10 9:00),
                        ends: datetime!(2026-03-10 11:30)
                    }
                )
            ]
        );
        assert_eq!(draft.first_day(), Some(time::macros::date!(2026 - 03 - 03)));
    }

    #[test]
    fn an_event_needs_a_date_and_sane_fields() {
        let mut bad = input(vec![("", "", "")]);
        bad.kind = "party";
        bad.capacity = "0";
        bad.title = " ";
        let errors = EventDraft::parse(&bad).unwrap_err();
        assert_eq!(errors.get("kind"), Some(&FieldError::UnknownValue));
        assert_eq!(errors.get("title"), Some(&FieldError::Required));
        assert!(matches!(
            errors.get("capacity"),
            Some(FieldError::OutOfRange { min: 1, .. })
        ));
        assert_eq!(errors.get("date_day_0"), Some(&FieldError::Required));
        let errors = EventDraft::parse(&input(vec![("1. 1. 2026", "12:00", "11:00")])).unwrap_err();
        assert_eq!(errors.get("date_to_0"), Some(&FieldError::EndBeforeStart));
        let errors = EventDraft::parse(&input(vec![("32. 1. 2026", "", "")])).unwrap_err();
        assert_eq!(errors.get("date_day_0"), Some(&FieldError::InvalidDate));
        assert_eq!(errors.get("date_from_0"), Some(&FieldError::Required));
    }

    #[test]
    fn a_registration_needs_a_name_and_an_address() {
        let r = RegistrationDraft::parse("Jana Nová", "", " Jana.Nova@Example.cz ").unwrap();
        assert_eq!(r.email, "jana.nova@example.cz");
        assert_eq!(r.organisation, None);
        let errors = RegistrationDraft::parse("", "", "jana").unwrap_err();
        assert_eq!(errors.get("full_name"), Some(&FieldError::Required));
        assert_eq!(errors.get("email"), Some(&FieldError::InvalidEmail));
    }

    #[test]
    fn capacity_and_the_end_of_registration() {
        assert!(has_room(None, 10_000));
        assert!(has_room(Some(2), 1));
        assert!(!has_room(Some(2), 2));
        let start = datetime!(2026-03-03 9:00);
        assert!(registration_open(Some(start), datetime!(2026-03-03 8:59)));
        assert!(!registration_open(Some(start), start));
        assert!(!registration_open(None, start));
    }

    #[test]
    fn the_coordinator_the_groups_manager_and_the_projects_provider_run_events() {
        let of = |group, organisation| EventOwner {
            group,
            organisation,
        };
        let mut actor = Actor::system();
        assert!(may_run(&actor, of(None, None)));
        actor.role = crate::account::Role::Manager;
        actor.groups = vec!["SEN".into()];
        assert!(may_run(&actor, of(Some("SEN"), None)));
        assert!(!may_run(&actor, of(Some("ZP"), None)));
        assert!(!may_run(&actor, of(None, None)));
        actor.role = crate::account::Role::ProviderEditor;
        actor.organisations = vec![4];
        assert!(may_run(&actor, of(Some("ZP"), Some(4))));
        assert!(!may_run(&actor, of(Some("ZP"), Some(5))));
        assert!(!may_run(&actor, of(Some("SEN"), None)));
    }

    #[test]
    fn a_projects_event_is_held_in_the_cards_year() {
        let draft = EventDraft::parse(&input(vec![
            ("3. 3. 2026", "9:00", "12:00"),
            ("", "", ""),
            ("4. 1. 2027", "9:00", "12:00"),
        ]))
        .unwrap();
        assert_eq!(outside_year(&draft, 2026), Some(2));
        assert_eq!(outside_year(&draft, 2025), Some(0));
        let one = EventDraft::parse(&input(vec![("3. 3. 2026", "9:00", "12:00")])).unwrap();
        assert_eq!(outside_year(&one, 2026), None);
    }
}
