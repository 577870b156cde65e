//! Action plans, activity cards and their evaluation.

use kpss_domain::action_plan::{ActionPlanState, CardDraft, CardInput};
use kpss_domain::evaluation::{
    Actuals, ActualsInput, CardStatus, ReportAction, ReportState, RoundDraft, Summary,
};
use kpss_domain::plan::PlanHeader;
use kpss_store::action_plan::{self, CardPlacement};
use kpss_store::{evaluation, plan};

use super::*;

/// An approved plan 2023–2026 with a measure in the seniors' part and one in the part for
/// people with disabilities; gives (plan, senior measure, disability measure).
async fn approved_plan(store: &Store, t: i32) -> (i32, i32, i32) {
    let (plan, measures) = kpss_store::testing::approved_plan(store, t, &["SEN", "ZP"]).await;
    (plan, measures[0], measures[1])
}

fn sources() -> Vec<String> {
    kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect()
}

fn draft(title: &str) -> CardDraft {
    CardDraft::parse(
        &CardInput {
            title,
            planned_clients: "240",
            costs: vec![("mesto", "1 000 000"), ("mpsv", "500 000")],
            indicators: vec![("počet účastníků", "osob", "240", "")],
            ..CardInput::default()
        },
        &sources(),
    )
    .unwrap()
}

