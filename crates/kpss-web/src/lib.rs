//! The web application: public catalogue, editing, accounts. Server-rendered HTML that works
//! without JavaScript, and a small JSON API.

pub mod account;
mod action_plan;
pub mod answer_cache;
pub mod auth;
pub mod catalogue;
mod conditional;
mod confirm;
mod consultation;
mod document;
mod error;
mod evaluation;
mod event;
pub(crate) mod flash;
mod forecast;
pub mod form;
mod home;
mod hsds;
mod listing;
pub mod mail;
mod markdown;
mod meeting;
mod member;
mod messages;
mod need;
mod open_data;
mod openapi;
pub mod plan;
pub mod publication;
mod register;
pub mod report;
mod search;
mod setup;
mod spam;
mod start;
pub mod static_files;
mod survey;
mod swot;
mod tenant;
mod upload;
mod work_group;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use kpss_search::CatalogueIndex;
use kpss_store::Store;
use kpss_store::tenant::Tenant;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use error::{ApiError, Error};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Arc<CatalogueIndex>,
    /// The tenant served when the host name is bound to none.
    pub default_tenant: Tenant,
    /// Whole answers for anonymous visitors.
    pub answers: Arc<answer_cache::AnswerCache>,
    /// The address the public reaches kpss at (`https://kp.ostrava.cz`), for links in mail;
    /// `None`: the address a request came to.
    pub public_url: Option<String>,
    /// The virus scanner run on every kept upload: a program and its arguments (see
    /// `upload::scan`); `None`: files are kept unscanned.
    pub virus_scan: Option<Arc<[String]>>,
}

impl AppState {
    /// The state of a node, with room for copies of answers.
    #[must_use]
    pub fn new(store: Store, index: Arc<CatalogueIndex>, default_tenant: Tenant) -> Self {
        Self {
            store,
            index,
            default_tenant,
            answers: Arc::new(answer_cache::AnswerCache::new(answer_cache::DEFAULT_BYTES)),
            public_url: None,
            virus_scan: None,
        }
    }

    /// What an answer built now is built from.
    #[must_use]
    pub fn answers_stamp(&self) -> answer_cache::Stamp {
        (self.store.cache_generation(), self.index.version())
    }

    /// The tenant a request is for: the one bound to its host name, else the default.
    pub async fn tenant_for(&self, host: Option<&str>) -> Result<Tenant, Error> {
        if let Some(host) = host.map(|h| h.split(':').next().unwrap_or(h))
            && let Some(tenant) = kpss_store::tenant::by_host(&self.store, host).await?
        {
            return Ok(tenant);
        }
        Ok(self.default_tenant.clone())
    }
}

/// How the web application is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Send the session cookie only over HTTPS (set behind a TLS proxy).
    pub secure_cookies: bool,
}

/// The whole router with its layers.
pub fn router(state: AppState, config: &Config) -> Router {
    let sessions =
        SessionManagerLayer::new(kpss_store::session::DbSessionStore(state.store.clone()))
            .with_name("kpss_session")
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(config.secure_cookies)
            .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let hsts = config
        .secure_cookies
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(home::page))
        .route("/static/{*path}", get(static_files::serve))
        .merge(catalogue::router())
        .merge(account::router())
        .merge(plan::router())
        .merge(action_plan::router())
        .merge(evaluation::router())
        .merge(report::router())
        .merge(publication::router())
        .merge(tenant::router())
        .merge(search::router())
        .merge(work_group::router())
        .merge(member::router())
        .merge(meeting::router())
        .merge(event::router())
        .merge(consultation::router())
        .merge(document::router())
        .merge(hsds::router())
        .merge(open_data::router())
        .merge(openapi::router())
        .merge(register::router())
        .merge(survey::router())
        .merge(swot::router())
        .merge(need::router())
        .merge(forecast::router())
        .merge(mail::router())
        .merge(setup::router())
        .fallback(|| async { Error::NotFound })
        .layer(axum::Extension(config.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::with_layout,
        ))
        .layer(sessions)
        // Outside the sessions, so it sees the cookie a page sets and keeps it private.
        .layer(axum::middleware::from_fn(conditional::respond))
        // Outside the ETag, which names the page whatever its encoding.
        .layer(compression())
        // The largest upload, the library's; every route with a file sets its own limit
        // (`upload::body_limit`), forms keep axum's own 2 MB.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            kpss_domain::document::MAX_DOCUMENT + 1024 * 1024,
        ))
        .layer(axum::middleware::map_response(too_large))
        // Outside everything that answers, so error pages carry the headers too.
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        // Behind HTTPS (what --secure-cookies says), browsers are told to never drop to HTTP.
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::response::Response| hsts.clone(),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// gzip or brotli for pages, JSON and stylesheets, as the browser accepts; fonts come
/// compressed already.
fn compression() -> tower_http::compression::CompressionLayer<
    tower_http::compression::predicate::And<
        tower_http::compression::DefaultPredicate,
        tower_http::compression::predicate::NotForContentType,
    >,
> {
    use tower_http::compression::predicate::{NotForContentType, Predicate};
    tower_http::compression::CompressionLayer::new().compress_when(
        tower_http::compression::DefaultPredicate::new().and(NotForContentType::const_new("font/")),
    )
}

/// Answers a body over the limit with a Czech page instead of the bare 413.
async fn too_large(response: axum::response::Response) -> axum::response::Response {
    if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return axum::response::IntoResponse::into_response(Error::TooLarge);
    }
    response
}

/// A bound, not yet serving application; tests bind to port 0 and read the port.
pub struct App {
    listener: tokio::net::TcpListener,
    router: Router,
}

impl App {
    /// Binds the listener; the address is known before serving starts.
    pub async fn build(
        state: AppState,
        config: &Config,
        addr: SocketAddr,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        Ok(Self {
            listener,
            router: router(state, config),
        })
    }

    /// Where the application listens.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until Ctrl-C.
    pub async fn serve(self) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }
}
