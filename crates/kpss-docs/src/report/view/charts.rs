//! The report's charts and the tables of their numbers: measures' judgements by group, money
//! by source over the years, and how far each measure's indicators got.

use kpss_domain::czech::group_thousands;
use kpss_domain::evaluation::Fulfilment;
use kpss_domain::report::{Report, Verdicts};
use serde::Serialize;

use crate::chart::{self, Chart, StackRow, VERDICT_COLOURS};

/// A row of the table beside the judgements chart.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictRow {
    pub group: String,
    pub counts: Vec<usize>,
    pub not_judged: usize,
    pub total: usize,
}

/// A row of the table beside the money chart: a year's planned and actual amount in tis. Kč.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyYear {
    pub year: i32,
    pub planned: String,
    pub actual: String,
}

/// The most bars one indicators chart holds: more would not fit a printed page.
const BARS_PER_CHART: usize = 30;

/// A row of the table beside the indicators chart.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub label: String,
    pub name: String,
    pub year: i32,
    pub target: String,
    pub actual: String,
    pub percent: i64,
}

/// All charts of a report with their tables.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub verdicts: Chart,
    /// Names of the judgements, in the order of the counts.
    pub verdict_names: Vec<String>,
    pub verdict_rows: Vec<VerdictRow>,
    pub money: Chart,
    pub money_years: Vec<MoneyYear>,
    /// The indicators' bars, split so that each chart fits a printed page.
    pub indicators: Vec<Chart>,
    pub indicator_rows: Vec<IndicatorRow>,
}

/// Words for a chart's description: „SEN: splněno 3, částečně splněno 1“.
fn verdict_words(label: &str, v: &Verdicts) -> String {
    let mut parts: Vec<String> = Fulfilment::ALL
        .iter()
        .zip(v.counts)
        .filter(|(_, n)| *n > 0)
        .map(|(f, n)| format!("{} {n}", f.name()))
        .collect();
    if v.not_judged > 0 {
        parts.push(format!("neposouzeno {}", v.not_judged));
    }
    format!("{label}: {}", parts.join(", "))
}

/// Counts as chart values.
fn values(v: &Verdicts) -> Vec<u64> {
    v.counts
        .iter()
        .chain([&v.not_judged])
        .map(|n| u64::try_from(*n).unwrap_or(0))
        .collect()
}

/// The verdicts chart alone (the evaluation dashboard shows it too).
#[must_use]
pub fn verdicts_chart(id: &str, groups: &[(String, Verdicts)]) -> Chart {
    let series: Vec<(String, &str)> = Fulfilment::ALL
        .iter()
        .map(|f| f.name().to_owned())
        .chain(["neposouzeno".to_owned()])
        .zip(VERDICT_COLOURS)
        .collect();
    let description = groups
        .iter()
        .map(|(label, v)| verdict_words(label, v))
        .collect::<Vec<_>>()
        .join("; ");
    chart::stacked_bars(
        id,
        ("Plnění opatření podle pracovních skupin", &description),
        &series,
        &groups
            .iter()
            .map(|(label, v)| StackRow {
                label: label.clone(),
                values: values(v),
            })
            .collect::<Vec<_>>(),
    )
}

impl Charts {
    /// Draws the charts of a report.
    #[must_use]
    pub fn new(report: &Report) -> Self {
        let groups: Vec<(String, Verdicts)> = report
            .groups
            .iter()
            .map(|g| (g.code.clone(), g.verdicts.clone()))
            .collect();
        let verdict_rows = report
            .groups
            .iter()
            .map(|g| VerdictRow {
                group: format!("{} – {}", g.code, g.name),
                counts: g.verdicts.counts.to_vec(),
                not_judged: g.verdicts.not_judged,
                total: g.verdicts.total(),
            })
            .collect();
        let sources = report.used_sources();
        let series: Vec<(String, &str)> = sources
            .iter()
            .enumerate()
            .map(|(i, (_, name))| (name.clone(), chart::source_colour(i)))
            .collect();
        let categories: Vec<(String, [Vec<u64>; 2])> = report
            .years
            .iter()
            .map(|year| {
                let of = |k: usize| -> Vec<u64> {
                    sources
                        .iter()
                        .map(|(code, _)| {
                            let (p, a) =
                                kpss_domain::report::cost_in_year(&report.summary, code, *year);
                            u64::try_from(if k == 0 { p } else { a }).unwrap_or(0)
                        })
                        .collect()
                };
                (year.to_string(), [of(0), of(1)])
            })
            .collect();
        let money_years: Vec<MoneyYear> = report
            .years
            .iter()
            .map(|year| {
                let (p, a) = report
                    .summary
                    .costs
                    .iter()
                    .filter(|((_, y), _)| y == year)
                    .fold((0i64, 0i64), |acc, (_, (p, a))| (acc.0 + p, acc.1 + a));
                MoneyYear {
                    year: *year,
                    planned: group_thousands(kpss_domain::rounding::round_to(p, 1000)),
                    actual: group_thousands(kpss_domain::rounding::round_to(a, 1000)),
                }
            })
            .collect();
        let money_description = money_years
            .iter()
            .map(|y| {
                format!(
                    "{}: plán {} tis. Kč, skutečnost {} tis. Kč",
                    y.year, y.planned, y.actual
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let money = chart::paired_columns(
            "graf-zdroje",
            (
                "Plánované a skutečné náklady podle zdrojů a let",
                &money_description,
            ),
            &series,
            &categories,
            ["plán", "skut."],
        );
        let mut indicator_rows = Vec::new();
        for m in report
            .groups
            .iter()
            .flat_map(|g| &g.goals)
            .flat_map(|goal| &goal.measures)
        {
            let several = m.indicators.len() > 1;
            for (i, indicator) in m.indicators.iter().enumerate() {
                let Some(latest) = indicator.latest() else {
                    continue;
                };
                indicator_rows.push(IndicatorRow {
                    label: if several {
                        format!("{} ({})", m.code, i + 1)
                    } else {
                        m.code.clone()
                    },
                    name: format!("{} ({})", indicator.name, indicator.unit),
                    year: latest.year,
                    target: latest.target.map(|t| t.to_string()).unwrap_or_default(),
                    actual: latest.actual.map(|a| a.to_string()).unwrap_or_default(),
                    percent: latest.percent.unwrap_or(0),
                });
            }
        }
        let parts = indicator_rows.len().div_ceil(BARS_PER_CHART);
        let indicators = indicator_rows
            .chunks(BARS_PER_CHART)
            .enumerate()
            .map(|(n, rows)| {
                let description = rows
                    .iter()
                    .map(|r| format!("{} {}: {} %", r.label, r.name, r.percent))
                    .collect::<Vec<_>>()
                    .join("; ");
                let title = if parts > 1 {
                    format!("Plnění indikátorů opatření ({}/{parts})", n + 1)
                } else {
                    "Plnění indikátorů opatření".to_owned()
                };
                chart::percent_bars(
                    &format!("graf-indikatory-{}", n + 1),
                    (&title, &description),
                    &rows
                        .iter()
                        .map(|r| (r.label.clone(), r.percent))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        Self {
            verdicts: verdicts_chart("graf-plneni", &groups),
            verdict_names: Fulfilment::ALL
                .iter()
                .map(|f| f.name().to_owned())
                .collect(),
            verdict_rows,
            money,
            money_years,
            indicators,
            indicator_rows,
        }
    }
}
