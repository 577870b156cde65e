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

/// `GET /static/{*path}`.
pub async fn serve(Path(path): Path<String>) -> Result<Response, Error> {
    let (_, media_type, body) = FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .ok_or(Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, *media_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *body,
    )
        .into_response())
}
