//! What a provider reports on one card at the end of the year.

use serde::Serialize;

use super::CardStatus;
use crate::action_plan::{MAX_PEOPLE, parse_costs};
use crate::field::{optional_int, optional_text};
use crate::quantity::Quantity;
use crate::{FieldError, FieldErrors};

/// The report as typed, before any check; forms and spreadsheets both arrive in this shape.
#[derive(Debug, Clone, Default)]
pub struct ActualsInput<'a> {
    pub status: &'a str,
    pub actual_clients: &'a str,
    pub actual_capacity: &'a str,
    pub comment: &'a str,
    /// (funding source code, actual amount).
    pub costs: Vec<(&'a str, &'a str)>,
    /// The actual value of each of the card's indicators, in the card's order.
    pub indicators: Vec<&'a str>,
}

/// A checked report on one card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actuals {
    pub status: CardStatus,
    pub actual_clients: Option<i64>,
    pub actual_capacity: Option<i64>,
    pub comment: Option<String>,
    /// (funding source code, actual amount in Kč), only sources with an amount.
    pub costs: Vec<(String, i64)>,
    /// The actual value of each indicator, in the card's order.
    pub indicator_actuals: Vec<Option<Quantity>>,
}

/// The form field of indicator `i`'s actual value.
#[must_use]
pub fn indicator_actual_field(i: usize) -> String {
    format!("indicator_actual_{i}")
}

impl CardStatus {
    /// Whether a report with this status must say why (the seed's cards explain every
    /// shortfall and every cancellation).
    #[must_use]
    pub fn needs_comment(self) -> bool {
        matches!(
            self,
            Self::PartlyFulfilled | Self::NotFulfilled | Self::Cancelled
        )
    }
}

impl Actuals {
    /// Checks every field and reports every problem at once.
    pub fn parse(input: &ActualsInput<'_>, sources: &[String]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = errors.take(
            "status",
            if input.status.trim().is_empty() {
                Err(FieldError::Required)
            } else {
                CardStatus::parse(input.status)
            },
        );
        let actual_clients = errors.take(
            "actual_clients",
            optional_int(input.actual_clients, 0, MAX_PEOPLE),
        );
        let actual_capacity = errors.take(
            "actual_capacity",
            optional_int(input.actual_capacity, 0, MAX_PEOPLE),
        );
        let comment = errors
            .take("comment", optional_text(input.comment, 5000))
            .flatten();
        if status.is_some_and(CardStatus::needs_comment) && comment.is_none() {
            errors.add("comment", FieldError::Required);
        }
        let costs = parse_costs(&input.costs, sources, &mut errors);
        let indicator_actuals = input
            .indicators
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                errors
                    .take(&indicator_actual_field(i), Quantity::parse_optional(raw))
                    .flatten()
            })
            .collect();
        errors.into_result(|| Self {
            status: status.unwrap_or(CardStatus::NotStarted),
            actual_clients: actual_clients.flatten(),
            actual_capacity: actual_capacity.flatten(),
            comment,
            costs,
            indicator_actuals,
        })
    }
}
