//! Stylesheets and fonts compiled into the binary, so a running kpss needs no files beside it.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::Error;

/// Path under `/static/`, media type, content.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "kpss.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/kpss.css"),
    ),
    (
        "kpss.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/kpss.js"),
    ),
    (
        "vendor/gov-ds/tokens.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/vendor/gov-ds/tokens.css"),
    ),
    (
        "vendor/gov-ds/styles.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/vendor/gov-ds/styles.css"),
    ),
    (
        "vendor/gov-ds/layout.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/vendor/gov-ds/layout.css"),
    ),
    (
        "vendor/gov-ds/fonts/roboto.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto.css"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-regular.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-regular.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-regular-ext.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-regular-ext.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-medium.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-medium.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-medium-ext.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-medium-ext.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-bold.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-bold.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-bold-ext.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-bold-ext.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-italic.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-italic.woff2"),
    ),
    (
        "vendor/gov-ds/fonts/roboto-italic-ext.woff2",
        "font/woff2",
        include_bytes!("../static/vendor/gov-ds/fonts/roboto-italic-ext.woff2"),
    ),
];

/// The fingerprint of this build's static files, in every link to them: a page always loads
/// the files it was made with, and browsers and proxies may keep them for a year.
pub fn root() -> &'static str {
    static ROOT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use blake2::{Blake2b512, Digest};
        let mut hasher = Blake2b512::new();
        for (path, _, body) in FILES {
            hasher.update(path.as_bytes());
            hasher.update(body);
        }
        let hex: String = hasher
            .finalize()
            .iter()
            .take(5)
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("/static/v-{hex}")
    });
    &ROOT
}

/// `GET /static/{*path}`: under this build's fingerprint for a year; under another (a page of
/// another version during a rolling upgrade) or none, checked again on every use.
pub async fn serve(Path(path): Path<String>) -> Result<Response, Error> {
    let ours = root().trim_start_matches("/static/");
    let (file, policy) = match path.split_once('/') {
        Some((version, rest)) if version == ours => (rest, "public, max-age=31536000, immutable"),
        Some((version, rest)) if version.starts_with("v-") => (rest, "public, no-cache"),
        _ => (path.as_str(), "public, no-cache"),
    };
    let (_, media_type, body) = FILES
        .iter()
        .find(|(p, _, _)| *p == file)
        .ok_or(Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, *media_type),
            (header::CACHE_CONTROL, policy),
        ],
        *body,
    )
        .into_response())
}
