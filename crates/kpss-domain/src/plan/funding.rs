//! What a measure promises and costs: its indicators (name, unit, baseline and a target per
//! year of the plan) and its expected cost per year and funding source.

use serde::{Deserialize, Serialize};

use super::Period;
use crate::event::IndicatorFeed;
use crate::field::required_text;
use crate::money::parse_czk;
use crate::quantity::Quantity;
use crate::{FieldError, FieldErrors};

/// How many indicator rows the form offers.
pub const MEASURE_INDICATORS: usize = 3;

/// An indicator of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureIndicator {
    pub name: String,
    pub unit: String,
    #[serde(with = "crate::quantity::as_number::option")]
    pub baseline: Option<Quantity>,
    /// (year, target), only years with a target, in year order.
    #[serde(with = "crate::quantity::as_number::yearly")]
    pub targets: Vec<(i32, Quantity)>,
    /// Where the actual value comes from when kpss counts it itself; `None`: the group types
    /// it in the evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<IndicatorFeed>,
}

/// A measure's indicators and expected costs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureFunding {
    pub indicators: Vec<MeasureIndicator>,
    /// (funding source code, year, expected amount in Kč), only amounts given.
    pub costs: Vec<(String, i32, i64)>,
}

/// One indicator row as typed.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub baseline: &'a str,
    /// (year, target as typed).
    pub targets: Vec<(i32, &'a str)>,
    /// The [`IndicatorFeed`] code, or empty for a value the group types.
    pub feed: &'a str,
}

/// The form field of the expected cost from `source` in `year`.
#[must_use]
pub fn cost_field(source: &str, year: i32) -> String {
    format!("cost_{source}_{year}")
}

/// The form fields of indicator row `i`: name, unit, baseline.
#[must_use]
pub fn indicator_fields(i: usize) -> [String; 3] {
    [
        format!("indicator_name_{i}"),
        format!("indicator_unit_{i}"),
        format!("indicator_baseline_{i}"),
    ]
}

/// The form field of where indicator row `i` takes its actual value from.
#[must_use]
pub fn feed_field(i: usize) -> String {
    format!("indicator_feed_{i}")
}

/// The form field of indicator row `i`'s target in `year`.
#[must_use]
pub fn target_field(i: usize, year: i32) -> String {
    format!("indicator_target_{i}_{year}")
}

