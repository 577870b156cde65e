//! `/dotazniky/{id}/vysledky`: each question's answers as a chart drawn on the server with the
//! same numbers in a table beside it, optionally split by one question (`?podle={id}`);
//! `/dotazniky/{id}/vysledky/{q}`: the texts written.

use kpss_docs::chart::{BAR_COLOUR, Chart, LabelledBar, SCALE_COLOURS, labelled_bars};
use kpss_domain::survey::{CrossTab, QuestionKind, QuestionResult, crosstab, result, splits};

use super::*;

/// How many texts a question's own page lists at once, and its result shows.
const TEXTS_PER_PAGE: u64 = 50;
const TEXTS_SHOWN: u64 = 5;

/// One row of a result's table.
pub(super) struct ResultRow {
    pub label: String,
    pub cells: Vec<String>,
}

/// A question's result as the page shows it.
pub(super) struct Shown {
    pub number: usize,
    pub id: i32,
    pub text: String,
    pub kind: &'static str,
    /// „odpovědělo 12 z 20“.
    pub answered: String,
    pub chart: Option<Chart>,
    /// The table beside the chart: its column headings and rows.
    pub headings: Vec<String>,
    pub rows: Vec<ResultRow>,
    /// The first texts written, for text questions and „jiné“.
    pub texts: Vec<String>,
    pub more_texts: Option<String>,
    /// Split by the chosen question: the columns, and the rows with their counts and shares.
    pub crosstab: Option<(Vec<String>, Vec<ResultRow>)>,
}

#[derive(Template)]
#[template(path = "survey/results.html")]
struct ResultsPage {
    layout: Layout,
    s: Loaded,
    responses: i64,
    shown: Vec<Shown>,
    /// The questions one may split by, and the chosen one.
    splitters: Vec<(String, String)>,
    by: Option<(i32, String)>,
    may_export: bool,
}

/// Refuses a visitor who may not read the results.
fn readable(ctx: &Ctx, s: &Loaded) -> Result<(), Error> {
    if rules::may_read_results(actor(ctx).as_ref(), s.survey.draft.results_public) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

fn percent(p: i64) -> String {
    format!("{p}\u{a0}%")
}

fn shown_counted(
    q: &Question,
    number: usize,
    d: &[kpss_domain::survey::Distribution],
) -> (Option<Chart>, Vec<String>, Vec<ResultRow>) {
    let id = format!("graf-{}", q.id);
    let title = format!("Otázka {number}: {}", q.draft.text);
    if q.draft.kind == QuestionKind::Matrix {
        let series: Vec<(String, &str)> = kpss_domain::survey::SCALE
            .zip(SCALE_COLOURS)
            .map(|(p, c)| (format!("{p}"), c))
            .collect();
        let bars: Vec<LabelledBar> = d
            .iter()
            .map(|x| LabelledBar {
                label: x.statement.clone(),
                values: x
                    .counts
                    .iter()
                    .map(|n| u64::try_from(*n).unwrap_or(0))
                    .collect(),
                note: x.mean.map(|m| format!("průměr {m}")).unwrap_or_default(),
            })
            .collect();
        let description: Vec<String> = d
            .iter()
            .map(|x| {
                format!(
                    "{}: průměr {}",
                    x.statement,
                    x.mean.map(|m| m.to_string()).unwrap_or_else(|| "–".into())
                )
            })
            .collect();
        let chart = labelled_bars(&id, (&title, &description.join("; ")), &series, &bars);
        let mut headings = vec!["Výrok".to_owned()];
        headings.extend(kpss_domain::survey::SCALE.map(|p| p.to_string()));
        headings.extend(["Odpovědí".to_owned(), "Průměr".to_owned()]);
        let rows = d
            .iter()
            .map(|x| {
                let mut cells: Vec<String> = x
                    .counts
                    .iter()
                    .zip(&x.percents)
                    .map(|(n, p)| format!("{n} ({})", percent(*p)))
                    .collect();
                cells.push(x.base.to_string());
                cells.push(x.mean.map(|m| m.to_string()).unwrap_or_else(|| "–".into()));
                ResultRow {
                    label: x.statement.clone(),
                    cells,
                }
            })
            .collect();
        return (Some(chart), headings, rows);
    }
    let Some(x) = d.first() else {
        return (None, Vec::new(), Vec::new());
    };
    let bars: Vec<LabelledBar> = x
        .labels
        .iter()
        .zip(x.counts.iter().zip(&x.percents))
        .map(|(label, (n, p))| LabelledBar {
            label: label.clone(),
            values: vec![u64::try_from(*n).unwrap_or(0)],
            note: format!("{n} ({})", percent(*p)),
        })
        .collect();
    let description: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.note))
        .collect();
    let series = [(String::new(), BAR_COLOUR)];
    let chart = labelled_bars(&id, (&title, &description.join("; ")), &series, &bars);
    let headings = vec![
        if q.draft.kind == QuestionKind::Scale {
            "Bod škály"
        } else {
            "Možnost"
        }
        .to_owned(),
        "Počet".to_owned(),
        "Podíl".to_owned(),
    ];
    let mut rows: Vec<ResultRow> = x
        .labels
        .iter()
        .zip(x.counts.iter().zip(&x.percents))
        .map(|(label, (n, p))| ResultRow {
            label: label.clone(),
            cells: vec![n.to_string(), percent(*p)],
        })
        .collect();
    if let Some(mean) = x.mean {
        rows.push(ResultRow {
            label: "Průměr".into(),
            cells: vec![mean.to_string(), String::new()],
        });
    }
    (Some(chart), headings, rows)
}

