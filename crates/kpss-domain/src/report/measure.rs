//! A measure in a report: the group's judgements per year, its indicators against the plan's
//! targets, and what the plan expected it to cost.

use std::collections::HashMap;

use serde::Serialize;

use super::{CardLine, Expected, MeasureFigures, OutlineMeasure};
use crate::evaluation::{Fulfilment, ReportState, Summary};
use crate::event::{IndicatorFeed, Tally};
use crate::money::sum;
use crate::quantity::Quantity;

/// A working group's judgement of a measure in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgementLine {
    pub measure_id: i32,
    pub year: i32,
    pub state: ReportState,
    pub fulfilment: Fulfilment,
    pub reasoning: Option<String>,
    pub achieved: Option<String>,
    /// The actual value of each of the measure's indicators in the year.
    pub indicator_actuals: Vec<Option<Quantity>>,
}

/// An indicator of a measure in one year: the plan's target, the group's actual value, and
/// how far the target was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorYear {
    pub year: i32,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    pub percent: Option<i64>,
}

/// An indicator of a measure over the report's years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorReport {
    pub name: String,
    pub unit: String,
    pub baseline: Option<Quantity>,
    /// Counted from the measure's events rather than typed by the group.
    pub feed: Option<IndicatorFeed>,
    pub years: Vec<IndicatorYear>,
}

impl IndicatorReport {
    /// The last year with both a target and an actual value: where the indicator got.
    #[must_use]
    pub fn latest(&self) -> Option<&IndicatorYear> {
        self.years.iter().rev().find(|y| y.percent.is_some())
    }
}

/// A measure with its cards, their sums, its judgements and indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureReport {
    pub code: String,
    pub text: String,
    pub summary: Summary,
    pub cards: Vec<CardLine>,
    /// The group's judgements, one per year, in year order.
    pub judgements: Vec<JudgementLine>,
    pub indicators: Vec<IndicatorReport>,
    /// What the plan expected the measure to cost in the report's years.
    pub expected: Expected,
    pub new_activities: usize,
}

impl MeasureReport {
    /// The judgement of the latest year with an approved one: where the measure stands.
    #[must_use]
    pub fn verdict(&self) -> Option<&JudgementLine> {
        self.judgements
            .iter()
            .rev()
            .find(|j| j.state == ReportState::Approved)
    }
}

/// An indicator's actual value in a year: counted from the measure's events for a fed
/// indicator (none held in a year the group closed is 0), else what the approved judgement
/// says.
fn actual(
    (measure, i, feed): (i32, usize, Option<IndicatorFeed>),
    approved: Option<&JudgementLine>,
    year: i32,
    tallies: &HashMap<(i32, i32), Tally>,
) -> Option<Quantity> {
    match feed {
        Some(feed) => match tallies.get(&(measure, year)) {
            Some(tally) => Some(feed.value(*tally)),
            None => approved.map(|_| Quantity::default()),
        },
        None => approved.and_then(|j| j.indicator_actuals.get(i).copied().flatten()),
    }
}

/// A measure's part of a report: its figures, judgements, and the plan's indicators and
/// expected costs for the report's years.
pub(super) fn measure_report(
    m: &OutlineMeasure,
    figures: MeasureFigures,
    judgements: Vec<JudgementLine>,
    (years, tallies): (&[i32], &HashMap<(i32, i32), Tally>),
) -> MeasureReport {
    let indicators = m
        .funding
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| IndicatorReport {
            name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            baseline: indicator.baseline,
            feed: indicator.feed,
            years: years
                .iter()
                .map(|&year| {
                    let target = indicator
                        .targets
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map(|(_, t)| *t);
                    let approved = judgements
                        .iter()
                        .find(|j| j.year == year && j.state == ReportState::Approved);
                    let actual = actual((m.id, i, indicator.feed), approved, year, tallies);
                    let percent = match (actual, target) {
                        (Some(a), Some(t)) => a.percent_of(t),
                        _ => None,
                    };
                    IndicatorYear {
                        year,
                        target,
                        actual,
                        percent,
                    }
                })
                .collect(),
        })
        .collect();
    let expected = m
        .funding
        .costs
        .iter()
        .filter(|(_, year, _)| years.contains(year))
        .fold(Expected::new(), |mut acc, (source, year, amount)| {
            let entry = acc.entry((source.clone(), *year)).or_default();
            *entry = sum([*entry, *amount]);
            acc
        });
    MeasureReport {
        code: m.code.clone(),
        text: m.text.clone(),
        summary: figures.summary,
        cards: figures.cards,
        judgements,
        indicators,
        expected,
        new_activities: figures.new_activities,
    }
}
