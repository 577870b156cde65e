//! The rows of each dataset, read from the store for a download: the plans (a city holds a
//! handful) at once, the cards and their costs streamed in batches, however many there are.

use std::collections::HashMap;

use axum::response::Response;
use futures_util::StreamExt;
use kpss_docs::open_data::Dataset;
use kpss_docs::table::Cell;
use kpss_domain::action_plan::card_list::CardSort;
use kpss_store::action_plan::{CardFilter, stream_cards};
use kpss_store::open_data::{self as store, PublicActionPlan};
use kpss_store::plan::{self, PlanTree};

use crate::action_plan::{MeasureInfo, measures};
use crate::auth::Ctx;
use crate::form::FormData;
use crate::listing::{Format, Rows, stream};
use crate::{AppState, Error};

/// Rows read from the database between two hand-overs to the file's writer.
const BATCH_ROWS: usize = 1000;

/// The whole dataset as a download in `format`.
pub(super) async fn download(
    ctx: &Ctx,
    state: AppState,
    dataset: Dataset,
    format: Format,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let columns = dataset.columns();
    let (name, sheet) = (dataset.slug(), dataset.title().to_owned());
    Ok(match dataset {
        Dataset::PlanMeasures | Dataset::PlanIndicators | Dataset::PlanCosts => {
            let rows = plan_rows(&state, tenant, dataset).await?;
            crate::listing::export(format, name, sheet, columns, rows)
        }
        Dataset::Services => {
            let rows =
                crate::catalogue::public::service_rows(&state, ctx, &FormData::default()).await?;
            crate::listing::export(format, name, sheet, columns, rows)
        }
        Dataset::ActionPlanCards => {
            let action_plans = store::action_plans(&state.store, tenant).await?;
            stream(format, name, sheet, columns, move |out| async move {
                for ap in action_plans {
                    if !cards(&state, tenant, &ap, &out).await? {
                        break;
                    }
                }
                Ok(())
            })
        }
        Dataset::ActionPlanCosts => {
            let action_plans = store::action_plans(&state.store, tenant).await?;
            let sources: HashMap<String, String> =
                kpss_store::tenant::funding_sources(&state.store, tenant)
                    .await?
                    .into_iter()
                    .map(|s| (s.code, s.name))
                    .collect();
            stream(format, name, sheet, columns, move |out| async move {
                for ap in action_plans {
                    if !costs(&state, tenant, &ap, &sources, &out).await? {
                        break;
                    }
                }
                Ok(())
            })
        }
    })
}

