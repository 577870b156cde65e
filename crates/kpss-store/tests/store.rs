//! Store tests: each runs on SQLite and on PostgreSQL (`name::sqlite`, `name::postgres`).

use kpss_domain::FieldError;
use kpss_domain::account::{Actor, Role};
use kpss_domain::catalogue::{
    CodeLists, LocationInput, OrganisationDraft, OrganisationInput, ServiceDraft, ServiceInput,
};
use kpss_store::account::{self, NewAccount};
use kpss_store::catalogue;
use kpss_store::tenant::{self, ListItem, ListKind};
use kpss_store::{Conflict, Error, Store, audit, on_both_databases};

on_both_databases!(
    organisation_changes_are_versioned_and_audited,
    a_stale_save_is_a_conflict_and_changes_nothing,
    provider_cannot_edit_another_providers_service,
    a_duplicate_ico_is_reported_on_the_field,
    a_service_keeps_every_field,
    tenants_do_not_see_each_other,
    sessions_and_login_failures_live_in_the_database,
    tenants_are_found_by_host_and_their_slugs_are_unique,
    a_region_reads_its_municipalities_and_they_read_only_themselves,
    a_plan_is_built_as_a_draft_and_frozen_by_approval,
);

fn organisation(name: &str, ico: &str) -> OrganisationDraft {
    OrganisationDraft::parse(&OrganisationInput {
        name: name.into(),
        ico: ico.into(),
        email: "info@example.cz".into(),
        ..OrganisationInput::default()
    })
    .unwrap()
}

fn service(name: &str) -> ServiceDraft {
    let groups = vec!["seniori".to_owned()];
    let districts = vec!["poruba".to_owned()];
    ServiceDraft::parse(
        &ServiceInput {
            kind: "sluzba".into(),
            name: name.into(),
            service_type: "40".into(),
            register_id: "7654321".into(),
            description: "Pomoc seniorům v domácnosti.".into(),
            forms: vec!["terenni".into()],
            target_groups: vec!["seniori".into()],
            capacity: "85".into(),
            capacity_unit: "klienti".into(),
            age_from: "65".into(),
            active_from: "1. 1. 2024".into(),
            locations: vec![LocationInput {
                address: "Dělnická 1, Ostrava-Poruba".into(),
                district: "poruba".into(),
                latitude: "49.83".into(),
                longitude: "18.17".into(),
            }],
            ..ServiceInput::default()
        },
        CodeLists {
            target_groups: &groups,
            districts: &districts,
        },
    )
    .unwrap()
}

async fn tenant(store: &Store, slug: &str) -> i32 {
    tenant::ensure(store, slug, "Město").await.unwrap().id
}

async fn organisation_changes_are_versioned_and_audited(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let created = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Charita Ostrava", "00845451"),
    )
    .await
    .unwrap();
    assert_eq!(created.version, 1);
    let mut changed = created.draft.clone();
    changed.name = "Charita Ostrava, z. s.".into();
    let updated = catalogue::update_organisation(&store, t, &admin, created.id, 1, &changed)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(
        catalogue::organisation(&store, t, created.id)
            .await
            .unwrap()
            .draft
            .name,
        "Charita Ostrava, z. s."
    );
    let history = audit::history(&store, t, "organisation", created.id)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "update");
    assert!(
        history[0]
            .before
            .as_deref()
            .unwrap()
            .contains("\"Charita Ostrava\"")
    );
    assert!(
        history[0]
            .after
            .as_deref()
            .unwrap()
            .contains("Charita Ostrava, z. s.")
    );
    assert_eq!(history[1].action, "create");
    assert_eq!(history[1].before, None);
}

