//! The reports the council reads: the evaluation of an action plan for a year and the summary
//! report on the fulfilment of goals and measures of a plan (souhrnná zpráva o plnění cílů a
//! opatření). One model, built here from the plan's outline and its cards; HTML, XLSX and PDF
//! are only its renderings, so their numbers cannot disagree.

use serde::Serialize;

use crate::evaluation::{CardFigures, CardStatus, ReportState, Summary};

/// A measure of the outline: its id (to match cards), code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineMeasure {
    pub id: i32,
    pub code: String,
    pub text: String,
}

/// A goal of the outline with its measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineGoal {
    pub code: String,
    pub text: String,
    pub measures: Vec<OutlineMeasure>,
}

/// A part (working group) of the outline with its goals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineGroup {
    pub code: String,
    pub name: String,
    pub goals: Vec<OutlineGoal>,
}

/// One card as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardLine {
    pub measure_id: i32,
    pub year: i32,
    pub title: String,
    pub organisation: String,
    pub state: ReportState,
    pub status: Option<CardStatus>,
    pub comment: Option<String>,
    pub figures: CardFigures,
}

impl CardLine {
    /// The figures a report may count: the plan always, what happened only once approved.
    #[must_use]
    pub fn counted(&self) -> CardFigures {
        if self.state == ReportState::Approved {
            return self.figures.clone();
        }
        let mut figures = self.figures.clone();
        figures.status = None;
        figures.actual_clients = None;
        for cost in &mut figures.costs {
            cost.actual = None;
        }
        figures
    }
}

/// A measure with its cards and their sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureReport {
    pub code: String,
    pub text: String,
    pub summary: Summary,
    pub cards: Vec<CardLine>,
}

/// A goal with its measures and their sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalReport {
    pub code: String,
    pub text: String,
    pub summary: Summary,
    pub measures: Vec<MeasureReport>,
}

/// A working group with its goals and their sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupReport {
    pub code: String,
    pub name: String,
    pub summary: Summary,
    pub goals: Vec<GoalReport>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// The years the report covers, in order.
    pub years: Vec<i32>,
    /// Funding sources: (code, name), in the tenant's order.
    pub sources: Vec<(String, String)>,
    pub groups: Vec<GroupReport>,
    pub summary: Summary,
    /// Cards whose evaluation is approved, and all cards.
    pub approved: usize,
    pub cards: usize,
}

impl Report {
    /// Puts cards under the outline's measures and adds everything up. Cards of measures the
    /// outline does not have are left out.
    #[must_use]
    pub fn build(
        (title, subtitle): (String, String),
        years: Vec<i32>,
        sources: Vec<(String, String)>,
        outline: &[OutlineGroup],
        mut cards: Vec<CardLine>,
    ) -> Self {
        cards.sort_by_key(|c| c.year);
        let groups: Vec<GroupReport> = outline
            .iter()
            .map(|group| {
                let goals: Vec<GoalReport> = group
                    .goals
                    .iter()
                    .map(|goal| {
                        let measures: Vec<MeasureReport> = goal
                            .measures
                            .iter()
                            .map(|m| {
                                let lines: Vec<CardLine> = cards
                                    .iter()
                                    .filter(|c| c.measure_id == m.id)
                                    .cloned()
                                    .collect();
                                MeasureReport {
                                    code: m.code.clone(),
                                    text: m.text.clone(),
                                    summary: summarise(&lines),
                                    cards: lines,
                                }
                            })
                            .collect();
                        GoalReport {
                            code: goal.code.clone(),
                            text: goal.text.clone(),
                            summary: summarise(measures.iter().flat_map(|m| &m.cards)),
                            measures,
                        }
                    })
                    .collect();
                GroupReport {
                    code: group.code.clone(),
                    name: group.name.clone(),
                    summary: summarise(
                        goals
                            .iter()
                            .flat_map(|g| &g.measures)
                            .flat_map(|m| &m.cards),
                    ),
                    goals,
                }
            })
            .collect();
        let included = || {
            groups
                .iter()
                .flat_map(|g| &g.goals)
                .flat_map(|g| &g.measures)
                .flat_map(|m| &m.cards)
        };
        Self {
            title,
            subtitle,
            years,
            sources,
            summary: summarise(included()),
            approved: included()
                .filter(|c| c.state == ReportState::Approved)
                .count(),
            cards: included().count(),
            groups,
        }
    }

