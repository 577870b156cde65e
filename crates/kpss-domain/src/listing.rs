//! What every list's query string shares: a page, flags, a text and the Czech message for a
//! value kpss does not know. A list refuses what it cannot honour instead of ignoring it.

/// Rows on one page of a list.
pub const PAGE_SIZE: u64 = 50;

/// The longest text filter kept; a longer one is refused.
const MAX_TEXT: usize = 200;

/// What a query string asked for that kpss does not know, said in Czech.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// „Neznámá hodnota filtru {what}: „{value}“.“, the value cut to 40 characters.
#[must_use]
pub fn unknown(what: &str, value: &str) -> QueryError {
    let shown: String = value.chars().take(40).collect();
    QueryError(format!("Neznámá hodnota filtru {what}: „{shown}“."))
}

/// A page number from 1 on.
pub fn page(value: &str) -> Result<u64, QueryError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
        .ok_or_else(|| unknown("strana", value))
}

/// `1`/`ano` or `0`/`ne`.
pub fn flag(value: &str, what: &str) -> Result<bool, QueryError> {
    match value {
        "1" | "ano" => Ok(true),
        "0" | "ne" => Ok(false),
        _ => Err(unknown(what, value)),
    }
}

/// A positive id.
pub fn id(value: &str, what: &str) -> Result<i32, QueryError> {
    value
        .parse::<i32>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| unknown(what, value))
}

/// Words to look for, at most 200 characters.
pub fn text(value: &str) -> Result<String, QueryError> {
    if value.chars().count() > MAX_TEXT {
        return Err(QueryError(format!(
            "Hledaný text může mít nejvýše {MAX_TEXT} znaků."
        )));
    }
    Ok(value.to_owned())
}

/// The option whose code is `value`.
pub fn choice<T: Copy>(
    value: &str,
    what: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> Result<T, QueryError> {
    all.iter()
        .copied()
        .find(|o| code(*o) == value)
        .ok_or_else(|| unknown(what, value))
}

/// The orders a list offers, each with its value in the query string.
pub trait Sorting: Copy + Default + PartialEq + 'static {
    /// Every order, as the form offers them.
    const ALL: &'static [Self];
    /// The value in the query string.
    fn code(self) -> &'static str;
    /// Czech name, for the form.
    fn name(self) -> &'static str;
}

/// The order, its direction and the page: what every list's query string has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Order<S> {
    pub sort: S,
    pub descending: bool,
    /// From 1; 0 (a default) reads as 1.
    pub page: u64,
}

impl<S: Sorting> Order<S> {
    /// Takes `razeni`, `sestupne` or `strana`; `false` for a key of the list's own.
    pub fn take(&mut self, key: &str, value: &str) -> Result<bool, QueryError> {
        match key {
            "razeni" => self.sort = choice(value, "řazení", S::ALL, S::code)?,
            "sestupne" => self.descending = flag(value, "sestupně")?,
            "strana" => self.page = page(value)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Adds what differs from the defaults, and `page_number` from 2 on.
    pub fn append(&self, out: &mut form_urlencoded::Serializer<'_, String>, page_number: u64) {
        if self.sort != S::default() {
            out.append_pair("razeni", self.sort.code());
        }
        if self.descending {
            out.append_pair("sestupne", "1");
        }
        if page_number > 1 {
            out.append_pair("strana", &page_number.to_string());
        }
    }

    /// `order` of two rows, reversed when descending.
    pub fn apply<T>(
        &self,
        order: impl Fn(&T, &T) -> std::cmp::Ordering,
    ) -> impl Fn(&T, &T) -> std::cmp::Ordering {
        let descending = self.descending;
        move |a, b| if descending { order(b, a) } else { order(a, b) }
    }
}

/// The non-empty pairs of a query string, trimmed.
#[must_use]
pub fn pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// Which rows of `total` page `page` shows: (the page actually shown, offset, pages in all).
/// A page past the end shows the last one.
#[must_use]
pub fn window(total: u64, page: u64) -> (u64, u64, u64) {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    (page, (page - 1) * PAGE_SIZE, pages)
}

/// Whether every word of `text` occurs in one of `fields`, whatever its case and accents:
/// people type „senioru“ for „seniorů“.
#[must_use]
pub fn matches(text: &str, fields: &[&str]) -> bool {
    let fields: Vec<String> = fields.iter().map(|f| fold(f)).collect();
    text.split_whitespace()
        .map(fold)
        .all(|word| fields.iter().any(|f| f.contains(&word)))
}

/// The text in lower case without accents.
#[must_use]
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A list held in memory sorted by `compare` in `order`'s direction and cut to its page:
/// (the rows of the page, the page shown, pages in all).
pub fn sort_and_page<T, S: Sorting>(
    mut rows: Vec<T>,
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
    order: &Order<S>,
) -> (Vec<T>, u64, u64) {
    rows.sort_by(order.apply(compare));
    let (page, offset, pages) = window(rows.len() as u64, order.page);
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let size = usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    (
        rows.into_iter().skip(offset).take(size).collect(),
        page,
        pages,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    struct TestSort;

    impl Sorting for TestSort {
        const ALL: &'static [Self] = &[Self];
        fn code(self) -> &'static str {
            "x"
        }
        fn name(self) -> &'static str {
            "x"
        }
    }

    #[test]
    fn words_match_whatever_their_case_and_accents() {
        assert!(matches("SENIORU pece", &["Péče o seniory", "seniorů"]));
        assert!(matches("Žlutý", &["zluty kun"]));
        assert!(!matches("senior děti", &["seniorů"]));
        assert!(matches("", &["cokoli"]));
    }

    #[test]
    fn pages_flags_ids_and_texts_are_checked() {
        assert_eq!(page("3"), Ok(3));
        assert!(page("0").unwrap_err().0.contains("strana: „0“"));
        assert!(
            flag("mozna", "po termínu")
                .unwrap_err()
                .0
                .contains("po termínu")
        );
        assert_eq!(flag("ano", "x"), Ok(true));
        assert_eq!(id("12", "opatření"), Ok(12));
        assert!(id("-1", "opatření").is_err());
        assert!(text(&"ř".repeat(201)).unwrap_err().0.contains("200 znaků"));
        assert_eq!(
            pairs("a=+x+&b=&c=%C5%99"),
            [("a".into(), "x".into()), ("c".into(), "ř".into())]
        );
        assert_eq!(window(0, 5), (1, 0, 1));
        assert_eq!(window(120, 2), (2, 50, 3));
        assert_eq!(window(120, 99), (3, 100, 3));
        assert!(matches("charita OSTR", &["Charita Ostrava", "00845451"]));
        assert!(matches("Řeč", &["", "řečová terapie"]));
        assert!(!matches("charita opava", &["Charita Ostrava"]));
        let order = Order {
            sort: TestSort,
            descending: true,
            page: 3,
        };
        let (rows, page, pages) = sort_and_page((1..=120).collect(), Ord::cmp, &order);
        assert_eq!(
            (rows.first(), rows.len(), page, pages),
            (Some(&20), 20, 3, 3)
        );
        let long = "x".repeat(100);
        assert_eq!(unknown("stav", &long).0.matches('x').count(), 40);
    }
}
