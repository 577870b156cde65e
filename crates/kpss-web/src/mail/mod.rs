//! Outgoing mail: `/sprava/posta`, where the coordinator sees what waits, what went out and
//! what failed; the sender (see [`send`]) works through the queue in the background.

pub(crate) mod notice;
pub mod reminders;
pub mod send;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use kpss_domain::mail::MailState;

use crate::auth::{Ctx, Layout};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/sprava/posta", get(list))
}

/// Messages the page lists.
const SHOWN: u64 = 200;

/// A message as the list shows it.
struct Row {
    created: String,
    to: String,
    subject: String,
    state: &'static str,
    attempts: i32,
    /// When it went out, or why it did not.
    outcome: String,
}

#[derive(Template)]
#[template(path = "mail/list.html")]
struct ListPage {
    layout: Layout,
    counts: Vec<(&'static str, u64)>,
    rows: Vec<Row>,
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let tenant = ctx.tenant.id;
    let counts = kpss_store::mail::counts(&state.store, tenant).await?;
    let rows = kpss_store::mail::latest(&state.store, tenant, SHOWN)
        .await?
        .into_iter()
        .map(|m| Row {
            created: kpss_domain::czech::format_datetime(m.created_at),
            outcome: match (m.sent_at, &m.last_error) {
                (Some(at), _) => kpss_domain::czech::format_datetime(at),
                (None, Some(e)) => e.clone(),
                (None, None) => String::new(),
            },
            to: m.to,
            subject: m.subject,
            state: m.state.name(),
            attempts: m.attempts,
        })
        .collect();
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            counts: MailState::ALL
                .iter()
                .zip(counts)
                .map(|(s, n)| (s.name(), n))
                .collect(),
            rows,
        }
        .render()?,
    ))
}

/// The address kpss is reached at, for links in mail: the configured public address, else as
/// the request came.
pub(crate) fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}
