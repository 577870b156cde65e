//! The reports the council reads: the evaluation of an action plan for a year and the summary
//! report on the fulfilment of goals and measures of a plan (souhrnná zpráva o plnění cílů a
//! opatření). One model, built here from the plan's outline and its cards; HTML, XLSX and PDF
//! are only its renderings, so their numbers cannot disagree.

use std::collections::HashMap;

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

/// What one measure adds up to, and the cards a report lists under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureFigures {
    pub summary: Summary,
    /// Cards whose evaluation is approved.
    pub approved: usize,
    pub cards: Vec<CardLine>,
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
    /// Whether measures list all their cards (a year's evaluation) or only the explained
    /// shortfalls (the summary report of a whole plan).
    pub all_cards: bool,
}

impl Report {
    /// Puts cards under the outline's measures and adds everything up. Cards of measures the
    /// outline does not have are left out.
    #[must_use]
    pub fn build(
        titles: (String, String),
        years: Vec<i32>,
        sources: Vec<(String, String)>,
        outline: &[OutlineGroup],
        mut cards: Vec<CardLine>,
    ) -> Self {
        cards.sort_by_key(|c| c.year);
        let mut per_measure: HashMap<i32, MeasureFigures> = HashMap::new();
        for card in cards {
            let entry = per_measure.entry(card.measure_id).or_default();
            entry.summary.merge(&Summary::of([&card.counted()]));
            if card.state == ReportState::Approved {
                entry.approved += 1;
            }
            entry.cards.push(card);
        }
        Self {
            all_cards: true,
            ..Self::assemble(titles, years, sources, outline, per_measure)
        }
    }

    /// Builds a report from sums already made per measure (by the database, for a whole plan),
    /// each with the cards worth listing.
    #[must_use]
    pub fn assemble(
        (title, subtitle): (String, String),
        years: Vec<i32>,
        sources: Vec<(String, String)>,
        outline: &[OutlineGroup],
        mut per_measure: HashMap<i32, MeasureFigures>,
    ) -> Self {
        let mut total = Summary::default();
        let mut approved = 0;
        let groups: Vec<GroupReport> = outline
            .iter()
            .map(|group| {
                let mut group_summary = Summary::default();
                let goals = group
                    .goals
                    .iter()
                    .map(|goal| {
                        let mut goal_summary = Summary::default();
                        let measures = goal
                            .measures
                            .iter()
                            .map(|m| {
                                let figures = per_measure.remove(&m.id).unwrap_or_default();
                                goal_summary.merge(&figures.summary);
                                approved += figures.approved;
                                MeasureReport {
                                    code: m.code.clone(),
                                    text: m.text.clone(),
                                    summary: figures.summary,
                                    cards: figures.cards,
                                }
                            })
                            .collect();
                        group_summary.merge(&goal_summary);
                        GoalReport {
                            code: goal.code.clone(),
                            text: goal.text.clone(),
                            summary: goal_summary,
                            measures,
                        }
                    })
                    .collect();
                total.merge(&group_summary);
                GroupReport {
                    code: group.code.clone(),
                    name: group.name.clone(),
                    summary: group_summary,
                    goals,
                }
            })
            .collect();
        Self {
            title,
            subtitle,
            years,
            sources,
            cards: total.cards,
            summary: total,
            approved,
            groups,
            all_cards: false,
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
