//! A measure's indicators and expected costs per year and funding source, in a draft plan.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::event::IndicatorFeed;
use kpss_domain::plan::funding::{
    IndicatorInput, MEASURE_INDICATORS, MeasureFunding, cost_field, feed_field, indicator_fields,
    target_field,
};
use kpss_store::plan::{self, Measure, PlanTree};
use kpss_store::tenant::ListItem;

use super::PlanView;
use super::edit::item_gate;
use super::form::{checked, gated};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection};
use crate::{AppState, Error};
use kpss_store::plan::Item;

/// Field names of one indicator row: name, unit, baseline, the feed, and the target per year.
type IndicatorRow = ([String; 3], String, Vec<(i32, String)>);

#[derive(Template)]
#[template(path = "plan/funding.html")]
struct FundingPage {
    layout: Layout,
    plan: PlanView,
    measure: Measure,
    years: Vec<i32>,
    /// (source name, (year, field name) per year), a row per funding source.
    grid: Vec<(String, Vec<(i32, String)>)>,
    /// (name, unit, baseline) field names and the target field per year, per indicator row.
    rows: Vec<IndicatorRow>,
    /// Where an indicator's actual value may come from: (code, name).
    feeds: Vec<(&'static str, String)>,
    form: FormView,
    /// Why a valid form was not saved: the measure changed since it was opened.
    conflict: Option<&'static str>,
}

fn measure_of(tree: &PlanTree, id: &str) -> Result<Measure, Error> {
    let id = parse_id(id)?;
    tree.measures()
        .find(|m| m.id == id)
        .cloned()
        .ok_or(Error::NotFound)
}

fn page(
    ctx: &Ctx,
    tree: &PlanTree,
    measure: Measure,
    sources: Vec<ListItem>,
    form: FormView,
) -> FundingPage {
    let years: Vec<i32> = tree.plan.period.years().collect();
    FundingPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        rows: (0..MEASURE_INDICATORS)
            .map(|i| {
                (
                    indicator_fields(i),
                    feed_field(i),
                    years.iter().map(|y| (*y, target_field(i, *y))).collect(),
                )
            })
            .collect(),
        grid: sources
            .iter()
            .map(|s| {
                let cells = years
                    .iter()
                    .map(|y| (*y, cost_field(&s.code, *y)))
                    .collect();
                (s.name.clone(), cells)
            })
            .collect(),
        feeds: IndicatorFeed::ALL
            .iter()
            .map(|f| (f.code(), format!("počítá se z účasti: {}", f.name())))
            .collect(),
        years,
        measure,
        form,
        conflict: None,
    }
}

/// The form's fields filled from what the measure holds, and the measure's version.
fn data_of(measure: &Measure) -> FormData {
    let funding = &measure.funding;
    let mut data = vec![("version".to_owned(), measure.version.to_string())];
    for (source, year, amount) in &funding.costs {
        data.push((cost_field(source, *year), amount.to_string()));
    }
    for (i, ind) in funding.indicators.iter().enumerate() {
        let [n, u, b] = indicator_fields(i);
        data.push((n, ind.name.clone()));
        data.push((u, ind.unit.clone()));
        data.push((b, ind.baseline.map(|v| v.to_string()).unwrap_or_default()));
        for (year, target) in &ind.targets {
            data.push((target_field(i, *year), target.to_string()));
        }
        if let Some(feed) = ind.feed {
            data.push((feed_field(i), feed.code().to_owned()));
        }
    }
    FormData(data)
}

pub async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
) -> Result<Response, Error> {
    let gate = item_gate(&ctx, &state, &id, Item::Measure(parse_id(&measure)?)).await?;
    let (tree, _) = gated(&ctx, &state, &id, gate).await?;
    let measure = measure_of(&tree, &measure)?;
    let sources = kpss_store::tenant::funding_sources(&state.store, tree.plan.tenant_id).await?;
    let form = FormView::new(ctx.csrf.clone(), &data_of(&measure));
    Ok(Html(page(&ctx, &tree, measure, sources, form).render()?).into_response())
}

/// Reads the posted grid; costs are taken from every `cost_<source>_<year>` field sent, so a
/// year outside the period is refused rather than silently dropped.
fn parse(
    data: &FormData,
    sources: &[String],
    tree: &PlanTree,
) -> Result<MeasureFunding, kpss_store::Error> {
    let mut costs: Vec<(&str, i32, &str)> = Vec::new();
    for (name, value) in &data.0 {
        if let Some((source, year)) = name
            .strip_prefix("cost_")
            .and_then(|rest| rest.rsplit_once('_'))
        {
            let year = year.parse::<i32>().unwrap_or(i32::MIN);
            costs.push((source, year, value.as_str()));
        }
    }
    let rows: Vec<IndicatorInput<'_>> = (0..MEASURE_INDICATORS)
        .map(|i| {
            let [n, u, b] = indicator_fields(i);
            let prefix = format!("indicator_target_{i}_");
            let targets = data
                .0
                .iter()
                .filter_map(|(name, value)| {
                    let year = name.strip_prefix(&prefix)?.parse::<i32>().ok()?;
                    Some((year, value.as_str()))
                })
                .collect();
            IndicatorInput {
                name: data.get(&n),
                unit: data.get(&u),
                baseline: data.get(&b),
                targets,
                feed: data.get(&feed_field(i)),
            }
        })
        .collect();
    MeasureFunding::parse(&rows, &costs, sources, tree.plan.period)
        .map_err(kpss_store::Error::Invalid)
}

pub async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let gate = item_gate(&ctx, &state, &id, Item::Measure(parse_id(&measure)?)).await?;
    let (tree, actor) = checked(&ctx, &state, (&id, gate), &data).await?;
    let measure = measure_of(&tree, &measure)?;
    let sources = kpss_store::tenant::funding_sources(&state.store, tree.plan.tenant_id).await?;
    let codes: Vec<String> = sources.iter().map(|s| s.code.clone()).collect();
    let version = crate::form::version(&data)?;
    let saved = match parse(&data, &codes, &tree) {
        Ok(funding) => {
            plan::set_measure_funding(
                &state.store,
                tree.plan.tenant_id,
                &actor,
                (measure.id, version),
                &funding,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => {
            let to = format!("/plany/{}#opatreni-{}", tree.plan.id, measure.id);
            let text = format!("Financování opatření {} bylo uloženo.", measure.draft.code);
            crate::flash::redirect(&ctx.session, &to, text).await
        }
        Err(err) => {
            let (status, form, conflict) = rejection(&ctx, &data, err)?;
            let mut page = page(&ctx, &tree, measure, sources, form);
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
