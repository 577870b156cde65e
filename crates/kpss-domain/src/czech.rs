//! Czech conventions: dates as „14. 9. 2022“, money as „2 553 000 Kč“, Prague time and
//! Czech collation („ch“ after „h“, „č“ after „c“).

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::locale;
use time::{Date, Month, OffsetDateTime};
use time_tz::OffsetDateTimeExt;

use crate::FieldError;

/// No-break space: keeps „2 553“ and „14. 9.“ on one line.
const NBSP: char = '\u{a0}';

/// „14. 9. 2022“.
#[must_use]
pub fn format_date(date: Date) -> String {
    format!(
        "{}.{NBSP}{}.{NBSP}{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// „14. 9. 2022 10:05“ in Prague time.
#[must_use]
pub fn format_datetime(at: OffsetDateTime) -> String {
    let local = at.to_timezone(time_tz::timezones::db::europe::PRAGUE);
    format!(
        "{} {}:{:02}",
        format_date(local.date()),
        local.hour(),
        local.minute()
    )
}

/// The instant of a Prague wall-clock time. In the autumn hour that comes twice the first is
/// meant; a time the spring change skips is read as the same time an hour later.
#[must_use]
pub fn from_prague(local: time::PrimitiveDateTime) -> OffsetDateTime {
    use time_tz::{OffsetResult, PrimitiveDateTimeExt};
    let prague = time_tz::timezones::db::europe::PRAGUE;
    let first = |t: time::PrimitiveDateTime| match t.assume_timezone(prague) {
        OffsetResult::Some(at) | OffsetResult::Ambiguous(at, _) => Some(at),
        OffsetResult::None => None,
    };
    first(local)
        .or_else(|| first(local + time::Duration::HOUR))
        .unwrap_or_else(|| local.assume_utc())
}

/// The Prague wall-clock time of an instant.
#[must_use]
pub fn to_prague(at: OffsetDateTime) -> time::PrimitiveDateTime {
    let local = at.to_timezone(time_tz::timezones::db::europe::PRAGUE);
    time::PrimitiveDateTime::new(local.date(), local.time())
}

/// „14:05“.
#[must_use]
pub fn format_time(t: time::Time) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

/// Today's date in Prague: a deadline „31. 1.“ ends at midnight Czech time, not UTC.
#[must_use]
pub fn today() -> Date {
    OffsetDateTime::now_utc()
        .to_timezone(time_tz::timezones::db::europe::PRAGUE)
        .date()
}

/// „2 553 000 Kč“ – whole crowns with groups of three.
#[must_use]
pub fn format_czk(amount: i64) -> String {
    format!("{}{NBSP}Kč", group_thousands(amount))
}

/// „2 553“ – a whole number with groups of three separated by no-break spaces.
#[must_use]
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if value < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// Reads „14. 9. 2022“, „14.9.2022“ or „2022-09-14“ (what a date input sends).
pub fn parse_date(raw: &str) -> Result<Date, FieldError> {
    let text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = if text.contains('-') {
        let mut p: Vec<&str> = text.split('-').collect();
        p.reverse();
        p
    } else {
        text.trim_end_matches('.').split('.').collect()
    };
    let [day, month, year] = parts.as_slice() else {
        return Err(FieldError::InvalidDate);
    };
    let number = |s: &str| s.parse::<i32>().map_err(|_| FieldError::InvalidDate);
    let (day, month, year) = (number(day)?, number(month)?, number(year)?);
    if !(1900..=2200).contains(&year) {
        return Err(FieldError::InvalidDate);
    }
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(FieldError::InvalidDate)?;
    let day = u8::try_from(day).map_err(|_| FieldError::InvalidDate)?;
    Date::from_calendar_date(year, month, day).map_err(|_| FieldError::InvalidDate)
}

/// An optional date: empty is `None`.
pub fn parse_optional_date(raw: &str) -> Result<Option<Date>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(raw).map(Some)
    }
}

static COLLATOR: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("cs").into(), CollatorOptions::default())
        .expect("Czech collation data is compiled into kpss")
});