impl MeasureFunding {
    /// Checks every field: amounts are whole crowns, targets whole numbers, every year inside
    /// the plan's `period`, every source on the tenant's list.
    pub fn parse(
        indicators: &[IndicatorInput<'_>],
        costs: &[(&str, i32, &str)],
        sources: &[String],
        period: Period,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let outside = FieldError::OutOfRange {
            min: i64::from(period.from),
            max: i64::from(period.to),
        };
        let mut parsed_costs = Vec::new();
        for (source, year, amount) in costs {
            if amount.trim().is_empty() {
                continue;
            }
            let field = cost_field(source, *year);
            if !period.contains(*year) {
                errors.add(field, outside.clone());
            } else if !sources.iter().any(|s| s == source) {
                errors.add(field, FieldError::UnknownValue);
            } else if let Some(amount) = errors.take(&field, parse_czk(amount)) {
                parsed_costs.push(((*source).to_owned(), *year, amount));
            }
        }
        parsed_costs.sort_by_key(|(s, y, _)| {
            (
                sources.iter().position(|x| x == s).unwrap_or(usize::MAX),
                *y,
            )
        });
        let mut parsed = Vec::new();
        for (i, row) in indicators.iter().enumerate() {
            let blank = [row.name, row.unit, row.baseline]
                .iter()
                .chain(row.targets.iter().map(|(_, t)| t))
                .all(|v| v.trim().is_empty());
            if blank {
                continue;
            }
            let [name_field, unit_field, baseline_field] = indicator_fields(i);
            let name = errors.take(&name_field, required_text(row.name, 300));
            let unit = errors.take(&unit_field, required_text(row.unit, 50));
            let baseline = errors
                .take(&baseline_field, Quantity::parse_optional(row.baseline))
                .flatten();
            let feed = errors
                .take(&feed_field(i), IndicatorFeed::parse_optional(row.feed))
                .flatten();
            let mut targets = Vec::new();
            for (year, raw) in &row.targets {
                let field = target_field(i, *year);
                if raw.trim().is_empty() {
                    continue;
                }
                if !period.contains(*year) {
                    errors.add(field, outside.clone());
                } else if let Some(Some(t)) = errors.take(&field, Quantity::parse_optional(raw)) {
                    targets.push((*year, t));
                }
            }
            targets.sort_unstable();
            if let (Some(name), Some(unit)) = (name, unit) {
                parsed.push(MeasureIndicator {
                    name,
                    unit,
                    baseline,
                    targets,
                    feed,
                });
            }
        }
        errors.into_result(|| Self {
            indicators: parsed,
            costs: parsed_costs,
        })
    }

    /// „2024: 3 553 000 Kč“ for every year of the period with an expected cost.
    #[must_use]
    pub fn cost_lines(&self, period: Period) -> Vec<String> {
        self.cost_per_year(period)
            .into_iter()
            .filter(|(_, amount)| *amount > 0)
            .map(|(year, amount)| format!("{year}: {}", crate::czech::format_czk(amount)))
            .collect()
    }

    /// Expected cost per year over all sources.
    #[must_use]
    pub fn cost_per_year(&self, period: Period) -> Vec<(i32, i64)> {
        period
            .years()
            .map(|y| {
                let amounts = self.costs.iter().filter(|(_, yr, _)| *yr == y).map(|c| c.2);
                (y, crate::money::sum(amounts))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> Period {
        Period::new(2023, 2026).unwrap()
    }

    fn sources() -> Vec<String> {
        vec!["mesto".into(), "mpsv".into()]
    }

    #[test]
    fn costs_and_indicators_are_read_per_year_of_the_period() {
        let funding = MeasureFunding::parse(
            &[IndicatorInput {
                name: "počet lůžek",
                unit: "lůžek",
                baseline: "120",
                targets: vec![(2024, "130"), (2026, "150,5"), (2025, "")],
                feed: "",
            }],
            &[
                ("mpsv", 2024, "2 553 000"),
                ("mesto", 2024, "1 000 000"),
                ("mesto", 2025, ""),
            ],
            &sources(),
            period(),
        )
        .unwrap();
        assert_eq!(
            funding.costs,
            vec![
                ("mesto".to_owned(), 2024, 1_000_000),
                ("mpsv".to_owned(), 2024, 2_553_000)
            ]
        );
        assert_eq!(funding.indicators[0].baseline, Some(Quantity::whole(120)));
        assert_eq!(
            funding.indicators[0].targets,
            vec![
                (2024, Quantity::whole(130)),
                (2026, Quantity::from_hundredths(15_050))
            ]
        );
        assert_eq!(funding.indicators[0].feed, None);
        assert_eq!(
            funding.cost_per_year(period()),
            vec![(2023, 0), (2024, 3_553_000), (2025, 0), (2026, 0)]
        );
    }

    #[test]
    fn a_year_outside_the_period_and_bad_amounts_are_refused() {
        let errors = MeasureFunding::parse(
            &[IndicatorInput {
                name: "počet klientů",
                unit: "",
                baseline: "mnoho",
                targets: vec![(2030, "5")],
                feed: "kouzlo",
            }],
            &[
                ("mesto", 2027, "100"),
                ("mpsv", 2024, "-5"),
                ("loterie", 2024, "5"),
            ],
            &sources(),
            period(),
        )
        .unwrap_err();
        assert_eq!(
            errors.get("cost_mesto_2027"),
            Some(&FieldError::OutOfRange {
                min: 2023,
                max: 2026
            })
        );
        assert!(errors.get("cost_mpsv_2024").is_some());
        assert_eq!(
            errors.get("cost_loterie_2024"),
            Some(&FieldError::UnknownValue)
        );
        assert_eq!(errors.get("indicator_unit_0"), Some(&FieldError::Required));
        assert!(errors.get("indicator_baseline_0").is_some());
        assert!(errors.get("indicator_target_0_2030").is_some());
        assert_eq!(
            errors.get("indicator_feed_0"),
            Some(&FieldError::UnknownValue)
        );
    }

    #[test]
    fn stored_whole_targets_read_as_before_and_decimals_and_feeds_are_kept() {
        // Written before indicators had decimals or feeds.
        let old = r#"{"indicators":[{"name":"úvazky","unit":"úvazek","baseline":120,"targets":[[2024,130]]}],"costs":[]}"#;
        let read: MeasureFunding = serde_json::from_str(old).unwrap();
        assert_eq!(read.indicators[0].baseline, Some(Quantity::whole(120)));
        assert_eq!(
            read.indicators[0].targets,
            vec![(2024, Quantity::whole(130))]
        );
        assert_eq!(read.indicators[0].feed, None);
        let mut new = read.clone();
        new.indicators[0].targets = vec![(2024, Quantity::from_hundredths(150))];
        new.indicators[0].feed = Some(IndicatorFeed::Participants);
        let written = serde_json::to_string(&new).unwrap();
        assert!(written.contains(r#""targets":[[2024,1.5]]"#), "{written}");
        assert!(written.contains(r#""baseline":120,"#), "{written}");
        assert_eq!(
            serde_json::from_str::<MeasureFunding>(&written).unwrap(),
            new
        );
        assert_eq!(serde_json::to_string(&read).unwrap(), old);
    }
}
