//! A report worded and formatted for reading: Czech numbers, money in Kč and tis. Kč, judgements
//! and indicators in words, charts. The HTML page and the PDF both show this one view.

mod charts;
mod money;

pub use charts::{Charts, verdicts_chart};
pub use money::{MeasureMoney, MoneyTable, SourceTable};

use kpss_domain::czech::{format_czk, group_thousands};
use kpss_domain::evaluation::{CardStatus, Summary};
use kpss_domain::report::{GoalReport, MeasureReport, Report};
use serde::Serialize;

/// Counts of statuses and the share fulfilled, in words.
#[must_use]
pub fn status_line(s: &Summary) -> String {
    let mut parts: Vec<String> = CardStatus::ALL
        .iter()
        .filter_map(|st| s.by_status.get(st).map(|n| format!("{} {n}", st.name())))
        .collect();
    if parts.is_empty() {
        parts.push("zatím bez schváleného hodnocení".into());
    }
    let share = s
        .share_fulfilled()
        .map(|p| format!("; podíl splněných {p}\u{a0}%"))
        .unwrap_or_default();
    format!("{}{share}", parts.join(", "))
}

/// Planned and actual clients of one year. Each year stands alone: the same people come back.
#[derive(Debug, Clone, Serialize)]
pub struct ClientsYear {
    pub year: i32,
    pub planned: String,
    pub actual: String,
}

fn clients(years: &[i32], s: &Summary) -> Vec<ClientsYear> {
    years
        .iter()
        .map(|y| {
            let (planned, actual) = s.clients_in(*y);
            ClientsYear {
                year: *y,
                planned: group_thousands(planned),
                actual: group_thousands(actual),
            }
        })
        .collect()
}

/// Clients per year in one line: „2024: plán 240, skutečnost 286; 2025: …“.
fn clients_line(years: &[i32], s: &Summary) -> String {
    clients(years, s)
        .iter()
        .map(|c| format!("{}: plán {}, skutečnost {}", c.year, c.planned, c.actual))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A card in the text part.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub year: i32,
    pub title: String,
    pub organisation: String,
    pub status: String,
    pub comment: String,
}

/// A group's judgement of a measure in one year.
#[derive(Debug, Clone, Serialize)]
pub struct JudgementView {
    pub year: i32,
    /// The judgement's code (for styling) and name.
    pub code: String,
    pub name: String,
    pub reasoning: String,
    pub achieved: String,
    /// Set while the coordinator has not approved it.
    pub pending: Option<String>,
}

/// An indicator in one year.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorYearView {
    pub year: i32,
    pub target: String,
    pub actual: String,
    pub percent: String,
}

/// An indicator of a measure.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub years: Vec<IndicatorYearView>,
}

/// A measure in the text part.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub code: String,
    pub text: String,
    /// The latest approved judgement, in words; „neposouzeno“ without one.
    pub verdict: String,
    pub verdict_code: String,
    pub judgements: Vec<JudgementView>,
    /// No card in the report's years: said as such, never as "no shortfalls".
    pub no_activity: bool,
    /// Cards, statuses and clients per year in words.
    pub activity: String,
    pub new_activities: usize,
    pub indicators: Vec<IndicatorView>,
    pub money: Vec<MeasureMoney>,
    pub money_total: Option<MeasureMoney>,
    pub cards: Vec<CardView>,
}

/// A goal in the text part.
#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub code: String,
    pub text: String,
    pub measures: Vec<MeasureView>,
}

/// A working group: its text part and its financial part.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub code: String,
    pub name: String,
    pub status: String,
    pub clients: Vec<ClientsYear>,
    pub new_activities: usize,
    /// The group's evaluation of its part per year.
    pub texts: Vec<(i32, String)>,
    pub goals: Vec<GoalView>,
    pub money: MoneyTable,
    pub sources: Vec<SourceTable>,
}

/// The whole report, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub title: String,
    pub subtitle: String,
    pub years: Vec<i32>,
    /// „2023–2026“ or „2025“.
    pub period: String,
    pub approved: usize,
    pub cards: usize,
    pub status: String,
    pub clients: Vec<ClientsYear>,
    pub new_activities: usize,
    pub conclusion: Option<String>,
    pub total_planned: String,
    pub total_actual: String,
    pub total_expected: String,
    pub sources: Vec<SourceTable>,
    pub charts: Charts,
    pub groups: Vec<GroupView>,
    /// Measures list all their cards, not only the explained shortfalls.
    pub all_cards: bool,
}

