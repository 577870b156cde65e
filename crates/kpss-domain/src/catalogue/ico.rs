//! IČO – the identification number of a Czech organisation.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// IČO (identifikační číslo osoby): eight digits whose last is a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ico(String);

impl Ico {
    /// Parses an IČO, ignoring spaces (people write „008 45 451“).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::InvalidIco);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if check_digit(&d[..7]) != d[7] {
            return Err(FieldError::InvalidIco);
        }
        Ok(Self(digits))
    }

    /// Completes seven digits with their check digit (used by the demo generator).
    #[must_use]
    pub fn with_check_digit(seven: u32) -> Self {
        let body = format!("{:07}", seven % 10_000_000);
        let d: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
        Self(format!("{body}{}", check_digit(&d)))
    }

    /// The eight digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit of the first seven digits: (11 − (Σ dᵢ·(8−i)) mod 11) mod 10.
fn check_digit(seven: &[u32]) -> u32 {
    let sum: u32 = seven.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10
}

impl fmt::Display for Ico {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Ico {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Ico> for String {
    fn from(value: Ico) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ostrava_is_valid_and_one_digit_off_is_not() {
        assert_eq!(Ico::parse("00845451").unwrap().as_str(), "00845451");
        assert_eq!(Ico::parse("00845452"), Err(FieldError::InvalidIco));
    }

    #[test]
    fn spaces_are_ignored_but_letters_and_lengths_are_not() {
        assert!(Ico::parse(" 008 45 451 ").is_ok());
        assert!(Ico::parse("0084545").is_err());
        assert!(Ico::parse("008454511").is_err());
        assert!(Ico::parse("0084545a").is_err());
        assert!(Ico::parse("").is_err());
        assert!(Ico::parse("٠٠٨٤٥٤٥١").is_err());
    }

    #[test]
    fn remainder_zero_and_one_give_check_digits_one_and_zero() {
        // 0000006: Σ = 12, remainder 1 → 0; 0084545: Σ = 110, remainder 0 → 1.
        assert_eq!(Ico::with_check_digit(6).as_str(), "00000060");
        assert_eq!(Ico::with_check_digit(84545).as_str(), "00845451");
        assert!(Ico::parse("00000061").is_err());
    }

    #[test]
    fn every_generated_ico_parses() {
        for seven in (0..10_000_000).step_by(99_991) {
            let ico = Ico::with_check_digit(seven);
            assert_eq!(Ico::parse(ico.as_str()), Ok(ico));
        }
    }
}
