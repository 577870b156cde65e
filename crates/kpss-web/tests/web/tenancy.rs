//! Tenants by host name; a region reads its municipalities.

use super::*;

#[tokio::test]
async fn a_region_served_at_its_host_reads_its_municipalities_catalogues() {
    use kpss_domain::tenant::TenantKind;
    let mut app = TestApp::new().await;
    let store = app.db.store.clone();
    let region = tenant::add(
        &store,
        tenant::NewTenant {
            slug: "msk",
            name: "Moravskoslezský kraj",
            kind: TenantKind::Region,
            parent: None,
            host: Some("kp.msk.cz"),
        },
    )
    .await
    .unwrap();
    let opava = tenant::add(
        &store,
        tenant::NewTenant {
            slug: "opava",
            name: "Opava",
            kind: TenantKind::Municipality,
            parent: Some(region.id),
            host: Some("kp.opava.cz"),
        },
    )
    .await
    .unwrap();
    let system = Actor::system();
    let org = OrganisationDraft::parse(&OrganisationInput {
        name: "Charita Opava".into(),
        ico: "00845451".into(),
        ..Default::default()
    })
    .unwrap();
    let org = catalogue::create_organisation(&store, opava.id, &system, &org)
        .await
        .unwrap();
    let input = ServiceInput {
        kind: "aktivita".into(),
        name: "Klub seniorů Opava".into(),
        forms: vec!["ambulantni".into()],
        ..Default::default()
    };
    let draft = ServiceDraft::parse(
        &input,
        CodeLists {
            target_groups: &[],
            districts: &[],
        },
    )
    .unwrap();
    let created = catalogue::create_service(&store, opava.id, &system, org.id, &draft)
        .await
        .unwrap();
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await.unwrap());
    app.router = {
        let default = tenant::by_slug(&store, "ostrava").await.unwrap().unwrap();
        let state = kpss_web::AppState::new(store.clone(), Arc::clone(&index), default);
        kpss_web::router(
            state,
            &kpss_web::Config {
                secure_cookies: false,
            },
        )
    };

    let region_page = app.get_at("/katalog?q=klub", "kp.msk.cz").await;
    assert!(
        region_page.body.contains("Klub seniorů Opava"),
        "{}",
        region_page.body
    );
    assert!(
        region_page
            .body
            .contains("Komunitní plánování Moravskoslezský kraj")
    );
    let detail = app
        .get_at(&format!("/katalog/sluzby/{}", created.id), "kp.msk.cz")
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    let ostrava = app.get_at("/katalog?q=klub", "localhost").await;
    assert!(
        !ostrava.body.contains("Klub seniorů Opava"),
        "Ostrava does not see Opava"
    );
    // The node keeps the service in memory since the region's request; Ostrava still gets 404.
    assert_eq!(
        app.get_at(&format!("/katalog/sluzby/{}", created.id), "localhost")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The same API query under both hosts: anonymous answers are kept per tenant.
    let api = "/api/v1/catalogue/services?q=klub";
    assert!(
        app.get_at(api, "kp.msk.cz")
            .await
            .body
            .contains("Klub seniorů Opava")
    );
    assert!(
        !app.get_at(api, "localhost")
            .await
            .body
            .contains("Klub seniorů Opava")
    );
    assert!(
        app.get_at(api, "kp.msk.cz")
            .await
            .body
            .contains("Klub seniorů Opava")
    );
}

#[tokio::test]
async fn a_kept_search_answer_gives_way_to_a_change_of_the_store_or_the_index() {
    let mut app = TestApp::new().await;
    let store = app.db.store.clone();
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await.unwrap());
    let ostrava = tenant::by_slug(&store, "ostrava").await.unwrap().unwrap();
    app.router = kpss_web::router(
        kpss_web::AppState::new(store.clone(), Arc::clone(&index), ostrava.clone()),
        &kpss_web::Config {
            secure_cookies: false,
        },
    );
    let system = Actor::system();
    let org = OrganisationDraft::parse(&OrganisationInput {
        name: "Spolek Vlnka".into(),
        ico: "26593661".into(),
        ..Default::default()
    })
    .unwrap();
    let org = catalogue::create_organisation(&store, ostrava.id, &system, &org)
        .await
        .unwrap();
    let draft = |name: &str| {
        ServiceDraft::parse(
            &ServiceInput {
                kind: "aktivita".into(),
                name: name.into(),
                forms: vec!["ambulantni".into()],
                ..Default::default()
            },
            CodeLists {
                target_groups: &[],
                districts: &[],
            },
        )
        .unwrap()
    };
    let page = "/katalog?q=vlnka";
    for api in [false, true] {
        let uri = if api {
            "/api/v1/catalogue/services?q=vlnka"
        } else {
            page
        };
        let before = app.get(uri).await;
        assert!(!before.body.contains("Plavání Vlnka"), "{}", before.body);
    }

    // A new service reaches the index: the kept answers that missed it are stale.
    let created =
        catalogue::create_service(&store, ostrava.id, &system, org.id, &draft("Plavání Vlnka"))
            .await
            .unwrap();
    index.upsert(&created).unwrap();
    assert!(app.get(page).await.body.contains("Plavání Vlnka"));
    assert!(
        app.get("/api/v1/catalogue/services?q=vlnka")
            .await
            .body
            .contains("Plavání Vlnka")
    );

    // A rename committed to the store (the index left as it was, as on a node that has not
    // caught up yet) shows at once too: the rows come from the store.
    catalogue::update_service(
        &store,
        ostrava.id,
        &system,
        created.id,
        created.version,
        &draft("Plavání Vlnka pro seniory"),
    )
    .await
    .unwrap();
    assert!(
        app.get(page)
            .await
            .body
            .contains("Plavání Vlnka pro seniory"),
        "the answer kept before the rename is not served"
    );
}
