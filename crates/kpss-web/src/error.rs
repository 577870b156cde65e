//! The one place where failures become HTTP answers with a Czech message.

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use kpss_store::Conflict;
use tower_sessions::Session;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    /// Nothing is published here yet; the message says what would publish it.
    #[error("not published: {0}")]
    NotPublished(String),
    #[error("forbidden")]
    Forbidden,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A link or page that worked once and does no more.
    #[error("gone: {0}")]
    Gone(String),
    /// Login attempts throttled: seconds until the next one is allowed.
    #[error("too many attempts")]
    TooManyRequests(u64),
    #[error("request body too large")]
    TooLarge,
    /// A file over the limit of its form, in MB.
    #[error("file too large")]
    FileTooLarge(usize),
    /// A service kpss relies on (the virus scanner) did not answer.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<kpss_store::Error> for Error {
    fn from(err: kpss_store::Error) -> Self {
        match err {
            kpss_store::Error::NotFound => Self::NotFound,
            kpss_store::Error::Forbidden => Self::Forbidden,
            kpss_store::Error::Conflict(Conflict::StaleVersion) => {
                Self::Conflict(crate::messages::STALE.into())
            }
            kpss_store::Error::Conflict(Conflict::Duplicate) => {
                Self::Conflict("Záznam s touto hodnotou už existuje.".into())
            }
            kpss_store::Error::Conflict(Conflict::NotEditable) => {
                Self::Conflict(crate::messages::NOT_EDITABLE.into())
            }
            kpss_store::Error::Conflict(Conflict::Transition) => {
                Self::Conflict(crate::messages::TRANSITION.into())
            }
            kpss_store::Error::Conflict(Conflict::RoundStarted) => {
                Self::Conflict(crate::messages::ROUND_STARTED.into())
            }
            kpss_store::Error::Conflict(Conflict::Unsettled(n)) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                Self::Conflict(format!(
                    "Plán zatím nelze schválit: na moderaci nebo vypořádání čeká {} \
                     z připomínkového řízení. Vypořádejte je a zveřejněte tabulku vypořádání.",
                    kpss_domain::czech::count(n, "připomínka", "připomínky", "připomínek")
                ))
            }
            kpss_store::Error::Invalid(errors) => {
                Self::BadRequest(crate::messages::summary(&errors))
            }
            err @ kpss_store::Error::Unreadable { .. } => Self::Internal(err.to_string()),
            kpss_store::Error::Db(e) => Self::Internal(e.to_string()),
        }
    }
}

impl From<kpss_search::Error> for Error {
    fn from(err: kpss_search::Error) -> Self {
        Self::Internal(err.to_string())
    }
}

impl From<askama::Error> for Error {
    fn from(err: askama::Error) -> Self {
        Self::Internal(err.to_string())
    }
}

impl From<tower_sessions::session::Error> for Error {
    fn from(err: tower_sessions::session::Error) -> Self {
        Self::Internal(err.to_string())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    layout: crate::auth::Layout,
}

/// What an error page said, kept on the answer so [`with_layout`] can draw it again inside
/// the visitor's own frame.
#[derive(Clone)]
struct Shown {
    title: &'static str,
    message: String,
}

/// Error pages in the frame of the tenant and the logged-in person, who keep their
/// navigation and are told whom to ask. A handler's error is drawn without either (it has no
/// request); this draws it again once the answer is known. Runs inside the sessions.
pub(crate) async fn with_layout(
    State(state): State<crate::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let session = request.extensions().get::<Session>().cloned();
    let mut response = next.run(request).await;
    let (Some(shown), Some(session)) = (response.extensions().get::<Shown>().cloned(), session)
    else {
        return response;
    };
    let Ok(layout) = crate::auth::Layout::for_error(&state, host.as_deref(), &session).await else {
        return response;
    };
    let page = ErrorPage {
        title: shown.title,
        message: &shown.message,
        layout,
    };
    if let Ok(html) = page.render() {
        response.headers_mut().remove(header::CONTENT_LENGTH);
        *response.body_mut() = Body::from(html);
    }
    response
}

impl Error {
    /// The status, the page title and the message shown to people.
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Stránka nenalezena",
                "Hledaná stránka neexistuje nebo byla odstraněna.".to_owned(),
            ),
            Self::NotPublished(m) => (StatusCode::NOT_FOUND, "Zatím nezveřejněno", m.clone()),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "Přístup odepřen",
                "K této akci nemáte oprávnění. Přihlaste se účtem, který je oprávněn.".to_owned(),
            ),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulář nebyl přijat",
                crate::messages::CSRF.to_owned(),
            ),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "Chybný požadavek", m.clone()),
            Self::Conflict(m) => (StatusCode::CONFLICT, "Konflikt úprav", m.clone()),
            Self::Gone(m) => (StatusCode::GONE, "Odkaz už neplatí", m.clone()),
            Self::TooManyRequests(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Příliš mnoho pokusů",
                crate::messages::throttled(*wait),
            ),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Příliš velký požadavek",
                "Odeslaná data jsou příliš velká. Formulář může mít nejvýše 2 MB; kolik smí mít \
                 soubor, uvádí stránka, ze které jej nahráváte."
                    .to_owned(),
            ),
            Self::FileTooLarge(max_mb) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Příliš velký soubor",
                format!("Soubor je větší než {max_mb} MB; zmenšete jej nebo rozdělte."),
            ),
            Self::Unavailable(m) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Služba není dostupná",
                m.clone(),
            ),
            Self::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Chyba serveru",
                    "Omlouváme se, nastala chyba. Zkuste to prosím znovu později.".to_owned(),
                )
            }
        }
    }
}

/// An error of the JSON API: the same status and message, as `{ "error": { … } }`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E> From<E> for ApiError
where
    Error: From<E>,
{
    fn from(err: E) -> Self {
        Self(Error::from(err))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, message) = self.0.parts();
        let body = crate::openapi::ErrorBody {
            error: crate::openapi::ErrorDetail {
                status: status.as_u16(),
                title,
                message,
            },
        };
        (status, axum::Json(body)).into_response()
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let retry_after = match self {
            Self::TooManyRequests(wait) => Some(wait.max(1)),
            _ => None,
        };
        let (status, title, message) = self.parts();
        let page = ErrorPage {
            title,
            message: &message,
            layout: crate::auth::Layout::anonymous(String::new()),
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, message.clone()).into_response(),
        };
        response.extensions_mut().insert(Shown { title, message });
        if let Some(wait) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, wait.into());
        }
        response
    }
}
