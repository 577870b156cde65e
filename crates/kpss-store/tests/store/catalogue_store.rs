//! Organisations and services: versions, audit, permissions, every field.

use super::*;

on_both_databases!(
    organisation_changes_are_versioned_and_audited,
    a_stale_save_is_a_conflict_and_changes_nothing,
    provider_cannot_edit_another_providers_service,
    a_duplicate_ico_is_reported_on_the_field,
    a_service_keeps_every_field,
    a_target_groups_services_are_those_naming_its_code_whole,
);

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
            groups: &[],
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

async fn a_target_groups_services_are_those_naming_its_code_whole(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let other = tenant(&store, "opava").await;
    let admin = Actor::system();
    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let theirs = catalogue::create_organisation(
        &store,
        other,
        &admin,
        &organisation("Slezská diakonie", "65468562"),
    )
    .await
    .unwrap();
    // Codes that contain „seniori“, stand before or after another, or alone.
    let cases = [
        ("Jen senioři", vec!["seniori"]),
        ("Senioři první", vec!["seniori", "rodiny"]),
        ("Senioři druzí", vec!["rodiny", "seniori"]),
        ("Senioři uprostřed", vec!["deti", "seniori", "rodiny"]),
        ("Podobný kód", vec!["seniori-nad-80", "xseniori"]),
        ("Bez skupiny", vec![]),
    ];
    for (name, groups) in &cases {
        let mut draft = service(name);
        draft.target_groups = groups.iter().map(|g| (*g).to_owned()).collect();
        catalogue::create_service(&store, t, &admin, org.id, &draft)
            .await
            .unwrap();
    }
    catalogue::create_service(&store, other, &admin, theirs.id, &service("Jinde"))
        .await
        .unwrap();
    let found = catalogue::target_group_services(&store, t, "seniori")
        .await
        .unwrap();
    let names: Vec<&str> = found.iter().map(|s| s.draft.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Jen senioři",
            "Senioři první",
            "Senioři druzí",
            "Senioři uprostřed"
        ]
    );
    assert!(found.iter().all(|s| s.organisation_name == "Charita"));
    assert!(
        catalogue::target_group_services(&store, t, "nikdo")
            .await
            .unwrap()
            .is_empty()
    );
}
