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
    let root = kpss_web::static_files::root();
    assert!(root.starts_with("/static/v-") && root.len() == "/static/v-".len() + 10);
    assert!(
        home.body
            .contains(&format!("href=\"{root}/vendor/gov-ds/tokens.css\"")),
        "pages link the files of their own build"
    );
    let fingerprinted = app.get(&format!("{root}/kpss.css")).await;
    assert_eq!(fingerprinted.status, StatusCode::OK);
    assert_eq!(
        fingerprinted.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // A page of another build (a rolling upgrade) still gets its styles, but not for a year.
    let other = app.get("/static/v-0000000000/kpss.css").await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.headers[header::CACHE_CONTROL], "public, no-cache");
    assert_eq!(tokens.headers[header::CACHE_CONTROL], "public, no-cache");
}

#[tokio::test]
async fn pages_and_styles_are_compressed_as_the_browser_accepts_but_fonts_are_not() {
    let app = TestApp::new().await;
    let fetch = |uri: &str, encoding: &str| {
        app.router.clone().oneshot(
            Request::get(uri)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let plain = fetch("/katalog", "identity").await.unwrap();
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain_len = plain.into_body().collect().await.unwrap().to_bytes().len();
    for encoding in ["br", "gzip"] {
        let page = fetch("/katalog", encoding).await.unwrap();
        assert_eq!(page.headers()[header::CONTENT_ENCODING], encoding);
        let vary: Vec<String> = page
            .headers()
            .get_all(header::VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("accept-encoding"))
                && vary.iter().any(|v| v.contains("cookie")),
            "{vary:?}"
        );
        let len = page.into_body().collect().await.unwrap().to_bytes().len();
        assert!(
            len * 3 < plain_len,
            "{encoding}: {len} of {plain_len} bytes"
        );
    }
    let css = fetch("/static/kpss.css", "gzip").await.unwrap();
    assert_eq!(css.headers()[header::CONTENT_ENCODING], "gzip");
    let font = fetch(
        "/static/vendor/gov-ds/fonts/roboto-regular.woff2",
        "gzip, br",
    )
    .await
    .unwrap();
    assert!(font.headers().get(header::CONTENT_ENCODING).is_none());
}
