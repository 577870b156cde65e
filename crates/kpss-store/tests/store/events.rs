//! Events of a measure: run by the coordinator and the manager of the measure's group, public
//! registrations up to the capacity, attendance per date, and the tallies fed to indicators.

use kpss_domain::event::{
    EventDate, EventDraft, EventKind, IndicatorFeed, RegistrationDraft, Tally,
};
use kpss_domain::mail::MailDraft;
use kpss_domain::plan::funding::{MeasureFunding, MeasureIndicator};
use kpss_domain::quantity::Quantity;
use kpss_store::event::{self, Serves};
use time::{Duration, PrimitiveDateTime};

use super::*;

on_both_databases!(
    an_event_takes_registrations_to_its_capacity_and_feeds_its_measure,
    a_projects_events_are_run_by_its_provider_and_feed_its_card,
);

fn at(days: i64) -> EventDate {
    let day = kpss_domain::czech::today() + Duration::days(days);
    let time = |h| time::Time::from_hms(h, 0, 0).unwrap();
    EventDate {
        starts: PrimitiveDateTime::new(day, time(9)),
        ends: PrimitiveDateTime::new(day, time(12)),
    }
}

fn draft(capacity: Option<i64>, dates: Vec<(usize, EventDate)>) -> EventDraft {
    EventDraft {
        kind: EventKind::RoundTable,
        title: "Kulatý stůl k dluhům".into(),
        organiser: "Magistrát".into(),
        place: "Nová radnice".into(),
        capacity,
        description: None,
        dates,
    }
}

fn person(name: &str, email: &str) -> (RegistrationDraft, MailDraft) {
    let draft = RegistrationDraft::parse(name, "", email).unwrap();
    let mail = MailDraft {
        kind: "potvrzeni-registrace",
        key: format!("registrace-{email}"),
        to: draft.email.clone(),
        subject: "Potvrzení přihlášky".into(),
        text: format!("Dobrý den, {name}"),
        html: String::new(),
        attachment: None,
    };
    (draft, mail)
}

fn refused(result: Result<impl std::fmt::Debug, Error>, field: &str) -> FieldError {
    match result {
        Err(Error::Invalid(e)) => e.get(field).cloned().expect(field),
        other => panic!("{field}: {other:?}"),
    }
}

