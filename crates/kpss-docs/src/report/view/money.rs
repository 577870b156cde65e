//! The financial part as shown: tables in tis. Kč whose rounded parts add up to their rounded
//! totals (controlled rounding from `kpss_domain::rounding`), shares of sources in per cent
//! that add up to 100, and a measure's money in exact Kč by source and year.

use kpss_domain::czech::{format_czk, group_thousands};
use kpss_domain::money::{percent, sum};
use kpss_domain::report::{Expected, GroupReport, MeasureReport, Report, expected_total};
use kpss_domain::rounding::{apportion, round_table, round_to, shares};
use serde::Serialize;

const THOUSAND: i64 = 1000;

/// One row of the table of costs by goal and measure, in tis. Kč.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    pub code: String,
    pub label: String,
    /// A goal's subtotal rather than a measure.
    pub subtotal: bool,
    pub expected: String,
    pub planned: String,
    pub actual: String,
    /// Actual of planned, in per cent.
    pub spent: String,
}

/// Costs of a group by goal and measure, in tis. Kč, with the group's total.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyTable {
    pub rows: Vec<MoneyRow>,
    pub total: MoneyRow,
}

/// Exact amounts of one row: expected, planned and actual.
type Triple = [i64; 3];

fn triple(expected: &Expected, s: &kpss_domain::evaluation::Summary) -> Triple {
    let (planned, actual) = s.total_cost();
    [expected_total(expected), planned, actual]
}

fn spent(planned: i64, actual: i64) -> String {
    percent(actual, planned).map_or_else(String::new, |p| format!("{p}\u{a0}%"))
}

/// The group's table: the group total rounded to the nearest thousand, split among its goals,
/// each goal's among its measures, so every level adds up.
#[must_use]
pub fn money_table(group: &GroupReport) -> MoneyTable {
    let group_exact = triple(&group.expected, &group.summary);
    let goals_exact: Vec<Triple> = group
        .goals
        .iter()
        .map(|g| triple(&g.expected, &g.summary))
        .collect();
    let mut shown_goals: Vec<Triple> = vec![[0; 3]; goals_exact.len()];
    let mut group_shown = [0; 3];
    for k in 0..3 {
        group_shown[k] = round_to(group_exact[k], THOUSAND);
        let column: Vec<i64> = goals_exact.iter().map(|t| t[k]).collect();
        for (i, v) in apportion(group_shown[k], &column, THOUSAND)
            .into_iter()
            .enumerate()
        {
            shown_goals[i][k] = v;
        }
    }
    let row = |code: &str, label: &str, subtotal: bool, shown: Triple, exact: Triple| MoneyRow {
        code: code.to_owned(),
        label: label.to_owned(),
        subtotal,
        expected: group_thousands(shown[0]),
        planned: group_thousands(shown[1]),
        actual: group_thousands(shown[2]),
        spent: spent(exact[1], exact[2]),
    };
    let mut rows = Vec::new();
    for ((goal, goal_shown), goal_exact) in group.goals.iter().zip(&shown_goals).zip(&goals_exact) {
        rows.push(row(&goal.code, &goal.text, true, *goal_shown, *goal_exact));
        let measures_exact: Vec<Triple> = goal
            .measures
            .iter()
            .map(|m| triple(&m.expected, &m.summary))
            .collect();
        let mut shown: Vec<Triple> = vec![[0; 3]; measures_exact.len()];
        for k in 0..3 {
            let column: Vec<i64> = measures_exact.iter().map(|t| t[k]).collect();
            for (i, v) in apportion(goal_shown[k], &column, THOUSAND)
                .into_iter()
                .enumerate()
            {
                shown[i][k] = v;
            }
        }
        for ((m, s), e) in goal.measures.iter().zip(shown).zip(&measures_exact) {
            rows.push(row(&m.code, &m.text, false, s, *e));
        }
    }
    MoneyTable {
        rows,
        total: row(
            &group.code,
            "Celkem za skupinu",
            true,
            group_shown,
            group_exact,
        ),
    }
}

/// One source's amounts per year, its total and its share, in tis. Kč.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub name: String,
    pub years: Vec<String>,
    pub total: String,
    pub share: String,
}