impl ReportView {
    /// Words and formats a report.
    #[must_use]
    pub fn new(report: &Report) -> Self {
        let groups = report
            .groups
            .iter()
            .map(|g| GroupView {
                code: g.code.clone(),
                name: g.name.clone(),
                status: status_line(&g.summary),
                clients: clients(&report.years, &g.summary),
                new_activities: g.new_activities,
                texts: g.texts.clone(),
                goals: g.goals.iter().map(|goal| goal_view(report, goal)).collect(),
                money: money::money_table(g),
                sources: money::source_tables(report, &g.expected, &g.summary, &g.code),
            })
            .collect();
        let (planned, actual) = report.summary.total_cost();
        let period = match (report.years.first(), report.years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        Self {
            title: report.title.clone(),
            subtitle: report.subtitle.clone(),
            years: report.years.clone(),
            period,
            approved: report.approved,
            cards: report.cards,
            status: status_line(&report.summary),
            clients: clients(&report.years, &report.summary),
            new_activities: report.new_activities,
            conclusion: report.conclusion.clone(),
            total_planned: format_czk(planned),
            total_actual: format_czk(actual),
            total_expected: format_czk(kpss_domain::report::expected_total(&report.expected)),
            sources: money::source_tables(report, &report.expected, &report.summary, "celkem"),
            charts: Charts::new(report),
            groups,
            all_cards: report.all_cards,
        }
    }
}

fn goal_view(report: &Report, goal: &GoalReport) -> GoalView {
    GoalView {
        code: goal.code.clone(),
        text: goal.text.clone(),
        measures: goal
            .measures
            .iter()
            .map(|m| measure_view(report, m))
            .collect(),
    }
}

fn measure_view(report: &Report, m: &MeasureReport) -> MeasureView {
    let (verdict, verdict_code) = match m.verdict() {
        Some(j) => (
            format!("{} ({})", j.fulfilment.name(), j.year),
            j.fulfilment.code().to_owned(),
        ),
        None => ("neposouzeno".to_owned(), "neposouzeno".to_owned()),
    };
    let judgements = m
        .judgements
        .iter()
        .map(|j| JudgementView {
            year: j.year,
            code: j.fulfilment.code().to_owned(),
            name: j.fulfilment.name().to_owned(),
            reasoning: j.reasoning.clone().unwrap_or_default(),
            achieved: j.achieved.clone().unwrap_or_default(),
            pending: (j.state != kpss_domain::evaluation::ReportState::Approved)
                .then(|| format!("posouzení skupiny: {}", j.state.name())),
        })
        .collect();
    let activity = if m.summary.cards == 0 {
        String::new()
    } else {
        format!(
            "{} {} aktivit; {}. Klienti – {}.",
            m.summary.cards,
            kpss_domain::czech::plural(m.summary.cards, ["karta", "karty", "karet"]),
            status_line(&m.summary),
            clients_line(&report.years, &m.summary)
        )
    };
    let (money, money_total) = money::measure_money(report, m);
    MeasureView {
        code: m.code.clone(),
        text: m.text.clone(),
        verdict,
        verdict_code,
        judgements,
        no_activity: m.summary.cards == 0,
        activity,
        new_activities: m.new_activities,
        indicators: m
            .indicators
            .iter()
            .map(|i| IndicatorView {
                name: i.name.clone(),
                unit: i.unit.clone(),
                baseline: i.baseline.map(|b| b.to_string()).unwrap_or_default(),
                years: i
                    .years
                    .iter()
                    .map(|y| IndicatorYearView {
                        year: y.year,
                        target: y.target.map(|t| t.to_string()).unwrap_or_default(),
                        actual: y.actual.map(|a| a.to_string()).unwrap_or_default(),
                        percent: y.percent.map(|p| format!("{p}\u{a0}%")).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
        money,
        money_total,
        cards: m
            .cards
            .iter()
            .map(|c| CardView {
                year: c.year,
                title: c.title.clone(),
                organisation: c.organisation.clone(),
                status: match c.counted().status {
                    Some(s) => s.name().to_owned(),
                    None => format!("hodnocení: {}", c.state.name()),
                },
                comment: c.comment.clone().unwrap_or_default(),
            })
            .collect(),
    }
}
