//! The demo city's events: for every measure that counts the people its events reach, a round
//! table and a two-day seminar in the evaluated year 2025 and a workshop a month ago, with
//! registrations and attendance; a conference still open for registration; and the meetings
//! with families that the projects counting their participants held in their years.

use kpss_domain::account::Actor;
use kpss_domain::event::{EventDate, EventDraft, EventKind};
use sea_orm::{ActiveValue::Set, EntityTrait};
use time::{Date, Duration, PrimitiveDateTime};

use crate::entity::event_registration;
use crate::{Result, Store, event};

/// When a held event took place: on days of the evaluated year 2025, or days before today.
#[derive(Clone, Copy)]
enum Held {
    /// (month, day) in 2025.
    In2025(&'static [(time::Month, u8)]),
    DaysAgo(i64),
}

/// (kind, title, dates, capacity, registered): what each measure held.
const HELD: [(EventKind, &str, Held, Option<i64>, usize); 3] = [
    (
        EventKind::RoundTable,
        "Kulatý stůl k opatření",
        Held::In2025(&[(time::Month::March, 12)]),
        Some(30),
        18,
    ),
    (
        EventKind::Seminar,
        "Seminář pro poskytovatele",
        Held::In2025(&[(time::Month::May, 20), (time::Month::May, 27)]),
        Some(40),
        26,
    ),
    (
        EventKind::Workshop,
        "Workshop s uživateli služeb",
        Held::DaysAgo(30),
        None,
        14,
    ),
];

impl Held {
    /// The days, `offset` days later for the `offset`-th measure.
    fn days(self, today: Date, offset: i64) -> Vec<Date> {
        match self {
            Self::In2025(days) => days
                .iter()
                .filter_map(|(m, d)| Date::from_calendar_date(2025, *m, *d).ok())
                .map(|d| d + Duration::days(offset))
                .collect(),
            Self::DaysAgo(n) => vec![today - Duration::days(n + offset)],
        }
    }
}

/// Fills the events of the plan's measures fed by them.
pub(super) async fn fill_events(store: &Store, tenant: i32, plan: i32) -> Result<()> {
    let system = Actor::system();
    let today = kpss_domain::czech::today();
    let tree = crate::plan::plan(store, tenant, plan).await?;
    let fed = tree
        .measures()
        .filter(|m| m.funding.indicators.iter().any(|i| i.feed.is_some()));
    let mut person = 0;
    for (k, measure) in fed.enumerate() {
        let offset = i64::try_from(k).unwrap_or(0);
        for (kind, title, days, capacity, registered) in HELD {
            let draft = EventDraft {
                kind,
                title: format!("{title} {}", measure.draft.code),
                organiser: "Magistrát města, odbor sociálních věcí (demo)".to_owned(),
                place: "Nová radnice, zasedací místnost 301 (demo)".to_owned(),
                capacity,
                description: Some(format!(
                    "Setkání poskytovatelů, uživatelů a zadavatele k opatření {}: {}",
                    measure.draft.code, measure.draft.text
                )),
                dates: days
                    .days(today, offset)
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| (i, at(d)))
                    .collect(),
            };
            let serves = event::Serves::Measure(measure.id);
            let created = event::create_event(store, tenant, &system, serves, &draft).await?;
            let ids = registrations(store, tenant, created.id, (person, registered)).await?;
            person += registered;
            for (i, date) in created.dates.iter().enumerate() {
                // Most of the registered came, and a few without registering.
                let came: Vec<i32> = ids
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| (j + i) % 6 != 0)
                    .map(|(_, id)| *id)
                    .collect();
                let walk_ins =
                    i32::try_from(2 + (offset + i64::try_from(i).unwrap_or(0)) % 4).unwrap_or(0);
                event::record_attendance(
                    store,
                    tenant,
                    &system,
                    (created.id, created.version + i32::try_from(i).unwrap_or(0)),
                    (date.id, &came, walk_ins),
                )
                .await?;
            }
        }
        if k == 0 {
            let draft = EventDraft {
                kind: EventKind::Conference,
                title: "Konference komunitního plánování (demo)".to_owned(),
                organiser: "Magistrát města (demo)".to_owned(),
                place: "Clarion Congress Hotel (demo)".to_owned(),
                capacity: Some(120),
                description: Some(
                    "Výroční konference: výsledky hodnocení akčního plánu a příprava dalšího \
                     komunitního plánu."
                        .to_owned(),
                ),
                dates: vec![(0, at(today + Duration::days(21)))],
            };
            let serves = event::Serves::Measure(measure.id);
            let created = event::create_event(store, tenant, &system, serves, &draft).await?;
            registrations(store, tenant, created.id, (person, 37)).await?;
            person += 37;
        }
    }
    fill_project_events(store, tenant, plan, person).await
}

