//! Czech words too common and too empty to search by: prepositions, conjunctions and particles.
//!
//! Entries are lower-case and ASCII-folded (`pri` for `při`, `ze` for both `ze` and `že`),
//! because they are matched against tokens after folding and before stemming.
//!
//! A word is listed only if it cannot be a search term on its own, even where grammar would
//! call it a preposition. Left out on purpose:
//!
//! - `bez`: "osoby bez přístřeší" and "bez domova" name target groups, so a query for them
//!   must keep it.
//! - `misto` (`místo`, "instead of"), `pomoci` (`pomocí`, "by means of"): folded, they are
//!   also "place" and a form of "help".
//! - Pronouns and auxiliary verbs: not needed for a catalogue search and riskier to guess.

/// Stop words, lower-case, ASCII-folded, sorted and unique so that [`is_stop_word`] can bisect.
pub const STOP_WORDS: &[&str] = &[
    "a", "aby", "ackoli", "ackoliv", "ale", "anebo", "ani", "asi", "at", "avsak", "az", "behem",
    "by", "ci", "diky", "dle", "do", "i", "jak", "jako", "jakoz", "jakozto", "jelikoz", "jen",
    "jeste", "jestli", "jestlize", "jiz", "k", "kdyby", "kdyz", "ke", "kolem", "krome", "ku",
    "kvuli", "mezi", "mimo", "na", "nad", "nade", "napric", "naproti", "ne", "nebo", "neboli",
    "nebot", "nejen", "nez", "nezli", "o", "od", "ode", "ohledne", "okolo", "oproti", "pak", "po",
    "pod", "pode", "podel", "podle", "pokud", "pouze", "pred", "prede", "pres", "pri", "pro",
    "proti", "proto", "protoze", "s", "se", "si", "skrz", "skrze", "snad", "tak", "take", "takze",
    "tedy", "tez", "totiz", "tudiz", "u", "uz", "v", "vcetne", "ve", "vedle", "vsak", "vuci", "z",
    "za", "zda", "zdali", "ze",
];

/// Whether `word` (one lower-case, ASCII-folded token) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::{STOP_WORDS, is_stop_word};

    #[test]
    fn sorted_and_unique() {
        for pair in STOP_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn folded_lower_case() {
        for word in STOP_WORDS {
            assert!(!word.is_empty());
            assert!(word.bytes().all(|b| b.is_ascii_lowercase()), "{word}");
        }
    }

    #[test]
    fn members() {
        for word in [
            "a", "v", "ve", "na", "pro", "s", "se", "z", "ze", "k", "u", "o", "do", "od", "po",
            "pri", "pred", "mezi", "nebo", "ani", "ale", "aby", "jak", "jako", "protoze",
        ] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn non_members() {
        for word in [
            "bez",
            "misto",
            "pomoci",
            "pomoc",
            "dum",
            "domov",
            "deti",
            "senior",
            "osoby",
            "pristresi",
            "",
            "V",
            "při",
            "ab",
            "zz",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }
}