async fn an_event_takes_registrations_to_its_capacity_and_feeds_its_measure(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let funding = MeasureFunding {
        indicators: vec![MeasureIndicator {
            name: "Účastníci akcí".into(),
            unit: "osoba".into(),
            baseline: None,
            targets: vec![(2026, Quantity::whole(40))],
            feed: Some(IndicatorFeed::Participants),
        }],
        costs: Vec::new(),
    };
    let (_, measures) =
        kpss_store::testing::approved_plan_with(&store, t, &["SEN", "ZP"], &funding).await;
    kpss_store::testing::link_work_group_codes(&store).await;
    let manager = account::add(
        &store,
        t,
        &admin,
        NewAccount {
            email: "vedouci@ostrava.cz",
            name: "Vedoucí SEN",
            role: Role::Manager,
            password_hash: account::hash_password("heslo-12345678"),
            organisations: &[],
            groups: &["SEN".to_owned()],
        },
    )
    .await
    .unwrap()
    .actor();
    let (sen, zp) = (measures[0], measures[1]);

    // The manager runs the events of the group's measures only.
    let planned = draft(Some(2), vec![(0, at(-10)), (2, at(10))]);
    assert!(matches!(
        event::create_event(&store, t, &manager, Serves::Measure(zp), &planned).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        refused(
            event::create_event(&store, t, &manager, Serves::Measure(999_999), &planned).await,
            "measure"
        ),
        FieldError::UnknownValue
    );
    let created = event::create_event(&store, t, &manager, Serves::Measure(sen), &planned)
        .await
        .unwrap();
    assert_eq!(created.group_code.as_deref(), Some("SEN"));
    assert_eq!(
        created.dates.iter().map(|d| d.position).collect::<Vec<_>>(),
        [0, 2]
    );

    // Registrations: one per address, up to the capacity, each with its confirmation queued.
    let key = (created.id, "zdroj-a");
    let (jana, mail) = person("Jana Nová", "jana@example.cz");
    event::register(&store, t, key, &jana, &mail).await.unwrap();
    assert_eq!(
        refused(event::register(&store, t, key, &jana, &mail).await, "email"),
        FieldError::AlreadyRegistered
    );
    let (petr, mail) = person("Petr Malý", "petr@example.cz");
    let petr_in = event::register(&store, t, (created.id, "zdroj-b"), &petr, &mail)
        .await
        .unwrap();
    let (eva, mail) = person("Eva Horká", "eva@example.cz");
    assert_eq!(
        refused(event::register(&store, t, key, &eva, &mail).await, "event"),
        FieldError::EventFull
    );
    assert_eq!(event::recent_from(&store, "zdroj-a").await.unwrap(), 1);
    let queued = kpss_store::mail::latest(&store, t, 10).await.unwrap();
    assert_eq!(
        queued.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        ["petr@example.cz", "jana@example.cz"],
        "one confirmation each, none for the refused"
    );

    // Attendance per date: a date not begun is refused; the held one feeds the measure.
    let (past, future) = (created.dates[0].id, created.dates[1].id);
    let version = created.version;
    assert_eq!(
        refused(
            event::record_attendance(&store, t, &manager, (created.id, version), (future, &[], 0))
                .await,
            "date"
        ),
        FieldError::NotHeldYet
    );
    event::record_attendance(
        &store,
        t,
        &manager,
        (created.id, version),
        (past, &[petr_in.id], 3),
    )
    .await
    .unwrap();
    assert!(matches!(
        event::record_attendance(&store, t, &manager, (created.id, version), (past, &[], 0)).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    let year = at(-10).starts.year();
    assert_eq!(
        event::tallies(&store, t, &[sen])
            .await
            .unwrap()
            .get(&(sen, year)),
        Some(&Tally {
            events: 1,
            participants: 4
        })
    );

    // A date with attendance stays; the capacity does not drop below those registered.
    let version = version + 1;
    let moved = draft(Some(2), vec![(2, at(11))]);
    assert_eq!(
        refused(
            event::update_event(
                &store,
                t,
                &manager,
                (created.id, version),
                Serves::Measure(sen),
                &moved
            )
            .await,
            "date_day_0"
        ),
        FieldError::AttendanceRecorded
    );
    let smaller = draft(Some(1), vec![(0, at(-10)), (2, at(11))]);
    assert!(matches!(
        refused(
            event::update_event(
                &store,
                t,
                &manager,
                (created.id, version),
                Serves::Measure(sen),
                &smaller
            )
            .await,
            "capacity"
        ),
        FieldError::OutOfRange { min: 2, .. }
    ));
    let bigger = draft(Some(3), vec![(0, at(-10)), (2, at(11))]);
    let updated = event::update_event(
        &store,
        t,
        &manager,
        (created.id, version),
        Serves::Measure(sen),
        &bigger,
    )
    .await
    .unwrap();
    assert_eq!(
        updated.dates[0].id, past,
        "a kept date keeps its attendance"
    );
    assert_eq!(updated.dates[0].walk_ins, Some(3));
    assert_eq!(updated.dates[1].date, at(11));
    event::register(
        &store,
        t,
        key,
        &eva,
        &person("Eva Horká", "eva@example.cz").1,
    )
    .await
    .unwrap();

    // Another tenant sees none of it.
    let other = tenant(&store, "opava").await;
    assert!(matches!(
        event::event(&store, other, created.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        event::register(&store, other, key, &jana, &mail).await,
        Err(Error::NotFound)
    ));
}

/// A date of 2025 (the card's year) at 9:00–12:00.
fn in_2025(month: time::Month, day: u8) -> EventDate {
    let day = time::Date::from_calendar_date(2025, month, day).unwrap();
    let time = |h| time::Time::from_hms(h, 0, 0).unwrap();
    EventDate {
        starts: PrimitiveDateTime::new(day, time(9)),
        ends: PrimitiveDateTime::new(day, time(12)),
    }
}

async fn a_projects_events_are_run_by_its_provider_and_feed_its_card(store: Store) {
    use kpss_domain::action_plan::{CardDraft, CardInput};
    use kpss_store::action_plan::{self, CardPlacement};
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan, measures) = kpss_store::testing::approved_plan(&store, t, &["SEN", "ZP"]).await;
    kpss_store::testing::link_work_group_codes(&store).await;
    let (sen, zp) = (measures[0], measures[1]);
    let charita = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Charita Ostrava", "00845451"),
    )
    .await
    .unwrap();
    let other = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Slezská diakonie", "65468562"),
    )
    .await
    .unwrap();
    let ap = action_plan::create_action_plan(&store, t, &admin, plan, 2025)
        .await
        .unwrap();
    let sources: Vec<String> = kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect();
    let card_draft = CardDraft::parse(
        &CardInput {
            title: "Setkávání pečujících",
            indicators: vec![
                ("účastníci setkání", "osob", "20", "ucastnici"),
                ("setkání", "kus", "4", "akce"),
                ("podpořené rodiny", "rodin", "10", ""),
            ],
            ..CardInput::default()
        },
        &sources,
    )
    .unwrap();
    let place = CardPlacement {
        measure_id: sen,
        organisation_id: charita.id,
        service_id: None,
    };
    let card = action_plan::create_card(&store, t, &admin, ap.id, place, &card_draft)
        .await
        .unwrap();
    let provider = |org: i32| Actor {
        account_id: None,
        role: Role::ProviderEditor,
        organisations: vec![org],
        groups: Vec::new(),
    };

    // The card's provider runs its project's events; another provider does not, nor may the
    // provider run an event of the measure alone.
    let june = draft(None, vec![(0, in_2025(time::Month::June, 10))]);
    assert!(matches!(
        event::create_event(&store, t, &provider(other.id), Serves::Card(card), &june).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        event::create_event(
            &store,
            t,
            &provider(charita.id),
            Serves::Measure(sen),
            &june
        )
        .await,
        Err(Error::Forbidden)
    ));
    // A project's dates lie in its card's year.
    let late = draft(
        None,
        vec![(0, in_2025(time::Month::June, 10)), (1, at(400))],
    );
    assert_eq!(
        refused(
            event::create_event(&store, t, &provider(charita.id), Serves::Card(card), &late).await,
            "date_day_1"
        ),
        FieldError::NotInCardYear { year: 2025 }
    );
    let held = event::create_event(&store, t, &provider(charita.id), Serves::Card(card), &june)
        .await
        .unwrap();
    assert_eq!((held.measure, held.card), (sen, Some(card)));
    assert_eq!(held.organisation, Some(charita.id));
    // Moving the card to another measure takes its events along, and back.
    for (version, measure_id) in [(1, zp), (2, sen)] {
        let moved = CardPlacement {
            measure_id,
            ..place
        };
        action_plan::update_card(&store, t, &admin, (card, version), moved, &card_draft)
            .await
            .unwrap();
        assert_eq!(
            event::event(&store, t, held.id).await.unwrap().measure,
            measure_id
        );
    }
    let two_days = draft(
        None,
        vec![
            (0, in_2025(time::Month::October, 7)),
            (1, in_2025(time::Month::October, 8)),
        ],
    );
    let second = event::create_event(
        &store,
        t,
        &provider(charita.id),
        Serves::Card(card),
        &two_days,
    )
    .await
    .unwrap();
    for (e, walk_ins) in [(&held, [7, 0]), (&second, [5, 6])] {
        for (i, d) in e.dates.iter().enumerate() {
            let version = e.version + i32::try_from(i).unwrap();
            event::record_attendance(
                &store,
                t,
                &provider(charita.id),
                (e.id, version),
                (d.id, &[], walk_ins[i]),
            )
            .await
            .unwrap();
        }
    }

    // The fed indicators count the project's events; the typed one keeps what was reported.
    let reported = kpss_domain::evaluation::Actuals::parse(
        &kpss_domain::evaluation::ActualsInput {
            status: "splneno",
            indicators: vec!["999", "999", "9"],
            ..Default::default()
        },
        &sources,
    )
    .unwrap();
    kpss_store::evaluation::open_round(
        &store,
        t,
        &admin,
        ap.id,
        &kpss_domain::evaluation::RoundDraft {
            deadline: time::macros::date!(2026 - 01 - 31),
        },
    )
    .await
    .unwrap();
    kpss_store::evaluation::save_report(&store, t, &admin, (card, 3), &reported, false)
        .await
        .unwrap();
    let stored = action_plan::card(&store, t, card).await.unwrap();
    assert_eq!(
        stored.report.indicator_actuals,
        vec![
            Some(Quantity::whole(18)),
            Some(Quantity::whole(2)),
            Some(Quantity::whole(9))
        ],
        "7 + 5 + 6 came; two events; the typed value as typed"
    );
    assert_eq!(
        stored.draft.indicators[0].feed,
        Some(IndicatorFeed::Participants)
    );
    let listed = action_plan::cards(&store, t, ap.id).await.unwrap();
    assert_eq!(
        listed[0].report.indicator_actuals,
        stored.report.indicator_actuals
    );
    // The project's events serve the measure too.
    assert_eq!(
        event::tallies(&store, t, &[sen]).await.unwrap()[&(sen, 2025)],
        Tally {
            events: 2,
            participants: 18
        }
    );
    assert_eq!(event::card_events(&store, t, card).await.unwrap().len(), 2);
}