/// Two meetings with families in June and October of its year for every card with an
/// indicator fed by its project's events; most of the registered came.
async fn fill_project_events(store: &Store, tenant: i32, plan: i32, first: usize) -> Result<()> {
    let system = Actor::system();
    let mut person = first;
    for ap in crate::action_plan::action_plans(store, tenant, plan).await? {
        let cards = crate::action_plan::cards(store, tenant, ap.id).await?;
        let fed = cards
            .iter()
            .filter(|c| c.draft.indicators.iter().any(|i| i.feed.is_some()));
        for card in fed {
            for (n, month) in [time::Month::June, time::Month::October]
                .into_iter()
                .enumerate()
            {
                let Ok(day) = Date::from_calendar_date(ap.year, month, 10) else {
                    continue;
                };
                let draft = EventDraft {
                    kind: EventKind::Workshop,
                    title: format!("Setkání s rodinami klientů {}", n + 1),
                    organiser: "Poskytovatel projektu (demo)".to_owned(),
                    place: "Komunitní centrum (demo)".to_owned(),
                    capacity: Some(25),
                    description: Some(format!("Setkání projektu „{}“.", card.draft.title)),
                    dates: vec![(0, at(day))],
                };
                let serves = event::Serves::Card(card.id);
                let created = event::create_event(store, tenant, &system, serves, &draft).await?;
                let ids = registrations(store, tenant, created.id, (person, 12)).await?;
                person += 12;
                let came: Vec<i32> = ids.iter().skip(n + 1).copied().collect();
                let date = created.dates[0].id;
                let key = (created.id, created.version);
                event::record_attendance(store, tenant, &system, key, (date, &came, 3)).await?;
            }
        }
    }
    Ok(())
}

/// A date at 9:00–12:00 on `day`.
fn at(day: Date) -> EventDate {
    let time = |h| time::Time::from_hms(h, 0, 0).unwrap_or(time::Time::MIDNIGHT);
    EventDate {
        starts: PrimitiveDateTime::new(day, time(9)),
        ends: PrimitiveDateTime::new(day, time(12)),
    }
}

/// Registers `count` demo people from the `first`-th on, as if they had used the form before
/// the event; returns the registrations' ids.
async fn registrations(
    store: &Store,
    tenant: i32,
    event: i32,
    (first, count): (usize, usize),
) -> Result<Vec<i32>> {
    let rows: Vec<event_registration::ActiveModel> = (first..first + count)
        .map(|n| {
            let name = super::people::name(n + 1000);
            event_registration::ActiveModel {
                tenant_id: Set(tenant),
                event_id: Set(event),
                email: Set(super::people::email(n + 1000, &name)),
                name: Set(name),
                organisation: Set((n % 3 == 0).then(|| "Charita (demo)".to_owned())),
                source: Set("demo".to_owned()),
                created_at: Set(crate::now() - Duration::days(150)),
                ..Default::default()
            }
        })
        .collect();
    let txn = store.write().await?;
    event_registration::Entity::insert_many(rows)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(event::registrations(store, tenant, event)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}
