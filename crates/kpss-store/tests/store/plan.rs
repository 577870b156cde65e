//! Community plans: drafts, lifecycle, structure, versions.

use super::*;

on_both_databases!(a_plan_is_built_as_a_draft_and_frozen_by_approval,);

async fn a_plan_is_built_as_a_draft_and_frozen_by_approval(store: Store) {
    use kpss_domain::plan::{
        GoalDraft, MeasureDraft, PartDraft, PlanAction, PlanHeader, PlanStatus, Resolution,
    };
    use kpss_store::plan;
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let header = PlanHeader::parse("6. komunitní plán", "2023", "2026").unwrap();
    let created = plan::create_plan(&store, t, &admin, &header).await.unwrap();
    assert_eq!(created.status, PlanStatus::Draft);
    let part = plan::add_part(
        &store,
        t,
        &admin,
        created.id,
        &PartDraft::parse("SEN", "Senioři").unwrap(),
    )
    .await
    .unwrap();
    let goal = plan::add_goal(
        &store,
        t,
        &admin,
        part,
        &GoalDraft::parse("SEN 1", "Rozvoj terénních služeb").unwrap(),
    )
    .await
    .unwrap();
    let measure = |code: &str| {
        MeasureDraft::parse(code, "Navýšit kapacitu", "", "PS Senioři", "", "2024").unwrap()
    };
    plan::add_measure(&store, t, &admin, goal, &measure("SEN 1.1"))
        .await
        .unwrap();
    plan::add_measure(&store, t, &admin, goal, &measure("SEN 1.2"))
        .await
        .unwrap();
    let Error::Invalid(errors) = plan::add_measure(&store, t, &admin, goal, &measure("SEN 1.1"))
        .await
        .unwrap_err()
    else {
        panic!()
    };
    assert_eq!(errors.get("code"), Some(&FieldError::AlreadyUsed));

    let tree = plan::plan(&store, t, created.id).await.unwrap();
    let codes: Vec<&str> = tree.parts[0].goals[0]
        .measures
        .iter()
        .map(|m| m.draft.code.as_str())
        .collect();
    assert_eq!(codes, ["SEN 1.1", "SEN 1.2"]);

    let resolution = Resolution::parse(
        "2238/ZM1822/36",
        "14. 9. 2022",
        "Zastupitelstvo města Ostravy",
    )
    .unwrap();
    let approve = PlanAction::Approve(resolution.clone());
    let err = plan::transition(&store, t, &admin, created.id, 1, &approve)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Conflict(Conflict::Transition)),
        "a draft never in consultation"
    );
    let opened = plan::transition(
        &store,
        t,
        &admin,
        created.id,
        1,
        &PlanAction::OpenConsultation,
    )
    .await
    .unwrap();
    let err = plan::transition(&store, t, &admin, created.id, 1, &approve)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(Conflict::StaleVersion)));
    let approved = plan::transition(&store, t, &admin, created.id, opened.version, &approve)
        .await
        .unwrap();
    assert_eq!(
        (approved.status, approved.resolution.as_ref()),
        (PlanStatus::Approved, Some(&resolution))
    );

    let err = plan::add_measure(&store, t, &admin, goal, &measure("SEN 1.3"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(Conflict::NotEditable)));
    assert_eq!(
        plan::plan(&store, t, created.id).await.unwrap().parts[0].goals[0]
            .measures
            .len(),
        2
    );
    assert_eq!(
        plan::plans(&store, t, false).await.unwrap().len(),
        1,
        "approved plans are public"
    );
    let history = audit::history(&store, t, "plan", created.id).await.unwrap();
    assert_eq!(history[0].action, "approved");
    assert!(
        history[0]
            .after
            .as_deref()
            .unwrap()
            .contains("2238/ZM1822/36")
    );
    let provider = Actor {
        role: Role::ProviderEditor,
        ..Actor::system()
    };
    assert!(matches!(
        plan::create_plan(&store, t, &provider, &header).await,
        Err(Error::Forbidden)
    ));
}

on_both_databases!(draft_items_are_changed_and_removed_only_while_a_draft,);

async fn draft_items_are_changed_and_removed_only_while_a_draft(store: Store) {
    use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanHeader};
    use kpss_store::plan::{self, Item};
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let header = PlanHeader::parse("Návrh", "2027", "2030").unwrap();
    let p = plan::create_plan(&store, t, &admin, &header).await.unwrap();
    let part = plan::add_part(
        &store,
        t,
        &admin,
        p.id,
        &PartDraft::parse("SEN", "Senioři").unwrap(),
    )
    .await
    .unwrap();
    let goal = plan::add_goal(
        &store,
        t,
        &admin,
        part,
        &GoalDraft::parse("SEN 1", "Cíl").unwrap(),
    )
    .await
    .unwrap();
    let m = |code: &str| MeasureDraft::parse(code, "Opatření", "", "", "", "").unwrap();
    let first = plan::add_measure(&store, t, &admin, goal, &m("SEN 1.1"))
        .await
        .unwrap();
    plan::add_measure(&store, t, &admin, goal, &m("SEN 1.2"))
        .await
        .unwrap();
    let Err(Error::Invalid(errors)) =
        plan::update_measure(&store, t, &admin, first, &m("SEN 1.2")).await
    else {
        panic!("a code taken in the plan")
    };
    assert_eq!(errors.get("code"), Some(&FieldError::AlreadyUsed));
    let Err(Error::Invalid(errors)) = plan::add_goal(
        &store,
        t,
        &admin,
        part,
        &GoalDraft::parse("SEN 1", "Jiný cíl").unwrap(),
    )
    .await
    else {
        panic!("a goal code taken in the part")
    };
    assert_eq!(errors.get("code"), Some(&FieldError::AlreadyUsed));
    plan::update_measure(&store, t, &admin, first, &m("SEN 1.5"))
        .await
        .unwrap();
    plan::update_part(
        &store,
        t,
        &admin,
        part,
        &PartDraft::parse("SEN", "Senioři a pečující").unwrap(),
    )
    .await
    .unwrap();
    let tree = plan::plan(&store, t, p.id).await.unwrap();
    assert_eq!(tree.parts[0].draft.name, "Senioři a pečující");
    assert_eq!(tree.parts[0].goals[0].measures[0].draft.code, "SEN 1.5");
    plan::remove(&store, t, &admin, Item::Part(part))
        .await
        .unwrap();
    let tree = plan::plan(&store, t, p.id).await.unwrap();
    assert!(tree.parts.is_empty());
    let provider = Actor {
        account_id: None,
        role: Role::ProviderEditor,
        organisations: vec![],
        groups: vec![],
    };
    assert!(matches!(
        plan::remove(&store, t, &provider, Item::Measure(first)).await,
        Err(Error::Forbidden)
    ));
}
