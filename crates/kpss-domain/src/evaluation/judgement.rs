//! The working group's judgement of a measure for a year: how far it was fulfilled, why, what
//! was achieved and where its indicators got. kpss proposes a judgement from the evidence (the
//! approved cards and the indicators); the group's manager decides and the coordinator
//! reviews, as the seeds' revision of the plan had the groups write its text part.

use serde::Serialize;

use super::{CardStatus, indicator_actual_field};
use crate::field::optional_text;
use crate::quantity::Quantity;
use crate::{FieldError, FieldErrors};

/// Plnění opatření – the four judgements of the city's summary report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    /// splněno
    Fulfilled,
    /// částečně splněno
    PartlyFulfilled,
    /// nesplněno
    NotFulfilled,
    /// nerealizováno – nothing was done towards the measure
    NotImplemented,
}

impl Fulfilment {
    /// All judgements in the order reports list them.
    pub const ALL: [Self; 4] = [
        Self::Fulfilled,
        Self::PartlyFulfilled,
        Self::NotFulfilled,
        Self::NotImplemented,
    ];

    /// Code in forms, files and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Fulfilled => "splneno",
            Self::PartlyFulfilled => "castecne",
            Self::NotFulfilled => "nesplneno",
            Self::NotImplemented => "nerealizovano",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Fulfilled => "splněno",
            Self::PartlyFulfilled => "částečně splněno",
            Self::NotFulfilled => "nesplněno",
            Self::NotImplemented => "nerealizováno",
        }
    }

    /// The judgement with this code or Czech name.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.code() == text || f.name() == text)
            .ok_or(FieldError::UnknownValue)
    }

    /// Whether the group must say why: everything short of fulfilled is explained, as the
    /// seed's revision describes „co se podařilo jen částečně, nebo nepodařilo vůbec“.
    #[must_use]
    pub fn needs_reasoning(self) -> bool {
        self != Self::Fulfilled
    }
}

/// What kpss proposes from the evidence: the statuses of the measure's approved cards and the
/// fulfilment in per cent of its indicators that have a target and an actual value.
///
/// Nothing started (no card, or all cancelled or not started) is *nerealizováno*; every card
/// fulfilled and every indicator at 100 % or more is *splněno*; no card got anywhere (only not
/// fulfilled or not started) is *nesplněno*; anything between is *částečně splněno*.
#[must_use]
pub fn propose(
    statuses: impl IntoIterator<Item = CardStatus>,
    indicator_percents: &[i64],
) -> Fulfilment {
    let active: Vec<CardStatus> = statuses
        .into_iter()
        .filter(|s| *s != CardStatus::Cancelled)
        .collect();
    let started = active.iter().any(|s| *s != CardStatus::NotStarted);
    if !started {
        return Fulfilment::NotImplemented;
    }
    let all_fulfilled = active.iter().all(|s| *s == CardStatus::Fulfilled);
    let indicators_met = indicator_percents.iter().all(|p| *p >= 100);
    if all_fulfilled && indicators_met {
        return Fulfilment::Fulfilled;
    }
    let progressed = active.iter().any(|s| {
        matches!(
            s,
            CardStatus::Fulfilled | CardStatus::PartlyFulfilled | CardStatus::InProgress
        )
    });
    if progressed {
        Fulfilment::PartlyFulfilled
    } else {
        Fulfilment::NotFulfilled
    }
}

/// The judgement as typed.
#[derive(Debug, Clone, Default)]
pub struct JudgementInput<'a> {
    pub fulfilment: &'a str,
    pub reasoning: &'a str,
    pub achieved: &'a str,
    /// The actual value of each of the measure's indicators, in the measure's order.
    pub indicators: Vec<&'a str>,
}

/// A checked judgement of one measure in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub fulfilment: Fulfilment,
    /// Why it was not fulfilled (required then), or any remark.
    pub reasoning: Option<String>,
    /// What was achieved, in words.
    pub achieved: Option<String>,
    /// The actual value of each of the measure's indicators in the year.
    pub indicator_actuals: Vec<Option<Quantity>>,
}

/// The longest text kpss keeps in one field of a judgement.
pub const MAX_JUDGEMENT_TEXT: usize = 5000;

impl Judgement {
    /// Checks every field and reports every problem at once.
    pub fn parse(input: &JudgementInput<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let fulfilment = errors.take(
            "fulfilment",
            if input.fulfilment.trim().is_empty() {
                Err(FieldError::Required)
            } else {
                Fulfilment::parse(input.fulfilment)
            },
        );
        let reasoning = errors
            .take(
                "reasoning",
                optional_text(input.reasoning, MAX_JUDGEMENT_TEXT),
            )
            .flatten();
        if fulfilment.is_some_and(Fulfilment::needs_reasoning) && reasoning.is_none() {
            errors.add("reasoning", FieldError::Required);
        }
        let achieved = errors
            .take(
                "achieved",
                optional_text(input.achieved, MAX_JUDGEMENT_TEXT),
            )
            .flatten();
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
            fulfilment: fulfilment.unwrap_or(Fulfilment::NotImplemented),
            reasoning,
            achieved,
            indicator_actuals,
        })
    }
}

