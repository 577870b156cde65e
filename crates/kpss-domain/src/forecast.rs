//! The forecast of need (prognóza): from the population of each city district by age band and
//! year, and the coordinator's need ratios (places of a service type per 1 000 people of an age
//! band), the places needed in each district and year up to the plan's end, against the
//! capacities of the catalogue, and the gap.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::quantity::Quantity;
use crate::{FieldError, FieldErrors};

/// Ages from `from` up to, not including, `to`; `None`: and older.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AgeBand {
    pub from: u8,
    pub to: Option<u8>,
}

impl AgeBand {
    /// Whether this band lies wholly within `range`.
    #[must_use]
    pub fn within(self, range: Self) -> bool {
        self.from >= range.from
            && match (self.to, range.to) {
                (_, None) => true,
                (Some(to), Some(limit)) => to <= limit,
                (None, Some(_)) => false,
            }
    }

    /// „65 let a více“, „0–4 roky“ (the last year included).
    #[must_use]
    pub fn label(self) -> String {
        match self.to {
            None => format!("{} let a více", self.from),
            Some(to) => format!("{}–{} let", self.from, to.saturating_sub(1)),
        }
    }

    /// Reads the ages of a ratio as typed: „65“ and „“ (and older), or „18“ and „65“.
    pub fn parse(from: &str, to: &str) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let age = |raw: &str| -> Result<Option<u8>, FieldError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<u8>()
                .ok()
                .filter(|a| *a <= 120)
                .map(Some)
                .ok_or(FieldError::OutOfRange { min: 0, max: 120 })
        };
        let from = e.take(
            "age_from",
            age(from).and_then(|a| a.ok_or(FieldError::Required)),
        );
        let to = e.take("age_to", age(to));
        if let (Some(f), Some(Some(t))) = (from, to)
            && t <= f
        {
            e.add("age_to", FieldError::EndBeforeStart);
        }
        e.into_result(|| Self {
            from: from.unwrap_or(0),
            to: to.flatten(),
        })
    }
}

/// How many places of a service type the people of an age band need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeedRatio {
    /// Code of the service type (Act 108/2006 Sb.).
    pub service_type: String,
    pub ages: AgeBand,
    /// Places per 1 000 people of the band, with two decimals.
    pub per_thousand: Quantity,
}

impl NeedRatio {
    /// Checks a ratio as typed against the known service types.
    pub fn parse(
        (service_type, age_from, age_to, per_thousand): (&str, &str, &str, &str),
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let service_type = e.take(
            "service_type",
            crate::catalogue::service_type(service_type.trim()).map(|t| t.code.clone()),
        );
        let ages = match AgeBand::parse(age_from, age_to) {
            Ok(a) => Some(a),
            Err(errors) => {
                e.0.extend(errors.0);
                None
            }
        };
        let per_thousand = e.take(
            "per_thousand",
            Quantity::parse(per_thousand).and_then(|q| {
                if q.hundredths() == 0 || q.hundredths() > 100_000 {
                    Err(FieldError::OutOfRange { min: 0, max: 1000 })
                } else {
                    Ok(q)
                }
            }),
        );
        e.into_result(|| Self {
            service_type: service_type.unwrap_or_default(),
            ages: ages.unwrap_or(AgeBand { from: 0, to: None }),
            per_thousand: per_thousand.unwrap_or_default(),
        })
    }

    /// The places `people` of the ratio's ages need, rounded half up.
    #[must_use]
    pub fn places(&self, people: i64) -> i64 {
        let hundredths = i128::from(people) * i128::from(self.per_thousand.hundredths());
        i64::try_from((hundredths + 50_000) / 100_000).unwrap_or(i64::MAX)
    }
}

/// The population of one district in one year and age band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Population {
    pub district: String,
    pub year: i32,
    pub band: AgeBand,
    pub people: i64,
}

/// One district and year of a ratio's forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// People of the ratio's ages.
    pub people: i64,
    /// The year whose population was used: the latest known up to the year forecast.
    pub from_year: i32,
    pub needed: i64,
    pub capacity: i64,
}

