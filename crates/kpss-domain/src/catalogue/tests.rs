use super::*;

fn lists() -> (Vec<String>, Vec<String>) {
    (
        vec!["seniori".into(), "rodina".into()],
        vec!["poruba".into(), "vitkovice".into()],
    )
}

fn valid_service() -> ServiceInput {
    ServiceInput {
        kind: "sluzba".into(),
        name: "Pečovatelská služba Poruba".into(),
        service_type: "40".into(),
        register_id: "1234567".into(),
        forms: vec!["terenni".into(), "ambulantni".into()],
        target_groups: vec!["seniori".into()],
        capacity: "120".into(),
        capacity_unit: "klienti".into(),
        age_from: "60".into(),
        locations: vec![
            LocationInput {
                address: "Hlavní třída 1, Ostrava-Poruba".into(),
                district: "poruba".into(),
                latitude: "49,8209".into(),
                longitude: "18.1625".into(),
            },
            LocationInput::default(),
        ],
        ..ServiceInput::default()
    }
}

fn parse(input: &ServiceInput) -> Result<ServiceDraft, FieldErrors> {
    let (groups, districts) = lists();
    ServiceDraft::parse(
        input,
        CodeLists {
            target_groups: &groups,
            districts: &districts,
        },
    )
}

#[test]
fn a_complete_registered_service_parses() {
    let draft = parse(&valid_service()).unwrap();
    assert_eq!(draft.kind, ServiceKind::Registered);
    assert_eq!(
        draft.forms,
        vec![ServiceForm::Ambulatory, ServiceForm::Field]
    );
    assert_eq!(
        draft.capacity,
        Some(Capacity {
            amount: 120,
            unit: CapacityUnit::Clients
        })
    );
    assert_eq!(draft.locations.len(), 1, "the blank row is no location");
    assert_eq!(draft.locations[0].latitude, Some(49.8209));
}

#[test]
fn capacity_must_be_a_positive_whole_number() {
    for bad in ["0", "-5", "1.5", "sto", "99999999999"] {
        let input = ServiceInput {
            capacity: bad.into(),
            ..valid_service()
        };
        let errors = parse(&input).unwrap_err();
        assert_eq!(
            errors.get("capacity"),
            Some(&FieldError::NotPositiveInteger),
            "{bad}"
        );
    }
    let input = ServiceInput {
        capacity: String::new(),
        ..valid_service()
    };
    assert_eq!(parse(&input).unwrap().capacity, None);
}

#[test]
fn at_least_one_known_form_is_required() {
    let none = ServiceInput {
        forms: vec![],
        ..valid_service()
    };
    assert_eq!(
        parse(&none).unwrap_err().get("forms"),
        Some(&FieldError::Required)
    );
    let unknown = ServiceInput {
        forms: vec!["online".into()],
        ..valid_service()
    };
    assert_eq!(
        parse(&unknown).unwrap_err().get("forms"),
        Some(&FieldError::UnknownValue)
    );
}

#[test]
fn a_registered_service_needs_its_type_and_register_id_but_an_activity_does_not() {
    let input = ServiceInput {
        service_type: String::new(),
        register_id: "12".into(),
        ..valid_service()
    };
    let errors = parse(&input).unwrap_err();
    assert_eq!(errors.get("service_type"), Some(&FieldError::Required));
    assert_eq!(
        errors.get("register_id"),
        Some(&FieldError::InvalidRegisterId)
    );
    let activity = ServiceInput {
        kind: "aktivita".into(),
        ..input
    };
    let draft = parse(&activity).unwrap();
    assert_eq!((draft.service_type, draft.register_id), (None, None));
}

#[test]
fn every_problem_is_reported_at_once() {
    let input = ServiceInput {
        name: "x".repeat(100_000),
        email: "nikdo@".into(),
        web: "javascript:alert(1)".into(),
        age_from: "70".into(),
        age_to: "18".into(),
        target_groups: vec!["marťané".into()],
        active_from: "1. 1. 2025".into(),
        active_to: "31. 12. 2024".into(),
        ..valid_service()
    };
    let errors = parse(&input).unwrap_err();
    assert_eq!(
        errors.get("name"),
        Some(&FieldError::TooLong { max: NAME_MAX })
    );
    assert_eq!(errors.get("email"), Some(&FieldError::InvalidEmail));
    assert_eq!(errors.get("web"), Some(&FieldError::InvalidUrl));
    assert_eq!(errors.get("age_to"), Some(&FieldError::EndBeforeStart));
    assert_eq!(errors.get("target_groups"), Some(&FieldError::UnknownValue));
    assert_eq!(errors.get("active_to"), Some(&FieldError::EndBeforeStart));
}

#[test]
fn locations_check_districts_and_coordinates() {
    let mut input = valid_service();
    input.locations[0].district = "praha-1".into();
    input.locations[0].latitude = "91".into();
    let errors = parse(&input).unwrap_err();
    assert_eq!(
        errors.get("locations[0].district"),
        Some(&FieldError::UnknownValue)
    );
    assert_eq!(
        errors.get("locations[0].latitude"),
        Some(&FieldError::InvalidCoordinate)
    );
}

#[test]
fn an_organisation_needs_a_name_and_a_valid_ico() {
    let input = OrganisationInput {
        name: "Statutární město Ostrava".into(),
        ico: "00845451".into(),
        web: "www.ostrava.cz".into(),
        ..OrganisationInput::default()
    };
    let draft = OrganisationDraft::parse(&input).unwrap();
    assert_eq!(draft.ico.as_str(), "00845451");
    assert_eq!(draft.web.as_deref(), Some("https://www.ostrava.cz/"));
    let bad = OrganisationInput {
        ico: "00845452".into(),
        name: " ".into(),
        ..input
    };
    let errors = OrganisationDraft::parse(&bad).unwrap_err();
    assert_eq!(errors.get("ico"), Some(&FieldError::InvalidIco));
    assert_eq!(errors.get("name"), Some(&FieldError::Required));
}