fn person(role: Role, organisations: Vec<i32>, groups: &[&str]) -> Actor {
    Actor {
        account_id: None,
        role,
        organisations,
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

on_both_databases!(
    action_plans_belong_to_approved_plans_one_per_year,
    cards_are_planned_by_their_provider_and_evaluated_through_the_round,
    card_lists_are_filtered_sorted_paged_and_streamed_by_the_database,
);

async fn card_lists_are_filtered_sorted_paged_and_streamed_by_the_database(store: Store) {
    use futures_util::StreamExt;
    use kpss_domain::action_plan::card_list::CardSort;
    use kpss_store::action_plan::CardFilter;
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, senior, disability) = approved_plan(&store, t).await;
    let charita = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Charita Ostrava", "00845451"),
    )
    .await
    .unwrap();
    let diakonie = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Slezská diakonie", "65468562"),
    )
    .await
    .unwrap();
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (title, measure, org, cost) in [
        ("Terénní péče", senior, charita.id, "3 000 000"),
        (
            "Denní stacionář 100% kapacity",
            disability,
            diakonie.id,
            "1 000",
        ),
        ("Odlehčovací služba", senior, diakonie.id, "2 500 000"),
    ] {
        let mut card = draft(title);
        card.costs = vec![("mesto".into(), kpss_domain::money::parse_czk(cost).unwrap())];
        let place = CardPlacement {
            measure_id: measure,
            organisation_id: org,
            service_id: None,
        };
        ids.push(
            action_plan::create_card(&store, t, &admin, ap.id, place, &card)
                .await
                .unwrap(),
        );
    }
    let list = |filter: CardFilter, sort: CardSort, descending: bool, window: (u64, u64)| {
        let store = store.clone();
        async move {
            action_plan::list_cards(&store, &[t], ap.id, &filter, (sort, descending), window)
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.id, c.planned_cost))
                .collect::<Vec<_>>()
        }
    };
    let all = CardFilter::default();
    assert_eq!(
        action_plan::count_cards(&store, &[t], ap.id, &all)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        list(all.clone(), CardSort::PlannedCost, true, (0, 10)).await,
        [(ids[0], 3_000_000), (ids[2], 2_500_000), (ids[1], 1_000)],
        "sums of BIGINT costs come back as whole crowns on both engines"
    );
    assert_eq!(
        list(all.clone(), CardSort::PlannedCost, true, (1, 1)).await,
        [(ids[2], 2_500_000)]
    );
    assert_eq!(
        list(all.clone(), CardSort::Measure, false, (0, 10))
            .await
            .iter()
            .map(|c| c.0)
            .collect::<Vec<_>>(),
        [ids[2], ids[0], ids[1]],
        "the plan's order: the seniors' measure first, titles within it"
    );
    // Pages in the plan's order are cut from the kept counts per measure: every window of
    // either direction is the same slice of the whole list as the database sorts it.
    for descending in [false, true] {
        let whole: Vec<(i32, i64)> =
            action_plan::stream_cards(&store, &[t], ap.id, &all, (CardSort::Measure, descending))
                .await
                .unwrap()
                .map(|c| c.map(|c| (c.id, c.planned_cost)).unwrap())
                .collect()
                .await;
        assert_eq!(whole.len(), 3);
        for offset in 0..4 {
            for limit in 1..4 {
                let end = (offset + limit).min(whole.len());
                let expected = whole.get(offset..end).unwrap_or_default();
                assert_eq!(
                    list(
                        all.clone(),
                        CardSort::Measure,
                        descending,
                        (offset as u64, limit as u64)
                    )
                    .await,
                    expected,
                    "descending {descending}, window ({offset}, {limit})"
                );
            }
        }
    }
    let of_diakonie = CardFilter {
        organisations: Some(vec![diakonie.id]),
        ..CardFilter::default()
    };
    assert_eq!(
        action_plan::count_cards(&store, &[t], ap.id, &of_diakonie)
            .await
            .unwrap(),
        2
    );
    let senior_only = CardFilter {
        measures: Some(vec![senior]),
        organisations: Some(vec![diakonie.id]),
        ..CardFilter::default()
    };
    assert_eq!(
        list(senior_only, CardSort::Title, false, (0, 10)).await,
        [(ids[2], 2_500_000)]
    );
    // Words in any case, in the title or the organisation; LIKE's wildcards taken literally.
    for (text, expected) in [
        ("CHARITA", vec![ids[0]]),
        ("slezská odlehčovací", vec![ids[2]]),
        ("100%", vec![ids[1]]),
        ("%", vec![ids[1]]),
        ("65468562", vec![ids[1], ids[2]]),
        ("nic_takoveho", vec![]),
    ] {
        let filter = CardFilter {
            text: text.into(),
            ..CardFilter::default()
        };
        let found: Vec<i32> = list(filter, CardSort::Title, false, (0, 10))
            .await
            .iter()
            .map(|c| c.0)
            .collect();
        let mut sorted = found.clone();
        sorted.sort_unstable();
        let mut want = expected.clone();
        want.sort_unstable();
        assert_eq!(sorted, want, "{text}");
    }
    let none_owed = CardFilter {
        states: Some(vec![ReportState::Approved]),
        ..CardFilter::default()
    };
    assert_eq!(
        action_plan::count_cards(&store, &[t], ap.id, &none_owed)
            .await
            .unwrap(),
        0
    );
    let nothing = CardFilter {
        states: Some(vec![]),
        ..CardFilter::default()
    };
    assert_eq!(
        action_plan::count_cards(&store, &[t], ap.id, &nothing)
            .await
            .unwrap(),
        0
    );
    let streamed: Vec<i32> =
        action_plan::stream_cards(&store, &[t], ap.id, &all, (CardSort::PlannedCost, false))
            .await
            .unwrap()
            .map(|c| c.unwrap().id)
            .collect()
            .await;
    assert_eq!(streamed, [ids[1], ids[2], ids[0]]);
    let other = tenant(&store, "opava").await;
    assert_eq!(
        action_plan::count_cards(&store, &[other], ap.id, &all)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        action_plan::card_organisations(&store, &[t], ap.id, 2)
            .await
            .unwrap()
            .unwrap()
            .iter()
            .map(|o| o.1.as_str())
            .collect::<Vec<_>>(),
        ["Charita Ostrava", "Slezská diakonie"]
    );
    assert_eq!(
        action_plan::card_organisations(&store, &[t], ap.id, 1)
            .await
            .unwrap(),
        None,
        "more organisations than a select should offer"
    );
    // The start page's reads: counts from the kept sums, and one organisation's owed cards.
    let counts = action_plan::state_counts(&store, &[t], ap.id)
        .await
        .unwrap();
    let missing = |measure: i32| -> u64 {
        counts
            .iter()
            .filter(|c| c.measure_id == measure && c.state == ReportState::Missing)
            .map(|c| c.cards)
            .sum()
    };
    assert_eq!((missing(senior), missing(disability)), (2, 1));
    let group_of: std::collections::HashMap<i32, String> =
        [(senior, "SEN".to_owned()), (disability, "ZP".to_owned())].into();
    let owed = kpss_domain::start::Candidates {
        states: vec![ReportState::Missing, ReportState::Returned],
        organisations: Some(vec![diakonie.id]),
        groups: None,
    };
    let (waiting, count) = kpss_store::start::waiting_cards(&store, &[t], ap.id, &owed, &group_of)
        .await
        .unwrap();
    assert_eq!(
        waiting.iter().map(|c| c.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );
    assert_eq!((waiting[1].measure_id, count), (senior, 2));
    let of_group = kpss_domain::start::Candidates {
        states: vec![ReportState::Missing],
        organisations: None,
        groups: Some(vec!["SEN".to_owned()]),
    };
    let (waiting, count) =
        kpss_store::start::waiting_cards(&store, &[t], ap.id, &of_group, &group_of)
            .await
            .unwrap();
    assert!(waiting.iter().all(|c| c.measure_id == senior));
    assert_eq!(
        (waiting.len() as u64, count),
        (missing(senior), missing(senior))
    );
}

