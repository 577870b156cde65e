//! Prognóza potřeb: `/prognoza` shows for each need ratio, district and year up to the plan's
//! end the places needed against the catalogue's capacities, as a table and a chart, and
//! exports it; the coordinator imports the population (`/prognoza/obyvatelstvo`) and sets the
//! ratios (`/prognoza/ukazatele`) in `setup`.

mod setup;

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_docs::chart::{Chart, LabelledBar, labelled_bars};
use kpss_docs::table::Cell;
use kpss_domain::forecast::{Forecast, NeedRatio, forecast};

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::listing::Format;
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/prognoza", get(overview))
        .route("/prognoza.csv", get(csv))
        .route("/prognoza.xlsx", get(xlsx))
        .route(
            "/prognoza/obyvatelstvo",
            get(setup::population_form)
                .post(setup::import)
                .layer(crate::upload::body_limit(setup::MAX_UPLOAD)),
        )
        .route(
            "/prognoza/ukazatele",
            get(setup::ratios).post(setup::add_ratio),
        )
        .route("/prognoza/ukazatele/{id}/smazat", post(setup::delete_ratio))
}

/// One district's forecasts, a year each (`None`: no population known yet); `true` where the
/// year carries an earlier year's people forward.
pub(crate) type DistrictRow = (String, Vec<Option<(Forecast, bool)>>);

/// One ratio's forecast with the names a page shows.
pub(crate) struct RatioForecast {
    pub service_type: String,
    pub ages: String,
    pub per_thousand: String,
    pub years: Vec<i32>,
    pub rows: Vec<DistrictRow>,
    pub chart: Chart,
}

/// The years forecast: this year up to the end of the latest plan (at least this year).
async fn years(ctx: &Ctx, state: &AppState) -> Result<std::ops::RangeInclusive<i32>, Error> {
    let now = kpss_domain::czech::today().year();
    let end = kpss_store::plan::plans(&state.store, ctx.tenant.id, true)
        .await?
        .iter()
        .map(|p| p.period.to)
        .max()
        .unwrap_or(now)
        .max(now);
    Ok(now..=end)
}

/// Every ratio's forecast.
async fn forecasts(ctx: &Ctx, state: &AppState) -> Result<(Vec<RatioForecast>, bool), Error> {
    let population = kpss_store::forecast::population(&state.store, ctx.tenant.id).await?;
    let ratios = kpss_store::forecast::ratios(&state.store, ctx.tenant.id).await?;
    let districts: BTreeMap<String, String> = kpss_store::tenant::list(
        &state.store,
        ctx.tenant.id,
        kpss_store::tenant::ListKind::Districts,
    )
    .await?
    .into_iter()
    .map(|d| (d.code, d.name))
    .collect();
    let years = years(ctx, state).await?;
    let mut out = Vec::new();
    for (i, (_, ratio)) in ratios.iter().enumerate() {
        let capacity =
            kpss_store::forecast::capacities(&state.store, ctx.tenant.id, &ratio.service_type)
                .await?;
        let found = forecast(ratio, &population, &capacity, years.clone());
        out.push(ratio_view(i, ratio, &found, (&districts, years.clone())));
    }
    Ok((out, !population.is_empty()))
}

