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
    app.router = {
        let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
        let default = tenant::by_slug(&store, "ostrava").await.unwrap().unwrap();
        let state = kpss_web::AppState {
            store: store.clone(),
            index: Arc::new(index),
            default_tenant: default,
        };
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
}
