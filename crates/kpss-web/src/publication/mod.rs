//! Publications on the web: the community plan, the action plan of a year, the combined
//! evaluation of two years, the catalogue book of a year and the information guide of a target
//! group, each as a page and as a PDF of the same blocks (`kpss_docs::publication`).

mod action_plan;
mod catalogue;
mod evaluation;
mod guide;
pub(crate) mod plain;
mod plan;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_docs::publication::{Block, Publication};

use crate::auth::{Ctx, Layout};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plany/{id}/dokument", get(plan_html))
        .route("/plany/{id}/dokument.pdf", get(plan_pdf))
        .route("/akcni-plany/{id}/dokument", get(action_plan_html))
        .route("/akcni-plany/{id}/dokument.pdf", get(action_plan_pdf))
        .route(
            "/akcni-plany/{id}/vyhodnoceni-dvou-let",
            get(evaluation_html),
        )
        .route(
            "/akcni-plany/{id}/vyhodnoceni-dvou-let.pdf",
            get(evaluation_pdf),
        )
        .route("/plany/{id}/srozumitelna-verze", get(plain_html))
        .route("/plany/{id}/srozumitelna-verze.pdf", get(plain_pdf))
        // `2026` is the page, `2026.pdf` the PDF: one segment, as the router wants it.
        .route("/katalog/kniha/{year}", get(book))
        .route("/katalog/pruvodce/{group}", get(guide))
}

/// A publication made for a request: whose it is, the blocks, where it belongs (href, name),
/// its own address without `.pdf`, and the file name of its PDF.
pub(crate) struct Made {
    /// The tenant whose data it is (a region reads its municipalities').
    pub tenant: i32,
    /// The last step of the breadcrumbs.
    pub crumb: String,
    pub publication: Publication,
    pub back: (String, String),
    pub href: String,
    pub file: String,
}

#[derive(Template)]
#[template(path = "publication/page.html")]
struct Page {
    layout: Layout,
    crumb: String,
    back: (String, String),
    href: String,
    /// Further forms of the same content (label, address).
    links: Vec<(&'static str, String)>,
    /// Anchors and texts of the headings of level 1.
    contents: Vec<(String, String)>,
    p: Publication,
}

fn html(ctx: &Ctx, made: Made, links: Vec<(&'static str, String)>) -> Result<Html<String>, Error> {
    let contents = made
        .publication
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level: 1,
                text,
                anchor: Some(anchor),
            } => Some((anchor.clone(), text.clone())),
            _ => None,
        })
        .collect();
    Ok(Html(
        Page {
            layout: ctx.layout(),
            crumb: made.crumb,
            back: made.back,
            href: made.href,
            links,
            contents,
            p: made.publication,
        }
        .render()?,
    ))
}

/// The PDF, typeset off the async threads.
pub(crate) async fn pdf(made: Made) -> Result<Response, Error> {
    let Made {
        publication, file, ..
    } = made;
    let bytes = tokio::task::spawn_blocking(move || kpss_docs::publication::pdf(publication))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(crate::report::download(
        bytes,
        "application/pdf",
        format!("{file}.pdf"),
    ))
}

/// The address of this site, for the QR codes and printed links.
fn base(state: &AppState, headers: &HeaderMap) -> String {
    crate::mail::base_url(state, headers)
}

async fn plan_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, Error> {
    let made = plan::make(&ctx, &state, &id, &base(&state, &headers)).await?;
    html(&ctx, made, Vec::new())
}

async fn plan_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    pdf(plan::make(&ctx, &state, &id, &base(&state, &headers)).await?).await
}

async fn action_plan_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, Error> {
    let made = action_plan::make(&ctx, &state, &id, &base(&state, &headers)).await?;
    html(&ctx, made, Vec::new())
}

async fn action_plan_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    pdf(action_plan::make(&ctx, &state, &id, &base(&state, &headers)).await?).await
}

async fn evaluation_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let made = evaluation::make(&ctx, &state, &id).await?;
    html(&ctx, made, Vec::new())
}

async fn evaluation_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    pdf(evaluation::make(&ctx, &state, &id).await?).await
}

async fn plain_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let made = plain::make(&ctx, &state, &id).await?;
    let mut links = Vec::new();
    // A region's coordinator reads a municipality's plan but writes only their own.
    if made.tenant == ctx.tenant.id && ctx.user.as_ref().is_some_and(|u| u.actor().is_admin()) {
        links.push(("upravit texty", format!("{}/upravit", made.href)));
    }
    html(&ctx, made, links)
}

async fn plain_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    pdf(plain::make(&ctx, &state, &id).await?).await
}

async fn book(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(year): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let base = base(&state, &headers);
    match year.strip_suffix(".pdf") {
        Some(year) => pdf(catalogue::make(&ctx, &state, year, &base).await?).await,
        None => Ok(html(
            &ctx,
            catalogue::make(&ctx, &state, &year, &base).await?,
            Vec::new(),
        )?
        .into_response()),
    }
}

async fn guide(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(group): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let base = base(&state, &headers);
    match group.strip_suffix(".pdf") {
        Some(group) => pdf(guide::make(&ctx, &state, group, &base).await?).await,
        None => Ok(html(
            &ctx,
            guide::make(&ctx, &state, &group, &base).await?,
            Vec::new(),
        )?
        .into_response()),
    }
}

/// „Statutární město Ostrava“ → the cover line naming who publishes.
fn publisher(ctx: &Ctx) -> String {
    format!("Vydává: {}", ctx.tenant.name)
}

/// The tenant's funding sources as (code, name), in their order.
async fn sources(state: &AppState, tenant: i32) -> Result<Vec<(String, String)>, Error> {
    Ok(kpss_store::tenant::funding_sources(&state.store, tenant)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect())
}

fn heading(level: u8, text: &str, anchor: Option<&str>) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
        anchor: anchor.map(str::to_owned),
    }
}
