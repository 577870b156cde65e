//! Importing activity cards (planned) and their evaluation (actuals) from the XLSX templates
//! kpss offers: every row is checked and every rejected row shown with its reason; nothing is
//! stored unless the whole file is valid, and then all of it in one transaction.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_docs::import::{CardColumns, FileProblem, ReportColumns, Row, template};
use kpss_domain::FieldErrors;
use kpss_domain::account::Actor;
use kpss_domain::action_plan::{ActionPlanState, CardOwner};
use kpss_domain::evaluation::CardStatus;
use kpss_store::action_plan::{self, ActionPlan};

mod cards;
mod reports;

use super::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::FormData;
use crate::messages::field_error;
use crate::{AppState, Error};

/// The largest upload; the reader refuses more than 5 000 rows anyway.
const MAX_UPLOAD: usize = 16 * 1024 * 1024;

/// Routes of the import.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/akcni-plany/{id}/import", get(page))
        .route("/akcni-plany/{id}/import/karty.xlsx", get(cards_template))
        .route(
            "/akcni-plany/{id}/import/hodnoceni.xlsx",
            get(reports_template),
        )
        .route(
            "/akcni-plany/{id}/import/karty",
            axum::routing::post(cards::import_cards).layer(crate::upload::body_limit(MAX_UPLOAD)),
        )
        .route(
            "/akcni-plany/{id}/import/hodnoceni",
            axum::routing::post(reports::import_reports)
                .layer(crate::upload::body_limit(MAX_UPLOAD)),
        )
}

/// A rejected row: its number in the sheet, the column and why.
struct RowError {
    row: u32,
    column: String,
    message: String,
}

#[derive(Template)]
#[template(path = "action_plan/import.html")]
struct ImportPage {
    layout: Layout,
    action_plan: ActionPlan,
    plan_title: String,
    planning_open: bool,
    round_open: bool,
    /// What happened to the last upload.
    outcome: Option<String>,
    problem: Option<String>,
    errors: Vec<RowError>,
}

async fn import_page(ctx: &Ctx, state: &AppState, id: i32) -> Result<(ImportPage, Actor), Error> {
    let actor = ctx.require_user()?.actor();
    let (ap, tree) = visible_action_plan(ctx, state, id).await?;
    if ap.tenant_id != ctx.tenant.id
        || !(actor.is_admin() || !actor.organisations.is_empty() || actor.leads_any())
    {
        return Err(Error::Forbidden);
    }
    let round = kpss_store::evaluation::round(&state.store, ctx.tenant.id, ap.id).await?;
    Ok((
        ImportPage {
            layout: ctx.layout(),
            planning_open: ap.state == ActionPlanState::Open,
            round_open: round.is_some_and(|r| !r.closed),
            action_plan: ap,
            plan_title: tree.plan.title,
            outcome: None,
            problem: None,
            errors: Vec::new(),
        },
        actor,
    ))
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (page, _) = import_page(&ctx, &state, parse_id(&id)?).await?;
    Ok(Html(page.render()?))
}

async fn sources(state: &AppState, tenant: i32) -> Result<Vec<(String, String)>, Error> {
    Ok(kpss_store::tenant::funding_sources(&state.store, tenant)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect())
}

