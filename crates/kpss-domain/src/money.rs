//! Money: whole Czech crowns as `i64`, never floating point; percentages are derived.

use crate::FieldError;
use crate::czech::group_thousands;

/// The largest amount kpss accepts in one field: 10^13 Kč, far above any city's budget.
pub const MAX_CZK: i64 = 10_000_000_000_000;

/// Reads an amount in whole crowns: „2 553 000“, „2553000 Kč“, „2 553 000,-“.
/// Negative amounts, fractions and anything that is not a number are refused.
pub fn parse_czk(raw: &str) -> Result<i64, FieldError> {
    let mut text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in [",-", ",--", "Kč", "kč", "CZK", ".-"] {
        if let Some(stripped) = text.strip_suffix(suffix) {
            text = stripped.to_owned();
        }
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::OutOfRange {
            min: 0,
            max: MAX_CZK,
        });
    }
    match text.parse::<i64>() {
        Ok(v) if v <= MAX_CZK => Ok(v),
        _ => Err(FieldError::OutOfRange {
            min: 0,
            max: MAX_CZK,
        }),
    }
}

/// „2 553 tis. Kč“ – thousands, rounded half away from zero, as reports show them.
#[must_use]
pub fn format_thousands(amount: i64) -> String {
    let rounded = (i128::from(amount) + if amount < 0 { -500 } else { 500 }) / 1000;
    let rounded = i64::try_from(rounded).unwrap_or(i64::MAX);
    format!("{}\u{a0}tis.\u{a0}Kč", group_thousands(rounded))
}

/// `part` as a whole percent of `whole`, rounded half up; `None` when `whole` is zero.
/// The seed's project: 286 participants of 240 planned is „naplněn na 119 %“.
#[must_use]
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (p, w) = (i128::from(part), i128::from(whole));
    // Half up on the absolute value, in integers: (2·100·p + w) / (2·w).
    let value = (200 * p.abs() + w.abs()) / (2 * w.abs());
    let signed = if (p < 0) != (w < 0) { -value } else { value };
    i64::try_from(signed).ok()
}

/// Adds amounts without overflowing (sums of national data stay far below `i64::MAX`).
#[must_use]
pub fn sum(amounts: impl IntoIterator<Item = i64>) -> i64 {
    amounts.into_iter().fold(0i64, i64::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_write_them() {
        assert_eq!(parse_czk("2 553 000"), Ok(2_553_000));
        assert_eq!(parse_czk("2553000 Kč"), Ok(2_553_000));
        assert_eq!(parse_czk("255 000,-"), Ok(255_000));
        assert_eq!(parse_czk("0"), Ok(0));
    }

    #[test]
    fn negative_fractional_and_absurd_amounts_are_refused() {
        for bad in [
            "-5",
            "12,50",
            "1.5",
            "sto",
            "",
            "1e9",
            "99999999999999999999",
        ] {
            assert!(parse_czk(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_seed_project_budget_is_shown_in_thousands() {
        // 2 553 tis. Kč = 10 % city + 10 % region + 80 % EU.
        assert_eq!(format_thousands(2_553_000), "2\u{a0}553\u{a0}tis.\u{a0}Kč");
        assert_eq!(format_thousands(255_300), "255\u{a0}tis.\u{a0}Kč");
        assert_eq!(format_thousands(2_042_500), "2\u{a0}043\u{a0}tis.\u{a0}Kč");
        assert_eq!(format_thousands(-1_500), "−2\u{a0}tis.\u{a0}Kč");
        assert_eq!(percent(255_300, 2_553_000), Some(10));
        assert_eq!(percent(2_042_400, 2_553_000), Some(80));
    }

    #[test]
    fn fulfilment_is_a_whole_percent_rounded_half_up() {
        assert_eq!(percent(286, 240), Some(119));
        assert_eq!(percent(7, 7), Some(100));
        assert_eq!(percent(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(5, 0), None);
        assert_eq!(percent(i64::MAX, 1), None, "too large to be a percent");
    }

    #[test]
    fn sums_do_not_overflow() {
        assert_eq!(sum([1, 2, 3]), 6);
        assert_eq!(sum([i64::MAX, 1]), i64::MAX);
    }
}
