use super::*;

fn card(
    status: Option<CardStatus>,
    clients: (i64, i64),
    costs: &[(&str, i32, i64, i64)],
) -> CardFigures {
    CardFigures {
        year: 2024,
        status,
        planned_clients: Some(clients.0),
        actual_clients: Some(clients.1),
        costs: costs
            .iter()
            .map(|(s, y, p, a)| Cost {
                source: (*s).into(),
                year: *y,
                planned: *p,
                actual: Some(*a),
            })
            .collect(),
    }
}

#[test]
fn the_seeds_indicators_are_fulfilled_to_119_and_100_percent() {
    let q = crate::quantity::Quantity::whole;
    assert_eq!(q(286).percent_of(q(240)), Some(119));
    assert_eq!(q(7).percent_of(q(7)), Some(100));
    assert_eq!(q(3).percent_of(q(0)), None);
}

#[test]
fn report_states_round_trip_and_unknown_codes_are_refused() {
    for s in ReportState::ALL {
        assert_eq!(ReportState::from_code(s.code()), Some(s));
    }
    assert_eq!(ReportState::from_code("draft"), None);
    assert_eq!(ReportState::from_code(""), None);
}

#[test]
fn statuses_parse_from_codes_and_czech_names() {
    for s in CardStatus::ALL {
        assert_eq!(CardStatus::parse(s.code()), Ok(s));
        assert_eq!(CardStatus::parse(&s.name().to_uppercase()), Ok(s));
    }
    assert!(CardStatus::parse("hotovo").is_err());
}

#[test]
fn a_report_is_submitted_then_approved_or_returned_with_a_reason() {
    let s = ReportState::Missing.apply(&ReportAction::Submit).unwrap();
    assert_eq!(s, ReportState::Submitted);
    assert_eq!(
        s.apply(&ReportAction::Return {
            reason: "  ".into()
        }),
        Err(ReportError::ReasonRequired)
    );
    let returned = s
        .apply(&ReportAction::Return {
            reason: "Chybí náklady kraje.".into(),
        })
        .unwrap();
    assert!(returned.is_editable());
    let again = returned.apply(&ReportAction::Submit).unwrap();
    let approved = again.apply(&ReportAction::Approve).unwrap();
    assert_eq!(approved, ReportState::Approved);
    assert!(!approved.is_editable());
}

#[test]
fn approved_reports_are_locked_and_missing_ones_cannot_be_approved() {
    assert_eq!(
        ReportState::Approved.apply(&ReportAction::Submit),
        Err(ReportError::Forbidden(ReportState::Approved))
    );
    assert_eq!(
        ReportState::Missing.apply(&ReportAction::Approve),
        Err(ReportError::Forbidden(ReportState::Missing))
    );
}

#[test]
fn cards_add_up_by_status_clients_and_cost_per_source_and_year() {
    let cards = [
        card(
            Some(CardStatus::Fulfilled),
            (100, 120),
            &[
                ("mesto", 2024, 200_000, 180_000),
                ("kraj", 2024, 50_000, 50_000),
            ],
        ),
        card(
            Some(CardStatus::PartlyFulfilled),
            (40, 30),
            &[("mesto", 2024, 100_000, 90_000)],
        ),
        card(
            Some(CardStatus::Cancelled),
            (10, 0),
            &[("eu", 2025, 1_000_000, 0)],
        ),
        card(None, (5, 0), &[]),
    ];
    let s = Summary::of(&cards);
    assert_eq!(s.cards, 4);
    assert_eq!(s.by_status[&CardStatus::Fulfilled], 1);
    assert_eq!(s.clients_in(2024), (155, 150));
    assert_eq!(s.costs[&("mesto".to_owned(), 2024)], (300_000, 270_000));
    assert_eq!(s.cost_of_source("kraj"), (50_000, 50_000));
    assert_eq!(s.total_cost(), (1_350_000, 320_000));
    // One of two reported, not cancelled cards is fulfilled.
    assert_eq!(s.share_fulfilled(), Some(50));
    assert_eq!(Summary::of(&[]).share_fulfilled(), None);
}

#[test]
fn summaries_per_key_cover_every_card_once() {
    let cards = [
        card(
            Some(CardStatus::Fulfilled),
            (1, 1),
            &[("mesto", 2024, 10, 10)],
        ),
        card(
            Some(CardStatus::NotStarted),
            (1, 0),
            &[("mesto", 2024, 20, 0)],
        ),
        card(
            Some(CardStatus::Fulfilled),
            (1, 1),
            &[("mesto", 2024, 30, 30)],
        ),
    ];
    let by = summarise_by(&cards, |c| c.status == Some(CardStatus::Fulfilled));
    assert_eq!(by[&true].cards, 2);
    assert_eq!(by[&true].total_cost(), (40, 40));
    assert_eq!(by[&false].share_fulfilled(), Some(0));
    assert_eq!(by.values().map(|s| s.cards).sum::<usize>(), cards.len());
}