/// Compares two texts as a Czech dictionary orders them.
#[must_use]
pub fn compare(a: &str, b: &str) -> Ordering {
    COLLATOR.compare(a, b)
}

/// A key whose byte order is the Czech order of the texts (hex, so it sorts as a string).
#[must_use]
pub fn sort_key(text: &str) -> String {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = COLLATOR.write_sort_key_to(text, &mut bytes);
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The text as Czech typesetting wants its lines broken: a one-letter preposition or
/// conjunction (v, k, s, z, o, u, a, i) keeps to the word after it (a no-break space, the
/// „vlnka“).
#[must_use]
pub fn tie(text: &str) -> String {
    const ONE_LETTER: &str = "vkszouaiVKSZOUAI";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = |k: usize| i.checked_sub(k).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if c == ' '
            && before(1).is_some_and(|p| ONE_LETTER.contains(p))
            && before(2).is_none_or(|p| !p.is_alphanumeric())
            && after.is_some_and(|n| !n.is_whitespace())
        {
            out.push('\u{a0}');
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn one_letter_words_keep_to_the_next() {
        assert_eq!(
            tie("Pomoc v rodině a s dluhy, i o víkendu (k lékaři) z domova."),
            "Pomoc v\u{a0}rodině a\u{a0}s\u{a0}dluhy, i\u{a0}o\u{a0}víkendu (k\u{a0}lékaři) z\u{a0}domova."
        );
        assert_eq!(tie("V Porubě"), "V\u{a0}Porubě");
        // Not a word of one letter: the end of a longer one, or a letter at the end.
        assert_eq!(tie("domov a"), "domov a");
        assert_eq!(tie("Dva a  tři"), "Dva a  tři");
        assert_eq!(tie("kava s"), "kava s");
        assert_eq!(tie(""), "");
    }

    #[test]
    fn prague_wall_clock_times_become_instants_across_both_changes() {
        let at = |t| super::from_prague(t).to_offset(time::UtcOffset::UTC);
        assert_eq!(
            at(datetime!(2026-12-03 14:00)),
            datetime!(2026-12-03 13:00 UTC)
        );
        assert_eq!(
            at(datetime!(2026-06-03 14:00)),
            datetime!(2026-06-03 12:00 UTC)
        );
        // 29 March 2026, 2:30 does not exist in Prague: read as 3:30 summer time.
        assert_eq!(
            at(datetime!(2026-03-29 02:30)),
            datetime!(2026-03-29 01:30 UTC)
        );
        // 25 October 2026, 2:30 comes twice: the first, still summer time.
        assert_eq!(
            at(datetime!(2026-10-25 02:30)),
            datetime!(2026-10-25 00:30 UTC)
        );
        assert_eq!(
            super::to_prague(datetime!(2026-12-03 13:00 UTC)),
            datetime!(2026-12-03 14:00)
        );
        assert_eq!(super::format_time(time::macros::time!(9:05)), "9:05");
    }

    #[test]
    fn dates_are_written_the_czech_way() {
        assert_eq!(format_date(date!(2022 - 09 - 14)), "14.\u{a0}9.\u{a0}2022");
    }

    #[test]
    fn times_are_shown_in_prague_summer_and_winter() {
        assert_eq!(
            format_datetime(datetime!(2022-09-14 08:05 UTC)),
            "14.\u{a0}9.\u{a0}2022 10:05"
        );
        assert_eq!(
            format_datetime(datetime!(2022-01-14 08:05 UTC)),
            "14.\u{a0}1.\u{a0}2022 9:05"
        );
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(format_czk(2_553_000), "2\u{a0}553\u{a0}000\u{a0}Kč");
        assert_eq!(format_czk(0), "0\u{a0}Kč");
        assert_eq!(format_czk(-1500), "−1\u{a0}500\u{a0}Kč");
        assert_eq!(group_thousands(255), "255");
        assert_eq!(
            group_thousands(i64::MIN)
                .chars()
                .filter(|c| c.is_ascii_digit())
                .count(),
            19
        );
    }

    #[test]
    fn dates_parse_from_czech_and_iso_forms() {
        assert_eq!(parse_date("14. 9. 2022"), Ok(date!(2022 - 09 - 14)));
        assert_eq!(parse_date("14.09.2022"), Ok(date!(2022 - 09 - 14)));
        assert_eq!(parse_date("2022-09-14"), Ok(date!(2022 - 09 - 14)));
        assert_eq!(parse_date("31. 2. 2022"), Err(FieldError::InvalidDate));
        assert_eq!(parse_date("zítra"), Err(FieldError::InvalidDate));
        assert_eq!(
            parse_date("1. 1. 99999999999"),
            Err(FieldError::InvalidDate)
        );
        assert_eq!(parse_optional_date("  "), Ok(None));
    }

    #[test]
    fn czech_collation_puts_ch_after_h_and_hacek_after_the_plain_letter() {
        assert_eq!(compare("Chráněné bydlení", "Hospic"), Ordering::Greater);
        assert_eq!(
            compare("Chráněné bydlení", "Intervenční centrum"),
            Ordering::Less
        );
        assert_eq!(compare("Čáp", "Cyril"), Ordering::Greater);
        assert_eq!(compare("Řeka", "Rýže"), Ordering::Greater);
        assert_eq!(
            compare("azyl", "Azyl").then(Ordering::Equal),
            compare("azyl", "Azyl")
        );
    }

    #[test]
    fn sort_keys_order_like_the_collator() {
        let mut names = vec![
            "Chráněné bydlení",
            "Hospic",
            "Intervenční centrum",
            "Azylový dům",
            "Čajovna",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "Azylový dům",
                "Čajovna",
                "Hospic",
                "Chráněné bydlení",
                "Intervenční centrum"
            ]
        );
    }
}

static PLURALS: LazyLock<icu_plurals::PluralRules> = LazyLock::new(|| {
    icu_plurals::PluralRules::try_new(
        locale!("cs").into(),
        icu_plurals::PluralRulesOptions::default(),
    )
    .expect("Czech plural rules are compiled into kpss")
});

/// The Czech form of a noun for `n` by the CLDR plural rules: `forms` are the forms for one,
/// for a few (2–4, and fractions) and for many („karta“, „karty“, „karet“).
#[must_use]
pub fn plural(n: usize, forms: [&str; 3]) -> &str {
    use icu_plurals::PluralCategory;
    match PLURALS.category_for(n) {
        PluralCategory::One => forms[0],
        PluralCategory::Few | PluralCategory::Many => forms[1],
        _ => forms[2],
    }
}

/// The form of a noun for `n`, for templates that print the number themselves.
#[must_use]
pub fn noun<'a>(
    n: impl std::borrow::Borrow<usize>,
    one: &'a str,
    few: &'a str,
    many: &'a str,
) -> &'a str {
    plural(*n.borrow(), [one, few, many])
}