/// A cross-tabulation as the rows of a table: „12 (40 %)“ per cell, the bases last.
fn crosstab_rows(t: CrossTab) -> (Vec<String>, Vec<ResultRow>) {
    let mut rows: Vec<ResultRow> = t
        .rows
        .iter()
        .zip(t.counts.iter().zip(&t.percents))
        .map(|(label, (counts, percents))| ResultRow {
            label: label.clone(),
            cells: counts
                .iter()
                .zip(percents)
                .map(|(n, p)| format!("{n} ({})", percent(*p)))
                .collect(),
        })
        .collect();
    rows.push(ResultRow {
        label: "Odpovědělo".into(),
        cells: t.bases.iter().map(ToString::to_string).collect(),
    });
    (t.columns, rows)
}

pub(super) async fn results(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Html<String>, Error> {
    let s = loaded(&ctx, &state, &id).await?;
    readable(&ctx, &s)?;
    let pairs = kpss_domain::listing::pairs(&query.unwrap_or_default());
    let by = match pairs
        .iter()
        .find(|(k, _)| k == "podle")
        .map(|(_, v)| v.as_str())
    {
        None | Some("") => None,
        Some(v) => {
            let id = v
                .parse::<i32>()
                .map_err(|_| Error::BadRequest("Neznámá otázka pro třídění.".into()))?;
            let q = s
                .questions
                .iter()
                .find(|q| q.id == id && splits(q))
                .ok_or_else(|| {
                    Error::BadRequest("Podle této otázky nelze odpovědi třídit.".into())
                })?;
            Some(q.clone())
        }
    };
    let counts = kpss_store::survey::counts(&state.store, s.survey.id, &s.questions).await?;
    let mut shown = Vec::new();
    for (i, q) in s.questions.iter().enumerate() {
        let rows_of = counts
            .rows
            .get(&q.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let answered = counts.answered.get(&q.id).copied().unwrap_or_default();
        let numbers = counts
            .numbers
            .get(&q.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut item = Shown {
            number: i + 1,
            id: q.id,
            text: q.draft.text.clone(),
            kind: q.draft.kind.name(),
            answered: format!("odpovědělo {answered} z {}", counts.responses),
            chart: None,
            headings: Vec::new(),
            rows: Vec::new(),
            texts: Vec::new(),
            more_texts: None,
            crosstab: None,
        };
        match result(q, rows_of, answered, numbers) {
            QuestionResult::Counted(d) => {
                (item.chart, item.headings, item.rows) = shown_counted(q, i + 1, &d);
            }
            QuestionResult::Numbers(summary) => {
                item.headings = vec!["Ukazatel".into(), "Hodnota".into()];
                if let Some(n) = summary {
                    item.rows = [
                        ("Počet odpovědí", n.count.to_string()),
                        ("Nejmenší", n.min.to_string()),
                        ("Největší", n.max.to_string()),
                        ("Průměr", n.mean.to_string()),
                        ("Medián", n.median.to_string()),
                    ]
                    .into_iter()
                    .map(|(l, v)| ResultRow {
                        label: l.to_owned(),
                        cells: vec![v],
                    })
                    .collect();
                }
            }
            QuestionResult::Texts(_) => {}
        }
        if q.draft.kind.is_text() || q.draft.other {
            // Texts are one row each: a text question's rows, or the „jiné“ rows of a choice.
            let total = if q.draft.kind.is_text() {
                answered
            } else {
                rows_of
                    .iter()
                    .filter(|(_, option, _)| option.is_none())
                    .map(|(_, _, n)| n)
                    .sum()
            };
            let total = u64::try_from(total).unwrap_or_default();
            if total > 0 {
                item.texts =
                    kpss_store::survey::texts(&state.store, (s.survey.id, q.id), (0, TEXTS_SHOWN))
                        .await?;
            }
            if total > TEXTS_SHOWN {
                let n = usize::try_from(total).unwrap_or(usize::MAX);
                item.more_texts = Some(kpss_domain::czech::count(
                    n,
                    "napsaná odpověď",
                    "napsané odpovědi",
                    "napsaných odpovědí",
                ));
            }
        }
        if let Some(by) = by.as_ref().filter(|b| b.id != q.id) {
            let (cells, bases) =
                kpss_store::survey::crosstab(&state.store, s.survey.id, (by.id, q.id)).await?;
            item.crosstab = crosstab((by, q), &cells, &bases).map(crosstab_rows);
        }
        shown.push(item);
    }
    let splitters = s
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| splits(q))
        .map(|(i, q)| (q.id.to_string(), format!("{}. {}", i + 1, q.draft.text)))
        .collect();
    Ok(Html(
        ResultsPage {
            layout: ctx.layout(),
            responses: counts.responses,
            shown,
            splitters,
            by: by.map(|q| (q.id, q.draft.text)),
            may_export: rules::may_manage(actor(&ctx).as_ref()),
            s,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "survey/texts.html")]
struct TextsPage {
    layout: Layout,
    s: Loaded,
    question: String,
    texts: Vec<String>,
    count: String,
    first: u64,
    previous: Option<String>,
    next: Option<String>,
}

pub(super) async fn texts(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, question)): Path<(String, String)>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Html<String>, Error> {
    let s = loaded(&ctx, &state, &id).await?;
    readable(&ctx, &s)?;
    let q_id = parse_id(&question)?;
    let q = s
        .questions
        .iter()
        .find(|q| q.id == q_id)
        .ok_or(Error::NotFound)?
        .clone();
    let pairs = kpss_domain::listing::pairs(&query.unwrap_or_default());
    let page: u64 = match pairs.iter().find(|(k, _)| k == "strana") {
        None => 1,
        Some((_, v)) => v
            .parse()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| Error::BadRequest("Strana musí být celé číslo od 1.".into()))?,
    };
    let offset = (page - 1) * TEXTS_PER_PAGE;
    let key = (s.survey.id, q.id);
    let total = kpss_store::survey::text_count(&state.store, key).await?;
    let texts = kpss_store::survey::texts(&state.store, key, (offset, TEXTS_PER_PAGE)).await?;
    let base = format!("/dotazniky/{}/vysledky/{}", s.survey.id, q.id);
    let n = usize::try_from(total).unwrap_or(usize::MAX);
    Ok(Html(
        TextsPage {
            layout: ctx.layout(),
            question: q.draft.text,
            texts,
            count: kpss_domain::czech::count(
                n,
                "napsaná odpověď",
                "napsané odpovědi",
                "napsaných odpovědí",
            ),
            first: offset + 1,
            previous: (page > 1).then(|| format!("{base}?strana={}", page - 1)),
            next: (offset + TEXTS_PER_PAGE < total).then(|| format!("{base}?strana={}", page + 1)),
            s,
        }
        .render()?,
    ))
}
