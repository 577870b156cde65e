//! `/sprava` – the organisations this account may edit, as a list to work with: a text, those
//! without services, three orders, pages, and the same list as CSV or XLSX.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, Response};
use kpss_docs::table::Cell;
use kpss_domain::catalogue::organisation_list::{OrganisationQuery, OrganisationRow};
use kpss_domain::listing::sort_and_page;
use kpss_store::catalogue::{self, Organisation};

use crate::auth::{Ctx, Layout};
use crate::listing::{Format, Frame, export};
use crate::{AppState, Error};

/// The columns of an export: header and width in the workbook.
const COLUMNS: [(&str, f64); 8] = [
    ("Název", 40.0),
    ("IČO", 10.0),
    ("Právní forma", 18.0),
    ("Adresa", 36.0),
    ("E-mail", 28.0),
    ("Telefon", 16.0),
    ("Web", 28.0),
    ("Služby a aktivity", 10.0),
];

#[derive(Template)]
#[template(path = "catalogue/overview.html")]
struct OverviewPage {
    layout: Layout,
    is_admin: bool,
    query: OrganisationQuery,
    rows: Vec<OrganisationRow>,
    /// How many organisations this account may edit at all.
    all: usize,
    list: Frame,
}

/// The organisations this account may edit that pass the query, sorted, with the stored
/// records by id for an export.
async fn listed(
    ctx: &Ctx,
    state: &AppState,
    raw: Option<String>,
) -> Result<
    (
        OrganisationQuery,
        Vec<OrganisationRow>,
        usize,
        HashMap<i32, Organisation>,
    ),
    Error,
> {
    let actor = ctx.require_user()?.actor();
    let query = crate::listing::read(raw, OrganisationQuery::parse)?;
    let counts = catalogue::service_counts(&state.store, ctx.tenant.id).await?;
    let mine: HashMap<i32, Organisation> = catalogue::organisations(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|o| actor.may_edit_organisation(o.id))
        .map(|o| (o.id, o))
        .collect();
    let rows: Vec<OrganisationRow> = mine
        .values()
        .map(|o| OrganisationRow {
            id: o.id,
            name: o.draft.name.clone(),
            ico: o.draft.ico.to_string(),
            services: counts.get(&o.id).copied().unwrap_or(0),
        })
        .filter(|r| query.keeps(r))
        .collect();
    let all = mine.len();
    Ok((query, rows, all, mine))
}

/// `GET /sprava`
pub async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    let (query, rows, all, _) = listed(&ctx, &state, raw).await?;
    let total = rows.len();
    let (rows, page, pages) = sort_and_page(rows, |a, b| query.compare(a, b), &query.order);
    let count = kpss_domain::czech::count(total, "organizace", "organizace", "organizací");
    let list = Frame::new("/sprava", count, (&query.order, page, pages), |p| {
        query.to_query_string(p)
    });
    Ok(Html(
        OverviewPage {
            layout: ctx.layout(),
            is_admin: ctx.user.as_ref().is_some_and(|u| u.actor().is_admin()),
            rows,
            all,
            list,
            query,
        }
        .render()?,
    ))
}

/// The whole filtered list as a file.
async fn file(
    ctx: Ctx,
    state: AppState,
    raw: Option<String>,
    format: Format,
) -> Result<Response, Error> {
    let (query, mut rows, _, stored) = listed(&ctx, &state, raw).await?;
    rows.sort_by(query.order.apply(|a, b| query.compare(a, b)));
    let opt = |v: &Option<String>| v.clone().map_or(Cell::Empty, Cell::Text);
    let cells = rows
        .iter()
        .filter_map(|r| {
            let d = &stored.get(&r.id)?.draft;
            Some(vec![
                Cell::Text(d.name.clone()),
                Cell::Text(d.ico.to_string()),
                opt(&d.legal_form),
                opt(&d.address),
                opt(&d.email),
                opt(&d.phone),
                opt(&d.web),
                Cell::Number(i64::try_from(r.services).unwrap_or(i64::MAX)),
            ])
        })
        .collect();
    Ok(export(
        format,
        "organizace",
        "Organizace".into(),
        &COLUMNS,
        cells,
    ))
}

/// `GET /sprava/organizace.csv`
pub async fn organisations_csv(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    file(ctx, state, raw, Format::Csv).await
}

/// `GET /sprava/organizace.xlsx`
pub async fn organisations_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    file(ctx, state, raw, Format::Xlsx).await
}
