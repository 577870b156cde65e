//! The public catalogue, its API and its editing.

use super::*;

#[tokio::test]
async fn home_shows_what_the_catalogue_holds() {
    let mut app = TestApp::new().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<strong>2</strong> organizace"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<strong>3</strong> registrované sociální služby"),
        "3 takes the form for a few"
    );
    assert!(
        page.body
            .contains("<html lang=\"cs\" data-theme=\"light\">")
    );
    assert!(
        page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn search_ignores_diacritics_and_counts_facets() {
    let mut app = TestApp::new().await;
    let page = app.get("/katalog?q=PECOVATELSKA").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Nalezeno: <strong>1</strong>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Pečovatelská služba Charity"));
    let all = app.get("/katalog?razeni=nazev").await;
    assert!(
        all.body
            .contains("Senioři <span class=\"count\">(3)</span>"),
        "{}",
        all.body
    );
    // Czech order: Hospic before Chráněné bydlení.
    let hospic = all.body.find("Hospic svatého Lukáše").unwrap();
    let chranene = all.body.find("Chráněné bydlení Lipová").unwrap();
    assert!(hospic < chranene);
    let filtered = app.get("/katalog?typ=52").await;
    assert!(filtered.body.contains("Nalezeno: <strong>1</strong>"));
    assert!(filtered.body.contains("Hospic svatého Lukáše"));
}

#[tokio::test]
async fn a_query_with_typos_is_offered_the_catalogues_words() {
    let mut app = TestApp::new().await;
    let page = app.get("/katalog?q=pecovatleska+slyzba").await;
    assert!(
        page.body.contains("Pečovatelská služba Charity"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(
            "Měli jste na mysli <a href=\"/katalog?q=pe%C4%8Dovatelsk%C3%A1+slu%C5%BEba&#38;razeni=relevance\">pečovatelská služba</a>?"
        ),
        "{}",
        page.body
    );
    let exact = app.get("/katalog?q=pe%C4%8Dovatelsk%C3%A1").await;
    assert!(!exact.body.contains("Měli jste na mysli"));
    let api = app.get("/api/v1/catalogue/services?q=pecovatleska").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["suggestion"], "pečovatelská");
}

#[tokio::test]
async fn absurd_query_strings_get_a_czech_400() {
    let mut app = TestApp::new().await;
    for uri in [
        "/katalog?strana=-1",
        "/katalog?strana=1000000000000",
        "/katalog?typ=999",
        "/katalog?razeni=nahodne",
        "/api/v1/catalogue/services?na_stranu=0",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            page.body.contains("Chybný požadavek"),
            "{uri}: {}",
            page.body
        );
    }
    assert!(app.get("/katalog?strana=-1").await.body.contains("strana"));
    let api = app.get("/api/v1/catalogue/services?na_stranu=0").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["error"]["status"], 400);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("na_stranu")
    );
    assert_eq!(
        app.get("/katalog/sluzby/abc").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/katalog/sluzby/99999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn service_and_organisation_pages_show_their_content() {
    let mut app = TestApp::new().await;
    let id = app.other_service;
    let page = app.get(&format!("/katalog/sluzby/{id}")).await;
    assert!(page.body.contains("<h1>Hospic svatého Lukáše</h1>"));
    assert!(
        page.body
            .contains("§ 52 Sociální služby poskytované ve zdravotnických zařízeních lůžkové péče")
    );
    assert!(page.body.contains("40 klienti"));
    assert!(
        !page.body.contains("Upravit"),
        "the public sees no edit link"
    );
    let print = app.get(&format!("/katalog/sluzby/{id}/tisk")).await;
    assert!(print.body.contains("IČO 00000060"));
    let organisation = app
        .get(&page_link(&page.body, "/katalog/organizace/"))
        .await;
    assert!(
        organisation
            .body
            .contains("Registrované sociální služby (2)"),
        "{}",
        organisation.body
    );
}

fn page_link(body: &str, prefix: &str) -> String {
    let at = body.find(&format!("href=\"{prefix}")).unwrap() + 6;
    body[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_api_answers_json_with_paging_and_facets() {
    let mut app = TestApp::new().await;
    let answer = app
        .get("/api/v1/catalogue/services?q=seniori&na_stranu=2&razeni=nazev")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(json["total"], 3);
    assert_eq!(json["per_page"], 2);
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][0]["name"], "Hospic svatého Lukáše");
    let second: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/catalogue/services?q=seniori&na_stranu=2&razeni=nazev&strana=2")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(second["items"][0]["name"], "Pečovatelská služba Charity");
}

#[tokio::test]
async fn an_anonymous_post_is_refused_and_changes_nothing() {
    let mut app = TestApp::new().await;
    let id = app.own_service;
    let fields = service_fields("x", "1", "Přepsáno", "10");
    let answer = app.post(&format!("/sprava/sluzby/{id}"), &fields).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.service_name(id).await, "Pečovatelská služba Charity");
}

