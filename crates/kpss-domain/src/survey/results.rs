//! What the answers to a question add up to, from the counts the database makes: the share of
//! each choice or point, the mean of a scale, the summary of numbers, and a cross-tabulation
//! of one question by another.

use serde::Serialize;

use super::{Question, QuestionKind, SCALE};
use crate::quantity::Quantity;

/// How the answers spread over the choices or points of a question (or of one statement of a
/// matrix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Distribution {
    /// The statement of a matrix; empty otherwise.
    pub statement: String,
    pub labels: Vec<String>,
    pub counts: Vec<i64>,
    /// Whole per cent of `base`; for one choice or a point they add up to 100, for several
    /// choices each is the share of respondents who ticked it.
    pub percents: Vec<i64>,
    /// How many respondents answered.
    pub base: i64,
    /// The mean point of a scale, in hundredths.
    pub mean: Option<Quantity>,
}

/// The numbers given in answer to a number question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NumberSummary {
    pub count: usize,
    pub min: Quantity,
    pub max: Quantity,
    pub mean: Quantity,
    pub median: Quantity,
}

/// The result of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum QuestionResult {
    /// Choices and points: one distribution, or one per statement of a matrix.
    Counted(Vec<Distribution>),
    /// `None` when nobody answered.
    Numbers(Option<NumberSummary>),
    /// Texts are listed, not counted: how many there are.
    Texts(i64),
}

/// The labels of the columns a question's answers are counted in, with the stored option of
/// each (`None`: „jiné“).
#[must_use]
pub fn columns(q: &Question) -> Vec<(Option<i32>, String)> {
    match q.draft.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut out: Vec<(Option<i32>, String)> = (0..q.draft.options.len())
                .map(|i| {
                    let i = i32::try_from(i).unwrap_or_default();
                    (Some(i), q.option_label(Some(i)))
                })
                .collect();
            if q.draft.other {
                out.push((None, q.option_label(None)));
            }
            out
        }
        QuestionKind::Scale | QuestionKind::Matrix => {
            SCALE.map(|p| (Some(p), p.to_string())).collect()
        }
        _ => Vec::new(),
    }
}

fn mean_point(points: &[(Option<i32>, i64)]) -> Option<Quantity> {
    let n: i64 = points.iter().map(|(_, c)| c).sum();
    let sum: i64 = points
        .iter()
        .map(|(p, c)| i64::from(p.unwrap_or_default()) * c)
        .sum();
    divide(sum * 100, n).map(Quantity::from_hundredths)
}

/// `a / b` rounded half up; `None` for a zero `b`.
fn divide(a: i64, b: i64) -> Option<i64> {
    (b > 0).then(|| (2 * a + b).div_euclid(2 * b))
}

fn distribution(
    q: &Question,
    statement: String,
    counted: &dyn Fn(Option<i32>) -> i64,
    base: i64,
) -> Distribution {
    let cols = columns(q);
    let counts: Vec<i64> = cols.iter().map(|(o, _)| counted(*o)).collect();
    let percents = if q.draft.kind == QuestionKind::Multiple {
        counts
            .iter()
            .map(|c| divide(c * 100, base).unwrap_or_default())
            .collect()
    } else {
        crate::rounding::shares(&counts).unwrap_or_else(|| vec![0; counts.len()])
    };
    let mean = matches!(q.draft.kind, QuestionKind::Scale | QuestionKind::Matrix)
        .then(|| {
            let points: Vec<(Option<i32>, i64)> = cols
                .iter()
                .map(|(o, _)| *o)
                .zip(counts.iter().copied())
                .collect();
            mean_point(&points)
        })
        .flatten();
    Distribution {
        statement,
        labels: cols.into_iter().map(|(_, l)| l).collect(),
        counts,
        percents,
        base,
        mean,
    }
}