async fn a_stale_save_is_a_conflict_and_changes_nothing(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let org = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Slezská diakonie", "00845451"),
    )
    .await
    .unwrap();
    let s = catalogue::create_service(&store, t, &admin, org.id, &service("Pečovatelská služba"))
        .await
        .unwrap();
    let mut first = s.draft.clone();
    first.name = "První úprava".into();
    catalogue::update_service(&store, t, &admin, s.id, 1, &first)
        .await
        .unwrap();
    let mut second = s.draft.clone();
    second.name = "Druhá úprava ze starého formuláře".into();
    let err = catalogue::update_service(&store, t, &admin, s.id, 1, &second)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Conflict(Conflict::StaleVersion)),
        "{err:?}"
    );
    let stored = catalogue::service(&store, t, s.id).await.unwrap();
    assert_eq!(
        (stored.draft.name.as_str(), stored.version),
        ("První úprava", 2)
    );
    assert_eq!(
        audit::history(&store, t, "service", s.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn provider_cannot_edit_another_providers_service(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let mine = catalogue::create_organisation(&store, t, &admin, &organisation("Moje", "00845451"))
        .await
        .unwrap();
    let theirs =
        catalogue::create_organisation(&store, t, &admin, &organisation("Cizí", "00000060"))
            .await
            .unwrap();
    let their_service =
        catalogue::create_service(&store, t, &admin, theirs.id, &service("Cizí služba"))
            .await
            .unwrap();
    let provider = account::add(
        &store,
        t,
        &admin,
        NewAccount {
            email: "Editor@Example.cz",
            name: "Editor",
            role: Role::ProviderEditor,
            password_hash: "x".into(),
            organisations: &[mine.id],
        },
    )
    .await
    .unwrap();
    assert_eq!(provider.email, "editor@example.cz");
    let actor = provider.actor();
    let mut changed = their_service.draft.clone();
    changed.name = "Přepsáno".into();
    let err = catalogue::update_service(&store, t, &actor, their_service.id, 1, &changed)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden));
    let err = catalogue::create_service(&store, t, &actor, theirs.id, &changed)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden));
    assert_eq!(
        catalogue::service(&store, t, their_service.id)
            .await
            .unwrap()
            .draft
            .name,
        "Cizí služba"
    );
    assert_eq!(
        catalogue::organisation_services(&store, t, theirs.id)
            .await
            .unwrap()
            .len(),
        1
    );
    // Its own organisation it may change.
    catalogue::create_service(&store, t, &actor, mine.id, &changed)
        .await
        .unwrap();
}

async fn a_duplicate_ico_is_reported_on_the_field(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    catalogue::create_organisation(&store, t, &admin, &organisation("První", "00845451"))
        .await
        .unwrap();
    let err = catalogue::create_organisation(&store, t, &admin, &organisation("Druhá", "00845451"))
        .await
        .unwrap_err();
    let Error::Invalid(errors) = err else {
        panic!("{err:?}")
    };
    assert_eq!(errors.get("ico"), Some(&FieldError::AlreadyUsed));
    assert_eq!(catalogue::organisations(&store, t).await.unwrap().len(), 1);
}

async fn a_service_keeps_every_field(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let draft = service("Pečovatelská služba Poruba");
    let created = catalogue::create_service(&store, t, &admin, org.id, &draft)
        .await
        .unwrap();
    let stored = catalogue::service(&store, t, created.id).await.unwrap();
    assert_eq!(stored.draft, draft);
    assert_eq!(stored.organisation_name, "Charita");
    let all = catalogue::all_services(&store).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].draft.locations[0].district.as_deref(),
        Some("poruba")
    );
}