    /// The sources any card of the report uses, in the tenant's order: the columns worth
    /// printing.
    #[must_use]
    pub fn used_sources(&self) -> Vec<(String, String)> {
        self.sources
            .iter()
            .filter(|(code, _)| self.summary.costs.keys().any(|(s, _)| s == code))
            .cloned()
            .collect()
    }
}

fn summarise<'a>(cards: impl IntoIterator<Item = &'a CardLine>) -> Summary {
    let counted: Vec<CardFigures> = cards.into_iter().map(CardLine::counted).collect();
    Summary::of(&counted)
}

/// Planned and actual cost of one source in one year.
#[must_use]
pub fn cost_in_year(summary: &Summary, source: &str, year: i32) -> (i64, i64) {
    summary
        .costs
        .get(&(source.to_owned(), year))
        .copied()
        .unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::Cost;

    fn line(measure_id: i32, year: i32, state: ReportState, planned: i64, actual: i64) -> CardLine {
        CardLine {
            measure_id,
            year,
            title: format!("karta {measure_id}/{year}"),
            organisation: "Charita".into(),
            state,
            status: Some(CardStatus::Fulfilled),
            comment: None,
            figures: CardFigures {
                status: Some(CardStatus::Fulfilled),
                planned_clients: Some(240),
                actual_clients: Some(286),
                costs: vec![Cost {
                    source: "mesto".into(),
                    year,
                    planned,
                    actual: Some(actual),
                }],
            },
        }
    }

    fn outline() -> Vec<OutlineGroup> {
        let measure = |id: i32, code: &str| OutlineMeasure {
            id,
            code: code.into(),
            text: "Opatření".into(),
        };
        vec![
            OutlineGroup {
                code: "SEN".into(),
                name: "Senioři".into(),
                goals: vec![OutlineGoal {
                    code: "SEN 1".into(),
                    text: "Cíl".into(),
                    measures: vec![measure(1, "SEN 1.1"), measure(2, "SEN 1.2")],
                }],
            },
            OutlineGroup {
                code: "ZP".into(),
                name: "Zdravotně postižení".into(),
                goals: vec![OutlineGoal {
                    code: "ZP 1".into(),
                    text: "Cíl".into(),
                    measures: vec![measure(3, "ZP 1.1")],
                }],
            },
        ]
    }

    fn sources() -> Vec<(String, String)> {
        vec![
            ("mesto".into(), "rozpočet města".into()),
            ("eu".into(), "fondy EU".into()),
        ]
    }

    #[test]
    fn cards_add_up_per_measure_goal_group_and_plan() {
        let cards = vec![
            line(1, 2024, ReportState::Approved, 1_000_000, 900_000),
            line(1, 2025, ReportState::Approved, 1_100_000, 1_200_000),
            line(2, 2025, ReportState::Approved, 500_000, 400_000),
            line(3, 2025, ReportState::Approved, 300_000, 300_000),
            line(99, 2025, ReportState::Approved, 7, 7),
        ];
        let report = Report::build(
            ("Zpráva".into(), String::new()),
            vec![2024, 2025],
            sources(),
            &outline(),
            cards,
        );
        let sen = &report.groups[0];
        assert_eq!(sen.goals[0].measures[0].cards.len(), 2);
        assert_eq!(
            sen.goals[0].measures[0].summary.total_cost(),
            (2_100_000, 2_100_000)
        );
        assert_eq!(sen.summary.total_cost(), (2_600_000, 2_500_000));
        assert_eq!(
            cost_in_year(&sen.summary, "mesto", 2024),
            (1_000_000, 900_000)
        );
        assert_eq!(report.summary.total_cost(), (2_900_000, 2_800_000));
        assert_eq!(report.cards, 4, "a card of an unknown measure is left out");
        assert_eq!(report.summary.share_fulfilled(), Some(100));
        assert_eq!(report.used_sources(), vec![sources()[0].clone()]);
    }

    #[test]
    fn only_approved_evaluations_count_as_what_happened() {
        let cards = vec![
            line(1, 2025, ReportState::Approved, 1_000, 900),
            line(1, 2025, ReportState::Submitted, 2_000, 5_000),
        ];
        let report = Report::build(
            ("Zpráva".into(), String::new()),
            vec![2025],
            sources(),
            &outline(),
            cards,
        );
        assert_eq!(report.summary.total_cost(), (3_000, 900));
        assert_eq!(report.summary.clients_actual, 286);
        assert_eq!(report.summary.clients_planned, 480);
        assert_eq!((report.approved, report.cards), (1, 2));
        assert_eq!(report.summary.by_status.values().sum::<usize>(), 1);
    }
}