/// The years a dataset covers, for its catalogue record: the adopted plans' periods, or the
/// years of their action plans; none for the catalogue of services.
pub(super) async fn years(
    state: &AppState,
    tenant: i32,
    dataset: Dataset,
) -> Result<Option<(i32, i32)>, Error> {
    let span = |years: Vec<(i32, i32)>| {
        let from = years.iter().map(|y| y.0).min()?;
        let to = years.iter().map(|y| y.1).max()?;
        Some((from, to))
    };
    Ok(match dataset {
        Dataset::PlanMeasures | Dataset::PlanIndicators | Dataset::PlanCosts => span(
            store::adopted_plans(&state.store, tenant)
                .await?
                .iter()
                .map(|p| (p.period.from, p.period.to))
                .collect(),
        ),
        Dataset::ActionPlanCards | Dataset::ActionPlanCosts => span(
            store::action_plans(&state.store, tenant)
                .await?
                .iter()
                .map(|p| (p.action_plan.year, p.action_plan.year))
                .collect(),
        ),
        Dataset::Services => None,
    })
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn optional(s: Option<&String>) -> Cell {
    s.map_or(Cell::Empty, |t| Cell::Text(t.clone()))
}

/// The rows of a plan dataset, every adopted plan in turn.
async fn plan_rows(
    state: &AppState,
    tenant: i32,
    dataset: Dataset,
) -> Result<Vec<Vec<Cell>>, Error> {
    let sources: HashMap<String, String> =
        kpss_store::tenant::funding_sources(&state.store, tenant)
            .await?
            .into_iter()
            .map(|s| (s.code, s.name))
            .collect();
    let mut rows = Vec::new();
    for p in store::adopted_plans(&state.store, tenant).await? {
        let tree = plan::plan(&state.store, tenant, p.id).await?;
        match dataset {
            Dataset::PlanMeasures => measure_rows(&tree, &mut rows),
            Dataset::PlanIndicators => indicator_rows(&tree, &mut rows),
            _ => cost_rows(&tree, &sources, &mut rows),
        }
    }
    Ok(rows)
}

fn measure_rows(tree: &PlanTree, rows: &mut Vec<Vec<Cell>>) {
    let p = &tree.plan;
    for part in &tree.parts {
        for goal in &part.goals {
            let priority = goal
                .priority_id
                .and_then(|id| part.priorities.iter().find(|pr| pr.id == id));
            for m in &goal.measures {
                let d = &m.draft;
                rows.push(vec![
                    text(&p.title),
                    Cell::Number(i64::from(p.period.from)),
                    Cell::Number(i64::from(p.period.to)),
                    text(p.status.name()),
                    text(&part.draft.code),
                    text(&part.draft.name),
                    priority.map_or(Cell::Empty, |pr| text(&pr.draft.code)),
                    priority.map_or(Cell::Empty, |pr| text(&pr.draft.name)),
                    text(&goal.draft.code),
                    text(&goal.draft.text),
                    text(&d.code),
                    text(&d.text),
                    optional(d.rationale.as_ref()),
                    optional(d.responsible.as_ref()),
                    optional(d.partners.as_ref()),
                    optional(d.timing.as_ref()),
                ]);
            }
        }
    }
}

fn indicator_rows(tree: &PlanTree, rows: &mut Vec<Vec<Cell>>) {
    for m in tree.measures() {
        for i in &m.funding.indicators {
            let row = |year: Cell, target: Cell| {
                vec![
                    text(&tree.plan.title),
                    text(&m.draft.code),
                    text(&m.draft.text),
                    text(&i.name),
                    text(&i.unit),
                    i.baseline
                        .map_or(Cell::Empty, |b| Cell::Hundredths(b.hundredths())),
                    year,
                    target,
                ]
            };
            if i.targets.is_empty() {
                rows.push(row(Cell::Empty, Cell::Empty));
            }
            for (year, target) in &i.targets {
                rows.push(row(
                    Cell::Number(i64::from(*year)),
                    Cell::Hundredths(target.hundredths()),
                ));
            }
        }
    }
}

fn cost_rows(tree: &PlanTree, sources: &HashMap<String, String>, rows: &mut Vec<Vec<Cell>>) {
    for m in tree.measures() {
        for (source, year, amount) in &m.funding.costs {
            rows.push(vec![
                text(&tree.plan.title),
                text(&m.draft.code),
                text(&m.draft.text),
                text(source),
                optional(sources.get(source)),
                Cell::Number(i64::from(*year)),
                Cell::Number(*amount),
            ]);
        }
    }
}

/// The measures of an action plan's plan by id: group and code of each card's measure.
async fn measures_of(
    state: &AppState,
    tenant: i32,
    ap: &PublicActionPlan,
) -> Result<HashMap<i32, MeasureInfo>, Error> {
    let tree = plan::plan(&state.store, tenant, ap.action_plan.plan_id).await?;
    Ok(measures(&tree).into_iter().map(|m| (m.id, m)).collect())
}

/// Hands on the cards of one action plan; false once nobody wants more.
async fn cards(
    state: &AppState,
    tenant: i32,
    ap: &PublicActionPlan,
    out: &Rows,
) -> Result<bool, Error> {
    let measures = measures_of(state, tenant, ap).await?;
    let year = Cell::Number(i64::from(ap.action_plan.year));
    let cards = stream_cards(
        &state.store,
        &[tenant],
        ap.action_plan.id,
        &CardFilter::default(),
        (CardSort::Measure, false),
    )
    .await?;
    let mut cards = std::pin::pin!(cards.chunks(BATCH_ROWS));
    while let Some(batch) = cards.next().await {
        let rows = batch
            .into_iter()
            .map(|card| {
                card.map(|c| {
                    let m = measures.get(&c.measure_id);
                    // What the provider reported is public once the evaluation is closed.
                    let evaluated = |cell: Cell| if ap.evaluated { cell } else { Cell::Empty };
                    vec![
                        year.clone(),
                        Cell::Number(i64::from(c.id)),
                        m.map_or(Cell::Empty, |m| text(&m.group)),
                        m.map_or(Cell::Empty, |m| text(&m.code)),
                        Cell::Text(c.title),
                        Cell::Text(c.organisation),
                        Cell::Text(c.ico),
                        c.planned_clients.into(),
                        Cell::Number(c.planned_cost),
                        text(if ap.evaluated { "ano" } else { "ne" }),
                        evaluated(c.status.map_or(Cell::Empty, |s| text(s.name()))),
                        evaluated(c.actual_clients.into()),
                        evaluated(c.actual_cost.into()),
                    ]
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !out.send(rows).await {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Hands on the costs by source of one action plan's cards; false once nobody wants more.
async fn costs(
    state: &AppState,
    tenant: i32,
    ap: &PublicActionPlan,
    sources: &HashMap<String, String>,
    out: &Rows,
) -> Result<bool, Error> {
    let year = Cell::Number(i64::from(ap.action_plan.year));
    let costs = store::stream_card_costs(&state.store, tenant, ap.action_plan.id).await?;
    let mut costs = std::pin::pin!(costs.chunks(BATCH_ROWS));
    while let Some(batch) = costs.next().await {
        let rows = batch
            .into_iter()
            .map(|cost| {
                cost.map(|c| {
                    vec![
                        year.clone(),
                        Cell::Number(i64::from(c.card_id)),
                        text(&c.source),
                        optional(sources.get(&c.source)),
                        Cell::Number(c.planned),
                        if ap.evaluated {
                            c.actual.into()
                        } else {
                            Cell::Empty
                        },
                    ]
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !out.send(rows).await {
            return Ok(false);
        }
    }
    Ok(true)
}
