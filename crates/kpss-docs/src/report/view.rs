//! A report worded and formatted for reading: Czech numbers, money in Kč and tis. Kč, status
//! lines. The HTML page and the PDF both show this one view.

use kpss_domain::czech::{format_czk, group_thousands};
use kpss_domain::evaluation::{CardStatus, Summary};
use kpss_domain::money::format_thousands;
use kpss_domain::report::{Report, cost_in_year};
use serde::Serialize;

/// One row of a financial table.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    pub code: String,
    pub label: String,
    /// A goal's subtotal rather than a measure.
    pub subtotal: bool,
    pub planned: String,
    pub actual: String,
    pub planned_k: String,
    pub actual_k: String,
}

fn money_row(code: &str, label: &str, subtotal: bool, s: &Summary) -> MoneyRow {
    let (planned, actual) = s.total_cost();
    MoneyRow {
        code: code.to_owned(),
        label: label.to_owned(),
        subtotal,
        planned: format_czk(planned),
        actual: format_czk(actual),
        planned_k: format_thousands(planned),
        actual_k: format_thousands(actual),
    }
}

/// A funding source's planned and actual amount per year and in total, in tis. Kč.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub name: String,
    pub years: Vec<(String, String)>,
    pub total: (String, String),
}

fn source_rows(report: &Report, s: &Summary) -> Vec<SourceRow> {
    report
        .used_sources()
        .iter()
        .filter(|(code, _)| s.costs.keys().any(|(c, _)| c == code))
        .map(|(code, name)| SourceRow {
            name: name.clone(),
            years: report
                .years
                .iter()
                .map(|y| {
                    let (p, a) = cost_in_year(s, code, *y);
                    (format_thousands(p), format_thousands(a))
                })
                .collect(),
            total: {
                let (p, a) = s.cost_of_source(code);
                (format_thousands(p), format_thousands(a))
            },
        })
        .collect()
}

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

fn clients_line(s: &Summary) -> String {
    format!(
        "plán {}, skutečnost {}",
        group_thousands(s.clients_planned),
        group_thousands(s.clients_actual)
    )
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

/// A measure in the text part.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub code: String,
    pub text: String,
    pub status: String,
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
    pub clients: String,
    pub goals: Vec<GoalView>,
    pub money: Vec<MoneyRow>,
    pub total: MoneyRow,
    pub sources: Vec<SourceRow>,
}

/// The whole report, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub title: String,
    pub subtitle: String,
    pub years: Vec<i32>,
    pub approved: usize,
    pub cards: usize,
    pub status: String,
    pub clients: String,
    pub total: MoneyRow,
    pub sources: Vec<SourceRow>,
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
            .map(|g| {
                let mut money = Vec::new();
                for goal in &g.goals {
                    money.push(money_row(&goal.code, &goal.text, true, &goal.summary));
                    for m in &goal.measures {
                        money.push(money_row(&m.code, &m.text, false, &m.summary));
                    }
                }
                GroupView {
                    code: g.code.clone(),
                    name: g.name.clone(),
                    status: status_line(&g.summary),
                    clients: clients_line(&g.summary),
                    goals: g.goals.iter().map(goal_view).collect(),
                    total: money_row(&g.code, "Celkem za skupinu", true, &g.summary),
                    sources: source_rows(report, &g.summary),
                    money,
                }
            })
            .collect();
        Self {
            title: report.title.clone(),
            subtitle: report.subtitle.clone(),
            years: report.years.clone(),
            approved: report.approved,
            cards: report.cards,
            status: status_line(&report.summary),
            clients: clients_line(&report.summary),
            total: money_row("", "Celkem", true, &report.summary),
            sources: source_rows(report, &report.summary),
            groups,
            all_cards: report.all_cards,
        }
    }
}

fn goal_view(goal: &kpss_domain::report::GoalReport) -> GoalView {
    GoalView {
        code: goal.code.clone(),
        text: goal.text.clone(),
        measures: goal
            .measures
            .iter()
            .map(|m| MeasureView {
                code: m.code.clone(),
                text: m.text.clone(),
                status: status_line(&m.summary),
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
            })
            .collect(),
    }
}
