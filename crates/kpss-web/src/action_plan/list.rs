//! `GET /akcni-plany/{id}/karty` – an action plan's cards as a list to work with: filtered by
//! state, group, organisation, measure, lateness and text, sorted, paged, and the same list as
//! CSV or XLSX (`karty.csv`, `karty.xlsx`), streamed from the database row by row.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, Response};
use futures_util::StreamExt;
use kpss_docs::table::Cell;
use kpss_domain::action_plan::card_list::CardQuery;
use kpss_domain::czech::format_czk;
use kpss_domain::listing::{PAGE_SIZE, window};
use kpss_store::action_plan::{self, ActionPlan, CardFilter, ListedCard};
use kpss_store::plan::PlanTree;

use super::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::listing::{Format, Frame};
use crate::plan::PlanView;
use crate::{AppState, Error};

/// Past this many organisations the form offers none to pick (the text filter finds them);
/// a select of thousands helps nobody.
const MAX_ORGANISATION_CHOICES: usize = 300;

/// The columns of an export: header and width in the workbook.
const COLUMNS: [(&str, f64); 12] = [
    ("Číslo karty", 10.0),
    ("Pracovní skupina", 14.0),
    ("Opatření", 12.0),
    ("Název karty", 48.0),
    ("Organizace", 36.0),
    ("IČO", 10.0),
    ("Stav hodnocení", 16.0),
    ("Plnění", 16.0),
    ("Plánovaný počet klientů", 12.0),
    ("Skutečný počet klientů", 12.0),
    ("Plánované náklady (Kč)", 16.0),
    ("Skutečné náklady (Kč)", 16.0),
];

/// The list as asked for, checked against the plan: what the store filters by.
struct Resolved {
    ap: ActionPlan,
    tree: PlanTree,
    query: CardQuery,
    filter: CardFilter,
    measures: HashMap<i32, MeasureInfo>,
}

async fn resolve(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    raw: Option<String>,
) -> Result<Resolved, Error> {
    ctx.require_user()?;
    let (ap, tree) = visible_action_plan(ctx, state, parse_id(id)?).await?;
    let query = crate::listing::read(raw, CardQuery::parse)?;
    let all = measures(&tree);
    if let Some(group) = &query.group
        && !tree.parts.iter().any(|p| &p.group == group)
    {
        return Err(unknown("pracovní skupina", group));
    }
    if let Some(m) = query.measure
        && !all.iter().any(|i| i.id == m)
    {
        return Err(unknown("opatření", &m.to_string()));
    }
    if let Some(o) = query.organisation
        && kpss_store::catalogue::organisation(&state.store, ap.tenant_id, o)
            .await
            .is_err()
    {
        return Err(unknown("organizace", &o.to_string()));
    }
    let measure_ids: Option<Vec<i32>> = match (&query.group, query.measure) {
        (None, None) => None,
        (group, measure) => Some(
            all.iter()
                .filter(|i| group.as_ref().is_none_or(|g| &i.group == g))
                .filter(|i| measure.is_none_or(|m| i.id == m))
                .map(|i| i.id)
                .collect(),
        ),
    };
    let deadline = kpss_store::evaluation::round(&state.store, ctx.scope.clone(), ap.id)
        .await?
        .map(|r| r.deadline);
    let filter = CardFilter {
        states: query.states(deadline, kpss_domain::czech::today()),
        measures: measure_ids,
        organisations: query.organisation.map(|o| vec![o]),
        text: query.text.clone(),
    };
    Ok(Resolved {
        ap,
        tree,
        query,
        filter,
        measures: all.into_iter().map(|m| (m.id, m)).collect(),
    })
}

/// A value the query string may hold but this action plan does not.
fn unknown(what: &str, value: &str) -> Error {
    Error::BadRequest(kpss_domain::listing::unknown(what, value).0)
}

/// One row as the page shows it.
struct Row {
    id: i32,
    title: String,
    measure: String,
    organisation: String,
    ico: String,
    state: &'static str,
    state_code: &'static str,
    status: &'static str,
    planned_clients: String,
    planned_cost: String,
    actual_cost: String,
}

#[derive(Template)]
#[template(path = "action_plan/list.html")]
struct ListPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    query: CardQuery,
    rows: Vec<Row>,
    total: u64,
    list: Frame,
    /// The list's address.
    base: String,
    groups: Vec<(String, String)>,
    /// (group, measures of the group as (id, label)).
    measure_choices: Vec<(String, Vec<(i32, String)>)>,
    organisations: Vec<(i32, String, String)>,
    states: Vec<(&'static str, &'static str)>,
}

