//! Public pages: search, service detail, printable view, organisation detail.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, Response};
use kpss_docs::open_data::Dataset;
use kpss_docs::table::Cell;
use kpss_store::catalogue;

use super::view::{FacetGroupView, ServiceView, facet_views, parse_query, query_string};
use super::{Lists, parse_id};
use crate::answer_cache;
use crate::auth::{Ctx, Layout};
use crate::form::FormData;
use crate::listing::{Format, export};
use crate::{AppState, Error};

#[derive(Template)]
#[template(path = "catalogue/search.html")]
struct SearchPage {
    layout: Layout,
    text: String,
    by_name: bool,
    total: usize,
    page: usize,
    pages: usize,
    results: Vec<ServiceView>,
    facets: Vec<FacetGroupView>,
    previous: Option<String>,
    next: Option<String>,
    /// The query string of every page, for the exports.
    export: String,
    /// „Měli jste na mysli…“: (the words, the query string that searches them).
    suggestion: Option<(String, String)>,
}

/// `/katalog` – full text with facets, all state in the query string.
pub async fn search(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<Bytes>, Error> {
    let raw = raw.unwrap_or_default();
    let body = answer_cache::through(&state, &ctx, "katalog", &raw, async {
        let data = FormData::parse(raw.as_bytes());
        let lists = Lists::load(&state, ctx.scope.clone()).await?;
        let query = parse_query(ctx.scope.tenants(), &data, &lists, "")?;
        let results = state.index.search(&query)?;
        let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
        let services = catalogue::services_by_ids(&state.store, ctx.scope.clone(), &ids).await?;
        let pages = results.total.div_ceil(query.per_page).max(1);
        let page = SearchPage {
            layout: ctx.layout(),
            text: query.text.clone(),
            by_name: query.sort == kpss_search::Sort::Name,
            total: results.total,
            page: query.page,
            pages,
            results: services
                .iter()
                .map(|s| ServiceView::new(s, &lists))
                .collect(),
            facets: facet_views(&results.facets, &query, &lists),
            previous: (query.page > 1).then(|| query_string(&query, query.page - 1)),
            next: (query.page < pages).then(|| query_string(&query, query.page + 1)),
            export: query_string(&query, 1),
            suggestion: results.suggestion.map(|text| {
                let href = query_string(
                    &kpss_search::Query {
                        text: text.clone(),
                        ..query.clone()
                    },
                    1,
                );
                (text, href)
            }),
        };
        Ok::<_, Error>(Bytes::from(page.render()?))
    })
    .await?;
    Ok(Html(body))
}

/// Services read for an export at a time: an id list the database takes in one query.
const EXPORT_BATCH: usize = 2_000;

/// Every service the search finds (not one page) as a file, in the search's order.
async fn search_file(
    ctx: Ctx,
    state: AppState,
    raw: Option<String>,
    format: Format,
) -> Result<Response, Error> {
    ctx.require_user()?;
    let data = FormData::parse(raw.unwrap_or_default().as_bytes());
    let rows = service_rows(&state, &ctx, &data).await?;
    let columns = Dataset::Services.columns();
    Ok(export(format, "katalog", "Katalog".into(), columns, rows))
}

/// Every service the search of `data` finds, in the search's order, as the rows of the
/// catalogue's table (`Dataset::Services`).
pub(crate) async fn service_rows(
    state: &AppState,
    ctx: &Ctx,
    data: &FormData,
) -> Result<Vec<Vec<Cell>>, Error> {
    let lists = Lists::load(state, ctx.scope.clone()).await?;
    let mut query = parse_query(ctx.scope.tenants(), data, &lists, "")?;
    // First how many, then all of them: a collector sized for „everything“ would be sized
    // for the largest number, not for what there is.
    query.page = 1;
    query.per_page = 1;
    query.per_page = state.index.search(&query)?.total.max(1);
    let results = state.index.search(&query)?;
    let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
    let mut rows = Vec::with_capacity(ids.len());
    for batch in ids.chunks(EXPORT_BATCH) {
        for s in catalogue::services_by_ids(&state.store, ctx.scope.clone(), batch).await? {
            let v = ServiceView::new(&s, &lists);
            let text = |t: Option<String>| t.map_or(Cell::Empty, Cell::Text);
            rows.push(vec![
                Cell::Text(v.name),
                Cell::Text(v.kind_label.to_owned()),
                text(v.service_type_label),
                text(v.register_id),
                Cell::Text(v.organisation_name),
                Cell::Text(v.target_groups.join(", ")),
                Cell::Text(v.forms.join(", ")),
                text(v.capacity),
                text(v.age),
                Cell::Text(
                    v.locations
                        .iter()
                        .map(|l| l.address.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                text(v.email),
                text(v.phone),
                text(v.web),
            ]);
        }
    }
    Ok(rows)
}

/// `GET /katalog.csv` – what `/katalog` finds with the same query string, every page.
pub async fn search_csv(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    search_file(ctx, state, raw, Format::Csv).await
}

/// `GET /katalog.xlsx`
pub async fn search_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    search_file(ctx, state, raw, Format::Xlsx).await
}

#[derive(Template)]
#[template(path = "catalogue/service.html")]
struct ServicePage {
    layout: Layout,
    service: ServiceView,
    may_edit: bool,
}

/// `/katalog/sluzby/{id}`.
pub async fn service(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let service = catalogue::service(&state.store, ctx.scope.clone(), parse_id(&id)?).await?;
    let lists = Lists::load(&state, ctx.scope.clone()).await?;
    let may_edit = ctx.may_edit(service.tenant_id, service.organisation_id);
    Ok(Html(
        ServicePage {
            layout: ctx.layout(),
            service: ServiceView::new(&service, &lists),
            may_edit,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "catalogue/print.html")]
struct PrintPage {
    layout: Layout,
    service: ServiceView,
    organisation: catalogue::Organisation,
}

/// `/katalog/sluzby/{id}/tisk` – one sheet of paper, without navigation.
pub async fn print(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let service = catalogue::service(&state.store, ctx.scope.clone(), parse_id(&id)?).await?;
    let organisation =
        catalogue::organisation(&state.store, ctx.scope.clone(), service.organisation_id).await?;
    let lists = Lists::load(&state, ctx.scope.clone()).await?;
    let page = PrintPage {
        layout: ctx.layout(),
        service: ServiceView::new(&service, &lists),
        organisation,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "catalogue/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    organisation: catalogue::Organisation,
    services: Vec<ServiceView>,
    activities: Vec<ServiceView>,
    may_edit: bool,
}

/// `/katalog/organizace/{id}` – the organisation and all its services and activities.
pub async fn organisation(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let id = parse_id(&id)?;
    let organisation = catalogue::organisation(&state.store, ctx.scope.clone(), id).await?;
    let lists = Lists::load(&state, ctx.scope.clone()).await?;
    let (services, activities): (Vec<_>, Vec<_>) =
        catalogue::organisation_services(&state.store, ctx.scope.clone(), id)
            .await?
            .iter()
            .map(|s| ServiceView::new(s, &lists))
            .partition(|s| s.kind == "sluzba");
    let may_edit = ctx.may_edit(organisation.tenant_id, id);
    Ok(Html(
        OrganisationPage {
            layout: ctx.layout(),
            organisation,
            services,
            activities,
            may_edit,
        }
        .render()?,
    ))
}
