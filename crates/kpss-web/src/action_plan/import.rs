//! Importing activity cards (planned) and their evaluation (actuals) from the XLSX templates
//! kpss offers: every row is checked and every rejected row shown with its reason; nothing is
//! stored unless the whole file is valid, and then all of it in one transaction.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_docs::import::{CardColumns, FileProblem, ReportColumns, Row, read_table, template};
use kpss_domain::account::Actor;
use kpss_domain::action_plan::{ActionPlanState, CardDraft, CardInput, CardOwner};
use kpss_domain::catalogue::Ico;
use kpss_domain::evaluation::{Actuals, ActualsInput, CardStatus};
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::action_plan::{self, ActionPlan, CardPlacement};

use super::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::FormData;
use crate::messages::{field_error, field_label};
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
            axum::routing::post(import_cards).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/akcni-plany/{id}/import/hodnoceni",
            axum::routing::post(import_reports).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
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
    let bytes = template(
        CardColumns::SHEET,
        &columns.names,
        &[],
        &[("Opatření", measures), ("Organizace", organisations)],
    )
    .map_err(|e| Error::Internal(e.to_string()))?;
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
    let bytes = template(
        ReportColumns::SHEET,
        &columns.names,
        &rows,
        &[("Stavy plnění", statuses)],
    )
    .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(xlsx(
        bytes,
        &format!("hodnoceni-{}.xlsx", page.action_plan.year),
    ))
}

fn group_of(measures: &[MeasureInfo]) -> HashMap<i32, String> {
    measures.iter().map(|m| (m.id, m.group.clone())).collect()
}

/// The form fields and the uploaded file of a multipart form.
async fn upload(mut multipart: Multipart) -> Result<(FormData, Vec<u8>), Error> {
    let too_big = || {
        Error::BadRequest(format!(
            "Soubor se nepodařilo přijmout: je větší než {} MB nebo byl přenos přerušen.",
            MAX_UPLOAD / 1024 / 1024
        ))
    };
    let mut fields = Vec::new();
    let mut file = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file = field.bytes().await.map_err(|_| too_big())?.to_vec();
        } else {
            fields.push((name, field.text().await.map_err(|_| too_big())?));
        }
    }
    if file.is_empty() {
        return Err(Error::BadRequest(
            "Vyberte prosím soubor XLSX k nahrání.".into(),
        ));
    }
    Ok((FormData(fields), file))
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

