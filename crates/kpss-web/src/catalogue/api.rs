//! `GET /api/v1/catalogue/services` – the catalogue search as JSON.
//!
//! Parameters: `q` (text), `typ`, `skupina`, `forma`, `obvod`, `druh` (repeatable facet
//! values), `razeni` (`relevance` | `nazev`), `strana` (1-based page), `na_stranu` (1–100).
//! Answer: `{ total, page, per_page, items: [ServiceView], facets: [{ key, title, values }] }`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::Lists;
use super::view::{FacetGroupView, ServiceView, facet_views, parse_query};
use crate::answer_cache;
use crate::auth::Ctx;
use crate::form::FormData;
use crate::{ApiError, AppState};

/// The search's query string, for the OpenAPI document (the handler reads it itself, to
/// refuse bad values in Czech).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct Search {
    /// Hledaná slova.
    q: Option<String>,
    /// Druh sociální služby (kód podle zákona č. 108/2006 Sb.); lze opakovat.
    typ: Option<Vec<String>>,
    /// Cílová skupina (kód); lze opakovat.
    skupina: Option<Vec<String>>,
    /// Forma poskytování (`ambulantni`, `terenni`, `pobytova`); lze opakovat.
    forma: Option<Vec<String>>,
    /// Městský obvod (kód); lze opakovat.
    obvod: Option<Vec<String>>,
    /// `sluzba` nebo `aktivita`; lze opakovat.
    druh: Option<Vec<String>>,
    /// `relevance` (výchozí) nebo `nazev`.
    razeni: Option<String>,
    /// Stránka od 1.
    strana: Option<u32>,
    /// Výsledků na stránku, 1–100.
    na_stranu: Option<u32>,
}

/// One page of the catalogue search.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ServicesPage {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub items: Vec<ServiceView>,
    pub facets: Vec<FacetGroupView>,
    /// Words that find something when these found nothing as typed („Měli jste na mysli…“).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/catalogue/services", tag = "katalog",
    params(Search),
    responses(
        (status = 200, description = "Stránka výsledků s počty podle filtrů.", body = ServicesPage),
        (status = 400, description = "Chybná hodnota parametru; zpráva česky.", body = crate::openapi::ErrorBody),
    ))]
/// Vyhledávání v katalogu: služby a související aktivity.
///
/// Stejné hledání jako stránka „Katalog“: čeština bez ohledu na diakritiku a tvary slov,
/// filtry s počty, řazení a stránkování.
pub async fn services(
    ctx: Result<Ctx, crate::Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let raw = raw.unwrap_or_default();
    let body = answer_cache::through(&state, &ctx, "api-services", &raw, async {
        let data = FormData::parse(raw.as_bytes());
        let lists = Lists::load(&state, ctx.scope.clone()).await?;
        let query = parse_query(ctx.scope.tenants(), &data, &lists, "na_stranu")?;
        let results = state.index.search(&query)?;
        let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
        let services =
            kpss_store::catalogue::services_by_ids(&state.store, ctx.scope.clone(), &ids).await?;
        let page = ServicesPage {
            total: results.total,
            page: query.page,
            per_page: query.per_page,
            items: services
                .iter()
                .map(|s| ServiceView::new(s, &lists))
                .collect(),
            facets: facet_views(&results.facets, &query, &lists),
            suggestion: results.suggestion,
        };
        let json = serde_json::to_vec(&page).map_err(|e| crate::Error::Internal(e.to_string()))?;
        Ok::<_, ApiError>(Bytes::from(json))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