/// The result of question `q` from the database's counts of its rows `(statement, option,
/// count)`, the number of respondents who answered it and, for a number question, the numbers
/// given (in hundredths).
#[must_use]
pub fn result(
    q: &Question,
    counts: &[(i32, Option<i32>, i64)],
    answered: i64,
    numbers: &[i64],
) -> QuestionResult {
    let count_of = |row: i32, option: Option<i32>| {
        counts
            .iter()
            .filter(|(r, o, _)| *r == row && *o == option)
            .map(|(_, _, n)| n)
            .sum::<i64>()
    };
    match q.draft.kind {
        QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Scale => {
            QuestionResult::Counted(vec![distribution(
                q,
                String::new(),
                &|o| count_of(0, o),
                answered,
            )])
        }
        QuestionKind::Matrix => QuestionResult::Counted(
            q.draft
                .options
                .iter()
                .enumerate()
                .map(|(i, statement)| {
                    let row = i32::try_from(i).unwrap_or_default();
                    let base = counts
                        .iter()
                        .filter(|(r, _, _)| *r == row)
                        .map(|(_, _, n)| n)
                        .sum();
                    distribution(q, statement.clone(), &|o| count_of(row, o), base)
                })
                .collect(),
        ),
        QuestionKind::Number => QuestionResult::Numbers(summary(numbers)),
        QuestionKind::ShortText | QuestionKind::LongText => QuestionResult::Texts(answered),
    }
}

/// The count, least, greatest, mean and median of numbers in hundredths.
#[must_use]
pub fn summary(numbers: &[i64]) -> Option<NumberSummary> {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    let (first, last) = (*sorted.first()?, *sorted.last()?);
    let n = i64::try_from(sorted.len()).ok()?;
    let middle = sorted.len() / 2;
    let median = if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        divide(sorted[middle - 1] + sorted[middle], 2)?
    };
    Some(NumberSummary {
        count: sorted.len(),
        min: Quantity::from_hundredths(first),
        max: Quantity::from_hundredths(last),
        mean: Quantity::from_hundredths(divide(sorted.iter().sum(), n)?),
        median: Quantity::from_hundredths(median),
    })
}

/// The answers to one question split by the answers to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossTab {
    /// The choices or points of the question split by.
    pub columns: Vec<String>,
    /// The choices or points of the question split.
    pub rows: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<i64>>,
    /// Respondents of each column who answered the question split.
    pub bases: Vec<i64>,
    /// Whole per cent of the column's base.
    pub percents: Vec<Vec<i64>>,
}

/// Whether answers may be split by `by`: it takes one choice or point from each respondent.
#[must_use]
pub fn splits(by: &Question) -> bool {
    matches!(by.draft.kind, QuestionKind::Single | QuestionKind::Scale)
}

/// Question `of` split by question `by`, from the database's counts of `(by's option, of's
/// option, count)` and of the respondents per `by`'s option who answered `of`; `None` when
/// `by` does not split or `of` is not counted per choice (a matrix neither).
#[must_use]
pub fn crosstab(
    (by, of): (&Question, &Question),
    cells: &[(Option<i32>, Option<i32>, i64)],
    bases: &[(Option<i32>, i64)],
) -> Option<CrossTab> {
    if !splits(by) || !of.draft.kind.is_counted() || of.draft.kind == QuestionKind::Matrix {
        return None;
    }
    let (splitting, rows) = (columns(by), columns(of));
    let counts: Vec<Vec<i64>> = rows
        .iter()
        .map(|(r, _)| {
            splitting
                .iter()
                .map(|(c, _)| {
                    cells
                        .iter()
                        .filter(|(b, o, _)| b == c && o == r)
                        .map(|(_, _, n)| n)
                        .sum()
                })
                .collect()
        })
        .collect();
    let bases: Vec<i64> = splitting
        .iter()
        .map(|(c, _)| bases.iter().filter(|(b, _)| b == c).map(|(_, n)| n).sum())
        .collect();
    let percents = counts
        .iter()
        .map(|row| {
            row.iter()
                .zip(&bases)
                .map(|(n, base)| divide(n * 100, *base).unwrap_or_default())
                .collect()
        })
        .collect();
    Some(CrossTab {
        columns: splitting.into_iter().map(|(_, l)| l).collect(),
        rows: rows.into_iter().map(|(_, l)| l).collect(),
        counts,
        bases,
        percents,
    })
}