async fn import_cards(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let (page, actor) = import_page(&ctx, &state, id).await?;
    let (form, file) = upload(multipart).await?;
    form.check_csrf(&ctx.session).await?;
    if !page.planning_open {
        return Err(Error::Conflict(crate::messages::PLANNING_CLOSED.into()));
    }
    let sources = sources(&state, ctx.tenant.id).await?;
    let columns = CardColumns::new(&sources);
    let rows = match read_table(&file, CardColumns::SHEET, &columns.names) {
        Ok(rows) => rows,
        Err(p) => return answer(&ctx, &state, id, Err((Some(problem(&p)), Vec::new()))).await,
    };
    let (_, tree) = visible_action_plan(&ctx, &state, id).await?;
    let measures = measures(&tree);
    let organisations: HashMap<String, i32> =
        kpss_store::catalogue::organisations(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .map(|o| (o.draft.ico.to_string(), o.id))
            .collect();
    let services: HashMap<i32, i32> =
        kpss_store::catalogue::service_choices(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .map(|(id, org, _)| (id, org))
            .collect();
    let codes: Vec<String> = columns.sources.clone();
    let mut cards = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for row in &rows {
        let mut problems = FieldErrors::default();
        let measure = measures
            .iter()
            .find(|m| m.code.eq_ignore_ascii_case(row.get(0).trim()));
        if measure.is_none() {
            problems.add("measure", FieldError::UnknownValue);
        }
        let organisation = match Ico::parse(&spreadsheet_ico(row.get(1))) {
            Ok(ico) => organisations.get(&ico.to_string()).copied(),
            Err(e) => {
                problems.add("ico", e);
                None
            }
        };
        if organisation.is_none() && problems.get("ico").is_none() {
            problems.add("organisation", FieldError::UnknownValue);
        }
        let service = match row.get(2).trim() {
            "" => None,
            raw => {
                let found = raw
                    .parse::<i32>()
                    .ok()
                    .filter(|s| organisation.is_some() && services.get(s) == organisation.as_ref());
                if found.is_none() {
                    problems.add("service", FieldError::UnknownValue);
                }
                found
            }
        };
        let indicator = |i: usize| {
            let at = columns.first_indicator() + 3 * i;
            (row.get(at), row.get(at + 1), row.get(at + 2))
        };
        let input = CardInput {
            new_activity: row.get(3),
            title: row.get(4),
            description: row.get(5),
            period: row.get(6),
            planned_capacity: row.get(7),
            planned_clients: row.get(8),
            responsible_person: row.get(9),
            costs: codes
                .iter()
                .enumerate()
                .map(|(i, code)| (code.as_str(), row.get(columns.first_source() + i)))
                .collect(),
            indicators: (0..kpss_domain::action_plan::INDICATOR_ROWS)
                .map(indicator)
                .collect(),
        };
        let draft = CardDraft::parse(&input, &codes);
        if let (Some(m), Some(org)) = (measure, organisation) {
            let owner = CardOwner {
                organisation: org,
                group: &m.group,
            };
            if !actor.may_edit_card(owner) {
                problems.add("organisation", FieldError::NotPermitted);
            }
        }
        match draft {
            Ok(draft) if problems.is_empty() => {
                if let (Some(m), Some(organisation_id)) = (measure, organisation) {
                    cards.push((
                        CardPlacement {
                            measure_id: m.id,
                            organisation_id,
                            service_id: service,
                        },
                        draft,
                    ));
                }
            }
            draft => {
                if let Err(more) = draft {
                    problems.0.extend(more.0);
                }
                errors.extend(row_errors(row, problems, |f| {
                    card_column(&columns, &sources, f)
                }));
            }
        }
    }
    if !errors.is_empty() {
        return answer(&ctx, &state, id, Err((None, errors))).await;
    }
    let count = cards.len();
    action_plan::create_cards(&state.store, ctx.tenant.id, &actor, id, &cards)
        .await
        .map_err(super::card::card_error)?;
    answer(
        &ctx,
        &state,
        id,
        Ok(format!("Importováno {count} karet aktivit.")),
    )
    .await
}

/// Spreadsheets drop the leading zeros of an IČO typed as a number (00845451 → 845451).
fn spreadsheet_ico(raw: &str) -> String {
    let raw = raw.trim();
    if !raw.is_empty() && raw.len() < 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        format!("{raw:0>8}")
    } else {
        raw.to_owned()
    }
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

/// The spreadsheet column a field came from.
fn card_column(columns: &CardColumns, sources: &[(String, String)], field: &str) -> String {
    let fixed = |i: usize| CardColumns::FIXED[i].to_owned();
    match field {
        "measure" => fixed(0),
        "ico" | "organisation" => fixed(1),
        "service" => fixed(2),
        "new_activity" => fixed(3),
        "title" => fixed(4),
        "description" => fixed(5),
        "period" => fixed(6),
        "planned_capacity" => fixed(7),
        "planned_clients" => fixed(8),
        "responsible_person" => fixed(9),
        f => {
            if let Some(name) = source_column(&columns.names, columns.first_source(), sources, f) {
                return name;
            }
            for (prefix, offset) in [
                ("indicator_name_", 0),
                ("indicator_unit_", 1),
                ("indicator_target_", 2),
            ] {
                if let Some(i) = f.strip_prefix(prefix).and_then(|i| i.parse::<usize>().ok()) {
                    return columns.names[columns.first_indicator() + 3 * i + offset].clone();
                }
            }
            field_label(f).to_owned()
        }
    }
}

async fn import_reports(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let (page, actor) = import_page(&ctx, &state, id).await?;
    let (form, file) = upload(multipart).await?;
    form.check_csrf(&ctx.session).await?;
    if !page.round_open {
        return Err(Error::Conflict(crate::messages::CARD_LOCKED.into()));
    }
    let submit = form.get("action") == "odevzdat";
    let sources = sources(&state, ctx.tenant.id).await?;
    let columns = ReportColumns::new(&sources);
    let rows = match read_table(&file, ReportColumns::SHEET, &columns.names) {
        Ok(rows) => rows,
        Err(p) => return answer(&ctx, &state, id, Err((Some(problem(&p)), Vec::new()))).await,
    };
    let (_, tree) = visible_action_plan(&ctx, &state, id).await?;
    let group_of = group_of(&measures(&tree));
    let cards: HashMap<i32, action_plan::Card> =
        action_plan::cards(&state.store, ctx.tenant.id, id)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let codes: Vec<String> = columns.sources.clone();
    let mut reports = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for row in &rows {
        let mut problems = FieldErrors::default();
        let card = row
            .get(0)
            .trim()
            .parse::<i32>()
            .ok()
            .and_then(|c| cards.get(&c));
        match card {
            None => problems.add("card", FieldError::UnknownValue),
            Some(c) if seen.contains(&c.id) => problems.add("card", FieldError::AlreadyUsed),
            Some(c) => {
                seen.push(c.id);
                let owner = CardOwner {
                    organisation: c.placement.organisation_id,
                    group: group_of
                        .get(&c.placement.measure_id)
                        .map_or("", String::as_str),
                };
                if !actor.may_edit_card(owner) {
                    problems.add("card", FieldError::NotPermitted);
                } else if !c.report.state.is_editable() {
                    problems.add("card", FieldError::Locked);
                }
            }
        }
        let indicators = card.map_or(0, |c| c.draft.indicators.len());
        let input = ActualsInput {
            status: row.get(3),
            actual_clients: row.get(4),
            actual_capacity: row.get(5),
            comment: row.get(6),
            costs: codes
                .iter()
                .enumerate()
                .map(|(i, code)| (code.as_str(), row.get(columns.first_source() + i)))
                .collect(),
            indicators: (0..indicators)
                .map(|i| row.get(columns.first_indicator() + i))
                .collect(),
        };
        match (Actuals::parse(&input, &codes), card) {
            (Ok(actuals), Some(c)) if problems.is_empty() => reports.push((c.id, actuals)),
            (parsed, _) => {
                if let Err(more) = parsed {
                    problems.0.extend(more.0);
                }
                errors.extend(row_errors(row, problems, |f| {
                    report_column(&columns, &sources, f)
                }));
            }
        }
    }
    if !errors.is_empty() {
        return answer(&ctx, &state, id, Err((None, errors))).await;
    }
    let count = reports.len();
    kpss_store::evaluation::save_reports(&state.store, ctx.tenant.id, &actor, &reports, submit)
        .await
        .map_err(super::card::card_error)?;
    let what = if submit {
        "odevzdáno ke schválení"
    } else {
        "uloženo"
    };
    answer(
        &ctx,
        &state,
        id,
        Ok(format!("Hodnocení {count} karet bylo {what}.")),
    )
    .await
}

/// The spreadsheet column a field of the evaluation came from.
fn report_column(columns: &ReportColumns, sources: &[(String, String)], field: &str) -> String {
    let fixed = |i: usize| ReportColumns::FIXED[i].to_owned();
    match field {
        "card" => fixed(0),
        "status" => fixed(3),
        "actual_clients" => fixed(4),
        "actual_capacity" => fixed(5),
        "comment" => fixed(6),
        f => {
            if let Some(name) = source_column(&columns.names, columns.first_source(), sources, f) {
                return name;
            }
            if let Some(i) = f
                .strip_prefix("indicator_actual_")
                .and_then(|i| i.parse::<usize>().ok())
            {
                return columns.names[columns.first_indicator() + i].clone();
            }
            field_label(f).to_owned()
        }
    }
}