#[tokio::test]
async fn provider_editor_saving_another_organisations_service_gets_403() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    let own = app.own_service;
    let csrf = app.csrf(&format!("/sprava/sluzby/{own}")).await;
    let other = app.other_service;
    assert_eq!(
        app.get(&format!("/sprava/sluzby/{other}")).await.status,
        StatusCode::FORBIDDEN
    );
    let answer = app
        .post(
            &format!("/sprava/sluzby/{other}"),
            &service_fields(&csrf, "1", "Přepsáno", "10"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.service_name(other).await, "Hospic svatého Lukáše");
}

#[tokio::test]
async fn provider_corrects_its_service_and_search_follows_at_once() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    let id = app.own_service;
    let csrf = app.csrf(&format!("/sprava/sluzby/{id}")).await;
    let answer = app
        .post(
            &format!("/sprava/sluzby/{id}"),
            &service_fields(&csrf, "1", "Terénní pečovatelská služba Modrý kámen", "55"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let detail = app.get(&format!("/katalog/sluzby/{id}")).await;
    assert!(detail.body.contains("55 klienti"));
    let found = app.get("/katalog?q=modry+kamen").await;
    assert!(
        found
            .body
            .contains("Terénní pečovatelská služba Modrý kámen"),
        "{}",
        found.body
    );
    // A second save from the same, now stale, form is a conflict that keeps the typed values.
    let stale = app
        .post(
            &format!("/sprava/sluzby/{id}"),
            &service_fields(&csrf, "1", "Starý formulář", "60"),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("mezitím uložil někdo jiný"));
    assert!(stale.body.contains("value=\"Starý formulář\""));
    assert_eq!(
        app.service_name(id).await,
        "Terénní pečovatelská služba Modrý kámen"
    );
}

#[tokio::test]
async fn an_invalid_form_comes_back_with_what_was_typed_and_czech_errors() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    let id = app.own_service;
    let csrf = app.csrf(&format!("/sprava/sluzby/{id}")).await;
    let long = "x".repeat(100_000);
    let answer = app
        .post(
            &format!("/sprava/sluzby/{id}"),
            &service_fields(&csrf, "1", &long, "-3"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("Formulář obsahuje chyby (2)"),
        "{}",
        &answer.body[..2000.min(answer.body.len())]
    );
    assert!(answer.body.contains("Zadejte celé číslo větší než nula."));
    assert!(answer.body.contains("nejvýše 200\u{a0}znaků"));
    assert!(answer.body.contains("value=\"-3\""));
    assert!(answer.body.contains("aria-describedby=\"capacity-chyba\""));
    assert_eq!(app.service_name(id).await, "Pečovatelská služba Charity");
}

#[tokio::test]
async fn admin_creates_an_organisation_after_fixing_its_ico_and_sees_history() {
    let mut app = TestApp::new().await;
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf("/sprava/organizace/nova").await;
    let bad = app
        .post(
            "/sprava/organizace/nova",
            &[
                ("csrf", &csrf),
                ("name", "Nová naděje"),
                ("ico", "00845452"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("IČO musí mít 8 číslic a platnou kontrolní číslici")
    );
    assert!(bad.body.contains("value=\"Nová naděje\""));
    // Focus starts on the error summary, and nothing else claims it.
    assert_eq!(bad.body.matches(" autofocus").count(), 1, "{}", bad.body);
    assert!(bad.body.contains(
        r#"<div class="error-summary" role="alert" aria-labelledby="chyby-nadpis" tabindex="-1" autofocus>"#
    ));
    let taken = app
        .post(
            "/sprava/organizace/nova",
            &[
                ("csrf", &csrf),
                ("name", "Nová naděje"),
                ("ico", "00845451"),
            ],
        )
        .await;
    assert!(
        taken.body.contains("Tato hodnota je už použita"),
        "duplicate IČO"
    );
    let good = app
        .post(
            "/sprava/organizace/nova",
            &[
                ("csrf", &csrf),
                ("name", "Nová naděje"),
                ("ico", "25596641"),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    let location = good.headers[header::LOCATION].to_str().unwrap().to_owned();
    let id = location.rsplit('/').next().unwrap();
    let edit = app.get(&format!("/sprava/organizace/{id}")).await;
    assert!(
        edit.body
            .contains("<title>Úprava organizace Nová naděje (IČO 25596641) – Komunitní plánování"),
        "the title names the record being edited"
    );
    let history = app.get(&format!("/sprava/organizace/{id}/historie")).await;
    assert!(history.body.contains("vytvoření"));
    assert!(history.body.contains("koordinator@test.cz"));
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused() {
    let mut app = TestApp::new().await;
    app.login_as("koordinator@test.cz").await;
    let answer = app
        .post(
            "/sprava/organizace/nova",
            &[("name", "Bez tokenu"), ("ico", "25596641")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("Formulář nebyl přijat"));
}

#[tokio::test]
async fn the_coordinators_own_words_widen_the_search_at_once() {
    let mut app = TestApp::new().await;
    app.login_as("poskytovatel@test.cz").await;
    assert_eq!(
        app.get("/sprava/slovnik").await.status,
        StatusCode::FORBIDDEN
    );
    app.login_as("koordinator@test.cz").await;
    assert!(
        !app.get("/katalog?q=kolibrik")
            .await
            .body
            .contains("Pečovatelská služba Charity")
    );
    let page = app.get("/sprava/slovnik").await;
    assert!(
        page.body.contains("bezdomovci"),
        "the built-in groups are listed"
    );
    let csrf = app.csrf("/sprava/slovnik").await;
    let version = app.hidden("/sprava/slovnik", "version").await;
    assert_eq!(version, "0");
    let saved = app
        .post(
            "/sprava/slovnik",
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("synonyms", "Kolibřík ,  charita\r\n\r\njen jedno slovo\r\n"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        saved
            .body
            .contains("Vlastní skupiny výrazů: Řádek 3: skupina potřebuje aspoň dva výrazy"),
        "{}",
        saved.body
    );
    assert!(
        saved.body.contains("jen jedno slovo"),
        "what was typed is kept"
    );
    let saved = app
        .post(
            "/sprava/slovnik",
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("synonyms", "Kolibřík ,  charita\r\n\r\n"),
            ],
        )
        .await;
    let (saved, notice) = app.follow(&saved).await;
    assert_eq!(
        notice.as_deref(),
        Some("Slovník vyhledávání byl uložen: 1\u{a0}vlastní skupina.")
    );
    assert!(
        saved.body.contains(">Kolibřík, charita</textarea>"),
        "{}",
        saved.body
    );
    let found = app.get("/katalog?q=kolibrik").await;
    assert!(
        found.body.contains("Pečovatelská služba Charity"),
        "{}",
        found.body
    );
    // A second tab opened before the save: refused, what was typed kept.
    let stale = app
        .post(
            "/sprava/slovnik",
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("synonyms", "babička, senioři"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("babička, senioři"));
    let too_long = "a, b\n".repeat(20_000);
    let refused = app
        .post(
            "/sprava/slovnik",
            &[("csrf", &csrf), ("version", "1"), ("synonyms", &too_long)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        kpss_store::search::thesaurus(&app.db.store, app.tenant)
            .await
            .unwrap()
            .groups,
        "Kolibřík, charita"
    );
}
