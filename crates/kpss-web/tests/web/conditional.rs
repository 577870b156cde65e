//! Conditional GET: a page's ETag, 304 for a browser or proxy that holds it, a forged or
//! another tenant's ETag answered in full, and personal pages kept out of shared caches.

use super::*;

async fn get_with(app: &mut TestApp, uri: &str, host: &str, if_none_match: Option<&str>) -> Answer {
    let mut request = Request::builder().uri(uri).header(header::HOST, host);
    if let Some(tag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    if let Some(cookie) = &app.cookie {
        request = request.header(header::COOKIE, cookie.clone());
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn public_pages_answer_304_to_their_own_etag_only() {
    let mut app = TestApp::new().await;
    tenant::add(
        &app.db.store,
        tenant::NewTenant {
            slug: "opava",
            name: "Opava",
            kind: kpss_domain::tenant::TenantKind::Municipality,
            parent: None,
            host: Some("kp.opava.cz"),
        },
    )
    .await
    .unwrap();
    let first = get_with(&mut app, "/katalog", "localhost", None).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(first.headers[header::CACHE_CONTROL], "public, no-cache");
    assert_eq!(first.headers[header::VARY], "Cookie");

    let again = get_with(&mut app, "/katalog", "localhost", Some(&etag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.headers[header::ETAG].to_str().unwrap(), etag);
    // Security headers go with a 304 too.
    assert_eq!(again.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    for forged in ["\"0000\"", "garbage", "W/\"x\", \"y\""] {
        let full = get_with(&mut app, "/katalog", "localhost", Some(forged)).await;
        assert_eq!(full.status, StatusCode::OK, "{forged}");
        assert!(full.body.contains("Pečovatelská služba Charity"));
    }
    // Another tenant's page at the same path is another page: the ETag does not carry over.
    let other = get_with(&mut app, "/katalog", "kp.opava.cz", Some(&etag)).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(!other.body.contains("Pečovatelská služba Charity"));
    assert_ne!(other.headers[header::ETAG].to_str().unwrap(), etag);

    // The API too.
    let api = get_with(&mut app, "/api/v1/catalogue/services", "localhost", None).await;
    let api_etag = api.headers[header::ETAG].to_str().unwrap().to_owned();
    let api_again = get_with(
        &mut app,
        "/api/v1/catalogue/services",
        "localhost",
        Some(&api_etag),
    )
    .await;
    assert_eq!(api_again.status, StatusCode::NOT_MODIFIED);

    // A logged-in page is for its visitor only.
    app.login_as("koordinator@test.cz").await;
    let personal = get_with(&mut app, "/katalog", "localhost", None).await;
    assert_eq!(personal.headers[header::CACHE_CONTROL], "private, no-cache");
}
