//! The evaluation of cards from the evaluation template.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use kpss_docs::import::ReportColumns;
use kpss_domain::action_plan::CardOwner;
use kpss_domain::evaluation::{Actuals, ActualsInput};
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::action_plan;

use super::{
    answer, group_of, import_page, problem, read_upload, row_errors, source_column, sources, upload,
};
use crate::action_plan::{measures, visible_action_plan};
use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::messages::field_label;
use crate::{AppState, Error};

pub(super) async fn import_reports(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
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
    let rows = match read_upload(file, ReportColumns::SHEET, columns.names.clone()).await? {
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
        .map_err(crate::action_plan::card::card_error)?;
    let what = if submit {
        "odevzdáno ke schválení"
    } else {
        "uloženo"
    };
    answer(
        &ctx,
        &state,
        id,
        Ok(format!(
            "Hodnocení {} bylo {what}.",
            kpss_domain::czech::count(count, "karty", "karet", "karet")
        )),
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
