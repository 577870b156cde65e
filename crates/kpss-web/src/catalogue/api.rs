//! `GET /api/v1/catalogue/services` – the catalogue search as JSON.
//!
//! Parameters: `q` (text), `typ`, `skupina`, `forma`, `obvod`, `druh` (repeatable facet
//! values), `razeni` (`relevance` | `nazev`), `strana` (1-based page), `na_stranu` (1–100).
//! Answer: `{ total, page, per_page, items: [ServiceView], facets: [{ key, title, values }] }`.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;

use super::Lists;
use super::view::{FacetGroupView, ServiceView, facet_views, parse_query};
use crate::auth::Ctx;
use crate::form::FormData;
use crate::{ApiError, AppState};

/// One page of the catalogue search.
#[derive(Debug, Serialize)]
pub struct ServicesPage {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub items: Vec<ServiceView>,
    pub facets: Vec<FacetGroupView>,
}

pub async fn services(
    ctx: Result<Ctx, crate::Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ServicesPage>, ApiError> {
    let ctx = ctx?;
    let data = FormData::parse(raw.unwrap_or_default().as_bytes());
    let lists = Lists::load(&state, ctx.scope.clone()).await?;
    let query = parse_query(ctx.scope.tenants(), &data, &lists, "na_stranu")?;
    let results = state.index.search(&query)?;
    let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
    let services =
        kpss_store::catalogue::services_by_ids(&state.store, ctx.scope.clone(), &ids).await?;
    Ok(Json(ServicesPage {
        total: results.total,
        page: query.page,
        per_page: query.per_page,
        items: services
            .iter()
            .map(|s| ServiceView::new(s, &lists))
            .collect(),
        facets: facet_views(&results.facets, &query, &lists),
    }))
}
