//! `/dotazniky/{id}/odpovedi.xlsx` and `.csv`: every questionnaire with its answers, one
//! column per question (per statement of a matrix), for the coordinator.

use kpss_docs::table::Cell;
use kpss_domain::survey::QuestionKind;

use super::*;
use crate::listing::Format;

/// The columns of the raw answers: one per question, one per statement of a matrix.
fn raw_columns(questions: &[Question]) -> Vec<(String, Option<(i32, i32)>)> {
    let mut out = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        if q.draft.kind == QuestionKind::Matrix {
            for (row, statement) in q.draft.options.iter().enumerate() {
                let row = i32::try_from(row).unwrap_or_default();
                out.push((
                    format!("{}. {} – {statement}", i + 1, q.draft.text),
                    Some((q.id, row)),
                ));
            }
        } else {
            out.push((format!("{}. {}", i + 1, q.draft.text), Some((q.id, 0))));
        }
    }
    out
}

/// The cell of one question (or matrix statement) of a response.
fn raw_cell(q: &Question, rows: &[&kpss_domain::survey::AnswerRow]) -> Cell {
    let Some(first) = rows.first() else {
        return Cell::Empty;
    };
    match q.draft.kind {
        QuestionKind::Number => first.number.map_or(Cell::Empty, Cell::Hundredths),
        QuestionKind::Scale | QuestionKind::Matrix => first
            .option
            .map_or(Cell::Empty, |p| Cell::Number(i64::from(p))),
        QuestionKind::ShortText | QuestionKind::LongText => {
            Cell::Text(first.text.clone().unwrap_or_default())
        }
        QuestionKind::Single | QuestionKind::Multiple => Cell::Text(
            rows.iter()
                .map(|r| match (&r.option, &r.text) {
                    (Some(o), _) => q.option_label(Some(*o)),
                    (None, Some(t)) => format!("jiné: {t}"),
                    (None, None) => String::new(),
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

async fn raw_file(
    ctx: Ctx,
    state: AppState,
    id: String,
    format: Format,
) -> Result<Response, Error> {
    coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let raw = kpss_store::survey::raw(&state.store, s.survey.id).await?;
    let names: std::collections::HashMap<i32, String> =
        kpss_store::catalogue::organisations(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.draft.name))
            .collect();
    let columns = raw_columns(&s.questions);
    let mut headers: Vec<(String, f64)> = vec![
        ("Číslo".into(), 8.0),
        ("Způsob".into(), 16.0),
        ("Organizace".into(), 30.0),
        ("Přijato".into(), 18.0),
    ];
    headers.extend(columns.iter().map(|(h, _)| (h.clone(), 30.0)));
    let by_id: std::collections::HashMap<i32, &Question> =
        s.questions.iter().map(|q| (q.id, q)).collect();
    let rows: Vec<Vec<Cell>> = raw
        .iter()
        .map(|r| {
            let mut cells = vec![
                Cell::Number(i64::from(r.id)),
                Cell::Text(r.channel.name().to_owned()),
                r.organisation
                    .and_then(|o| names.get(&o).cloned())
                    .map_or(Cell::Empty, Cell::Text),
                Cell::Text(kpss_domain::czech::format_datetime(r.created_at)),
            ];
            for (_, key) in &columns {
                let Some((question, row)) = key else {
                    cells.push(Cell::Empty);
                    continue;
                };
                let answers: Vec<&kpss_domain::survey::AnswerRow> = r
                    .answers
                    .iter()
                    .filter(|a| a.question == *question && a.row == *row)
                    .collect();
                cells.push(
                    by_id
                        .get(question)
                        .map_or(Cell::Empty, |q| raw_cell(q, &answers)),
                );
            }
            cells
        })
        .collect();
    let widths: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    Ok(crate::listing::export(
        format,
        &format!("dotaznik-{}-odpovedi", s.survey.id),
        "Odpovědi".into(),
        &widths,
        rows,
    ))
}

pub(super) async fn xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    raw_file(ctx, state, id, Format::Xlsx).await
}

pub(super) async fn csv(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    raw_file(ctx, state, id, Format::Csv).await
}
