//! Conditional GET for pages and the API: an `ETag` from the answer's bytes, `304 Not Modified`
//! when the browser or a reverse proxy already holds them, and a `Cache-Control` that lets a
//! proxy keep only what is the same for everyone.

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages and JSON larger than this are passed through unbuffered, without an ETag.
const LIMIT: usize = 4 * 1024 * 1024;

/// The opaque part of a body's ETag: a digest of its bytes, so it changes exactly when they do
/// (and differs between tenants whenever their pages differ). Sent weak (`W/`), since the
/// compression outside this layer sends the same page in several encodings.
fn etag_of(bytes: &[u8]) -> String {
    use blake2::{Blake2b512, Digest};
    let digest = Blake2b512::digest(bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` value names this ETag (a list, weak forms and `*` included).
fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// Adds the ETag and the caching policy to a successful GET of HTML or JSON, and answers 304
/// when the request already holds it.
pub async fn respond(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // A visitor with a session sees pages made for them; a shared cache must not keep those.
    let personal = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.contains("kpss_session="));
    let response = next.run(request).await;
    let textual = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if !(method == Method::GET || method == Method::HEAD)
        || response.status() != StatusCode::OK
        || !textual
    {
        return response;
    }
    let personal = personal || response.headers().contains_key(header::SET_COOKIE);
    let (mut parts, body) = response.into_parts();
    // A body that may be larger than the limit goes out as it is: reading it to find out would
    // spend it.
    let small = body
        .size_hint()
        .upper()
        .is_some_and(|n| usize::try_from(n).is_ok_and(|n| n <= LIMIT));
    if !small {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = etag_of(&bytes);
    let policy = if personal {
        "private, no-cache"
    } else {
        "public, no-cache"
    };
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    parts
        .headers
        .insert(header::VARY, HeaderValue::from_static("Cookie"));
    if let Ok(value) = HeaderValue::from_str(&format!("W/{etag}")) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.is_some_and(|v| matches(&v, &etag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_names_the_etag_in_a_list_weak_or_as_a_star() {
        let etag = etag_of(b"<html>Ostrava</html>");
        assert_eq!(etag.len(), 34);
        assert_ne!(etag, etag_of(b"<html>Opava</html>"));
        assert!(matches(&etag, &etag));
        assert!(matches(&format!("\"x\", W/{etag}"), &etag));
        assert!(matches("*", &etag));
        assert!(!matches("\"forged\"", &etag));
        assert!(!matches("", &etag));
    }

    #[tokio::test]
    async fn a_page_over_the_limit_goes_out_whole_without_an_etag() {
        use tower::ServiceExt;
        let big = "ř".repeat(LIMIT);
        let small = "<p>Ostrava</p>";
        let app = axum::Router::new()
            .route(
                "/big",
                axum::routing::get(move || async move { axum::response::Html(big) }),
            )
            .route(
                "/small",
                axum::routing::get(move || async move { axum::response::Html(small) }),
            )
            .layer(axum::middleware::from_fn(respond));
        let get = |uri: &'static str| {
            Request::get(uri)
                .body(Body::empty())
                .unwrap_or_else(|_| unreachable!())
        };
        let answer = app.clone().oneshot(get("/big")).await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert!(answer.headers().get(header::ETAG).is_none());
        let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(bytes.len(), 2 * LIMIT, "every byte of the page");
        let answer = app.oneshot(get("/small")).await.unwrap();
        assert!(answer.headers().get(header::ETAG).is_some());
    }
}
