//! The history of a record from the audit log, for the coordinator.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use kpss_domain::czech::format_datetime;
use kpss_store::catalogue;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::{AppState, Error};

#[derive(Template)]
#[template(path = "catalogue/history.html")]
struct HistoryPage {
    layout: Layout,
    title: String,
    back: String,
    entries: Vec<(String, String, String, String, String)>,
}

async fn history(
    ctx: &Ctx,
    state: &AppState,
    entity: &str,
    id: i32,
    title: String,
    back: String,
) -> Result<Html<String>, Error> {
    let entries = kpss_store::audit::history(&state.store, ctx.tenant.id, entity, id)
        .await?
        .into_iter()
        .map(|e| {
            let action = match e.action.as_str() {
                "create" => "vytvoření",
                "update" => "úprava",
                _ => "jiná změna",
            };
            (
                format_datetime(e.at),
                e.by.unwrap_or_else(|| "systém kpss".into()),
                action.to_owned(),
                pretty(e.before.as_deref()),
                pretty(e.after.as_deref()),
            )
        })
        .collect();
    Ok(Html(
        HistoryPage {
            layout: ctx.layout(),
            title,
            back,
            entries,
        }
        .render()?,
    ))
}

fn pretty(json: Option<&str>) -> String {
    json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default()
}

pub async fn organisation_history(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let id = parse_id(&id)?;
    let organisation = catalogue::organisation(&state.store, ctx.tenant.id, id).await?;
    history(
        &ctx,
        &state,
        "organisation",
        id,
        organisation.draft.name,
        format!("/katalog/organizace/{id}"),
    )
    .await
}

pub async fn service_history(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let id = parse_id(&id)?;
    let service = catalogue::service(&state.store, ctx.tenant.id, id).await?;
    history(
        &ctx,
        &state,
        "service",
        id,
        service.draft.name,
        format!("/katalog/sluzby/{id}"),
    )
    .await
}