async fn action_plans_belong_to_approved_plans_one_per_year(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, _, _) = approved_plan(&store, t).await;
    let created = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    assert_eq!(created.year, 2025);
    let Error::Invalid(errors) = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap_err()
    else {
        panic!("a second action plan for 2025")
    };
    assert_eq!(errors.get("year"), Some(&FieldError::AlreadyUsed));
    let Error::Invalid(errors) = action_plan::create_action_plan(&store, t, &admin, plan_id, 2027)
        .await
        .unwrap_err()
    else {
        panic!("a year outside the period")
    };
    assert!(errors.get("year").is_some());
    let provider = person(Role::ProviderEditor, vec![], &[]);
    assert!(matches!(
        action_plan::create_action_plan(&store, t, &provider, plan_id, 2024).await,
        Err(Error::Forbidden)
    ));
    let header = PlanHeader::parse("Návrh", "2027", "2030").unwrap();
    let draft_plan = plan::create_plan(&store, t, &admin, &header).await.unwrap();
    assert!(matches!(
        action_plan::create_action_plan(&store, t, &admin, draft_plan.id, 2027).await,
        Err(Error::Conflict(Conflict::NotEditable))
    ));
    let years: Vec<i32> = action_plan::action_plans(&store, t, plan_id)
        .await
        .unwrap()
        .iter()
        .map(|a| a.year)
        .collect();
    assert_eq!(years, [2025]);
}

