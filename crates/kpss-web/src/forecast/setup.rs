//! The coordinator's side of the forecast: importing the population table and setting the
//! need ratios.

use axum::extract::{Multipart, Path};
use kpss_docs::import::{PopulationProblem, RowProblem, read_population};
use kpss_domain::forecast::Population;

use super::*;

/// The largest population table taken: the statistics' CSV of a city is far smaller.
pub(super) const MAX_UPLOAD: usize = 20 * 1024 * 1024;

fn coordinator(ctx: &Ctx) -> Result<kpss_domain::account::Actor, Error> {
    ctx.require_admin().map(|u| u.actor())
}

#[derive(Template)]
#[template(path = "forecast/population.html")]
struct PopulationPage {
    layout: Layout,
    csrf: String,
    /// Rows stored: (district name, years, people in the latest year).
    stored: Vec<(String, String, String)>,
    problems: Vec<String>,
}

async fn population_page(
    ctx: &Ctx,
    state: &AppState,
    problems: Vec<String>,
) -> Result<PopulationPage, Error> {
    let population = kpss_store::forecast::population(&state.store, ctx.tenant.id).await?;
    let names: BTreeMap<String, String> = kpss_store::tenant::list(
        &state.store,
        ctx.tenant.id,
        kpss_store::tenant::ListKind::Districts,
    )
    .await?
    .into_iter()
    .map(|d| (d.code, d.name))
    .collect();
    let mut by_district: BTreeMap<&str, BTreeMap<i32, i64>> = BTreeMap::new();
    for p in &population {
        *by_district
            .entry(&p.district)
            .or_default()
            .entry(p.year)
            .or_default() += p.people;
    }
    let stored = by_district
        .iter()
        .map(|(d, years)| {
            let first = years.keys().next().copied().unwrap_or_default();
            let (last, people) = years
                .iter()
                .next_back()
                .map(|(y, n)| (*y, *n))
                .unwrap_or_default();
            (
                names.get(*d).cloned().unwrap_or_else(|| (*d).to_owned()),
                format!("{first}–{last}"),
                kpss_domain::czech::group_thousands(people),
            )
        })
        .collect();
    Ok(PopulationPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.clone(),
        stored,
        problems,
    })
}

pub(super) async fn population_form(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    Ok(Html(
        population_page(&ctx, &state, Vec::new()).await?.render()?,
    ))
}

fn row_problem(p: RowProblem) -> &'static str {
    match p {
        RowProblem::NotNumber => "ve sloupci hodnota není celé číslo",
        RowProblem::Negative => "počet obyvatel je záporný",
        RowProblem::Age => {
            "ve sloupci vek_txt není věková skupina (např. „65 až 70“ nebo „95 a více“)"
        }
        RowProblem::Year => "ve sloupci casref_do není datum ani rok",
        RowProblem::District => "chybí název obvodu ve sloupci vuzemi_txt",
    }
}

/// What is wrong with a table, line by line, in Czech; at most 50 lines named.
fn problems(problem: PopulationProblem) -> Vec<String> {
    match problem {
        PopulationProblem::Empty => vec!["Soubor není tabulka CSV s hlavičkou a řádky dat.".into()],
        PopulationProblem::MissingColumns(columns) => vec![format!(
            "V tabulce chybí sloupce: {}. Použijte tabulku ve formátu otevřených dat ČSÚ.",
            columns.join(", ")
        )],
        PopulationProblem::TooManyRows => vec![format!(
            "Tabulka má víc než {} řádků.",
            kpss_domain::czech::group_thousands(
                i64::try_from(kpss_docs::import::MAX_POPULATION_ROWS).unwrap_or(0)
            )
        )],
        PopulationProblem::Rows(rows) => {
            let mut out: Vec<String> = rows
                .iter()
                .take(50)
                .map(|(line, p)| format!("Řádek {line}: {}.", row_problem(*p)))
                .collect();
            if rows.len() > 50 {
                out.push(format!("… a dalších {} řádků.", rows.len() - 50));
            }
            out
        }
    }
}

