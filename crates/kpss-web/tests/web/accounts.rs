//! The coordinator's accounts pages: editing, deactivating and reactivating an account, and a
//! new one-time password; a deactivated person's open browser loses access at once.

use super::*;

#[tokio::test]
async fn the_coordinator_keeps_accounts_over_their_life() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    let provider_browser = app.cookie.clone();
    assert_eq!(app.get("/ucet/heslo").await.status, StatusCode::OK);

    app.login_as("koordinator@test.cz").await;
    let list = app.get("/sprava/uzivatele").await;
    let provider = account::find_for_login(&app.db.store, app.tenant, "poskytovatel@test.cz")
        .await
        .unwrap()
        .unwrap()
        .0;
    let page = format!("/sprava/uzivatele/{}", provider.id);
    assert!(
        list.body.contains(&format!("href=\"{page}\"")),
        "{}",
        list.body
    );
    let form = app.get(&page).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"poskytovatel@test.cz\""));
    assert!(form.body.contains("Charita Ostrava (IČO 00845451)"));
    let csrf = app.csrf(&page).await;
    let version = app.hidden(&page, "version").await;
    let organisation = provider.organisations[0].to_string();
    let fields = |name: &'static str, version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_owned()),
            ("email", "poskytovatel@test.cz".to_owned()),
            ("full_name", name.to_owned()),
            ("role", "provider".to_owned()),
            ("organisation", organisation.clone()),
            ("groups", String::new()),
        ]
    };
    let saved = app
        .post(&page, &as_fields(&fields("Petr Poskytovatel", &version)))
        .await;
    let (after, notice) = app.follow(&saved).await;
    assert_eq!(
        notice.as_deref(),
        Some("Změny účtu poskytovatel@test.cz byly uloženy.")
    );
    assert!(after.body.contains("value=\"Petr Poskytovatel\""));
    // The same form from a tab opened before the save: 409, the typed name kept.
    let stale = app
        .post(
            &page,
            &as_fields(&fields("Jméno z druhé záložky", &version)),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Změny nebyly uloženy"));
    assert!(stale.body.contains("value=\"Jméno z druhé záložky\""));
    // A provider without an organisation is refused with the field named.
    let mut no_org = fields("Petr", &app.hidden(&page, "version").await);
    no_org[5].1 = String::new();
    let refused = app.post(&page, &as_fields(&no_org)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("organisation-chyba"));

    // Deactivation ends the provider's open session at once.
    let version = app.hidden(&page, "version").await;
    let off = app
        .post(
            &format!("{page}/aktivita"),
            &[("csrf", &csrf), ("version", &version), ("aktivni", "ne")],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
    let list = app.get("/sprava/uzivatele").await;
    assert!(list.body.contains("deaktivovaný"));
    let coordinator_browser = app.cookie.clone();
    app.cookie = provider_browser;
    assert_eq!(app.get("/ucet/heslo").await.status, StatusCode::FORBIDDEN);
    let login_csrf = app.csrf("/prihlaseni").await;
    let login = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &login_csrf),
                ("email", "poskytovatel@test.cz"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_ne!(
        login.status,
        StatusCode::SEE_OTHER,
        "a deactivated account cannot log in"
    );

    // Reactivated, then a new one-time password: the old one no longer works.
    app.cookie = coordinator_browser;
    let version = app.hidden(&page, "version").await;
    let on = app
        .post(
            &format!("{page}/aktivita"),
            &[("csrf", &csrf), ("version", &version), ("aktivni", "ano")],
        )
        .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    let reset = app.post(&format!("{page}/heslo"), &[("csrf", &csrf)]).await;
    assert_eq!(reset.status, StatusCode::OK);
    let marker = "jednorázové heslo: <code>";
    let at = reset.body.find(marker).unwrap() + marker.len();
    let one_time = reset.body[at..].split('<').next().unwrap().to_owned();
    assert!(one_time.len() >= 12, "{one_time}");
    let (_, hash) = account::find_for_login(&app.db.store, app.tenant, "poskytovatel@test.cz")
        .await
        .unwrap()
        .unwrap();
    assert!(!account::verify_password(PASSWORD, &hash));
    assert!(account::verify_password(&one_time, &hash));

    // The coordinator's own page offers no deactivation; a forged one is refused.
    let me = account::find_for_login(&app.db.store, app.tenant, "koordinator@test.cz")
        .await
        .unwrap()
        .unwrap()
        .0;
    let mine = format!("/sprava/uzivatele/{}", me.id);
    let own = app.get(&mine).await;
    assert!(own.body.contains("Svůj vlastní účet deaktivovat nemůžete."));
    let forged = app
        .post(
            &format!("{mine}/aktivita"),
            &[
                ("csrf", &csrf),
                ("version", &me.version.to_string()),
                ("aktivni", "ne"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        forged
            .body
            .contains("Svůj vlastní účet nemůžete deaktivovat")
    );
    // An account of no tenant here: 404, never a success.
    let missing = app
        .post(
            "/sprava/uzivatele/999999/aktivita",
            &[("csrf", &csrf), ("version", "1"), ("aktivni", "ne")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_error_page_keeps_the_logged_in_frame_and_says_whom_to_ask() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    let refused = app.get("/sprava/uzivatele").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("Odhlásit (poskytovatel@test.cz)"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "obraťte se na koordinátora komunitního plánování (Statutární město Ostrava)"
        )
    );
    let missing = app.get("/neexistuje").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Odhlásit (poskytovatel@test.cz)"));
    assert!(!missing.body.contains("href=\"/prihlaseni\""));

    app.cookie = None;
    let anonymous = app.get("/neexistuje").await;
    assert!(anonymous.body.contains(
        "<title>Stránka nenalezena – Komunitní plánování Statutární město Ostrava</title>"
    ));
    assert!(anonymous.body.contains("přihlaste se svým účtem"));
}