#[test]
fn merged_summaries_equal_the_summary_of_all_cards() {
    let a = card(
        Some(CardStatus::Fulfilled),
        (240, 286),
        &[("mesto", 2024, 100, 90)],
    );
    let b = card(
        Some(CardStatus::Cancelled),
        (10, 0),
        &[("mesto", 2024, 50, 0), ("eu", 2025, 7, 7)],
    );
    let mut merged = Summary::of([&a]);
    merged.merge(&Summary::of([&b]));
    assert_eq!(merged, Summary::of([&a, &b]));
    assert_eq!(merged.cost_of_source("mesto"), (150, 90));
}

mod actuals {
    use super::super::*;
    use crate::FieldError;
    use time::macros::date;

    fn sources() -> Vec<String> {
        vec!["mesto".into(), "mpsv".into()]
    }

    #[test]
    fn a_report_needs_a_status_and_a_reason_for_any_shortfall() {
        let errors = Actuals::parse(&ActualsInput::default(), &sources()).unwrap_err();
        assert_eq!(errors.get("status"), Some(&FieldError::Required));
        let partly = ActualsInput {
            status: "castecne",
            ..ActualsInput::default()
        };
        let errors = Actuals::parse(&partly, &sources()).unwrap_err();
        assert_eq!(errors.get("comment"), Some(&FieldError::Required));
        let fulfilled = ActualsInput {
            status: "splněno",
            actual_clients: "286",
            costs: vec![("mesto", "1 150 000"), ("mpsv", "")],
            indicators: vec!["286", ""],
            ..ActualsInput::default()
        };
        let actuals = Actuals::parse(&fulfilled, &sources()).unwrap();
        assert_eq!(actuals.status, CardStatus::Fulfilled);
        assert_eq!(actuals.actual_clients, Some(286));
        assert_eq!(actuals.costs, vec![("mesto".to_owned(), 1_150_000)]);
        assert_eq!(
            actuals.indicator_actuals,
            vec![Some(crate::quantity::Quantity::whole(286)), None]
        );
    }

    #[test]
    fn a_report_refuses_negative_or_textual_numbers() {
        let input = ActualsInput {
            status: "splneno",
            actual_clients: "mnoho",
            costs: vec![("mesto", "-5")],
            indicators: vec!["x"],
            ..ActualsInput::default()
        };
        let errors = Actuals::parse(&input, &sources()).unwrap_err();
        assert!(errors.get("actual_clients").is_some());
        assert!(errors.get("cost_mesto").is_some());
        assert!(errors.get("indicator_actual_0").is_some());
    }

    #[test]
    fn reports_still_owed_after_the_deadline_are_overdue() {
        let deadline = date!(2026 - 01 - 31);
        assert!(!is_overdue(ReportState::Missing, deadline, deadline));
        assert!(is_overdue(
            ReportState::Missing,
            deadline,
            date!(2026 - 02 - 01)
        ));
        assert!(is_overdue(
            ReportState::Returned,
            deadline,
            date!(2026 - 02 - 01)
        ));
        assert!(!is_overdue(
            ReportState::Submitted,
            deadline,
            date!(2026 - 02 - 01)
        ));
        assert!(!is_overdue(
            ReportState::Approved,
            deadline,
            date!(2026 - 02 - 01)
        ));
    }

    #[test]
    fn progress_is_counted_per_group_and_in_total() {
        let cards = [
            ("SEN", ReportState::Approved, 1),
            ("SEN", ReportState::Missing, 1),
            ("ZP", ReportState::Submitted, 1),
            ("ZP", ReportState::Returned, 1),
            ("ZP", ReportState::Approved, 1),
            ("ZP", ReportState::Missing, 0),
        ];
        let (groups, total) =
            progress_by_group(cards, date!(2026 - 01 - 31), date!(2026 - 02 - 15));
        assert_eq!(groups["SEN"].approved, 1);
        assert_eq!(groups["SEN"].overdue, 1);
        assert_eq!(groups["ZP"].total(), 3);
        assert_eq!(groups["ZP"].overdue, 1);
        assert_eq!(total.total(), 5);
        assert_eq!(total.overdue, 2);
        assert!(!total.is_complete());
        let (_, done) = progress_by_group(
            [("SEN", ReportState::Approved, 40)],
            date!(2026 - 01 - 31),
            date!(2026 - 01 - 01),
        );
        assert!(done.is_complete());
        assert_eq!(done.approved, 40, "a count adds up as that many cards");
    }

    #[test]
    fn a_round_needs_a_real_deadline() {
        assert_eq!(
            RoundDraft::parse("31. 1. 2026").unwrap().deadline,
            date!(2026 - 01 - 31)
        );
        assert!(RoundDraft::parse("zítra").is_err());
    }
}