async fn cards_are_planned_by_their_provider_and_evaluated_through_the_round(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, senior, disability) = approved_plan(&store, t).await;
    let mine = catalogue::create_organisation(
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
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let provider = person(Role::ProviderEditor, vec![mine.id], &[]);
    let place = |measure, organisation| CardPlacement {
        measure_id: measure,
        organisation_id: organisation,
        service_id: None,
    };
    let card_id = action_plan::create_card(
        &store,
        t,
        &provider,
        ap.id,
        place(senior, mine.id),
        &draft("Terénní péče"),
    )
    .await
    .unwrap();
    assert!(matches!(
        action_plan::create_card(
            &store,
            t,
            &provider,
            ap.id,
            place(senior, other.id),
            &draft("Cizí")
        )
        .await,
        Err(Error::Forbidden)
    ));
    let zp_manager = person(Role::Manager, vec![], &["ZP"]);
    assert!(matches!(
        action_plan::create_card(
            &store,
            t,
            &zp_manager,
            ap.id,
            place(senior, other.id),
            &draft("Cizí")
        )
        .await,
        Err(Error::Forbidden)
    ));
    action_plan::create_card(
        &store,
        t,
        &zp_manager,
        ap.id,
        place(disability, other.id),
        &draft("Chráněné bydlení"),
    )
    .await
    .unwrap();

    let card = action_plan::card(&store, t, card_id).await.unwrap();
    assert_eq!(card.draft.costs.len(), 2);
    assert_eq!(card.report.state, ReportState::Missing);
    let stale = action_plan::update_card(
        &store,
        t,
        &provider,
        (card_id, card.version + 1),
        card.placement,
        &draft("Přejmenováno"),
    )
    .await;
    assert!(matches!(
        stale,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));

    let round = evaluation::open_round(
        &store,
        t,
        &admin,
        ap.id,
        &RoundDraft::parse("31. 1. 2026").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        evaluation::round(&store, t, ap.id).await.unwrap(),
        Some(round)
    );
    // The store itself refuses to reopen planning once the round exists, even with the
    // action plan's current version.
    let current = action_plan::action_plan(&store, t, ap.id).await.unwrap();
    assert_eq!(current.state, ActionPlanState::Closed);
    assert!(matches!(
        action_plan::set_state(
            &store,
            t,
            &admin,
            ap.id,
            current.version,
            ActionPlanState::Open
        )
        .await,
        Err(Error::Conflict(Conflict::RoundStarted))
    ));
    assert!(
        matches!(
            action_plan::create_card(
                &store,
                t,
                &provider,
                ap.id,
                place(senior, mine.id),
                &draft("Pozdě")
            )
            .await,
            Err(Error::Conflict(Conflict::NotEditable))
        ),
        "the round closed planning"
    );

    let actuals = Actuals::parse(
        &ActualsInput {
            status: "splneno",
            actual_clients: "286",
            costs: vec![("mesto", "950 000"), ("dary", "20 000")],
            indicators: vec!["286"],
            ..ActualsInput::default()
        },
        &sources(),
    )
    .unwrap();
    let stranger = person(Role::ProviderEditor, vec![other.id], &[]);
    assert!(matches!(
        evaluation::save_report(
            &store,
            t,
            &stranger,
            (card_id, card.version),
            &actuals,
            true
        )
        .await,
        Err(Error::Forbidden)
    ));
    evaluation::save_report(
        &store,
        t,
        &provider,
        (card_id, card.version),
        &actuals,
        true,
    )
    .await
    .unwrap();
    let card = action_plan::card(&store, t, card_id).await.unwrap();
    assert_eq!(card.report.state, ReportState::Submitted);
    assert!(matches!(
        evaluation::save_report(
            &store,
            t,
            &provider,
            (card_id, card.version),
            &actuals,
            true
        )
        .await,
        Err(Error::Conflict(Conflict::NotEditable))
    ));

    let returned = ReportAction::Return {
        reason: String::new(),
    };
    let sen_manager = person(Role::Manager, vec![], &["SEN"]);
    assert!(matches!(
        evaluation::review(&store, t, &sen_manager, (card_id, card.version), &returned).await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        evaluation::review(
            &store,
            t,
            &zp_manager,
            (card_id, card.version),
            &ReportAction::Approve
        )
        .await,
        Err(Error::Forbidden)
    ));
    let state = evaluation::review(
        &store,
        t,
        &sen_manager,
        (card_id, card.version),
        &ReportAction::Approve,
    )
    .await
    .unwrap();
    assert_eq!(state, ReportState::Approved);

    let card = action_plan::card(&store, t, card_id).await.unwrap();
    assert_eq!(card.report.status, Some(CardStatus::Fulfilled));
    assert_eq!(
        card.report.indicator_actuals,
        vec![Some(kpss_domain::quantity::Quantity::whole(286))]
    );
    let summary = Summary::of([&card.figures(ap.year)]);
    assert_eq!(summary.cost_of_source("mesto"), (1_000_000, 950_000));
    assert_eq!(summary.cost_of_source("mpsv"), (500_000, 0));
    assert_eq!(summary.cost_of_source("dary"), (0, 20_000));
    assert_eq!(summary.clients_in(ap.year), (240, 286));
    let all = action_plan::cards(&store, t, ap.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0], card,
        "the listing loads the same card as the detail"
    );
    assert!(
        audit::history(&store, t, "activity_card", card_id)
            .await
            .unwrap()
            .len()
            >= 3
    );
}

on_both_databases!(the_database_sums_of_the_summary_report_match_the_cards,);

