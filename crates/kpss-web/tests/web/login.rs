//! Logging in, the throttle and the session cookie.

use super::*;

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
    assert!(blocked.body.contains("Další pokus bude možný za"));
    let retry: u64 = blocked.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
}

/// A login attempt from an address, with the session and (maybe) the device cookie.
async fn login_from(
    app: &mut TestApp,
    address: [u8; 4],
    device: Option<&str>,
    email: &str,
    password: &str,
) -> Answer {
    let csrf = app.csrf("/prihlaseni").await;
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .finish();
    let mut cookie = app.cookie.clone().unwrap();
    if let Some(device) = device {
        cookie = format!("{cookie}; {device}");
    }
    let mut request = Request::post("/prihlaseni")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            address, 40000,
        ))));
    app.send(request).await
}

#[tokio::test]
async fn a_stranger_guessing_a_known_account_cannot_lock_its_owner_out() {
    let mut app = TestApp::new().await;
    let owner = "koordinator@test.cz";
    let first = login_from(&mut app, [10, 0, 0, 1], None, owner, PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let device = first
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kpss_device="))
        .expect("a device cookie after a successful login")
        .to_owned();
    assert!(device.contains("HttpOnly") && device.contains("Path=/prihlaseni"));
    let device = device.split(';').next().unwrap().to_owned();

    // Guesses from twelve addresses: each address alone stays under its own limits.
    app.cookie = None;
    for host in 2..12 {
        let guess = login_from(&mut app, [203, 0, 113, host], None, owner, "hadam-heslo").await;
        assert_eq!(guess.status, StatusCode::UNAUTHORIZED);
    }
    // …and the attack goes on from more addresses than a test sends from.
    for _ in 0..5 {
        account::record_login_failure(&app.db.store, &format!("account:{}:{owner}", app.tenant))
            .await
            .unwrap();
    }
    // A browser that never logged in to the account now waits, even with the right password.
    let unknown = login_from(&mut app, [198, 51, 100, 7], None, owner, PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(unknown.headers.contains_key(header::RETRY_AFTER));
    // The owner's own browser, from yet another address, is let in.
    let owned = login_from(&mut app, [198, 51, 100, 8], Some(&device), owner, PASSWORD).await;
    assert_eq!(owned.status, StatusCode::SEE_OTHER, "{}", owned.body);
    // A forged device cookie is worth nothing.
    let forged = format!("kpss_device={}", "a".repeat(64));
    let fake = login_from(&mut app, [198, 51, 100, 9], Some(&forged), owner, PASSWORD).await;
    assert_eq!(fake.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_new_password_logs_out_the_other_browsers() {
    let mut here = TestApp::new().await;
    here.login_as("koordinator@test.cz").await;
    let mut there = TestApp {
        router: here.router.clone(),
        db: TestDb::sqlite().await,
        tenant: here.tenant,
        cookie: None,
        own_service: 0,
        other_service: 0,
    };
    there.login_as("koordinator@test.cz").await;
    assert_eq!(there.get("/ucet/heslo").await.status, StatusCode::OK);
    let csrf = here.csrf("/ucet/heslo").await;
    let changed = here
        .post(
            "/ucet/heslo",
            &[
                ("csrf", &csrf),
                ("password", PASSWORD),
                ("new_password", "uplne-nove-heslo-2026"),
                ("new_password_again", "uplne-nove-heslo-2026"),
            ],
        )
        .await;
    let (_, notice) = here.follow(&changed).await;
    assert!(notice.unwrap().starts_with("Heslo bylo změněno."));
    // Still logged in here, logged out there.
    assert_eq!(here.get("/ucet/heslo").await.status, StatusCode::OK);
    assert_eq!(there.get("/ucet/heslo").await.status, StatusCode::FORBIDDEN);
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
async fn every_answer_carries_the_security_headers_and_hsts_comes_with_https() {
    let mut app = TestApp::new().await;
    let csrf = app.csrf("/prihlaseni").await;
    let huge = "x".repeat(17 * 1024 * 1024);
    let cases = [
        app.get("/").await,
        app.get("/neexistuje").await,
        app.post("/prihlaseni", &[("csrf", &csrf), ("email", &huge)])
            .await,
    ];
    assert_eq!(cases[1].status, StatusCode::NOT_FOUND);
    assert_eq!(cases[2].status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(cases[2].body.contains("Příliš velký požadavek"));
    for answer in &cases {
        for name in [
            header::CONTENT_SECURITY_POLICY,
            header::X_CONTENT_TYPE_OPTIONS,
            header::X_FRAME_OPTIONS,
            header::REFERRER_POLICY,
        ] {
            assert!(
                answer.headers.contains_key(&name),
                "{} lacks {name}",
                answer.status
            );
        }
        assert!(
            !answer
                .headers
                .contains_key(header::STRICT_TRANSPORT_SECURITY)
        );
    }

    let secure = kpss_web::router(
        kpss_web::AppState::new(
            app.db.store.clone(),
            Arc::new(
                kpss_search::CatalogueIndex::build(&app.db.store)
                    .await
                    .unwrap(),
            ),
            kpss_store::tenant::by_slug(&app.db.store, "ostrava")
                .await
                .unwrap()
                .unwrap(),
        ),
        &kpss_web::Config {
            secure_cookies: true,
        },
    );
    app.router = secure;
    for uri in ["/", "/neexistuje"] {
        let answer = app.get(uri).await;
        assert_eq!(
            answer.headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains"
        );
    }
}
