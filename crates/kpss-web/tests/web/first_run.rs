//! The first coordinator of a new installation, through the one-time set-up link.

use kpss_store::setup;

use super::*;

/// An installation started without the demo: a tenant with no account and a set-up link.
async fn fresh_app() -> (TestApp, String) {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    let t = tenant::ensure(&store, "ostrava", "Statutární město Ostrava")
        .await
        .unwrap();
    assert!(setup::is_untouched(&store, t.id).await.unwrap());
    let token = setup::issue(&store, t.id).await.unwrap().expect("a link");
    let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
    let state = kpss_web::AppState::new(store, Arc::new(index), t.clone());
    let router = kpss_web::router(
        state,
        &kpss_web::Config {
            secure_cookies: false,
        },
    );
    let app = TestApp {
        router,
        db,
        tenant: t.id,
        cookie: None,
        own_service: 0,
        other_service: 0,
    };
    (app, token)
}

#[tokio::test]
async fn the_link_creates_the_first_coordinator_once() {
    let (mut app, token) = fresh_app().await;
    let store = app.db.store.clone();
    // Issued, the tenant is no longer one the demo may fill.
    assert!(!setup::is_untouched(&store, app.tenant).await.unwrap());
    assert_eq!(
        app.get("/nastaveni/nespravny-odkaz").await.status,
        StatusCode::NOT_FOUND
    );
    let url = format!("/nastaveni/{token}");
    let page = app.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Založit účet koordinátora"));

    let csrf = app.csrf(&url).await;
    let bad = app
        .post(
            &url,
            &[
                ("csrf", &csrf),
                ("full_name", "Jana Nováková"),
                ("email", "jana@"),
                ("new_password", "dlouhe-heslo-123"),
                ("new_password_again", "jine-heslo-4567"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"Jana Nováková\""), "{}", bad.body);
    assert!(bad.body.contains("value=\"jana@\""));
    assert!(!bad.body.contains("dlouhe-heslo-123"));
    assert!(account::all(&store, app.tenant).await.unwrap().is_empty());

    let good = app
        .post(
            &url,
            &[
                ("csrf", &csrf),
                ("full_name", "Jana Nováková"),
                ("email", "Jana@Ostrava.cz"),
                ("new_password", "dlouhe-heslo-123"),
                ("new_password_again", "dlouhe-heslo-123"),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    assert_eq!(good.headers[header::LOCATION], "/sprava");
    // Logged in as the new coordinator, who may now invite others.
    let users = app.get("/sprava/uzivatele").await;
    assert_eq!(users.status, StatusCode::OK);
    assert!(users.body.contains("jana@ostrava.cz"));
    let accounts = account::all(&store, app.tenant).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].role, Role::Admin);

    // Spent: the link is gone and no new one is issued once an account exists.
    app.cookie = None;
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(setup::issue(&store, app.tenant).await.unwrap(), None);
    assert!(!setup::is_untouched(&store, app.tenant).await.unwrap());
}

#[tokio::test]
async fn a_new_start_supersedes_the_old_link() {
    let (mut app, old) = fresh_app().await;
    let new = setup::issue(&app.db.store, app.tenant)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(old, new);
    assert_eq!(
        app.get(&format!("/nastaveni/{old}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/nastaveni/{new}")).await.status,
        StatusCode::OK
    );
}