async fn the_database_sums_of_the_summary_report_match_the_cards(store: Store) {
    use kpss_domain::report::CardLine;
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, senior, disability) = approved_plan(&store, t).await;
    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let mut all = Vec::new();
    for (year, n) in [(2024, 3), (2025, 2)] {
        let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, year)
            .await
            .unwrap();
        let mut ids = Vec::new();
        for i in 0..n {
            let measure = if i % 2 == 0 { senior } else { disability };
            let place = CardPlacement {
                measure_id: measure,
                organisation_id: org.id,
                service_id: None,
            };
            ids.push(
                action_plan::create_card(
                    &store,
                    t,
                    &admin,
                    ap.id,
                    place,
                    &draft(&format!("Karta {year}/{i}")),
                )
                .await
                .unwrap(),
            );
        }
        evaluation::open_round(
            &store,
            t,
            &admin,
            ap.id,
            &RoundDraft::parse("31. 1. 2026").unwrap(),
        )
        .await
        .unwrap();
        for (i, id) in ids.iter().enumerate() {
            let status = if i == 0 { "castecne" } else { "splneno" };
            let actuals = Actuals::parse(
                &ActualsInput {
                    status,
                    actual_clients: "200",
                    comment: "Část roku bez pracovníka.",
                    costs: vec![("mesto", "900 000"), ("mpsv", "450 000")],
                    indicators: vec!["200"],
                    ..ActualsInput::default()
                },
                &sources(),
            )
            .unwrap();
            evaluation::save_report(&store, t, &admin, (*id, 1), &actuals, true)
                .await
                .unwrap();
            // The last card of each year stays submitted: its actuals must not count.
            if i + 1 < ids.len() {
                evaluation::review(&store, t, &admin, (*id, 2), &ReportAction::Approve)
                    .await
                    .unwrap();
            }
        }
        for card in action_plan::cards(&store, t, ap.id).await.unwrap() {
            all.push(CardLine {
                measure_id: card.placement.measure_id,
                year,
                title: card.draft.title.clone(),
                organisation: String::new(),
                state: card.report.state,
                status: card.report.status,
                comment: card.report.comment.clone(),
                new_activity: false,
                figures: card.figures(year),
            });
        }
    }
    let from_cards: Vec<_> = all.iter().map(CardLine::counted).collect();
    let expected = Summary::of(&from_cards);
    let report = kpss_store::report::summary_report(&store, t, plan_id)
        .await
        .unwrap();
    assert_eq!(report.summary, expected);
    assert_eq!(report.cards, 5);
    assert_eq!(report.approved, 3);
    assert_eq!(report.years, [2024, 2025]);
    let sen = &report.groups[0].goals[0].measures[0];
    assert!(
        sen.cards
            .iter()
            .any(|c| c.status == Some(CardStatus::PartlyFulfilled)
                && c.comment.as_deref() == Some("Část roku bez pracovníka.")),
        "explained shortfalls are listed: {:?}",
        sen.cards
    );
    let by_year = kpss_store::report::action_plan_report(
        &store,
        t,
        action_plan::action_plans(&store, t, plan_id).await.unwrap()[0].id,
    )
    .await
    .unwrap();
    assert_eq!(by_year.cards, 3);
}

on_both_databases!(
    the_stored_sums_follow_every_change_and_a_check_finds_drift,
    cards_added_in_bulk_to_a_planned_year_are_counted_once,
);

/// A bulk fill (the benches' large action plans) into a year that already has cards counts
/// its measures anew, not on top of the sums already kept.
async fn cards_added_in_bulk_to_a_planned_year_are_counted_once(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, senior, disability) = approved_plan(&store, t).await;
    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let placement = CardPlacement {
        measure_id: senior,
        organisation_id: org.id,
        service_id: None,
    };
    action_plan::create_cards(&store, t, &admin, ap.id, &[(placement, draft("Karta"))])
        .await
        .unwrap();
    for _ in 0..2 {
        kpss_store::demo::national::add_cards(
            &store,
            (t, ap.id, 2025),
            &[senior, disability],
            &[org.id],
            10,
            false,
        )
        .await
        .unwrap();
    }
    let all = action_plan::CardFilter::default();
    assert_eq!(
        action_plan::count_cards(&store, &[t], ap.id, &all)
            .await
            .unwrap(),
        21
    );
    assert_eq!(
        action_plan::rollup::check(&store, false).await.unwrap(),
        vec![]
    );
}