fn ratio_view(
    i: usize,
    ratio: &NeedRatio,
    found: &BTreeMap<(String, i32), Forecast>,
    (districts, years): (&BTreeMap<String, String>, std::ops::RangeInclusive<i32>),
) -> RatioForecast {
    let service_type = kpss_domain::catalogue::service_type(&ratio.service_type)
        .map(|t| t.label())
        .unwrap_or_else(|_| ratio.service_type.clone());
    let years: Vec<i32> = years.collect();
    let last = years.last().copied().unwrap_or_default();
    let rows: Vec<DistrictRow> = districts
        .iter()
        .filter(|(code, _)| {
            years
                .iter()
                .any(|y| found.contains_key(&((*code).clone(), *y)))
        })
        .map(|(code, name)| {
            (
                name.clone(),
                years
                    .iter()
                    .map(|y| {
                        found
                            .get(&(code.clone(), *y))
                            .map(|f| (*f, f.from_year != *y))
                    })
                    .collect(),
            )
        })
        .collect();
    // The gap of each district in the last year: the table beside has every number.
    let bars: Vec<LabelledBar> = rows
        .iter()
        .filter_map(|(name, per_year)| per_year.last().copied().flatten().map(|(f, _)| (name, f)))
        .filter(|(_, f)| f.gap() > 0)
        .map(|(name, f)| LabelledBar {
            label: name.clone(),
            values: vec![u64::try_from(f.gap()).unwrap_or(0)],
            note: format!(
                "chybí {} (potřeba {}, kapacita {})",
                f.gap(),
                f.needed,
                f.capacity
            ),
        })
        .collect();
    let title = format!("{service_type}: chybějící místa v roce {last}");
    let description = if bars.is_empty() {
        "V žádném obvodu místa nechybějí.".to_owned()
    } else {
        bars.iter()
            .map(|b| format!("{}: {}", b.label, b.note))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let series = [("chybí míst".to_owned(), kpss_docs::chart::source_colour(1))];
    RatioForecast {
        chart: labelled_bars(
            &format!("prognoza-{i}"),
            (&title, &description),
            &series,
            &bars,
        ),
        service_type,
        ages: ratio.ages.label(),
        per_thousand: ratio.per_thousand.to_string(),
        years,
        rows,
    }
}

#[derive(Template)]
#[template(path = "forecast/overview.html")]
struct OverviewPage {
    layout: Layout,
    forecasts: Vec<RatioForecast>,
    has_population: bool,
    may_manage: bool,
}

async fn overview(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let (forecasts, has_population) = forecasts(&ctx, &state).await?;
    Ok(Html(
        OverviewPage {
            layout: ctx.layout(),
            forecasts,
            has_population,
            may_manage: ctx.user.as_ref().is_some_and(|u| u.actor().is_admin()),
        }
        .render()?,
    ))
}

const COLUMNS: [(&str, f64); 9] = [
    ("Druh služby", 40.0),
    ("Věk", 14.0),
    ("Míst na 1 000 lidí", 12.0),
    ("Obvod", 24.0),
    ("Rok", 8.0),
    ("Lidé v daném věku", 12.0),
    ("Potřeba míst", 12.0),
    ("Kapacita", 12.0),
    ("Chybí míst", 12.0),
];

async fn file(ctx: Ctx, state: AppState, format: Format) -> Result<Response, Error> {
    let (forecasts, _) = forecasts(&ctx, &state).await?;
    let mut rows = Vec::new();
    for f in &forecasts {
        for (district, per_year) in &f.rows {
            for (year, found) in f.years.iter().zip(per_year) {
                let Some((x, _)) = found else { continue };
                rows.push(vec![
                    Cell::Text(f.service_type.clone()),
                    Cell::Text(f.ages.clone()),
                    Cell::Text(f.per_thousand.clone()),
                    Cell::Text(district.clone()),
                    Cell::Number(i64::from(*year)),
                    Cell::Number(x.people),
                    Cell::Number(x.needed),
                    Cell::Number(x.capacity),
                    Cell::Number(x.gap()),
                ]);
            }
        }
    }
    Ok(crate::listing::export(
        format,
        "prognoza",
        "Prognóza".into(),
        &COLUMNS,
        rows,
    ))
}

async fn csv(ctx: Ctx, State(state): State<AppState>) -> Result<Response, Error> {
    file(ctx, state, Format::Csv).await
}

async fn xlsx(ctx: Ctx, State(state): State<AppState>) -> Result<Response, Error> {
    file(ctx, state, Format::Xlsx).await
}
