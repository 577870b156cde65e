//! The reports the council reads: the evaluation of an action plan for a year and the summary
//! report on the fulfilment of goals and measures of a plan (souhrnná zpráva o plnění cílů a
//! opatření). One model, built here from the plan's outline and its cards; HTML, XLSX and PDF
//! are only its renderings, so their numbers cannot disagree.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::evaluation::{CardFigures, CardStatus, Fulfilment, ReportState, Summary};
use crate::money::sum;
use crate::plan::funding::MeasureFunding;

mod measure;

use measure::measure_report;
pub use measure::{IndicatorReport, IndicatorYear, JudgementLine, MeasureReport};

/// A measure of the outline: its id (to match cards), code, text, and what the plan expects of
/// it (indicators with targets, costs per source and year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineMeasure {
    pub id: i32,
    pub code: String,
    pub text: String,
    pub funding: MeasureFunding,
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
    /// The card plans a new service or activity rather than a catalogue service.
    pub new_activity: bool,
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

    /// A new service or activity that, by its approved report, really started.
    #[must_use]
    pub fn started_new(&self) -> bool {
        self.new_activity && self.counted().status.is_some_and(is_started)
    }
}

/// Whether a card with this status got under way in its year.
#[must_use]
pub fn is_started(status: CardStatus) -> bool {
    matches!(
        status,
        CardStatus::Fulfilled | CardStatus::PartlyFulfilled | CardStatus::InProgress
    )
}

/// What the groups and the coordinator wrote for a report, besides the numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Writing {
    /// Judgements of measures, any state; reports count only approved ones.
    pub judgements: Vec<JudgementLine>,
    /// Group code → (year, the group's evaluation of its part in that year).
    pub group_texts: HashMap<String, Vec<(i32, String)>>,
    /// The coordinator's summary of the whole plan.
    pub conclusion: Option<String>,
    /// What the measures' events gave, per (measure, year), for the indicators they feed.
    pub tallies: HashMap<(i32, i32), crate::event::Tally>,
}

/// What one measure adds up to, and the cards a report lists under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureFigures {
    pub summary: Summary,
    /// Cards whose evaluation is approved.
    pub approved: usize,
    pub cards: Vec<CardLine>,
    /// New services and activities that started.
    pub new_activities: usize,
}

/// Expected costs of the plan: (funding source, year) → amount in Kč.
pub type Expected = BTreeMap<(String, i32), i64>;

fn merge_expected(into: &mut Expected, other: &Expected) {
    for (key, amount) in other {
        let entry = into.entry(key.clone()).or_default();
        *entry = sum([*entry, *amount]);
    }
}

/// The total of expected costs.
#[must_use]
pub fn expected_total(expected: &Expected) -> i64 {
    sum(expected.values().copied())
}

/// How many measures stand at each judgement, and how many are not judged yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    /// Per judgement, in the order of [`Fulfilment::ALL`].
    pub counts: [usize; 4],
    pub not_judged: usize,
}

impl Verdicts {
    fn add(&mut self, verdict: Option<Fulfilment>) {
        match verdict.and_then(|f| Fulfilment::ALL.iter().position(|x| *x == f)) {
            Some(i) => self.counts[i] += 1,
            None => self.not_judged += 1,
        }
    }

    fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        self.not_judged += other.not_judged;
    }

    /// All measures counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().sum::<usize>() + self.not_judged
    }
}

/// A goal with its measures and their sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalReport {
    pub code: String,
    pub text: String,
    pub summary: Summary,
    pub expected: Expected,
    pub measures: Vec<MeasureReport>,
}

/// A working group with its goals and their sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupReport {
    pub code: String,
    pub name: String,
    pub summary: Summary,
    pub expected: Expected,
    pub verdicts: Verdicts,
    pub new_activities: usize,
    /// The group's evaluation of its part, per year.
    pub texts: Vec<(i32, String)>,
    pub goals: Vec<GoalReport>,
}