/// `GET /akcni-plany/{id}/karty`
pub(super) async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    let r = resolve(&ctx, &state, &id, raw).await?;
    let tenants = ctx.scope.tenants();
    let total = action_plan::count_cards(&state.store, tenants, r.ap.id, &r.filter).await?;
    let (page, offset, pages) = window(total, r.query.order.page);
    let listed = action_plan::list_cards(
        &state.store,
        tenants,
        r.ap.id,
        &r.filter,
        (r.query.order.sort, r.query.order.descending),
        (offset, PAGE_SIZE),
    )
    .await?;
    let organisations =
        action_plan::card_organisations(&state.store, tenants, r.ap.id, MAX_ORGANISATION_CHOICES)
            .await?
            .unwrap_or_default();
    let base = format!("/akcni-plany/{}/karty", r.ap.id);
    let count = kpss_domain::czech::count(
        usize::try_from(total).unwrap_or(usize::MAX),
        "karta",
        "karty",
        "karet",
    );
    let list = Frame::new(&base, count, (&r.query.order, page, pages), |p| {
        r.query.to_query_string(p)
    });
    let mut measure_choices: Vec<(String, Vec<(i32, String)>)> = Vec::new();
    for m in measures(&r.tree) {
        if measure_choices.last().is_none_or(|(g, _)| *g != m.group) {
            measure_choices.push((m.group.clone(), Vec::new()));
        }
        if let Some((_, list)) = measure_choices.last_mut() {
            let text: String = m.text.chars().take(60).collect();
            list.push((m.id, format!("{} – {text}", m.code)));
        }
    }
    let page_view = ListPage {
        layout: ctx.layout(),
        plan: PlanView::new(&r.tree.plan),
        rows: listed.iter().map(|c| row(c, &r.measures)).collect(),
        total,
        list,
        base,
        groups: r
            .tree
            .parts
            .iter()
            .map(|p| (p.group.clone(), p.draft.name.clone()))
            .collect(),
        measure_choices,
        organisations,
        states: kpss_domain::evaluation::ReportState::ALL
            .iter()
            .map(|s| (s.code(), s.name()))
            .collect(),
        action_plan: r.ap,
        query: r.query,
    };
    Ok(Html(page_view.render()?))
}

fn row(c: &ListedCard, measures: &HashMap<i32, MeasureInfo>) -> Row {
    Row {
        id: c.id,
        title: c.title.clone(),
        measure: measures
            .get(&c.measure_id)
            .map(|m| m.code.clone())
            .unwrap_or_default(),
        organisation: c.organisation.clone(),
        ico: c.ico.clone(),
        state: c.state.name(),
        state_code: c.state.code(),
        status: c.status.map_or("", |s| s.name()),
        planned_clients: c.planned_clients.map(|n| n.to_string()).unwrap_or_default(),
        planned_cost: format_czk(c.planned_cost),
        actual_cost: c.actual_cost.map(format_czk).unwrap_or_default(),
    }
}

fn cells(c: &ListedCard, measures: &HashMap<i32, MeasureInfo>) -> Vec<Cell> {
    let measure = measures.get(&c.measure_id);
    vec![
        Cell::Number(i64::from(c.id)),
        Cell::Text(measure.map(|m| m.group.clone()).unwrap_or_default()),
        Cell::Text(measure.map(|m| m.code.clone()).unwrap_or_default()),
        Cell::Text(c.title.clone()),
        Cell::Text(c.organisation.clone()),
        Cell::Text(c.ico.clone()),
        Cell::Text(c.state.name().to_owned()),
        Cell::Text(c.status.map_or("", |s| s.name()).to_owned()),
        c.planned_clients.into(),
        c.actual_clients.into(),
        Cell::Number(c.planned_cost),
        c.actual_cost.into(),
    ]
}

/// Cards read from the database between two hand-overs to the file's writer.
const BATCH_ROWS: usize = 1000;

/// `GET /akcni-plany/{id}/karty.csv`
pub(super) async fn csv(
    ctx: Ctx,
    state: State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    export(ctx, state, &id, raw, Format::Csv).await
}

/// `GET /akcni-plany/{id}/karty.xlsx`
pub(super) async fn xlsx(
    ctx: Ctx,
    state: State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    export(ctx, state, &id, raw, Format::Xlsx).await
}

/// Exactly the cards the list shows, every page of them, streamed from the database.
async fn export(
    ctx: Ctx,
    State(state): State<AppState>,
    id: &str,
    raw: Option<String>,
    format: Format,
) -> Result<Response, Error> {
    let r = resolve(&ctx, &state, id, raw).await?;
    let tenants = ctx.scope.tenants().to_vec();
    let (name, sheet) = (
        format!("karty-{}", r.ap.year),
        format!("Karty {}", r.ap.year),
    );
    Ok(crate::listing::stream(
        format,
        &name,
        sheet,
        &COLUMNS,
        move |out| async move {
            let cards = action_plan::stream_cards(
                &state.store,
                &tenants,
                r.ap.id,
                &r.filter,
                (r.query.order.sort, r.query.order.descending),
            )
            .await?;
            let mut cards = std::pin::pin!(cards.chunks(BATCH_ROWS));
            while let Some(batch) = cards.next().await {
                let rows = batch
                    .into_iter()
                    .map(|card| card.map(|c| cells(&c, &r.measures)))
                    .collect::<Result<Vec<_>, _>>()?;
                if !out.send(rows).await {
                    break; // the client went away
                }
            }
            Ok(())
        },
    ))
}
