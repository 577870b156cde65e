//! HTTP-level tests of the pages and forms, in process, on a temporary SQLite database.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use kpss_domain::account::{Actor, Role};
use kpss_domain::catalogue::{
    CodeLists, OrganisationDraft, OrganisationInput, ServiceDraft, ServiceInput,
};
use kpss_store::account::{self, NewAccount};
use kpss_store::catalogue;
use kpss_store::tenant::{self, ListItem, ListKind};
use kpss_store::testing::TestDb;
use tower::ServiceExt;

const PASSWORD: &str = "spravne-heslo-123";

struct TestApp {
    router: Router,
    db: TestDb,
    tenant: i32,
    cookie: Option<String>,
    own_service: i32,
    other_service: i32,
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl TestApp {
    async fn new() -> Self {
        let db = TestDb::sqlite().await;
        let store = db.store.clone();
        let t = tenant::ensure(&store, "ostrava", "Statutární město Ostrava")
            .await
            .unwrap();
        let groups = [ListItem {
            code: "seniori".into(),
            name: "Senioři".into(),
        }];
        tenant::set_list(&store, t.id, ListKind::TargetGroups, &groups)
            .await
            .unwrap();
        let districts = [ListItem {
            code: "poruba".into(),
            name: "Poruba".into(),
        }];
        tenant::set_list(&store, t.id, ListKind::Districts, &districts)
            .await
            .unwrap();
        let system = Actor::system();
        let org = |name: &str, ico: &str| {
            OrganisationDraft::parse(&OrganisationInput {
                name: name.into(),
                ico: ico.into(),
                ..Default::default()
            })
            .unwrap()
        };
        let mine = catalogue::create_organisation(
            &store,
            t.id,
            &system,
            &org("Charita Ostrava", "00845451"),
        )
        .await
        .unwrap();
        let theirs = catalogue::create_organisation(
            &store,
            t.id,
            &system,
            &org("Slezská diakonie", "00000060"),
        )
        .await
        .unwrap();
        let codes = (vec!["seniori".to_owned()], vec!["poruba".to_owned()]);
        let service = |name: &str, kind: &str| {
            ServiceDraft::parse(
                &ServiceInput {
                    kind: "sluzba".into(),
                    name: name.into(),
                    service_type: kind.into(),
                    register_id: "1234567".into(),
                    description: "Pomoc seniorům v jejich domácnosti.".into(),
                    forms: vec!["terenni".into()],
                    target_groups: vec!["seniori".into()],
                    capacity: "40".into(),
                    ..Default::default()
                },
                CodeLists {
                    target_groups: &codes.0,
                    districts: &codes.1,
                },
            )
            .unwrap()
        };
        let own = catalogue::create_service(
            &store,
            t.id,
            &system,
            mine.id,
            &service("Pečovatelská služba Charity", "40"),
        )
        .await
        .unwrap();
        let other = catalogue::create_service(
            &store,
            t.id,
            &system,
            theirs.id,
            &service("Hospic svatého Lukáše", "52"),
        )
        .await
        .unwrap();
        catalogue::create_service(
            &store,
            t.id,
            &system,
            theirs.id,
            &service("Chráněné bydlení Lipová", "51"),
        )
        .await
        .unwrap();
        let hash = account::hash_password(PASSWORD);
        for (email, role, orgs) in [
            ("koordinator@test.cz", Role::Admin, vec![]),
            ("poskytovatel@test.cz", Role::ProviderEditor, vec![mine.id]),
        ] {
            account::add(
                &store,
                t.id,
                &system,
                NewAccount {
                    email,
                    name: email,
                    role,
                    password_hash: hash.clone(),
                    organisations: &orgs,
                },
            )
            .await
            .unwrap();
        }
        let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
        let state = kpss_web::AppState {
            store,
            index: Arc::new(index),
            default_tenant: t.clone(),
        };
        let router = kpss_web::router(
            state,
            &kpss_web::Config {
                secure_cookies: false,
            },
        );
        Self {
            router,
            db,
            tenant: t.id,
            cookie: None,
            own_service: own.id,
            other_service: other.id,
        }
    }

    async fn send(&mut self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        if let Some(set) = response.headers().get(header::SET_COOKIE) {
            self.cookie = Some(set.to_str().unwrap().split(';').next().unwrap().to_owned());
        }
        let status = response.status();
        let headers = response.headers().clone();
        let body = String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&mut self, uri: &str) -> Answer {
        self.get_at(uri, "localhost").await
    }

    async fn get_at(&mut self, uri: &str, host: &str) -> Answer {
        let mut request = Request::get(uri).header(header::HOST, host);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// The CSRF token of the form on a page.
    async fn csrf(&mut self, uri: &str) -> String {
        let page = self.get(uri).await;
        let at = page
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a CSRF token")
            + 19;
        page.body[at..at + 64].to_owned()
    }

    async fn login_as(&mut self, email: &str) {
        let csrf = self.csrf("/prihlaseni").await;
        let answer = self
            .post(
                "/prihlaseni",
                &[("csrf", &csrf), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }

    async fn service_name(&self, id: i32) -> String {
        catalogue::service(&self.db.store, self.tenant, id)
            .await
            .unwrap()
            .draft
            .name
    }
}

/// Owned form fields as the `post` helper takes them.
fn as_fields<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn service_fields<'a>(
    csrf: &'a str,
    version: &'a str,
    name: &'a str,
    capacity: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", version),
        ("kind", "sluzba"),
        ("name", name),
        ("service_type", "40"),
        ("register_id", "1234567"),
        ("forms", "terenni"),
        ("target_groups", "seniori"),
        ("capacity", capacity),
        ("capacity_unit", "klienti"),
    ]
}

#[tokio::test]
async fn home_shows_what_the_catalogue_holds() {
    let mut app = TestApp::new().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<strong>2</strong> organizací"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<strong>3</strong> registrovaných sociálních služeb")
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
    assert!(answer.body.contains("nejvýše 200 znaků"));
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
async fn login_gives_one_answer_for_wrong_password_and_unknown_account_and_throttles() {
    let mut app = TestApp::new().await;
    let csrf = app.csrf("/prihlaseni").await;
    let cookie = app.cookie.clone().unwrap();
    let wrong = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", "koordinator@test.cz"),
                ("password", "spatne"),
            ],
        )
        .await;
    let unknown = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", "nikdo@test.cz"),
                ("password", "spatne"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let message = |body: &str| body.contains("Nesprávný e-mail nebo heslo.");
    assert!(message(&wrong.body) && message(&unknown.body));
    assert_eq!(app.cookie.as_deref(), Some(cookie.as_str()));
    for _ in 0..4 {
        app.post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", "koordinator@test.cz"),
                ("password", "spatne"),
            ],
        )
        .await;
    }
    let blocked = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", "koordinator@test.cz"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("Příliš mnoho neúspěšných pokusů"));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let mut app = TestApp::new().await;
    let page = app.get("/prihlaseni").await;
    let cookie = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

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
    assert_eq!(
        app.get_at(&format!("/katalog/sluzby/{}", created.id), "localhost")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_design_system_styles_and_fonts_are_served_from_the_binary() {
    let mut app = TestApp::new().await;
    let tokens = app.get("/static/vendor/gov-ds/tokens.css").await;
    assert_eq!(tokens.status, StatusCode::OK);
    assert_eq!(
        tokens.headers[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    assert!(tokens.body.contains("--color-primary-600"));
    let font = app
        .router
        .clone()
        .oneshot(
            Request::get("/static/vendor/gov-ds/fonts/roboto-regular.woff2")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(font.headers()[header::CONTENT_TYPE], "font/woff2");
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/static/kpss.css.bak").await.status,
        StatusCode::NOT_FOUND
    );
    let home = app.get("/").await;
    assert!(
        home.body
            .contains("href=\"/static/vendor/gov-ds/tokens.css\"")
    );
}

#[tokio::test]
async fn the_coordinator_builds_a_plan_and_the_council_approves_it() {
    let mut app = TestApp::new().await;
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf("/plany/novy").await;
    let bad = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "7. komunitní plán"),
                ("period_from", "2030"),
                ("period_to", "2027"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Konec nesmí předcházet začátku."));
    assert!(bad.body.contains("value=\"7. komunitní plán\""));
    let created = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "7. komunitní plán"),
                ("period_from", "2027"),
                ("period_to", "2030"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let plan = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();

    let part = app
        .post(
            &format!("{plan}/casti/nova"),
            &[("csrf", &csrf), ("code", "SEN"), ("name", "Senioři")],
        )
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER);
    let form = app.get(&format!("{plan}/cile/novy")).await;
    let part_id = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let goal = app
        .post(
            &format!("{plan}/cile/novy"),
            &[
                ("csrf", &csrf),
                ("part", &part_id),
                ("code", "SEN 1"),
                ("text", "Rozvoj terénních služeb"),
            ],
        )
        .await;
    assert_eq!(goal.status, StatusCode::SEE_OTHER);
    let form = app.get(&format!("{plan}/opatreni/nove")).await;
    let goal_id = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let measure = |code: &str| {
        let text = "Navýšit kapacitu pečovatelské služby";
        [
            ("csrf", csrf.clone()),
            ("goal", goal_id.clone()),
            ("code", code.to_owned()),
            ("text", text.to_owned()),
            ("timing", "2028".to_owned()),
        ]
    };
    let first = measure("SEN 1.1");
    let ok = app
        .post(&format!("{plan}/opatreni/nove"), &as_fields(&first))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let dup = app
        .post(&format!("{plan}/opatreni/nove"), &as_fields(&first))
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("Tato hodnota je už použita"));

    // Not yet public: a draft is hidden from the public.
    let detail = app.get(&plan).await;
    assert!(
        detail.body.contains("SEN 1.1")
            && detail.body.contains("Navýšit kapacitu pečovatelské služby")
    );
    let version = |body: &str| {
        body.split("name=\"version\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    let v = version(&detail.body);
    let premature = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "1/ZM/1"),
                ("resolution_date", "1. 1. 2027"),
                ("resolution_body", "Zastupitelstvo"),
            ],
        )
        .await;
    assert_eq!(premature.status, StatusCode::CONFLICT);
    assert!(premature.body.contains("prošel"), "{}", premature.body);
    let opened = app
        .post(
            &format!("{plan}/stav"),
            &[("csrf", &csrf), ("version", &v), ("action", "konzultace")],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let v = version(&app.get(&plan).await.body);
    let bad_date = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "3001/ZM2226/40"),
                ("resolution_date", "31. 2. 2026"),
                ("resolution_body", "Zastupitelstvo města Ostravy"),
            ],
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_date.body.contains("value=\"3001/ZM2226/40\""));
    let approved = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "3001/ZM2226/40"),
                ("resolution_date", "10. 12. 2026"),
                ("resolution_body", "Zastupitelstvo města Ostravy"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let frozen = app
        .post(
            &format!("{plan}/opatreni/nove"),
            &as_fields(&measure("SEN 1.2")),
        )
        .await;
    assert_eq!(frozen.status, StatusCode::CONFLICT);
    assert!(frozen.body.contains("Plán už není návrh"));

    // The next version starts as a draft from the approved plan and is compared with it.
    let next = app
        .post(&format!("{plan}/nova-verze"), &[("csrf", &csrf)])
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
    let next_plan = next.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_ne!(next_plan, plan);
    let form = app.get(&format!("{next_plan}/opatreni/nove")).await;
    let next_goal = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let added = [
        ("csrf", csrf.clone()),
        ("goal", next_goal),
        ("code", "SEN 1.2".to_owned()),
        ("text", "Zřídit kontaktní místo".to_owned()),
        ("timing", String::new()),
    ];
    assert_eq!(
        app.post(&format!("{next_plan}/opatreni/nove"), &as_fields(&added))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let edit = app.get(&format!("{next_plan}/upravit")).await;
    assert!(
        edit.body.contains("value=\"7. komunitní plán\""),
        "the form shows the current title"
    );
    let v = version(&edit.body);
    let renamed = app
        .post(
            &format!("{next_plan}/upravit"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("title", "8. komunitní plán"),
                ("period_from", "2031"),
                ("period_to", "2034"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let stale = app
        .post(
            &format!("{next_plan}/upravit"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("title", "Jiný"),
                ("period_from", "2031"),
                ("period_to", "2034"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(app.get(&next_plan).await.body.contains("2031–2034"));
    let comparison = app.get(&format!("{next_plan}/porovnani")).await;
    assert_eq!(comparison.status, StatusCode::OK);
    assert!(
        comparison.body.contains("1 z 4 částí, cílů a opatření"),
        "{}",
        comparison.body
    );
    assert!(comparison.body.contains("<th scope=\"row\">SEN 1.2</th><td><strong>nové</strong></td><td></td><td>Zřídit kontaktní místo</td>"));
    assert!(
        comparison
            .body
            .contains("<th scope=\"row\">SEN 1.1</th><td>beze změny</td>")
    );

    // The public reads the approved plan with its resolution, not the new draft.
    app.cookie = None;
    assert_eq!(app.get(&next_plan).await.status, StatusCode::NOT_FOUND);
    let public = app.get(&plan).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("usnesení č. 3001/ZM2226/40 ze dne 10.\u{a0}12.\u{a0}2026"),
        "{}",
        public.body
    );
    assert!(
        !public.body.contains("Archivovat"),
        "the public sees no lifecycle buttons"
    );
}

#[tokio::test]
async fn drafts_are_hidden_from_the_public_and_only_the_coordinator_starts_plans() {
    let mut app = TestApp::new().await;
    let header = kpss_domain::plan::PlanHeader::parse("Pracovní návrh", "2027", "2030").unwrap();
    let draft = kpss_store::plan::create_plan(&app.db.store, app.tenant, &Actor::system(), &header)
        .await
        .unwrap();
    assert_eq!(
        app.get(&format!("/plany/{}", draft.id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/plany").await.body.contains("Pracovní návrh"));
    app.login_as("poskytovatel@test.cz").await;
    assert!(
        app.get("/plany").await.body.contains("Pracovní návrh"),
        "members of the planning see drafts"
    );
    assert_eq!(app.get("/plany/novy").await.status, StatusCode::FORBIDDEN);
    let csrf = app.csrf("/ucet/heslo").await;
    let refused = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "Můj plán"),
                ("period_from", "2027"),
                ("period_to", "2028"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        kpss_store::plan::plans(&app.db.store, app.tenant, true)
            .await
            .unwrap()
            .len(),
        1
    );
}
