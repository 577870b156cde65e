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
