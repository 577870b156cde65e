use super::*;
use crate::evaluation::Cost;
use crate::event::{IndicatorFeed, Tally};
use crate::plan::funding::MeasureIndicator;
use crate::quantity::Quantity;

fn line(measure_id: i32, year: i32, state: ReportState, planned: i64, actual: i64) -> CardLine {
    CardLine {
        measure_id,
        year,
        title: format!("karta {measure_id}/{year}"),
        organisation: "Charita".into(),
        state,
        status: Some(CardStatus::Fulfilled),
        comment: None,
        new_activity: false,
        figures: CardFigures {
            year,
            status: Some(CardStatus::Fulfilled),
            planned_clients: Some(240),
            actual_clients: Some(286),
            costs: vec![Cost {
                source: "mesto".into(),
                year,
                planned,
                actual: Some(actual),
            }],
        },
    }
}

fn outline() -> Vec<OutlineGroup> {
    let measure = |id: i32, code: &str| OutlineMeasure {
        id,
        code: code.into(),
        text: "Opatření".into(),
        funding: MeasureFunding::default(),
    };
    vec![
        OutlineGroup {
            code: "SEN".into(),
            name: "Senioři".into(),
            goals: vec![OutlineGoal {
                code: "SEN 1".into(),
                text: "Cíl".into(),
                measures: vec![measure(1, "SEN 1.1"), measure(2, "SEN 1.2")],
            }],
        },
        OutlineGroup {
            code: "ZP".into(),
            name: "Zdravotně postižení".into(),
            goals: vec![OutlineGoal {
                code: "ZP 1".into(),
                text: "Cíl".into(),
                measures: vec![measure(3, "ZP 1.1")],
            }],
        },
    ]
}

fn sources() -> Vec<(String, String)> {
    vec![
        ("mesto".into(), "rozpočet města".into()),
        ("eu".into(), "fondy EU".into()),
    ]
}

fn heading(years: Vec<i32>) -> Heading {
    Heading {
        title: "Zpráva".into(),
        subtitle: String::new(),
        years,
        sources: sources(),
    }
}

#[test]
fn cards_add_up_per_measure_goal_group_and_plan() {
    let cards = vec![
        line(1, 2024, ReportState::Approved, 1_000_000, 900_000),
        line(1, 2025, ReportState::Approved, 1_100_000, 1_200_000),
        line(2, 2025, ReportState::Approved, 500_000, 400_000),
        line(3, 2025, ReportState::Approved, 300_000, 300_000),
        line(99, 2025, ReportState::Approved, 7, 7),
    ];
    let report = Report::build(
        heading(vec![2024, 2025]),
        &outline(),
        cards,
        Writing::default(),
    );
    let sen = &report.groups[0];
    assert_eq!(sen.goals[0].measures[0].cards.len(), 2);
    assert_eq!(
        sen.goals[0].measures[0].summary.total_cost(),
        (2_100_000, 2_100_000)
    );
    assert_eq!(sen.summary.total_cost(), (2_600_000, 2_500_000));
    assert_eq!(
        cost_in_year(&sen.summary, "mesto", 2024),
        (1_000_000, 900_000)
    );
    assert_eq!(report.summary.total_cost(), (2_900_000, 2_800_000));
    assert_eq!(report.cards, 4, "a card of an unknown measure is left out");
    assert_eq!(report.summary.share_fulfilled(), Some(100));
    assert_eq!(report.used_sources(), vec![sources()[0].clone()]);
}

#[test]
fn only_approved_evaluations_count_as_what_happened() {
    let cards = vec![
        line(1, 2025, ReportState::Approved, 1_000, 900),
        line(1, 2025, ReportState::Submitted, 2_000, 5_000),
    ];
    let report = Report::build(heading(vec![2025]), &outline(), cards, Writing::default());
    assert_eq!(report.summary.total_cost(), (3_000, 900));
    assert_eq!(report.summary.clients_in(2025), (480, 286));
    assert_eq!((report.approved, report.cards), (1, 2));
    assert_eq!(report.summary.by_status.values().sum::<usize>(), 1);
}

fn judgement(measure_id: i32, year: i32, state: ReportState, f: Fulfilment) -> JudgementLine {
    JudgementLine {
        measure_id,
        year,
        state,
        fulfilment: f,
        reasoning: Some("Důvod".into()),
        achieved: None,
        indicator_actuals: vec![Some(Quantity::whole(286))],
    }
}

