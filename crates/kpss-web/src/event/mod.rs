//! Events of the measures (akce): `/akce` and `/akce/{id}` for everyone, with the public
//! registration; for the coordinator and the manager of the measure's group the forms to plan
//! an event, change it and record who came on each date.

mod attendance;
mod page;
mod planning;
mod registration;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_domain::czech::{format_date, format_time};
use kpss_domain::event::{EventDate, EventDraft};
use kpss_store::event::{self as store, Event};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/akce", get(page::list))
        .route("/akce/nova", get(planning::new_form).post(planning::create))
        .route("/akce/{id}", get(page::page).post(registration::register))
        .route(
            "/akce/{id}/upravit",
            get(planning::edit_form).post(planning::update),
        )
        .route(
            "/akce/{id}/ucast/{date}",
            get(attendance::form).post(attendance::record),
        )
}

/// „3. 12. 2026, 14:00–15:30“.
pub(crate) fn when(d: &EventDate) -> String {
    format!(
        "{}, {}–{}",
        format_date(d.starts.date()),
        format_time(d.starts.time()),
        format_time(d.ends.time())
    )
}

/// A measure an event may serve: (id, „SEN 1.1 Rozvoj odlehčovacích služeb“), its group.
pub(crate) struct MeasureChoice {
    pub id: i32,
    pub label: String,
    pub group: Option<String>,
}

/// The measures of the tenant's approved plans, in the plans' order.
async fn measure_choices(state: &AppState, ctx: &Ctx) -> Result<Vec<MeasureChoice>, Error> {
    let mut out = Vec::new();
    for plan in kpss_store::plan::plans(&state.store, ctx.scope.clone(), false).await? {
        if plan.status != kpss_domain::plan::PlanStatus::Approved {
            continue;
        }
        let tree = kpss_store::plan::plan(&state.store, ctx.scope.clone(), plan.id).await?;
        for part in &tree.parts {
            let group = part.work_group.map(|_| part.group.clone());
            for m in part.measures() {
                let text: String = m.draft.text.chars().take(90).collect();
                out.push(MeasureChoice {
                    id: m.id,
                    label: format!("{} {text}", m.draft.code),
                    group: group.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The event, checked to be the tenant's.
async fn load(state: &AppState, tenant: i32, id: &str) -> Result<Event, Error> {
    Ok(store::event(&state.store, tenant, parse_id(id)?).await?)
}

/// Whether the visitor may run the event (for showing the links).
fn may_run(ctx: &Ctx, event: &Event) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| kpss_domain::event::may_run(&u.actor(), event.owner()))
}

/// The actor, if they may run the event; a refusal otherwise.
fn runner(ctx: &Ctx, event: &Event) -> Result<kpss_domain::account::Actor, Error> {
    let actor = ctx.require_user()?.actor();
    if kpss_domain::event::may_run(&actor, event.owner()) {
        Ok(actor)
    } else {
        Err(Error::Forbidden)
    }
}

/// An event as a list shows it.
pub(crate) struct EventRow {
    pub id: i32,
    pub title: String,
    pub kind: &'static str,
    pub dates: Vec<String>,
    pub place: String,
    /// „12 volných míst“, „obsazeno“, or nothing for an event without a limit.
    pub room: String,
    pub open: bool,
}

/// The rows of these events.
pub(crate) fn rows(events: &[Event]) -> Vec<EventRow> {
    let now = kpss_domain::czech::to_prague(time::OffsetDateTime::now_utc());
    events
        .iter()
        .map(|e| EventRow {
            id: e.id,
            title: e.draft.title.clone(),
            kind: e.draft.kind.name(),
            dates: e.dates.iter().map(|d| when(&d.date)).collect(),
            place: e.draft.place.clone(),
            room: room(e),
            open: kpss_domain::event::registration_open(e.last_start(), now),
        })
        .collect()
}

/// Free places in Czech plural forms.
fn room(e: &Event) -> String {
    match e.draft.capacity {
        None => String::new(),
        Some(c) => {
            let free = u64::try_from(c)
                .unwrap_or_default()
                .saturating_sub(e.registered);
            if free == 0 {
                "obsazeno".to_owned()
            } else {
                let free = usize::try_from(free).unwrap_or(usize::MAX);
                kpss_domain::czech::count(free, "volné místo", "volná místa", "volných míst")
            }
        }
    }
}

/// What the events gave each fed indicator of these measures, keyed by (measure, indicator's
/// position): „z účasti na akcích 2025: 312 z 70 (446 %)“.
pub(crate) async fn counted<'a>(
    state: &AppState,
    tenant: i32,
    measures: impl Iterator<Item = &'a kpss_store::plan::Measure>,
) -> Result<std::collections::HashMap<(i32, usize), String>, Error> {
    let fed: Vec<&kpss_store::plan::Measure> = measures
        .filter(|m| m.funding.indicators.iter().any(|i| i.feed.is_some()))
        .collect();
    let ids: Vec<i32> = fed.iter().map(|m| m.id).collect();
    let tallies = store::tallies(&state.store, tenant, &ids).await?;
    let mut out = std::collections::HashMap::new();
    for m in fed {
        for (i, indicator) in m.funding.indicators.iter().enumerate() {
            if indicator.feed.is_none() {
                continue;
            }
            let years: Vec<String> = kpss_domain::event::progress(indicator, m.id, &tallies)
                .iter()
                .map(ToString::to_string)
                .collect();
            let text = if years.is_empty() {
                "počítá se z účasti na akcích; zatím žádná zapsaná".to_owned()
            } else {
                format!("z účasti na akcích {}", years.join("; "))
            };
            out.insert((m.id, i), text);
        }
    }
    Ok(out)
}

/// The events and the fed indicators of a group's measures in the approved plans, for its page.
pub(crate) struct GroupEvents {
    /// Events taking registrations, the nearest first, then the latest held.
    pub events: Vec<EventRow>,
    /// („SEN 1.1“, „Účastníci akcí opatření (osoba)“, what the events gave).
    pub fed: Vec<(String, String, String)>,
}

/// What the events of the group's measures show on the group's page.
pub(crate) async fn of_group(
    state: &AppState,
    ctx: &Ctx,
    group: i32,
) -> Result<GroupEvents, Error> {
    let mut measures = Vec::new();
    for plan in kpss_store::plan::plans(&state.store, ctx.scope.clone(), false).await? {
        if plan.status != kpss_domain::plan::PlanStatus::Approved {
            continue;
        }
        let tree = kpss_store::plan::plan(&state.store, ctx.scope.clone(), plan.id).await?;
        for part in tree.parts.iter().filter(|p| p.work_group == Some(group)) {
            measures.extend(part.measures().cloned());
        }
    }
    let ids: Vec<i32> = measures.iter().map(|m| m.id).collect();
    let events = store::events(&state.store, ctx.tenant.id, Some(&ids)).await?;
    let (mut open, held): (Vec<EventRow>, Vec<EventRow>) =
        rows(&events).into_iter().partition(|r| r.open);
    open.reverse();
    open.extend(held.into_iter().take(5));
    let counted = counted(state, ctx.tenant.id, measures.iter()).await?;
    let mut fed = Vec::new();
    for m in &measures {
        for (i, indicator) in m.funding.indicators.iter().enumerate() {
            if let Some(text) = counted.get(&(m.id, i)) {
                fed.push((
                    m.draft.code.clone(),
                    format!("{} ({})", indicator.name, indicator.unit),
                    text.clone(),
                ));
            }
        }
    }
    Ok(GroupEvents { events: open, fed })
}
