//! Planned activity cards from the cards template.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use kpss_docs::import::CardColumns;
use kpss_domain::action_plan::{CardDraft, CardInput, CardOwner};
use kpss_domain::catalogue::Ico;
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::action_plan::{self, CardPlacement};

use super::{
    answer, import_page, problem, read_upload, row_errors, source_column, sources, upload,
};
use crate::action_plan::{measures, visible_action_plan};
use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::messages::field_label;
use crate::{AppState, Error};

pub(super) async fn import_cards(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
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
    let rows = match read_upload(file, CardColumns::SHEET, columns.names.clone()).await? {
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
            (row.get(at), row.get(at + 1), row.get(at + 2), "")
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
        .map_err(crate::action_plan::card::card_error)?;
    answer(
        &ctx,
        &state,
        id,
        Ok(format!(
            "{} {}.",
            kpss_domain::czech::plural(
                count,
                ["Byla importována", "Byly importovány", "Bylo importováno"]
            ),
            kpss_domain::czech::count(count, "karta aktivity", "karty aktivit", "karet aktivit")
        )),
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