/// Title, covered years and the tenant's funding sources of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub title: String,
    pub subtitle: String,
    /// The years the report covers, in order.
    pub years: Vec<i32>,
    /// Funding sources: (code, name), in the tenant's order.
    pub sources: Vec<(String, String)>,
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
    pub expected: Expected,
    pub verdicts: Verdicts,
    pub new_activities: usize,
    /// The coordinator's summary of the plan.
    pub conclusion: Option<String>,
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
        heading: Heading,
        outline: &[OutlineGroup],
        mut cards: Vec<CardLine>,
        writing: Writing,
    ) -> Self {
        cards.sort_by_key(|c| c.year);
        let mut per_measure: HashMap<i32, MeasureFigures> = HashMap::new();
        for card in cards {
            let entry = per_measure.entry(card.measure_id).or_default();
            entry.summary.merge(&Summary::of([&card.counted()]));
            if card.state == ReportState::Approved {
                entry.approved += 1;
            }
            if card.started_new() {
                entry.new_activities += 1;
            }
            entry.cards.push(card);
        }
        Self {
            all_cards: true,
            ..Self::assemble(heading, outline, per_measure, writing)
        }
    }

    /// Builds a report from sums already made per measure (by the database, for a whole plan),
    /// each with the cards worth listing.
    #[must_use]
    pub fn assemble(
        heading: Heading,
        outline: &[OutlineGroup],
        mut per_measure: HashMap<i32, MeasureFigures>,
        writing: Writing,
    ) -> Self {
        let Writing {
            judgements,
            mut group_texts,
            conclusion,
            tallies,
        } = writing;
        let mut judged: HashMap<i32, Vec<JudgementLine>> = HashMap::new();
        for j in judgements
            .into_iter()
            .filter(|j| heading.years.contains(&j.year))
        {
            judged.entry(j.measure_id).or_default().push(j);
        }
        let mut total = Summary::default();
        let mut expected = Expected::new();
        let mut verdicts = Verdicts::default();
        let (mut approved, mut new_activities) = (0, 0);
        let groups: Vec<GroupReport> = outline
            .iter()
            .map(|group| {
                let mut g = GroupReport {
                    code: group.code.clone(),
                    name: group.name.clone(),
                    summary: Summary::default(),
                    expected: Expected::new(),
                    verdicts: Verdicts::default(),
                    new_activities: 0,
                    texts: group_texts.remove(&group.code).unwrap_or_default(),
                    goals: Vec::new(),
                };
                g.texts.retain(|(y, _)| heading.years.contains(y));
                g.texts.sort_by_key(|(y, _)| *y);
                for goal in &group.goals {
                    let mut goal_report = GoalReport {
                        code: goal.code.clone(),
                        text: goal.text.clone(),
                        summary: Summary::default(),
                        expected: Expected::new(),
                        measures: Vec::new(),
                    };
                    for m in &goal.measures {
                        let figures = per_measure.remove(&m.id).unwrap_or_default();
                        approved += figures.approved;
                        let mut judgements = judged.remove(&m.id).unwrap_or_default();
                        judgements.sort_by_key(|j| j.year);
                        let measure =
                            measure_report(m, figures, judgements, (&heading.years, &tallies));
                        goal_report.summary.merge(&measure.summary);
                        merge_expected(&mut goal_report.expected, &measure.expected);
                        g.verdicts.add(measure.verdict().map(|j| j.fulfilment));
                        g.new_activities += measure.new_activities;
                        goal_report.measures.push(measure);
                    }
                    g.summary.merge(&goal_report.summary);
                    merge_expected(&mut g.expected, &goal_report.expected);
                    g.goals.push(goal_report);
                }
                total.merge(&g.summary);
                merge_expected(&mut expected, &g.expected);
                verdicts.merge(&g.verdicts);
                new_activities += g.new_activities;
                g
            })
            .collect();
        Self {
            title: heading.title,
            subtitle: heading.subtitle,
            years: heading.years,
            sources: heading.sources,
            cards: total.cards,
            summary: total,
            expected,
            verdicts,
            new_activities,
            conclusion,
            approved,
            groups,
            all_cards: false,
        }
    }

    /// The sources any card or measure of the report uses, in the tenant's order: the columns
    /// worth printing.
    #[must_use]
    pub fn used_sources(&self) -> Vec<(String, String)> {
        self.sources
            .iter()
            .filter(|(code, _)| {
                self.summary.costs.keys().any(|(s, _)| s == code)
                    || self.expected.keys().any(|(s, _)| s == code)
            })
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
mod tests;