impl Forecast {
    /// Places missing; 0 when the capacity suffices.
    #[must_use]
    pub fn gap(&self) -> i64 {
        (self.needed - self.capacity).max(0)
    }
}

/// The forecast of `ratio` for each district and year of `years`: the population of the
/// ratio's ages in the latest year known up to it (bands not wholly within the ratio's ages do
/// not count), the places needed, and `capacity` of the district. Districts without any
/// population known up to a year have no forecast for it.
#[must_use]
pub fn forecast(
    ratio: &NeedRatio,
    population: &[Population],
    capacity: &BTreeMap<String, i64>,
    years: std::ops::RangeInclusive<i32>,
) -> BTreeMap<(String, i32), Forecast> {
    // People of the ratio's ages by district and year known.
    let mut known: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    for p in population.iter().filter(|p| p.band.within(ratio.ages)) {
        *known.entry((p.district.as_str(), p.year)).or_default() += p.people;
    }
    let districts: std::collections::BTreeSet<&str> =
        population.iter().map(|p| p.district.as_str()).collect();
    let mut out = BTreeMap::new();
    for district in districts {
        for year in years.clone() {
            let latest = known
                .range((district, i32::MIN)..=(district, year))
                .next_back();
            if let Some(((_, from_year), people)) = latest {
                out.insert(
                    (district.to_owned(), year),
                    Forecast {
                        people: *people,
                        from_year: *from_year,
                        needed: ratio.places(*people),
                        capacity: capacity.get(district).copied().unwrap_or(0),
                    },
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(from: u8, to: Option<u8>) -> AgeBand {
        AgeBand { from, to }
    }

    fn people(district: &str, year: i32, b: AgeBand, n: i64) -> Population {
        Population {
            district: district.into(),
            year,
            band: b,
            people: n,
        }
    }

    #[test]
    fn places_are_people_times_the_ratio_per_thousand_rounded_half_up() {
        let ratio = NeedRatio::parse(("49", "65", "", "12,5")).unwrap();
        assert_eq!(ratio.places(10_000), 125);
        assert_eq!(ratio.places(1_000), 13, "12,5 rounds up");
        assert_eq!(ratio.places(0), 0);
        let bad = NeedRatio::parse(("neni", "70", "60", "0")).unwrap_err();
        assert!(bad.get("service_type").is_some());
        assert_eq!(bad.get("age_to"), Some(&FieldError::EndBeforeStart));
        assert!(bad.get("per_thousand").is_some());
    }

    #[test]
    fn the_forecast_counts_whole_bands_and_carries_the_latest_year_forward() {
        let ratio = NeedRatio::parse(("49", "65", "", "20")).unwrap();
        let population = vec![
            people("poruba", 2025, band(60, Some(65)), 9_000),
            people("poruba", 2025, band(65, Some(70)), 3_000),
            people("poruba", 2025, band(70, None), 7_000),
            people("poruba", 2027, band(65, None), 11_000),
            people("jih", 2026, band(65, None), 5_000),
        ];
        let capacity = BTreeMap::from([("poruba".to_owned(), 150)]);
        let f = forecast(&ratio, &population, &capacity, 2025..=2028);
        let at = |d: &str, y| f.get(&(d.to_owned(), y)).copied();
        let p2025 = at("poruba", 2025).unwrap();
        assert_eq!(
            (p2025.people, p2025.needed, p2025.gap()),
            (10_000, 200, 50),
            "60–64 left out"
        );
        assert_eq!(
            at("poruba", 2026).unwrap().from_year,
            2025,
            "carried forward"
        );
        assert_eq!(at("poruba", 2028).unwrap().needed, 220);
        assert_eq!(at("jih", 2025), None, "nothing known yet");
        assert_eq!(at("jih", 2026).unwrap().gap(), 100, "no capacity there");
        assert!(band(65, Some(70)).within(band(65, None)));
        assert!(!band(60, Some(70)).within(band(65, None)));
        assert!(!band(85, None).within(band(65, Some(85))));
        assert_eq!(band(0, Some(5)).label(), "0–4 let");
    }
}
