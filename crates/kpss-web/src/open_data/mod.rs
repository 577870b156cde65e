//! `/otevrena-data`: the city's open data – the adopted plans, the action plans with their
//! cards and evaluation, and the catalogue, each as CSV and JSON under CC BY 4.0 – and the
//! local open-data catalogue in DCAT-AP-CZ that the national catalogue harvests. The
//! coordinator names the publisher (`/sprava/otevrena-data`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_docs::open_data::{Dataset, LICENCE, LICENCE_NAME, dcat::Site};
use kpss_domain::open_data::Publisher;
use kpss_store::open_data as store;

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::listing::Format;
use crate::{ApiError, AppState, Error};

mod rows;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/otevrena-data", get(page))
        .route("/otevrena-data/katalog.jsonld", get(catalogue))
        .route("/otevrena-data/sady/{dataset}", get(dataset))
        .route("/otevrena-data/{file}", get(download))
        .route(
            "/sprava/otevrena-data",
            get(publisher_form).post(save_publisher),
        )
}

/// A dataset as the page lists it.
struct DatasetView {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    columns: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "open_data/page.html")]
struct Page {
    layout: Layout,
    datasets: Vec<DatasetView>,
    licence: &'static str,
    licence_name: &'static str,
    /// Whether the DCAT catalogue is published (the publisher is set).
    catalogue: bool,
    is_admin: bool,
}

/// `GET /otevrena-data`.
async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let catalogue = store::publisher(&state.store, ctx.tenant.id)
        .await?
        .is_some();
    let datasets = Dataset::ALL
        .iter()
        .map(|d| DatasetView {
            slug: d.slug(),
            title: d.title(),
            description: d.description(),
            columns: d
                .columns()
                .iter()
                .map(|(h, _)| (*h, kpss_docs::table::key_of(h)))
                .collect(),
        })
        .collect();
    Ok(Html(
        Page {
            is_admin: ctx.user.as_ref().is_some_and(|u| u.actor().is_admin()),
            layout: ctx.layout(),
            datasets,
            licence: LICENCE,
            licence_name: LICENCE_NAME,
            catalogue,
        }
        .render()?,
    ))
}

/// The dataset and format a file name asks for: `akcni-plany-karty.csv`.
fn parse_file(file: &str) -> Option<(Dataset, Format)> {
    let (slug, extension) = file.rsplit_once('.')?;
    let format = match extension {
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => return None,
    };
    Some((Dataset::from_slug(slug)?, format))
}

#[utoipa::path(get, path = "/otevrena-data/{file}", tag = "otevrena-data",
    params(("file" = String, Path, description = "Datová sada a formát, např. `akcni-plany-karty.csv` nebo `komunitni-plany-opatreni.json`; sady vypisuje `/otevrena-data`.")),
    responses(
        (status = 200, description = "Celá datová sada pod licencí CC BY 4.0 (hlavička Link rel=license): CSV v UTF-8 s BOM a středníky, nebo JSON `{licence, items}` se stejnými řádky.",
            content((String = "text/csv"), (Object = "application/json"))),
        (status = 404, description = "Taková datová sada nebo formát není."),
    ))]
/// Datová sada ke stažení (CSV nebo JSON).
pub(crate) async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Error> {
    let (dataset, format) = parse_file(&file).ok_or(Error::NotFound)?;
    let mut response = rows::download(&ctx, state, dataset, format).await?;
    response.headers_mut().insert(
        header::LINK,
        HeaderValue::from_static(
            r#"<https://creativecommons.org/licenses/by/4.0/>; rel="license""#,
        ),
    );
    Ok(response)
}

/// The site of the catalogue: kpss's public address and the publisher; 404 while the
/// coordinator has not named the publisher.
async fn site_parts(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Publisher), ApiError> {
    let publisher = store::publisher(&state.store, ctx.tenant.id)
        .await
        .map_err(Error::from)?
        .ok_or_else(|| {
            ApiError(Error::NotPublished(
                "Katalog otevřených dat zatím není zveřejněn: koordinátor musí v nastavení \
                 otevřených dat doplnit IČO, kód území v RÚIAN a kontaktní e-mail."
                    .into(),
            ))
        })?;
    Ok((crate::mail::base_url(state, headers), publisher))
}