fn xlsx(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn cards_template(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (page, actor) = import_page(&ctx, &state, parse_id(&id)?).await?;
    let (_, tree) = visible_action_plan(&ctx, &state, page.action_plan.id).await?;
    let columns = CardColumns::new(&sources(&state, ctx.tenant.id).await?);
    let measures: Vec<(String, String)> = measures(&tree)
        .into_iter()
        .filter(|m| actor.role != kpss_domain::account::Role::Manager || actor.leads(&m.group))
        .map(|m| (m.code, m.text))
        .collect();
    let organisations: Vec<(String, String)> =
        kpss_store::catalogue::organisations(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .filter(|o| {
                actor.role != kpss_domain::account::Role::ProviderEditor
                    || actor.organisations.contains(&o.id)
            })
            .map(|o| (o.draft.ico.to_string(), o.draft.name))
            .collect();
    let bytes = workbook(
        CardColumns::SHEET,
        columns.names,
        Vec::new(),
        vec![("Opatření", measures), ("Organizace", organisations)],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("karty-aktivit-{}.xlsx", page.action_plan.year),
    ))
}

async fn reports_template(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (page, actor) = import_page(&ctx, &state, parse_id(&id)?).await?;
    let (_, tree) = visible_action_plan(&ctx, &state, page.action_plan.id).await?;
    let group_of = group_of(&measures(&tree));
    let columns = ReportColumns::new(&sources(&state, ctx.tenant.id).await?);
    let names = super::organisation_names(&state, ctx.tenant.id).await?;
    let cards = action_plan::cards(&state.store, ctx.tenant.id, page.action_plan.id).await?;
    let rows: Vec<Vec<String>> = cards
        .iter()
        .filter(|c| c.report.state.is_editable())
        .filter(|c| {
            actor.may_edit_card(CardOwner {
                organisation: c.placement.organisation_id,
                group: group_of
                    .get(&c.placement.measure_id)
                    .map_or("", String::as_str),
            })
        })
        .map(|c| {
            let mut row = vec![
                c.id.to_string(),
                c.draft.title.clone(),
                names
                    .get(&c.placement.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
            ];
            row.resize(columns.first_indicator(), String::new());
            row
        })
        .collect();
    let statuses = CardStatus::ALL
        .iter()
        .map(|s| (s.name().to_owned(), s.code().to_owned()))
        .collect();
    let bytes = workbook(
        ReportColumns::SHEET,
        columns.names,
        rows,
        vec![("Stavy plnění", statuses)],
    )
    .await?;
    Ok(xlsx(
        bytes,
        &format!("hodnoceni-{}.xlsx", page.action_plan.year),
    ))
}

/// Builds a template workbook on a blocking thread, off the workers that serve requests.
async fn workbook(
    sheet: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    codes: Vec<(&'static str, Vec<(String, String)>)>,
) -> Result<Vec<u8>, Error> {
    tokio::task::spawn_blocking(move || template(sheet, &columns, &rows, &codes))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))
}

/// Unpacks and reads an uploaded workbook (up to 16 MB) on a blocking thread, so a large upload
/// does not stall the workers that serve everyone else.
async fn read_upload(
    file: Vec<u8>,
    sheet: &'static str,
    columns: Vec<String>,
) -> Result<Result<Vec<Row>, FileProblem>, Error> {
    tokio::task::spawn_blocking(move || kpss_docs::import::read_table(&file, sheet, &columns))
        .await
        .map_err(|e| Error::Internal(e.to_string()))
}

fn group_of(measures: &[MeasureInfo]) -> HashMap<i32, String> {
    measures.iter().map(|m| (m.id, m.group.clone())).collect()
}

/// The form fields and the uploaded file of a multipart form.
async fn upload(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(FormData, Vec<u8>), Error> {
    let upload = crate::upload::read(multipart, MAX_UPLOAD).await?;
    let (fields, file) = (upload.form, upload.body.to_vec());
    if file.is_empty() {
        return Err(Error::BadRequest(
            "Vyberte prosím soubor XLSX k nahrání.".into(),
        ));
    }
    Ok((fields, file))
}

/// Why a file was refused, in Czech.
fn problem(p: &FileProblem) -> String {
    match p {
        FileProblem::NotXlsx => "Soubor není sešit XLSX (Excel 2007 a novější). Uložte jej prosím ve formátu .xlsx.".into(),
        FileProblem::TooLarge => "Soubor se po rozbalení nepřiměřeně zvětšuje; takový soubor kpss z bezpečnostních důvodů nezpracuje.".into(),
        FileProblem::MissingSheet(s) => format!("V sešitu chybí list „{s}“. Použijte prosím šablonu ke stažení na této stránce."),
        FileProblem::MissingColumns(c) => format!("V záhlaví listu chybí sloupce: {}. Použijte prosím šablonu ke stažení.", c.iter().map(|c| format!("„{c}“")).collect::<Vec<_>>().join(", ")),
        FileProblem::MergedCells(r) => format!("List obsahuje sloučené buňky ({r}). Sloučení prosím zrušte, každá hodnota musí mít svou buňku."),
        FileProblem::TooManyRows(n) => format!("Soubor má {n} řádků; najednou lze nahrát nejvýše {} řádků.", kpss_docs::import::MAX_ROWS),
        FileProblem::Empty => "List neobsahuje žádný vyplněný řádek.".into(),
    }
}

fn row_errors(row: &Row, errors: FieldErrors, column_of: impl Fn(&str) -> String) -> Vec<RowError> {
    errors
        .0
        .into_iter()
        .map(|(field, error)| RowError {
            row: row.number,
            column: column_of(&field),
            message: field_error(&error),
        })
        .collect()
}

async fn answer(
    ctx: &Ctx,
    state: &AppState,
    id: i32,
    result: Result<String, (Option<String>, Vec<RowError>)>,
) -> Result<Response, Error> {
    let (mut page, _) = import_page(ctx, state, id).await?;
    let status = match result {
        Ok(outcome) => {
            page.outcome = Some(outcome);
            StatusCode::OK
        }
        Err((problem, errors)) => {
            page.problem = problem;
            page.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The column of a funding source's amount (`cost_<code>`), in either sheet.
fn source_column(
    names: &[String],
    first_source: usize,
    sources: &[(String, String)],
    field: &str,
) -> Option<String> {
    let code = field.strip_prefix("cost_")?;
    let i = sources.iter().position(|(c, _)| c == code)?;
    names.get(first_source + i).cloned()
}