/// Every write adds its difference to the sums; counting all cards again finds nothing to
/// mend until the sums are damaged behind kpss's back.
async fn the_stored_sums_follow_every_change_and_a_check_finds_drift(store: Store) {
    use kpss_domain::action_plan::rollup::Mismatch;
    use kpss_store::action_plan::rollup;
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, senior, disability) = approved_plan(&store, t).await;
    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let at = |measure_id| CardPlacement {
        measure_id,
        organisation_id: org.id,
        service_id: None,
    };
    let ids = action_plan::create_cards(
        &store,
        t,
        &admin,
        ap.id,
        &(0..4)
            .map(|i| (at(senior), draft(&format!("Karta {i}"))))
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    assert_eq!(rollup::check(&store, false).await.unwrap(), vec![]);
    // Moved to another measure with other costs, then one removed.
    let mut cheaper = draft("Karta 0");
    cheaper.costs = vec![("mesto".to_owned(), 10_000)];
    action_plan::update_card(&store, t, &admin, (ids[0], 1), at(disability), &cheaper)
        .await
        .unwrap();
    action_plan::delete_card(&store, t, &admin, (ids[3], 1))
        .await
        .unwrap();
    assert_eq!(rollup::check(&store, false).await.unwrap(), vec![]);
    evaluation::open_round(
        &store,
        t,
        &admin,
        ap.id,
        &RoundDraft::parse("31. 1. 2026").unwrap(),
    )
    .await
    .unwrap();
    let actuals = |status| {
        Actuals::parse(
            &ActualsInput {
                status,
                actual_clients: "200",
                costs: vec![("mesto", "900 000"), ("dary", "5 000")],
                indicators: vec!["200"],
                comment: "Bez pracovníka.",
                ..ActualsInput::default()
            },
            &sources(),
        )
        .unwrap()
    };
    evaluation::save_report(&store, t, &admin, (ids[0], 2), &actuals("splneno"), false)
        .await
        .unwrap();
    evaluation::save_report(&store, t, &admin, (ids[0], 3), &actuals("castecne"), true)
        .await
        .unwrap();
    evaluation::review(&store, t, &admin, (ids[0], 4), &ReportAction::Approve)
        .await
        .unwrap();
    evaluation::save_reports(
        &store,
        t,
        &admin,
        &[(ids[1], actuals("splneno")), (ids[2], actuals("splneno"))],
        true,
    )
    .await
    .unwrap();
    evaluation::review(
        &store,
        t,
        &admin,
        (ids[1], 2),
        &ReportAction::Return {
            reason: "Doplňte komentář.".to_owned(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        evaluation::approve_submitted(&store, t, &admin, ap.id)
            .await
            .unwrap(),
        1
    );
    assert_eq!(rollup::check(&store, false).await.unwrap(), vec![]);
    let report = kpss_store::report::summary_report(&store, t, plan_id)
        .await
        .unwrap();
    assert_eq!((report.cards, report.approved), (3, 2));
    assert_eq!(
        report.summary.cost_of_source("dary"),
        (0, 10_000),
        "two approved reports gave 5 000 each without a plan"
    );

    kpss_store::testing::execute_raw(
        &store,
        "UPDATE rollup_cost SET planned = planned + 7 WHERE source = 'mesto'",
    )
    .await;
    let found = rollup::check(&store, false).await.unwrap();
    assert!(
        !found.is_empty()
            && found.iter().all(|m| matches!(
                m,
                Mismatch::Costs { key, stored, counted }
                    if key.source == "mesto" && stored.planned == counted.planned + 7
            )),
        "{found:?}"
    );
    assert_eq!(rollup::check(&store, true).await.unwrap(), found);
    assert_eq!(rollup::check(&store, false).await.unwrap(), vec![]);

    // The costs a card keeps for its list follow its saves, and the check finds them when not.
    let listed = action_plan::list_cards(
        &store,
        &[t],
        ap.id,
        &action_plan::CardFilter::default(),
        (kpss_domain::action_plan::card_list::CardSort::Title, false),
        (0, 10),
    )
    .await
    .unwrap();
    let approved = listed.iter().find(|c| c.id == ids[0]).unwrap();
    assert_eq!(approved.actual_cost, Some(905_000));
    kpss_store::testing::execute_raw(
        &store,
        &format!(
            "UPDATE activity_card SET planned_cost = planned_cost + 1 WHERE id = {}",
            ids[0]
        ),
    )
    .await;
    let found = rollup::check(&store, false).await.unwrap();
    assert!(
        matches!(
            found.as_slice(),
            [Mismatch::CardCosts { card, stored, counted }]
                if *card == ids[0] && stored.0 == counted.0 + 1
        ),
        "{found:?}"
    );
    assert_eq!(rollup::check(&store, true).await.unwrap(), found);
    assert_eq!(rollup::check(&store, false).await.unwrap(), vec![]);
}