/// Sources × years of one kind of amount (expected, planned or actual), in tis. Kč, with a
/// total row and column that the rounded cells add up to.
#[derive(Debug, Clone, Serialize)]
pub struct SourceTable {
    pub caption: String,
    pub rows: Vec<SourceRow>,
    pub years: Vec<String>,
    pub total: String,
}

/// The three tables of sources (expected by the plan, planned in cards, actual), leaving out
/// a table with nothing in it.
#[must_use]
pub fn source_tables(
    report: &Report,
    expected: &Expected,
    s: &kpss_domain::evaluation::Summary,
    scope: &str,
) -> Vec<SourceTable> {
    let sources = report.used_sources();
    const KINDS: [&str; 3] = [
        "Očekávané náklady podle plánu",
        "Plánované náklady karet aktivit",
        "Skutečné náklady (schválené hodnocení)",
    ];
    let amount = |kind: usize, code: &str, year: i32| -> i64 {
        match kind {
            0 => expected.get(&(code.to_owned(), year)).copied().unwrap_or(0),
            1 => kpss_domain::report::cost_in_year(s, code, year).0,
            _ => kpss_domain::report::cost_in_year(s, code, year).1,
        }
    };
    KINDS
        .iter()
        .enumerate()
        .filter_map(|(kind, caption)| {
            // Only the sources this table has money from.
            let (names, cells): (Vec<&String>, Vec<Vec<i64>>) = sources
                .iter()
                .map(|(code, name)| {
                    let row: Vec<i64> = report
                        .years
                        .iter()
                        .map(|y| amount(kind, code, *y))
                        .collect();
                    (name, row)
                })
                .filter(|(_, row)| row.iter().any(|v| *v != 0))
                .unzip();
            if cells.is_empty() {
                return None;
            }
            let rounded = round_table(&cells, THOUSAND);
            let exact_rows: Vec<i64> = cells.iter().map(|r| sum(r.iter().copied())).collect();
            let share = shares(&exact_rows).unwrap_or_default();
            Some(SourceTable {
                caption: format!("{caption} – {scope} (tis. Kč)"),
                rows: names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| SourceRow {
                        name: (*name).clone(),
                        years: rounded.cells[i]
                            .iter()
                            .map(|v| group_thousands(*v))
                            .collect(),
                        total: group_thousands(rounded.rows[i]),
                        share: share
                            .get(i)
                            .map(|p| format!("{p}\u{a0}%"))
                            .unwrap_or_default(),
                    })
                    .collect(),
                years: rounded
                    .columns
                    .iter()
                    .map(|v| group_thousands(*v))
                    .collect(),
                total: group_thousands(rounded.total),
            })
        })
        .collect()
}

/// A measure's money for one source and year, in exact Kč.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureMoney {
    pub source: String,
    pub year: i32,
    pub expected: String,
    pub planned: String,
    pub actual: String,
}

/// The measure's expected costs beside its cards' planned and actual costs, by source and year
/// (only pairs with some amount), and the totals.
#[must_use]
pub fn measure_money(
    report: &Report,
    m: &MeasureReport,
) -> (Vec<MeasureMoney>, Option<MeasureMoney>) {
    let mut rows = Vec::new();
    let mut totals = [0i64; 3];
    for (code, name) in report.used_sources() {
        for year in &report.years {
            let key = (code.clone(), *year);
            let expected = m.expected.get(&key).copied().unwrap_or(0);
            let (planned, actual) = m.summary.costs.get(&key).copied().unwrap_or((0, 0));
            if expected == 0 && planned == 0 && actual == 0 {
                continue;
            }
            totals = [
                sum([totals[0], expected]),
                sum([totals[1], planned]),
                sum([totals[2], actual]),
            ];
            rows.push(MeasureMoney {
                source: name.clone(),
                year: *year,
                expected: format_czk(expected),
                planned: format_czk(planned),
                actual: format_czk(actual),
            });
        }
    }
    let total = (!rows.is_empty()).then(|| MeasureMoney {
        source: "Celkem".into(),
        year: 0,
        expected: format_czk(totals[0]),
        planned: format_czk(totals[1]),
        actual: format_czk(totals[2]),
    });
    (rows, total)
}
