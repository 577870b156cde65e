//! The OpenAPI 3.1 document of kpss's JSON interfaces, written from the handlers and the
//! types they answer with (utoipa): `/api/openapi.json` for machines and `/api` for people.
//! A web test checks that every route answering JSON is in it.

use askama::Template;
use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::openapi::OpenApi as Document;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::auth::{Ctx, Layout};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api", get(page))
        .route("/api/openapi.json", get(json))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kpss – rozhraní pro data komunitního plánování",
        description = "Otevřená rozhraní systému kpss: katalog sociálních služeb jako Open \
            Referral HSDS 3.0 s českým profilem, vyhledávání v katalogu a otevřená data \
            komunitních plánů, akčních plánů a katalogu (CSV a JSON, licence CC BY 4.0) \
            s katalogem DCAT-AP-CZ. Vše je veřejné a jen ke čtení; chyby přicházejí jako JSON \
            s českou zprávou.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    paths(
        crate::hsds::root,
        crate::hsds::profile,
        crate::hsds::services,
        crate::hsds::service,
        crate::hsds::organizations,
        crate::hsds::organization,
        crate::hsds::service_at_locations,
        crate::hsds::service_at_location,
        crate::hsds::taxonomies,
        crate::hsds::taxonomy,
        crate::hsds::taxonomy_terms,
        crate::hsds::taxonomy_term,
        crate::catalogue::api::services,
        crate::open_data::download,
        crate::open_data::catalogue,
        crate::open_data::dataset,
        json,
    ),
    tags(
        (name = "hsds", description = "Katalog jako Open Referral HSDS 3.0 s českým profilem"),
        (name = "katalog", description = "Vyhledávání v katalogu sociálních služeb"),
        (name = "otevrena-data", description = "Otevřená data pod licencí CC BY 4.0 a jejich katalog DCAT-AP-CZ"),
        (name = "rozhrani", description = "Popis rozhraní"),
    )
)]
struct ApiDoc;

/// The document, with kpss's version.
#[must_use]
pub fn document() -> Document {
    let mut doc = ApiDoc::openapi();
    env!("CARGO_PKG_VERSION").clone_into(&mut doc.info.version);
    doc
}

/// An error as every JSON interface answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, in Czech.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status.
    pub status: u16,
    pub title: &'static str,
    pub message: String,
}

// The parameter structs below describe query strings that the handlers read themselves (to
// refuse unknown parameters in Czech); only the OpenAPI derive reads their fields.

/// Paging of an HSDS list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct Paging {
    /// Stránka od 1 (výchozí 1).
    page: Option<u64>,
    /// Záznamů na stránku, 1–100 (výchozí 50).
    per_page: Option<u64>,
    /// Jen `json`.
    format: Option<String>,
}

/// The filters of `/api/hsds/services`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct ServiceFilters {
    /// Jen služby změněné od tohoto dne (`2026-11-01`) nebo okamžiku (RFC 3339).
    modified_after: Option<String>,
    /// Jen služby této organizace (id organizace).
    organization_id: Option<String>,
    /// Jen služby tohoto druhu (id pojmu taxonomie druhů sociálních služeb).
    taxonomy_term_id: Option<String>,
}

/// The filter of `/api/hsds/service_at_locations`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct OrganizationFilter {
    /// Jen služby této organizace (id organizace).
    organization_id: Option<String>,
}

/// The filter of `/api/hsds/taxonomy_terms`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct TermFilters {
    /// Jen pojmy této taxonomie (id taxonomie).
    taxonomy_id: Option<String>,
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "rozhrani",
    responses((status = 200, description = "Tento dokument OpenAPI 3.1.", body = Object)))]