pub(super) async fn import(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let upload = crate::upload::read(multipart, MAX_UPLOAD).await?;
    upload.form.check_csrf(&ctx.session).await?;
    let body = upload.body;
    let refused = |list: Vec<String>| async {
        let page = population_page(&ctx, &state, list).await?;
        Ok::<Response, Error>(
            (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(page.render()?),
            )
                .into_response(),
        )
    };
    // A zip, a PDF or an image is no CSV, whatever its name says.
    if infer::get(&body).is_some() || std::str::from_utf8(&body).is_err() {
        return refused(vec!["Soubor není text CSV v kódování UTF-8.".into()]).await;
    }
    let rows = match read_population(&body) {
        Ok(rows) => rows,
        Err(problem) => return refused(problems(problem)).await,
    };
    let districts = kpss_store::tenant::list(
        &state.store,
        ctx.tenant.id,
        kpss_store::tenant::ListKind::Districts,
    )
    .await?;
    let code_of = |name: &str| {
        districts
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name) || d.code == name)
            .map(|d| d.code.clone())
    };
    let mut unknown = Vec::new();
    let mut population = Vec::new();
    for row in rows {
        match code_of(&row.district) {
            Some(district) => population.push(Population {
                district,
                year: row.year,
                band: row.band,
                people: row.people,
            }),
            None if unknown.len() < 50 => unknown.push(format!(
                "Řádek {}: obvod „{}“ není v seznamu obvodů města.",
                row.line, row.district
            )),
            None => {}
        }
    }
    if !unknown.is_empty() {
        return refused(unknown).await;
    }
    kpss_store::forecast::replace_population(&state.store, ctx.tenant.id, &actor, &population)
        .await?;
    crate::flash::redirect(
        &ctx.session,
        "/prognoza/obyvatelstvo",
        format!(
            "Tabulka obyvatel byla nahrána: {}.",
            kpss_domain::czech::count(population.len(), "řádek", "řádky", "řádků")
        ),
    )
    .await
}

#[derive(Template)]
#[template(path = "forecast/ratios.html")]
struct RatiosPage {
    layout: Layout,
    form: FormView,
    ratios: Vec<(i32, String, String, String)>,
    service_types: Vec<(String, String)>,
}

async fn ratios_page(ctx: &Ctx, state: &AppState, form: FormView) -> Result<RatiosPage, Error> {
    let ratios = kpss_store::forecast::ratios(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .map(|(id, r)| {
            let label = kpss_domain::catalogue::service_type(&r.service_type)
                .map(|t| t.label())
                .unwrap_or(r.service_type);
            (id, label, r.ages.label(), r.per_thousand.to_string())
        })
        .collect();
    Ok(RatiosPage {
        layout: ctx.layout(),
        form,
        ratios,
        service_types: kpss_domain::catalogue::service_types()
            .iter()
            .map(|t| (t.code.clone(), t.label()))
            .collect(),
    })
}

pub(super) async fn ratios(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(ratios_page(&ctx, &state, form).await?.render()?))
}

pub(super) async fn add_ratio(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    data.check_csrf(&ctx.session).await?;
    let parsed = NeedRatio::parse((
        data.get("service_type"),
        data.get("age_from"),
        data.get("age_to"),
        data.get("per_thousand"),
    ));
    let added = match parsed {
        Ok(ratio) => {
            kpss_store::forecast::add_ratio(&state.store, ctx.tenant.id, &actor, &ratio).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match added {
        Ok(_) => {
            crate::flash::redirect(
                &ctx.session,
                "/prognoza/ukazatele",
                "Ukazatel potřeby byl přidán.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            Ok((
                status,
                Html(ratios_page(&ctx, &state, form).await?.render()?),
            )
                .into_response())
        }
    }
}

pub(super) async fn delete_ratio(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    data.check_csrf(&ctx.session).await?;
    let id = crate::catalogue::parse_id(&id)?;
    kpss_store::forecast::delete_ratio(&state.store, ctx.tenant.id, &actor, id).await?;
    crate::flash::redirect(
        &ctx.session,
        "/prognoza/ukazatele",
        "Ukazatel potřeby byl odebrán.".to_owned(),
    )
    .await
}
