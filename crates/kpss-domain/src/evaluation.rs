//! The yearly evaluation of activity cards (the seeds' eSRP): the status of a card, the path of a
//! provider's report from missing to approved, and the sums that reports are made of.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::FieldError;
use crate::money::{percent, sum};

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
    pub clients_planned: i64,
    pub clients_actual: i64,
    /// (funding source, year) → (planned, actual).
    pub costs: BTreeMap<(String, i32), (i64, i64)>,
}

impl Summary {
    /// Adds up cards.
    pub fn of<'a>(cards: impl IntoIterator<Item = &'a CardFigures>) -> Self {
        let mut s = Self::default();
        for card in cards {
            s.cards += 1;
            if let Some(status) = card.status {
                *s.by_status.entry(status).or_default() += 1;
            }
            s.clients_planned = sum([s.clients_planned, card.planned_clients.unwrap_or(0)]);
            s.clients_actual = sum([s.clients_actual, card.actual_clients.unwrap_or(0)]);
            for cost in &card.costs {
                let entry = s.costs.entry((cost.source.clone(), cost.year)).or_default();
                entry.0 = sum([entry.0, cost.planned]);
                entry.1 = sum([entry.1, cost.actual.unwrap_or(0)]);
            }
        }
        s
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

/// Plnění indikátoru – actual ÷ target as a whole percent, rounded as the seed does.
#[must_use]
pub fn indicator_fulfilment(actual: i64, target: i64) -> Option<i64> {
    percent(actual, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(
        status: Option<CardStatus>,
        clients: (i64, i64),
        costs: &[(&str, i32, i64, i64)],
    ) -> CardFigures {
        CardFigures {
            status,
            planned_clients: Some(clients.0),
            actual_clients: Some(clients.1),
            costs: costs
                .iter()
                .map(|(s, y, p, a)| Cost {
                    source: (*s).into(),
                    year: *y,
                    planned: *p,
                    actual: Some(*a),
                })
                .collect(),
        }
    }

    #[test]
    fn the_seeds_indicators_are_fulfilled_to_119_and_100_percent() {
        assert_eq!(indicator_fulfilment(286, 240), Some(119));
        assert_eq!(indicator_fulfilment(7, 7), Some(100));
        assert_eq!(indicator_fulfilment(3, 0), None);
    }

    #[test]
    fn statuses_parse_from_codes_and_czech_names() {
        for s in CardStatus::ALL {
            assert_eq!(CardStatus::parse(s.code()), Ok(s));
            assert_eq!(CardStatus::parse(&s.name().to_uppercase()), Ok(s));
        }
        assert!(CardStatus::parse("hotovo").is_err());
    }

    #[test]
    fn a_report_is_submitted_then_approved_or_returned_with_a_reason() {
        let s = ReportState::Missing.apply(&ReportAction::Submit).unwrap();
        assert_eq!(s, ReportState::Submitted);
        assert_eq!(
            s.apply(&ReportAction::Return {
                reason: "  ".into()
            }),
            Err(ReportError::ReasonRequired)
        );
        let returned = s
            .apply(&ReportAction::Return {
                reason: "Chybí náklady kraje.".into(),
            })
            .unwrap();
        assert!(returned.is_editable());
        let again = returned.apply(&ReportAction::Submit).unwrap();
        let approved = again.apply(&ReportAction::Approve).unwrap();
        assert_eq!(approved, ReportState::Approved);
        assert!(!approved.is_editable());
    }

    #[test]
    fn approved_reports_are_locked_and_missing_ones_cannot_be_approved() {
        assert_eq!(
            ReportState::Approved.apply(&ReportAction::Submit),
            Err(ReportError::Forbidden(ReportState::Approved))
        );
        assert_eq!(
            ReportState::Missing.apply(&ReportAction::Approve),
            Err(ReportError::Forbidden(ReportState::Missing))
        );
    }

    #[test]
    fn cards_add_up_by_status_clients_and_cost_per_source_and_year() {
        let cards = [
            card(
                Some(CardStatus::Fulfilled),
                (100, 120),
                &[
                    ("mesto", 2024, 200_000, 180_000),
                    ("kraj", 2024, 50_000, 50_000),
                ],
            ),
            card(
                Some(CardStatus::PartlyFulfilled),
                (40, 30),
                &[("mesto", 2024, 100_000, 90_000)],
            ),
            card(
                Some(CardStatus::Cancelled),
                (10, 0),
                &[("eu", 2025, 1_000_000, 0)],
            ),
            card(None, (5, 0), &[]),
        ];
        let s = Summary::of(&cards);
        assert_eq!(s.cards, 4);
        assert_eq!(s.by_status[&CardStatus::Fulfilled], 1);
        assert_eq!((s.clients_planned, s.clients_actual), (155, 150));
        assert_eq!(s.costs[&("mesto".to_owned(), 2024)], (300_000, 270_000));
        assert_eq!(s.cost_of_source("kraj"), (50_000, 50_000));
        assert_eq!(s.total_cost(), (1_350_000, 320_000));
        // One of two reported, not cancelled cards is fulfilled.
        assert_eq!(s.share_fulfilled(), Some(50));
        assert_eq!(Summary::of(&[]).share_fulfilled(), None);
    }

    #[test]
    fn summaries_per_key_cover_every_card_once() {
        let cards = [
            card(
                Some(CardStatus::Fulfilled),
                (1, 1),
                &[("mesto", 2024, 10, 10)],
            ),
            card(
                Some(CardStatus::NotStarted),
                (1, 0),
                &[("mesto", 2024, 20, 0)],
            ),
            card(
                Some(CardStatus::Fulfilled),
                (1, 1),
                &[("mesto", 2024, 30, 30)],
            ),
        ];
        let by = summarise_by(&cards, |c| c.status == Some(CardStatus::Fulfilled));
        assert_eq!(by[&true].cards, 2);
        assert_eq!(by[&true].total_cost(), (40, 40));
        assert_eq!(by[&false].share_fulfilled(), Some(0));
        assert_eq!(by.values().map(|s| s.cards).sum::<usize>(), cards.len());
    }
}
