//! The yearly evaluation of activity cards (the seeds' eSRP): the status of a card, the path of a
//! provider's report from missing to approved, and the sums that reports are made of.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::FieldError;
use crate::money::{percent, sum};

mod actuals;
mod judgement;
pub mod reminder;
mod round;

pub use actuals::{Actuals, ActualsInput, indicator_actual_field};
pub use judgement::{
    Fulfilment, Judgement, JudgementInput, MAX_EVALUATION_TEXT, parse_evaluation_text, propose,
};
pub use round::{Progress, RoundDraft, is_overdue, progress_by_group};

/// Stav plnění – how far a card's activity got in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// splněno
    Fulfilled,
    /// částečně splněno
    PartlyFulfilled,
    /// nesplněno
    NotFulfilled,
    /// v realizaci
    InProgress,
    /// nezahájeno
    NotStarted,
    /// zrušeno
    Cancelled,
}

impl CardStatus {
    /// All statuses in the order reports list them.
    pub const ALL: [Self; 6] = [
        Self::Fulfilled,
        Self::PartlyFulfilled,
        Self::NotFulfilled,
        Self::InProgress,
        Self::NotStarted,
        Self::Cancelled,
    ];

    /// Code in forms, files and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Fulfilled => "splneno",
            Self::PartlyFulfilled => "castecne",
            Self::NotFulfilled => "nesplneno",
            Self::InProgress => "v-realizaci",
            Self::NotStarted => "nezahajeno",
            Self::Cancelled => "zruseno",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Fulfilled => "splněno",
            Self::PartlyFulfilled => "částečně splněno",
            Self::NotFulfilled => "nesplněno",
            Self::InProgress => "v realizaci",
            Self::NotStarted => "nezahájeno",
            Self::Cancelled => "zrušeno",
        }
    }

    /// The status with this code or Czech name (spreadsheets carry either).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|s| s.code() == text || s.name() == text)
            .ok_or(FieldError::UnknownValue)
    }
}

/// Where a provider's report on one card stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Nothing submitted yet.
    Missing,
    /// Submitted, waiting for the manager or the coordinator.
    Submitted,
    /// Returned to the provider with a reason.
    Returned,
    /// Approved; the card is locked.
    Approved,
}

/// What may happen to a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportAction {
    /// The provider submits its figures.
    Submit,
    /// The manager or coordinator accepts them.
    Approve,
    /// The manager or coordinator sends them back, saying why.
    Return { reason: String },
}

/// A step the report's path does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The action does not fit the state (e.g. approving what was never submitted).
    #[error("not possible in state {0:?}")]
    Forbidden(ReportState),
    /// A return needs its reason.
    #[error("a return needs a reason")]
    ReasonRequired,
}

impl ReportState {
    /// All states, in the order the round dashboard counts them.
    pub const ALL: [Self; 4] = [
        Self::Missing,
        Self::Submitted,
        Self::Returned,
        Self::Approved,
    ];

    /// Code in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
        }
    }

    /// The state with this code; `None` for a code kpss never writes, which the store refuses
    /// to read rather than guess an editable state.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Missing => "nevyplněno",
            Self::Submitted => "odevzdáno",
            Self::Returned => "vráceno k opravě",
            Self::Approved => "schváleno",
        }
    }

    /// Whether the provider may still change the figures.
    #[must_use]
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Missing | Self::Returned)
    }

    /// The state after `action`.
    pub fn apply(self, action: &ReportAction) -> Result<Self, ReportError> {
        match (self, action) {
            (Self::Missing | Self::Returned, ReportAction::Submit) => Ok(Self::Submitted),
            (Self::Submitted, ReportAction::Approve) => Ok(Self::Approved),
            (Self::Submitted, ReportAction::Return { reason }) if reason.trim().is_empty() => {
                Err(ReportError::ReasonRequired)
            }
            (Self::Submitted, ReportAction::Return { .. }) => Ok(Self::Returned),
            (state, _) => Err(ReportError::Forbidden(state)),
        }
    }
}

/// One year's cost of a card from one funding source, planned and (once reported) actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cost {
    pub source: String,
    pub year: i32,
    pub planned: i64,
    pub actual: Option<i64>,
}

