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