/// „1 karta“, „3 karty“, „5 karet“: the number (thousands spaced) and its noun, unbroken.
/// Takes the number by value or by reference, as templates pass it.
#[must_use]
pub fn count(n: impl std::borrow::Borrow<usize>, one: &str, few: &str, many: &str) -> String {
    let n = *n.borrow();
    let number = group_thousands(i64::try_from(n).unwrap_or(i64::MAX));
    format!("{number}{NBSP}{}", plural(n, [one, few, many]))
}

#[cfg(test)]
mod plural_tests {
    #[test]
    fn a_count_takes_the_form_of_its_number() {
        let card = |n| super::count(n, "karta", "karty", "karet").replace('\u{a0}', " ");
        assert_eq!(card(1), "1 karta");
        assert_eq!(card(4), "4 karty");
        assert_eq!(card(11), "11 karet");
        assert_eq!(card(2_000), "2 000 karet");
    }

    #[test]
    fn czech_nouns_take_three_forms() {
        let forms = ["karta", "karty", "karet"];
        assert_eq!(super::plural(1, forms), "karta");
        assert_eq!(super::plural(3, forms), "karty");
        assert_eq!(super::plural(5, forms), "karet");
        assert_eq!(super::plural(0, forms), "karet");
        assert_eq!(super::plural(22, forms), "karet", "Czech has no 22 → few");
    }
}