/// Popis rozhraní v OpenAPI 3.1.
pub(crate) async fn json() -> Result<Response, Error> {
    let body = document()
        .to_json()
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// One operation as the page lists it.
struct Operation {
    path: String,
    summary: String,
    description: String,
    /// (name, where, required, description as HTML)
    parameters: Vec<(String, &'static str, bool, String)>,
    /// (status, description as HTML, media types)
    responses: Vec<(String, String, String)>,
}

/// A group of operations under their tag.
struct Section {
    name: String,
    description: String,
    operations: Vec<Operation>,
}

#[derive(Template)]
#[template(path = "openapi.html")]
struct Page {
    layout: Layout,
    description: String,
    version: String,
    sections: Vec<Section>,
}

/// A description of the document (Markdown, as OpenAPI has it) as safe HTML.
fn markdown(text: Option<&str>) -> String {
    text.map(crate::markdown::to_html).unwrap_or_default()
}

/// The document read into sections by tag, in the tags' order.
fn sections(doc: &Document) -> Vec<Section> {
    use utoipa::openapi::path::ParameterIn;
    let tags = doc.tags.clone().unwrap_or_default();
    tags.into_iter()
        .map(|tag| {
            let operations = doc
                .paths
                .paths
                .iter()
                .filter_map(|(path, item)| item.get.as_ref().map(|op| (path, op)))
                .filter(|(_, op)| op.tags.as_ref().is_some_and(|t| t.contains(&tag.name)))
                .map(|(path, op)| Operation {
                    path: path.clone(),
                    summary: op.summary.clone().unwrap_or_default(),
                    description: markdown(op.description.as_deref()),
                    parameters: op
                        .parameters
                        .iter()
                        .flatten()
                        .map(|p| {
                            let place = match p.parameter_in {
                                ParameterIn::Path => "cesta",
                                ParameterIn::Query => "dotaz",
                                ParameterIn::Header => "hlavička",
                                ParameterIn::Cookie => "cookie",
                            };
                            let required = matches!(p.required, utoipa::openapi::Required::True);
                            (
                                p.name.clone(),
                                place,
                                required,
                                markdown(p.description.as_deref()),
                            )
                        })
                        .collect(),
                    responses: op
                        .responses
                        .responses
                        .iter()
                        .map(|(status, r)| match r {
                            utoipa::openapi::RefOr::T(r) => (
                                status.clone(),
                                markdown(Some(&r.description)),
                                r.content.keys().cloned().collect::<Vec<_>>().join(", "),
                            ),
                            utoipa::openapi::RefOr::Ref(r) => {
                                (status.clone(), r.ref_location.clone(), String::new())
                            }
                        })
                        .collect(),
                })
                .collect();
            Section {
                name: tag.name,
                description: tag.description.unwrap_or_default(),
                operations,
            }
        })
        .collect()
}

/// `GET /api` – the document to read.
async fn page(ctx: Ctx) -> Result<Html<String>, Error> {
    let doc = document();
    Ok(Html(
        Page {
            layout: ctx.layout(),
            description: doc.info.description.clone().unwrap_or_default(),
            version: doc.info.version.clone(),
            sections: sections(&doc),
        }
        .render()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_and_every_operation_says_what_it_does() {
        let doc = document();
        let value: serde_json::Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
        assert_eq!(value["openapi"], "3.1.0");
        assert_eq!(value["info"]["license"]["identifier"], "EUPL-1.2");
        let sections = sections(&doc);
        let listed: usize = sections.iter().map(|s| s.operations.len()).sum();
        assert_eq!(
            listed,
            doc.paths.paths.len(),
            "every operation has a known tag"
        );
        for op in sections.iter().flat_map(|s| &s.operations) {
            assert!(!op.summary.is_empty(), "{} has no summary", op.path);
            assert!(!op.responses.is_empty(), "{}", op.path);
        }
        // The HSDS records are described, not left open.
        let schemas = &value["components"]["schemas"];
        assert!(schemas["Service"]["properties"]["organization_id"].is_object());
        assert!(schemas["ErrorBody"].is_object());
    }
}