#[test]
fn a_measure_shows_its_latest_approved_judgement_and_indicators_against_targets() {
    let mut groups = outline();
    groups[0].goals[0].measures[0].funding = MeasureFunding {
        indicators: vec![MeasureIndicator {
            name: "Účastníci".into(),
            unit: "osoby".into(),
            baseline: Some(Quantity::whole(200)),
            targets: vec![(2024, Quantity::whole(240)), (2025, Quantity::whole(300))],
            feed: None,
        }],
        costs: vec![
            ("mesto".into(), 2024, 1_000_000),
            ("mesto".into(), 2025, 2_000_000),
            ("mesto".into(), 2026, 9_000_000),
        ],
    };
    let writing = Writing {
        judgements: vec![
            judgement(1, 2024, ReportState::Approved, Fulfilment::Fulfilled),
            judgement(1, 2025, ReportState::Submitted, Fulfilment::NotFulfilled),
            judgement(2, 2025, ReportState::Approved, Fulfilment::NotImplemented),
        ],
        group_texts: HashMap::from([("SEN".to_owned(), vec![(2025, "Rok".to_owned())])]),
        conclusion: Some("Plán se plní.".into()),
        tallies: HashMap::new(),
    };
    let cards = vec![line(1, 2024, ReportState::Approved, 900_000, 900_000)];
    let report = Report::build(heading(vec![2024, 2025]), &groups, cards, writing);
    let sen = &report.groups[0];
    let m = &sen.goals[0].measures[0];
    assert_eq!(
        m.verdict().map(|j| (j.year, j.fulfilment)),
        Some((2024, Fulfilment::Fulfilled))
    );
    let years = &m.indicators[0].years;
    assert_eq!(years[0].percent, Some(119), "286 of 240");
    assert_eq!(
        years[1].actual, None,
        "a judgement waiting for review does not count"
    );
    assert_eq!(
        expected_total(&m.expected),
        3_000_000,
        "2026 is outside the report"
    );
    assert_eq!(sen.verdicts.counts, [1, 0, 0, 1]);
    assert_eq!(report.verdicts.not_judged, 1, "ZP 1.1 has no judgement");
    assert_eq!(sen.texts, vec![(2025, "Rok".to_owned())]);
    assert_eq!(report.conclusion.as_deref(), Some("Plán se plní."));
}

#[test]
fn an_indicator_fed_by_events_counts_their_attendance_not_the_groups_figure() {
    let mut groups = outline();
    let indicator = |name: &str, feed| MeasureIndicator {
        name: name.into(),
        unit: "osoba".into(),
        baseline: None,
        targets: vec![
            (2024, Quantity::whole(40)),
            (2025, Quantity::whole(40)),
            (2026, Quantity::from_hundredths(150)),
        ],
        feed,
    };
    groups[0].goals[0].measures[0].funding = MeasureFunding {
        indicators: vec![
            indicator(
                "Účastníci kulatých stolů",
                Some(IndicatorFeed::Participants),
            ),
            indicator("Akce", Some(IndicatorFeed::Events)),
        ],
        costs: Vec::new(),
    };
    let writing = Writing {
        // The group typed 286, which a fed indicator ignores.
        judgements: vec![judgement(
            1,
            2024,
            ReportState::Approved,
            Fulfilment::Fulfilled,
        )],
        tallies: HashMap::from([(
            (1, 2025),
            Tally {
                events: 3,
                participants: 51,
            },
        )]),
        ..Writing::default()
    };
    let report = Report::build(
        heading(vec![2024, 2025, 2026]),
        &groups,
        Vec::new(),
        writing,
    );
    let m = &report.groups[0].goals[0].measures[0];
    let people = &m.indicators[0];
    assert_eq!(people.feed, Some(IndicatorFeed::Participants));
    assert_eq!(
        (people.years[0].actual, people.years[0].percent),
        (Some(Quantity::whole(0)), Some(0)),
        "no event in a year the group closed is none"
    );
    assert_eq!(
        (people.years[1].actual, people.years[1].percent),
        (Some(Quantity::whole(51)), Some(128)),
        "51 of 40, rounded half up"
    );
    assert_eq!(people.years[2].actual, None, "nothing held, nothing closed");
    assert_eq!(people.years[2].target, Some(Quantity::from_hundredths(150)));
    let events = &m.indicators[1];
    assert_eq!(events.years[1].actual, Some(Quantity::whole(3)));
    assert_eq!(events.years[1].percent, Some(8), "3 of 40 is 7,5 %");
}

#[test]
fn clients_are_kept_per_year_and_new_activities_count_once_started() {
    let mut started = line(1, 2024, ReportState::Approved, 10, 10);
    started.new_activity = true;
    let mut not_approved = line(1, 2025, ReportState::Submitted, 10, 10);
    not_approved.new_activity = true;
    let cards = vec![
        started,
        not_approved,
        line(1, 2025, ReportState::Approved, 1, 1),
    ];
    let report = Report::build(
        heading(vec![2024, 2025]),
        &outline(),
        cards,
        Writing::default(),
    );
    assert_eq!(report.summary.clients_in(2024), (240, 286));
    assert_eq!(report.summary.clients_in(2025), (480, 286));
    assert_eq!(report.new_activities, 1);
    assert_eq!(report.groups[0].new_activities, 1);
}
