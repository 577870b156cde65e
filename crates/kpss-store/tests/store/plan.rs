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
        &PlanAction::OpenConsultation(
            kpss_domain::consultation::ConsultationPeriod::parse("1. 6. 2022", "30. 6. 2022")
                .unwrap(),
        ),
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
        plan::update_measure(&store, t, &admin, (first, 1), &m("SEN 1.2")).await
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
    plan::update_measure(&store, t, &admin, (first, 1), &m("SEN 1.5"))
        .await
        .unwrap();
    plan::update_part(
        &store,
        t,
        &admin,
        (part, 1, None),
        &PartDraft::parse("SEN", "Senioři a pečující").unwrap(),
    )
    .await
    .unwrap();
    let tree = plan::plan(&store, t, p.id).await.unwrap();
    assert_eq!(tree.parts[0].draft.name, "Senioři a pečující");
    assert_eq!(tree.parts[0].goals[0].measures[0].draft.code, "SEN 1.5");
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
    plan::remove(&store, t, &admin, Item::Part(part))
        .await
        .unwrap();
    let tree = plan::plan(&store, t, p.id).await.unwrap();
    assert!(tree.parts.is_empty());
}

on_both_databases!(every_plan_item_and_code_list_refuses_a_stale_version,);

/// Two coordinators open the same item; the second save is refused instead of overwriting the
/// first unseen, and the audit log keeps what each change replaced.
async fn every_plan_item_and_code_list_refuses_a_stale_version(store: Store) {
    use kpss_domain::plan::funding::MeasureFunding;
    use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanHeader, PriorityDraft};
    use kpss_store::plan;
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let header = PlanHeader::parse("7. komunitní plán", "2027", "2030").unwrap();
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
    let priority = plan::add_priority(
        &store,
        t,
        &admin,
        part,
        &PriorityDraft::parse("P1", "Pečující").unwrap(),
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
    let m = |text: &str| MeasureDraft::parse("SEN 1.1", text, "", "", "", "").unwrap();
    let measure = plan::add_measure(&store, t, &admin, goal, &m("Původní"))
        .await
        .unwrap();
    let stale = |r: Result<(), Error>| {
        assert!(
            matches!(r, Err(Error::Conflict(Conflict::StaleVersion))),
            "{r:?}"
        );
    };

    let part_v = |name: &str| PartDraft::parse("SEN", name).unwrap();
    plan::update_part(&store, t, &admin, (part, 1, None), &part_v("První"))
        .await
        .unwrap();
    stale(plan::update_part(&store, t, &admin, (part, 1, None), &part_v("Druhá")).await);

    let prio_v = |name: &str| PriorityDraft::parse("P1", name).unwrap();
    plan::update_priority(&store, t, &admin, (priority, 1), &prio_v("První"))
        .await
        .unwrap();
    stale(plan::update_priority(&store, t, &admin, (priority, 1), &prio_v("Druhá")).await);

    let goal_v = |text: &str| GoalDraft::parse("SEN 1", text).unwrap();
    plan::update_goal(
        &store,
        t,
        &admin,
        (goal, 1, Some(priority)),
        &goal_v("První"),
    )
    .await
    .unwrap();
    stale(plan::update_goal(&store, t, &admin, (goal, 1, None), &goal_v("Druhý")).await);

    plan::update_measure(&store, t, &admin, (measure, 1), &m("První"))
        .await
        .unwrap();
    stale(plan::update_measure(&store, t, &admin, (measure, 1), &m("Druhé")).await);
    // The funding form was opened before the wording changed: it is stale too.
    stale(
        plan::set_measure_funding(&store, t, &admin, (measure, 1), &MeasureFunding::default())
            .await,
    );

    let tree = plan::plan(&store, t, p.id).await.unwrap();
    let part_row = &tree.parts[0];
    assert_eq!(
        (part_row.draft.name.as_str(), part_row.version),
        ("První", 2)
    );
    assert_eq!(part_row.priorities[0].draft.name, "První");
    assert_eq!(part_row.goals[0].draft.text, "První");
    assert_eq!(part_row.goals[0].priority_id, Some(priority));
    assert_eq!(part_row.goals[0].measures[0].draft.text, "První");
    assert_eq!(part_row.goals[0].measures[0].version, 2);

    // Removing the priority ungroups its goal, which changes it: a form opened before is stale.
    plan::remove(&store, t, &admin, plan::Item::Priority(priority))
        .await
        .unwrap();
    stale(plan::update_goal(&store, t, &admin, (goal, 2, None), &goal_v("Třetí")).await);

    // What a group writes is kept under its part, for the coordinator's review.
    let history = audit::history(&store, t, "plan_part", part).await.unwrap();
    let measure_change = history
        .iter()
        .find(|e| e.action == "update_measure")
        .unwrap();
    assert!(
        measure_change
            .before
            .as_deref()
            .unwrap()
            .contains("Původní")
    );
    assert!(measure_change.after.as_deref().unwrap().contains("První"));
    let goal_change = history.iter().find(|e| e.action == "update_goal").unwrap();
    assert!(
        goal_change
            .before
            .as_deref()
            .unwrap()
            .contains("\"priority\":null")
    );
    assert!(
        goal_change
            .after
            .as_deref()
            .unwrap()
            .contains(&format!("\"priority\":{priority}"))
    );

    let item = |code: &str, name: &str| ListItem {
        code: code.into(),
        name: name.into(),
    };
    let kind = ListKind::Districts;
    assert_eq!(tenant::list_version(&store, t, kind).await.unwrap(), 0);
    tenant::set_list_checked(&store, t, &admin, (kind, 0), &[item("poruba", "Poruba")])
        .await
        .unwrap();
    let second = [item("zabreh", "Zábřeh")];
    assert!(matches!(
        tenant::set_list_checked(&store, t, &admin, (kind, 0), &second).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    assert_eq!(tenant::list_version(&store, t, kind).await.unwrap(), 1);
    tenant::set_list_checked(&store, t, &admin, (kind, 1), &second)
        .await
        .unwrap();
    assert!(matches!(
        tenant::set_list_checked(&store, t, &admin, (kind, 1), &[]).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    assert_eq!(
        tenant::list(&store, t, kind).await.unwrap(),
        vec![item("zabreh", "Zábřeh")]
    );
}