/// The longest evaluation text of a group or of the whole plan.
pub const MAX_EVALUATION_TEXT: usize = 20_000;

/// A group's evaluation of its part for the year, or the coordinator's summary of the plan:
/// required, and at most [`MAX_EVALUATION_TEXT`] characters.
pub fn parse_evaluation_text(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    let text = errors.take(
        "text",
        crate::field::required_text(raw, MAX_EVALUATION_TEXT),
    );
    errors.into_result(|| text.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CardStatus::*;

    #[test]
    fn a_measure_with_every_card_fulfilled_and_indicators_met_is_proposed_fulfilled() {
        assert_eq!(
            propose([Fulfilled, Fulfilled], &[119, 100]),
            Fulfilment::Fulfilled
        );
        assert_eq!(
            propose([Fulfilled, Cancelled], &[]),
            Fulfilment::Fulfilled,
            "a cancelled card does not count against the measure"
        );
    }

    #[test]
    fn an_indicator_short_of_its_target_makes_the_measure_only_partly_fulfilled() {
        assert_eq!(
            propose([Fulfilled], &[100, 85]),
            Fulfilment::PartlyFulfilled
        );
    }

    #[test]
    fn mixed_cards_are_proposed_partly_fulfilled() {
        assert_eq!(
            propose([Fulfilled, NotFulfilled], &[]),
            Fulfilment::PartlyFulfilled
        );
        assert_eq!(propose([InProgress], &[]), Fulfilment::PartlyFulfilled);
        assert_eq!(
            propose([Fulfilled, NotStarted], &[]),
            Fulfilment::PartlyFulfilled
        );
    }

    #[test]
    fn cards_that_got_nowhere_are_proposed_not_fulfilled() {
        assert_eq!(
            propose([NotFulfilled, NotStarted], &[]),
            Fulfilment::NotFulfilled
        );
    }

    #[test]
    fn a_measure_without_started_activity_is_proposed_not_implemented() {
        assert_eq!(propose([], &[]), Fulfilment::NotImplemented);
        assert_eq!(
            propose([Cancelled, NotStarted], &[]),
            Fulfilment::NotImplemented
        );
    }

    #[test]
    fn anything_short_of_fulfilled_needs_its_reasoning() {
        let input = JudgementInput {
            fulfilment: "castecne",
            reasoning: "  ",
            achieved: "Nová terénní služba.",
            indicators: vec!["12,5", ""],
        };
        let errors = Judgement::parse(&input).unwrap_err();
        assert_eq!(errors.get("reasoning"), Some(&FieldError::Required));
        let ok = Judgement::parse(&JudgementInput {
            reasoning: "Chyběli pracovníci.",
            ..input
        })
        .unwrap();
        assert_eq!(ok.fulfilment, Fulfilment::PartlyFulfilled);
        assert_eq!(
            ok.indicator_actuals,
            vec![Some(Quantity::from_hundredths(1250)), None]
        );
        let fulfilled = Judgement::parse(&JudgementInput {
            fulfilment: "splněno",
            ..JudgementInput::default()
        })
        .unwrap();
        assert_eq!(fulfilled.reasoning, None);
    }

    #[test]
    fn negative_or_non_numeric_indicator_actuals_are_refused() {
        let errors = Judgement::parse(&JudgementInput {
            fulfilment: "splneno",
            indicators: vec!["-3", "hodně"],
            ..JudgementInput::default()
        })
        .unwrap_err();
        assert!(errors.get(&indicator_actual_field(0)).is_some());
        assert!(errors.get(&indicator_actual_field(1)).is_some());
        assert_eq!(
            Judgement::parse(&JudgementInput::default())
                .unwrap_err()
                .get("fulfilment"),
            Some(&FieldError::Required)
        );
        assert_eq!(
            Judgement::parse(&JudgementInput {
                fulfilment: "výborně",
                ..JudgementInput::default()
            })
            .unwrap_err()
            .get("fulfilment"),
            Some(&FieldError::UnknownValue)
        );
    }

    #[test]
    fn evaluation_texts_are_required_and_bounded() {
        assert!(parse_evaluation_text("  ").is_err());
        assert!(parse_evaluation_text(&"a".repeat(MAX_EVALUATION_TEXT + 1)).is_err());
        assert_eq!(
            parse_evaluation_text(" Rok byl úspěšný. ").unwrap(),
            "Rok byl úspěšný."
        );
    }
}
