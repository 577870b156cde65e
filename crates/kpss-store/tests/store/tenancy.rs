//! Tenants: isolation, host names, regions reading across municipalities.

use super::*;

on_both_databases!(
    tenants_do_not_see_each_other,
    tenants_are_found_by_host_and_their_slugs_are_unique,
    a_region_reads_its_municipalities_and_they_read_only_themselves,
    a_tenants_thesaurus_is_saved_by_version_and_followed_by_time,
);

async fn a_tenants_thesaurus_is_saved_by_version_and_followed_by_time(store: Store) {
    use kpss_store::search;
    let ostrava = tenant(&store, "ostrava").await;
    let opava = tenant(&store, "opava").await;
    let admin = Actor::system();
    assert_eq!(
        search::thesaurus(&store, ostrava).await.unwrap(),
        search::Thesaurus::default()
    );
    let provider = Actor {
        role: kpss_domain::account::Role::ProviderEditor,
        ..Actor::system()
    };
    assert!(matches!(
        search::save_thesaurus(&store, ostrava, &provider, "a, b", 0).await,
        Err(Error::Forbidden)
    ));
    let before = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    assert_eq!(
        search::save_thesaurus(&store, ostrava, &admin, "kolibřík, charita", 0)
            .await
            .unwrap(),
        1
    );
    // A second save from the version the first one started from is stale.
    assert!(matches!(
        search::save_thesaurus(&store, ostrava, &admin, "něco, jiného", 0).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    assert!(matches!(
        search::save_thesaurus(&store, ostrava, &admin, "něco, jiného", 7).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    assert_eq!(
        search::save_thesaurus(&store, ostrava, &admin, "feťáci, drogy", 1)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        search::thesaurus(&store, ostrava).await.unwrap().groups,
        "feťáci, drogy"
    );
    assert_eq!(search::thesaurus(&store, opava).await.unwrap().version, 0);
    assert_eq!(
        search::thesauri_since(&store, Some(before)).await.unwrap(),
        [(ostrava, "feťáci, drogy".to_owned())]
    );
    assert!(
        search::thesauri_since(
            &store,
            Some(time::OffsetDateTime::now_utc() + time::Duration::minutes(1))
        )
        .await
        .unwrap()
        .is_empty()
    );
    let history = audit::history(&store, ostrava, "tenant", ostrava)
        .await
        .unwrap();
    assert_eq!(history[0].before.as_deref(), Some("\"kolibřík, charita\""));
    assert_eq!(history[0].after.as_deref(), Some("\"feťáci, drogy\""));
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