fn json_ld(value: &serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/ld+json")],
        value.to_string(),
    )
        .into_response()
}

#[utoipa::path(get, path = "/otevrena-data/katalog.jsonld", tag = "otevrena-data",
    responses(
        (status = 200, description = "Záznam lokálního katalogu otevřených dat (DCAT-AP-CZ, OFN 2021-01-11) se seznamem datových sad.",
            content((Object = "application/ld+json"))),
        (status = 404, description = "Koordinátor zatím neurčil poskytovatele dat.", body = crate::openapi::ErrorBody),
    ))]
/// Katalog otevřených dat pro Národní katalog otevřených dat.
pub(crate) async fn catalogue(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (base, publisher) = site_parts(&ctx, &state, &headers).await?;
    let site = Site {
        base: &base,
        name: &ctx.tenant.name,
        publisher: &publisher,
    };
    Ok(json_ld(&site.catalogue()))
}

#[utoipa::path(get, path = "/otevrena-data/sady/{dataset}", tag = "otevrena-data",
    params(("dataset" = String, Path, description = "Kód datové sady, např. `akcni-plany-karty`.")),
    responses(
        (status = 200, description = "Záznam datové sady s distribucemi CSV a JSON a podmínkami užití.",
            content((Object = "application/ld+json"))),
        (status = 404, description = "Taková sada není, nebo ještě není určen poskytovatel dat.", body = crate::openapi::ErrorBody),
    ))]
/// Záznam jedné datové sady (DCAT-AP-CZ).
pub(crate) async fn dataset(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let dataset = Dataset::from_slug(&slug).ok_or(ApiError(Error::NotFound))?;
    let (base, publisher) = site_parts(&ctx, &state, &headers).await?;
    let years = rows::years(&state, ctx.tenant.id, dataset).await?;
    let site = Site {
        base: &base,
        name: &ctx.tenant.name,
        publisher: &publisher,
    };
    Ok(json_ld(&site.dataset(dataset, years)))
}

#[derive(Template)]
#[template(path = "open_data/publisher.html")]
struct PublisherPage {
    layout: Layout,
    form: FormView,
    catalogue: String,
}

/// `GET /sprava/otevrena-data` – the coordinator names the publisher.
async fn publisher_form(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let saved = store::publisher(&state.store, ctx.tenant.id).await?;
    let data = FormData(
        saved
            .map(|p| {
                vec![
                    ("ico".to_owned(), p.ico.as_str().to_owned()),
                    ("ruian".to_owned(), p.ruian.code().to_string()),
                    ("email".to_owned(), p.email),
                ]
            })
            .unwrap_or_default(),
    );
    Ok(Html(
        PublisherPage {
            form: FormView::new(ctx.csrf.clone(), &data),
            catalogue: format!(
                "{}/otevrena-data/katalog.jsonld",
                crate::mail::base_url(&state, &headers)
            ),
            layout: ctx.layout(),
        }
        .render()?,
    ))
}

/// `POST /sprava/otevrena-data`.
async fn save_publisher(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let saved = match Publisher::parse(data.get("ico"), data.get("ruian"), data.get("email")) {
        Ok(p) => store::save_publisher(&state.store, ctx.tenant.id, &actor, &p).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                "/otevrena-data",
                "Údaje o poskytovateli otevřených dat byly uloženy; katalog je zveřejněn.",
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = PublisherPage {
                form,
                catalogue: format!(
                    "{}/otevrena-data/katalog.jsonld",
                    crate::mail::base_url(&state, &headers)
                ),
                layout: ctx.layout(),
            };
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_names_a_dataset_and_a_format() {
        assert_eq!(
            parse_file("akcni-plany-karty.csv"),
            Some((Dataset::ActionPlanCards, Format::Csv))
        );
        assert_eq!(
            parse_file("katalog-socialnich-sluzeb.json"),
            Some((Dataset::Services, Format::Json))
        );
        assert_eq!(parse_file("akcni-plany-karty.xlsx"), None);
        assert_eq!(parse_file("nic.csv"), None);
        assert_eq!(parse_file("akcni-plany-karty"), None);
    }
}
