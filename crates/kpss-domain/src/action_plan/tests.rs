use super::*;
use crate::plan::Period;

fn sources() -> Vec<String> {
    crate::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect()
}

fn actor(role: Role, organisations: Vec<i32>, groups: &[&str]) -> Actor {
    Actor {
        account_id: Some(1),
        role,
        organisations,
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

#[test]
fn the_year_of_an_action_plan_lies_in_the_plan_period() {
    let period = Period::new(2023, 2026).unwrap();
    assert_eq!(parse_year("2025", period), Ok(2025));
    assert_eq!(
        parse_year("2027", period),
        Err(FieldError::OutOfRange {
            min: 2023,
            max: 2026
        })
    );
    assert!(parse_year("příští rok", period).is_err());
}

#[test]
fn a_card_keeps_only_sources_with_an_amount_and_skips_empty_indicator_rows() {
    let input = CardInput {
        title: " Terénní služba pro seniory ",
        planned_clients: "240",
        costs: vec![
            ("mesto", "1 200 000"),
            ("mpsv", ""),
            ("uhrady", "35 000 Kč"),
        ],
        indicators: vec![
            ("počet účastníků", "osob", "240", "ucastnici"),
            ("", " ", "", ""),
            ("úvazky terénních pracovníků", "FTE", "1,5", ""),
        ],
        ..CardInput::default()
    };
    let card = CardDraft::parse(&input, &sources()).unwrap();
    assert_eq!(card.title, "Terénní služba pro seniory");
    assert_eq!(card.planned_clients, Some(240));
    assert_eq!(
        card.costs,
        vec![
            ("mesto".to_owned(), 1_200_000),
            ("uhrady".to_owned(), 35_000)
        ]
    );
    assert_eq!(card.indicators.len(), 2);
    assert_eq!(
        card.indicators[0].target,
        crate::quantity::Quantity::whole(240)
    );
    assert_eq!(
        card.indicators[1].target,
        crate::quantity::Quantity::from_hundredths(150),
        "a full-time equivalent takes decimals"
    );
    assert_eq!(
        card.indicators[0].feed,
        Some(crate::event::IndicatorFeed::Participants),
        "the participants are counted from the project's events"
    );
    assert_eq!(card.indicators[1].feed, None);
}

#[test]
fn a_card_reports_every_problem_at_once() {
    let input = CardInput {
        title: "",
        planned_clients: "-3",
        costs: vec![("mesto", "-100"), ("kraj", "hodně"), ("loterie", "5")],
        indicators: vec![("počet akcí", "", "sedm", "vse")],
        ..CardInput::default()
    };
    let errors = CardDraft::parse(&input, &sources()).unwrap_err();
    assert_eq!(errors.get("title"), Some(&FieldError::Required));
    assert!(errors.get("planned_clients").is_some());
    assert!(errors.get("cost_mesto").is_some(), "a negative cost");
    assert!(errors.get("cost_kraj").is_some(), "a non-numeric cost");
    assert_eq!(errors.get("cost_loterie"), Some(&FieldError::UnknownValue));
    assert_eq!(errors.get("indicator_unit_0"), Some(&FieldError::Required));
    assert!(errors.get("indicator_target_0").is_some());
    assert_eq!(
        errors.get("indicator_feed_0"),
        Some(&FieldError::UnknownValue)
    );
}

#[test]
fn providers_edit_cards_of_their_organisations_and_managers_of_their_groups() {
    let owner = CardOwner {
        organisation: 7,
        group: "SEN",
    };
    let other_group = CardOwner {
        organisation: 7,
        group: "ZP",
    };
    assert!(actor(Role::Admin, vec![], &[]).may_edit_card(owner));
    assert!(actor(Role::ProviderEditor, vec![7], &[]).may_edit_card(owner));
    assert!(!actor(Role::ProviderEditor, vec![8], &[]).may_edit_card(owner));
    assert!(actor(Role::Manager, vec![], &["SEN"]).may_edit_card(owner));
    assert!(!actor(Role::Manager, vec![], &["SEN"]).may_edit_card(other_group));
    assert!(!actor(Role::Member, vec![7], &["SEN"]).may_edit_card(owner));
}

#[test]
fn only_the_groups_manager_or_the_coordinator_reviews_a_card() {
    assert!(actor(Role::Admin, vec![], &[]).may_review_card("ZP"));
    assert!(actor(Role::Manager, vec![], &["SEN", "ZP"]).may_review_card("ZP"));
    assert!(!actor(Role::Manager, vec![], &["SEN"]).may_review_card("ZP"));
    assert!(!actor(Role::ProviderEditor, vec![7], &["ZP"]).may_review_card("ZP"));
    assert!(!actor(Role::Member, vec![], &["ZP"]).may_review_card("ZP"));
}

#[test]
fn action_plan_states_round_trip_and_unknown_codes_are_refused() {
    for state in [ActionPlanState::Open, ActionPlanState::Closed] {
        assert_eq!(ActionPlanState::from_code(state.code()), Some(state));
    }
    assert_eq!(ActionPlanState::from_code("?"), None);
    assert_eq!(ActionPlanState::from_code("Open"), None);
}
