//! Evaluation rounds: the coordinator asks for the year's reports by a deadline and watches
//! them come in, group by group.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use super::ReportState;
use crate::FieldErrors;

/// What the coordinator sets when opening a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundDraft {
    /// The last day providers may submit.
    pub deadline: Date,
}

impl RoundDraft {
    /// Reads the deadline (e.g. „31. 1. 2026“ or „2026-01-31“).
    pub fn parse(deadline: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let deadline = errors.take("deadline", crate::czech::parse_date(deadline));
        errors.into_result(|| Self {
            deadline: deadline.unwrap_or(Date::MIN),
        })
    }
}

/// A report still owed after its deadline.
#[must_use]
pub fn is_overdue(state: ReportState, deadline: Date, today: Date) -> bool {
    state.is_editable() && today > deadline
}

/// How far one group (or the whole round) got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub missing: usize,
    pub submitted: usize,
    pub returned: usize,
    pub approved: usize,
    /// Missing or returned after the deadline.
    pub overdue: usize,
}

impl Progress {
    /// Counts `n` cards in one state.
    pub fn add(&mut self, state: ReportState, overdue: bool, n: usize) {
        match state {
            ReportState::Missing => self.missing += n,
            ReportState::Submitted => self.submitted += n,
            ReportState::Returned => self.returned += n,
            ReportState::Approved => self.approved += n,
        }
        if overdue {
            self.overdue += n;
        }
    }

    /// All cards counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.missing + self.submitted + self.returned + self.approved
    }

    /// Whether every card is approved.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.total() > 0 && self.approved == self.total()
    }
}

/// Progress per group code, and over all groups, from card counts per group and state (a
/// card by itself counts 1).
pub fn progress_by_group<'a>(
    cards: impl IntoIterator<Item = (&'a str, ReportState, usize)>,
    deadline: Date,
    today: Date,
) -> (BTreeMap<String, Progress>, Progress) {
    let mut groups: BTreeMap<String, Progress> = BTreeMap::new();
    let mut total = Progress::default();
    for (group, state, n) in cards {
        let overdue = is_overdue(state, deadline, today);
        groups
            .entry(group.to_owned())
            .or_default()
            .add(state, overdue, n);
        total.add(state, overdue, n);
    }
    (groups, total)
}
