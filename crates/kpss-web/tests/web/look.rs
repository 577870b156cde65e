//! Styles and fonts of the design system, served from the binary.

use super::*;

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