/// The figures of one activity card that reports add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardFigures {
    /// The year of the card's action plan.
    pub year: i32,
    pub status: Option<CardStatus>,
    pub planned_clients: Option<i64>,
    pub actual_clients: Option<i64>,
    pub costs: Vec<Cost>,
}

/// What a set of cards adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub cards: usize,
    /// Cards per reported status, in the order of [`CardStatus::ALL`].
    pub by_status: BTreeMap<CardStatus, usize>,
    /// Year → (planned, actual) clients. Never added up across years: the same people come
    /// back year after year.
    pub clients: BTreeMap<i32, (i64, i64)>,
    /// (funding source, year) → (planned, actual).
    pub costs: BTreeMap<(String, i32), (i64, i64)>,
}

impl Summary {
    /// Adds another summary to this one (a measure's into its goal's, say).
    pub fn merge(&mut self, other: &Self) {
        self.cards += other.cards;
        for (status, n) in &other.by_status {
            *self.by_status.entry(*status).or_default() += n;
        }
        for (year, (planned, actual)) in &other.clients {
            self.add_clients(*year, *planned, *actual);
        }
        for (key, (planned, actual)) in &other.costs {
            let entry = self.costs.entry(key.clone()).or_default();
            entry.0 = sum([entry.0, *planned]);
            entry.1 = sum([entry.1, *actual]);
        }
    }

    /// Adds up cards.
    pub fn of<'a>(cards: impl IntoIterator<Item = &'a CardFigures>) -> Self {
        let mut s = Self::default();
        for card in cards {
            s.cards += 1;
            if let Some(status) = card.status {
                *s.by_status.entry(status).or_default() += 1;
            }
            s.add_clients(
                card.year,
                card.planned_clients.unwrap_or(0),
                card.actual_clients.unwrap_or(0),
            );
            for cost in &card.costs {
                let entry = s.costs.entry((cost.source.clone(), cost.year)).or_default();
                entry.0 = sum([entry.0, cost.planned]);
                entry.1 = sum([entry.1, cost.actual.unwrap_or(0)]);
            }
        }
        s
    }

    /// Adds clients of one year.
    pub fn add_clients(&mut self, year: i32, planned: i64, actual: i64) {
        let entry = self.clients.entry(year).or_default();
        entry.0 = sum([entry.0, planned]);
        entry.1 = sum([entry.1, actual]);
    }

    /// Planned and actual clients in one year.
    #[must_use]
    pub fn clients_in(&self, year: i32) -> (i64, i64) {
        self.clients.get(&year).copied().unwrap_or((0, 0))
    }

    /// Share of fulfilled cards among those with a reported status other than cancelled,
    /// as a whole percent; `None` when none was reported.
    #[must_use]
    pub fn share_fulfilled(&self) -> Option<i64> {
        let count =
            |s: CardStatus| i64::try_from(*self.by_status.get(&s).unwrap_or(&0)).unwrap_or(0);
        let reported: i64 = CardStatus::ALL
            .into_iter()
            .filter(|s| *s != CardStatus::Cancelled)
            .map(count)
            .sum();
        percent(count(CardStatus::Fulfilled), reported)
    }

    /// Planned and actual cost over all sources and years.
    #[must_use]
    pub fn total_cost(&self) -> (i64, i64) {
        (
            sum(self.costs.values().map(|c| c.0)),
            sum(self.costs.values().map(|c| c.1)),
        )
    }

    /// Planned and actual cost of one funding source over all years.
    #[must_use]
    pub fn cost_of_source(&self, source: &str) -> (i64, i64) {
        let of_source = || {
            self.costs
                .iter()
                .filter(|((s, _), _)| s == source)
                .map(|(_, c)| *c)
        };
        (sum(of_source().map(|c| c.0)), sum(of_source().map(|c| c.1)))
    }
}

/// Summaries per key (a measure, a goal, a group), in key order.
pub fn summarise_by<'a, K: Ord>(
    cards: impl IntoIterator<Item = &'a CardFigures>,
    key: impl Fn(&CardFigures) -> K,
) -> BTreeMap<K, Summary> {
    let mut groups: BTreeMap<K, Vec<&CardFigures>> = BTreeMap::new();
    for card in cards {
        groups.entry(key(card)).or_default().push(card);
    }
    groups
        .into_iter()
        .map(|(k, cards)| (k, Summary::of(cards)))
        .collect()
}

#[cfg(test)]
mod tests;