async fn tenants_do_not_see_each_other(store: Store) {
    let ostrava = tenant(&store, "ostrava").await;
    let opava = tenant(&store, "opava").await;
    let admin = Actor::system();
    let org = catalogue::create_organisation(
        &store,
        ostrava,
        &admin,
        &organisation("Charita", "00845451"),
    )
    .await
    .unwrap();
    assert!(matches!(
        catalogue::organisation(&store, opava, org.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        catalogue::organisations(&store, opava)
            .await
            .unwrap()
            .is_empty()
    );
    // The same IČO may exist in two tenants.
    catalogue::create_organisation(&store, opava, &admin, &organisation("Charita", "00845451"))
        .await
        .unwrap();
    let items = [ListItem {
        code: "seniori".into(),
        name: "Senioři".into(),
    }];
    tenant::set_list(&store, ostrava, ListKind::TargetGroups, &items)
        .await
        .unwrap();
    assert_eq!(
        tenant::list(&store, ostrava, ListKind::TargetGroups)
            .await
            .unwrap(),
        items
    );
    assert!(
        tenant::list(&store, opava, ListKind::TargetGroups)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn sessions_and_login_failures_live_in_the_database(store: Store) {
    use kpss_store::session::DbSessionStore;
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let sessions = DbSessionStore(store.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("account".to_owned(), serde_json::json!(7))]
            .into_iter()
            .collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    sessions.create(&mut record).await.unwrap();
    sessions.save(&record).await.unwrap();
    let loaded = sessions.load(&record.id).await.unwrap().unwrap();
    assert_eq!(loaded.data["account"], 7);
    sessions.delete(&record.id).await.unwrap();
    assert!(sessions.load(&record.id).await.unwrap().is_none());

    let window = time::Duration::minutes(15);
    account::record_login_failure(&store, "account:a@b.cz")
        .await
        .unwrap();
    account::record_login_failure(&store, "account:a@b.cz")
        .await
        .unwrap();
    assert_eq!(
        account::recent_login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap(),
        2
    );
    account::clear_login_failures(&store, "account:a@b.cz")
        .await
        .unwrap();
    assert_eq!(
        account::recent_login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap(),
        0
    );
}

async fn tenants_are_found_by_host_and_their_slugs_are_unique(store: Store) {
    use kpss_domain::tenant::TenantKind;
    let region = tenant::add(
        &store,
        tenant::NewTenant {
            slug: "msk",
            name: "Moravskoslezský kraj",
            kind: TenantKind::Region,
            parent: None,
            host: None,
        },
    )
    .await
    .unwrap();
    let opava = tenant::NewTenant {
        slug: "opava",
        name: "Opava",
        kind: TenantKind::Municipality,
        parent: Some(region.id),
        host: Some("kp.opava.cz"),
    };
    let created = tenant::add(&store, opava.clone()).await.unwrap();
    assert_eq!(created.parent_id, Some(region.id));
    assert_eq!(
        tenant::by_host(&store, "kp.opava.cz")
            .await
            .unwrap()
            .map(|t| t.slug),
        Some("opava".into())
    );
    assert_eq!(
        tenant::by_host(&store, "kp.ostrava.cz").await.unwrap(),
        None
    );
    let err = tenant::add(&store, opava).await.unwrap_err();
    assert!(
        matches!(err, Error::Conflict(Conflict::Duplicate)),
        "{err:?}"
    );
    assert_eq!(tenant::all(&store).await.unwrap().len(), 2);
}

async fn a_region_reads_its_municipalities_and_they_read_only_themselves(store: Store) {
    use kpss_domain::tenant::TenantKind;
    let new = |slug, kind, parent| tenant::NewTenant {
        slug,
        name: slug,
        kind,
        parent,
        host: None,
    };
    let region = tenant::add(&store, new("msk", TenantKind::Region, None))
        .await
        .unwrap();
    let opava = tenant::add(
        &store,
        new("opava", TenantKind::Municipality, Some(region.id)),
    )
    .await
    .unwrap();
    let karvina = tenant::add(
        &store,
        new("karvina", TenantKind::Municipality, Some(region.id)),
    )
    .await
    .unwrap();
    let elsewhere = tenant::add(&store, new("brno", TenantKind::Municipality, None))
        .await
        .unwrap();
    let admin = Actor::system();
    let org = catalogue::create_organisation(
        &store,
        opava.id,
        &admin,
        &organisation("Charita Opava", "00845451"),
    )
    .await
    .unwrap();
    let s = catalogue::create_service(
        &store,
        opava.id,
        &admin,
        org.id,
        &service("Pečovatelská služba Opava"),
    )
    .await
    .unwrap();

    let region_scope = tenant::scope(&store, &region).await.unwrap();
    assert_eq!(region_scope.tenants(), &[region.id, opava.id, karvina.id]);
    assert_eq!(
        catalogue::service(&store, region_scope.clone(), s.id)
            .await
            .unwrap()
            .draft
            .name,
        "Pečovatelská služba Opava"
    );
    assert_eq!(
        catalogue::counts(&store, region_scope.clone())
            .await
            .unwrap(),
        (1, 1, 0)
    );
    assert_eq!(
        catalogue::organisation_services(&store, region_scope, org.id)
            .await
            .unwrap()
            .len(),
        1
    );

    let sibling = tenant::scope(&store, &karvina).await.unwrap();
    assert!(matches!(
        catalogue::service(&store, sibling, s.id).await,
        Err(Error::NotFound)
    ));
    let other = tenant::scope(&store, &elsewhere).await.unwrap();
    assert_eq!(catalogue::counts(&store, other).await.unwrap(), (0, 0, 0));
    // Reading across is not writing across: the region cannot change Opava's service.
    let err = catalogue::update_service(&store, region.id, &admin, s.id, 1, &s.draft)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound), "{err:?}");
}

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
