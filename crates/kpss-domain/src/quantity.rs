//! Values of indicators: counts of people are whole, but hours, kilometres or full-time
//! equivalents (the seed's „1,0 / 2,0“ jobs) need decimals. Kept as whole hundredths, so they
//! add up and compare exactly, with no floating point.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::czech::group_thousands;

/// A non-negative value with at most two decimal places.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantity(i64);

/// The largest value kpss accepts: 10^13, as for money.
const MAX_WHOLE: i64 = crate::money::MAX_CZK;

impl Quantity {
    /// A whole number.
    #[must_use]
    pub fn whole(value: i64) -> Self {
        Self(value.saturating_mul(100))
    }

    /// The value in hundredths.
    #[must_use]
    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// From hundredths, as stored.
    #[must_use]
    pub fn from_hundredths(value: i64) -> Self {
        Self(value)
    }

    /// Reads „12“, „12,5“, „12.5“ or „1 200,25“; refuses negative numbers, more than two
    /// decimals and anything that is not a number.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let out_of_range = FieldError::InvalidQuantity;
        let text: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 2 {
            return Err(out_of_range);
        }
        let whole: i64 = whole.parse().map_err(|_| out_of_range.clone())?;
        if whole > MAX_WHOLE {
            return Err(out_of_range);
        }
        let fraction: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        Ok(Self(whole * 100 + fraction))
    }

    /// An optional value: empty is `None`.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }

    /// This value as a whole per cent of `target`, rounded half up; `None` for a zero target.
    #[must_use]
    pub fn percent_of(self, target: Self) -> Option<i64> {
        crate::money::percent(self.0, target.0)
    }
}

impl std::fmt::Display for Quantity {
    /// Czech notation: „1 200“, „12,5“, „0,25“.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = group_thousands(self.0 / 100);
        match self.0 % 100 {
            0 => f.write_str(&whole),
            n if n % 10 == 0 => write!(f, "{whole},{}", n / 10),
            n => write!(f, "{whole},{n:02}"),
        }
    }
}

/// Serde for values kept in JSON as plain numbers since before they had decimals: a whole
/// value is written as an integer, so stored whole numbers and new decimal ones read alike.
pub mod as_number {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{MAX_WHOLE, Quantity};

    struct Number(Quantity);

    impl Serialize for Number {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let h = self.0.0;
            if h % 100 == 0 {
                s.serialize_i64(h / 100)
            } else {
                #[allow(clippy::cast_precision_loss, reason = "below 2^53, exact")]
                s.serialize_f64(h as f64 / 100.0)
            }
        }
    }

    impl<'de> Deserialize<'de> for Number {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let v = f64::deserialize(d)?;
            #[allow(clippy::cast_precision_loss, reason = "10^13 is exact in f64")]
            let max = MAX_WHOLE as f64;
            if !v.is_finite() || v < 0.0 || v > max {
                return Err(serde::de::Error::custom("a quantity out of range"));
            }
            #[allow(clippy::cast_possible_truncation, reason = "checked to be in range")]
            Ok(Self(Quantity((v * 100.0).round() as i64)))
        }
    }

    /// An optional value.
    pub mod option {
        use super::*;

        /// Writes the value as a number.
        pub fn serialize<S: Serializer>(v: &Option<Quantity>, s: S) -> Result<S::Ok, S::Error> {
            v.map(Number).serialize(s)
        }

        /// Reads a number.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Quantity>, D::Error> {
            Ok(Option::<Number>::deserialize(d)?.map(|n| n.0))
        }
    }

    /// Values per year.
    pub mod yearly {
        use super::*;

        /// Writes (year, number) pairs.
        pub fn serialize<S: Serializer>(v: &[(i32, Quantity)], s: S) -> Result<S::Ok, S::Error> {
            let pairs: Vec<(i32, Number)> = v.iter().map(|(y, q)| (*y, Number(*q))).collect();
            pairs.serialize(s)
        }

        /// Reads (year, number) pairs.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<(i32, Quantity)>, D::Error> {
            Ok(Vec::<(i32, Number)>::deserialize(d)?
                .into_iter()
                .map(|(y, n)| (y, n.0))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_with_a_comma_or_a_dot() {
        assert_eq!(Quantity::parse("12,5"), Ok(Quantity::from_hundredths(1250)));
        assert_eq!(Quantity::parse("12.5"), Ok(Quantity::from_hundredths(1250)));
        assert_eq!(
            Quantity::parse("1 200,25"),
            Ok(Quantity::from_hundredths(120_025))
        );
        assert_eq!(Quantity::parse("2"), Ok(Quantity::whole(2)));
        assert_eq!(Quantity::parse_optional("  "), Ok(None));
    }

    #[test]
    fn negative_and_malformed_values_are_refused() {
        for bad in [
            "-1",
            "1,234",
            "12,",
            ",5",
            "sto",
            "1e3",
            "1.2.3",
            "99999999999999999",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_shown_in_czech_notation() {
        assert_eq!(Quantity::parse("1200").unwrap().to_string(), "1\u{a0}200");
        assert_eq!(Quantity::parse("12,5").unwrap().to_string(), "12,5");
        assert_eq!(Quantity::parse("0,25").unwrap().to_string(), "0,25");
        assert_eq!(Quantity::parse("0,05").unwrap().to_string(), "0,05");
    }

    #[test]
    fn the_seeds_jobs_indicator_is_fulfilled_to_200_percent() {
        // „Vytvořená hrubá pracovní místa – plánovaná hodnota 1,0 / skutečná hodnota 2,0“
        let planned = Quantity::parse("1,0").unwrap();
        let actual = Quantity::parse("2,0").unwrap();
        assert_eq!(actual.percent_of(planned), Some(200));
        assert_eq!(
            Quantity::whole(286).percent_of(Quantity::whole(240)),
            Some(119)
        );
        assert_eq!(actual.percent_of(Quantity::default()), None);
    }
}
