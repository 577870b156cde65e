//! Meetings as iCalendar (RFC 5545): a feed of a group's meetings a calendar can subscribe to,
//! and one meeting to add by hand (the attachment of an invitation).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, Event, EventLike};
use kpss_store::meeting::{self as store, Meeting};
use kpss_store::work_group::WorkGroup;

use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::{AppState, Error};

/// The calendar of these meetings of the group, as text.
#[must_use]
pub fn ics(tenant: &str, group: &WorkGroup, meetings: &[Meeting]) -> String {
    let utc = |at: time::OffsetDateTime| {
        chrono::DateTime::<chrono::Utc>::from_timestamp(at.unix_timestamp(), 0).unwrap_or_default()
    };
    let mut calendar = Calendar::new();
    calendar.name(&format!("{} – schůzky", group.draft.name));
    // A published calendar, not a request to answer: the attachment's type says the same.
    calendar.append_property(icalendar::Property::new("METHOD", "PUBLISH"));
    for m in meetings {
        let mut event = Event::new();
        event
            // Stable across edits, so a subscribed calendar moves the meeting instead of adding one.
            .uid(&format!("schuzka-{}@{tenant}.kpss", m.id))
            .summary(&format!("Schůzka: {}", group.draft.name))
            .location(&m.draft.place)
            .starts(utc(m.starts_at))
            .ends(utc(m.ends_at))
            .add_property("SEQUENCE", m.version.to_string());
        if let Some(agenda) = &m.draft.agenda {
            event.description(agenda);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn answer(name: &str, body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.ics\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /skupiny/{id}/schuzky.ics`: every meeting of the group.
pub(super) async fn group(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let group = kpss_store::work_group::work_group(&state.store, tenant, parse_id(&id)?).await?;
    let meetings = store::meetings(&state.store, tenant, group.id).await?;
    let name = format!("schuzky-{}", group.draft.code.to_lowercase());
    Ok(answer(&name, ics(&ctx.tenant.slug, &group, &meetings)))
}

/// `GET /schuzky/{id}/pozvanka.ics`: one meeting.
pub(super) async fn one(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (meeting, group) = super::load(&state, ctx.tenant.id, &id).await?;
    let name = format!("schuzka-{}", meeting.day());
    Ok(answer(&name, ics(&ctx.tenant.slug, &group, &[meeting])))
}
