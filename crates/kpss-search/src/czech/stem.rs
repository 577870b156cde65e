//! A light Czech stemmer for lower-case, ASCII-folded tokens.
//!
//! The algorithm is the light stemmer of L. Dolamic and J. Savoy, "Indexing and stemming
//! approaches for the Czech language" (Information Processing & Management 45, 2009), as
//! implemented by Apache Lucene's `org.apache.lucene.analysis.cz.CzechStemmer` (Apache License
//! 2.0), from which this is ported: strip a case ending, then a possessive suffix, then undo the
//! commonest consonant alternations so that e.g. `matka`/`matce` and `cesky`/`cesti` meet.
//!
//! Lucene stems text that still has its diacritics; kpss folds them away first, because people
//! type without them and the index and the query must agree. Every rule is therefore written in
//! its folded form, which has consequences that the rules below note where they occur:
//!
//! - Suffix pairs that differ only in diacritics (`ětem`/`etem`, `ích`/`ich`, `ém`/`em`, …)
//!   become one rule.
//! - Endings that Lucene recognises only with a diacritic (`ám`, `ím`, `ům`, `ým`, `ách`, `ých`,
//!   `ého`, …) now also match words that really end in the plain letters. Nominatives such as
//!   `program` or `strach` are thus cut (`progr`, `str`) while their other cases (`programu`,
//!   `strachu`) keep the full stem, so those forms do not meet. Latin neuters gain instead:
//!   `centrum`/`centra` and `studium`/`studia` meet, which they do not in Lucene.
//! - Lucene's `št → sk` and `čt → ck` become `st → sk` and `ct → ck`, so every stem ending in
//!   `st` is spelt with `sk` (`zavislost` → `zavislosk`, and `cesta` meets `cesky`).
//! - Lucene's `ů → o` (`dům`/`domu`) is left out: see [`normalize`].
//!
//! The input is expected to be one token that is already lower-case and ASCII-folded. Other
//! input is handled char by char: lengths are counted in chars and only the ASCII rules apply,
//! so it never panics, and a word with diacritics is stemmed only where its ending is ASCII.

/// Returns the stem of one lower-case, ASCII-folded token.
pub fn stem(word: &str) -> String {
    let mut s: Vec<char> = word.chars().collect();
    let len = remove_case(&s);
    s.truncate(len);
    let len = remove_possessives(&s);
    s.truncate(len);
    if !s.is_empty() {
        normalize(&mut s);
    }
    s.into_iter().collect()
}

/// Whether `s` ends with the ASCII `suffix`.
fn ends_with(s: &[char], suffix: &str) -> bool {
    let n = suffix.len();
    s.len() >= n && s[s.len() - n..].iter().copied().eq(suffix.chars())
}

fn ends_with_any(s: &[char], suffixes: &[&str]) -> bool {
    suffixes.iter().any(|suffix| ends_with(s, suffix))
}

/// Case endings of nouns and adjectives, longest first; each tier has Lucene's length guard.
///
/// Returns the new length.
fn remove_case(s: &[char]) -> usize {
    let len = s.len();

    if len > 7 && ends_with(s, "atech") {
        return len - 5;
    }

    // Folding merges Lucene's `ětem` with `etem`; `atum` is `atům`.
    if len > 6 && ends_with_any(s, &["etem", "atum"]) {
        return len - 4;
    }

    // Folded forms of Lucene's list. Merged pairs: `ich`/`ích`, `emi`/`ěmi`, `ete`/`ěte`,
    // `eti`/`ěti`, `iho`/`ího`, `imu`/`ímu`. Accent-only endings that now also match plain
    // letters: `eho` (`ého`), `emu` (`ému`), `imi` (`ími`), `ach` (`ách`), `ych` (`ých`),
    // `ove` (`ové`), `ymi` (`ými`).
    if len > 5
        && ends_with_any(
            s,
            &[
                "ech", "ich", "eho", "emi", "emu", "ete", "eti", "iho", "imi", "imu", "ach", "ata",
                "aty", "ych", "ama", "ami", "ove", "ovi", "ymi",
            ],
        )
    {
        return len - 3;
    }

    // Merged: `em`/`ém`. Accent-only endings that now also match plain letters: `im` (`ím`),
    // `um` (`ům`), `am` (`ám`), `ym` (`ým`): the source of the `program` → `progr` cut.
    if len > 4
        && ends_with_any(
            s,
            &[
                "em", "es", "im", "um", "at", "am", "os", "us", "ym", "mi", "ou",
            ],
        )
    {
        return len - 2;
    }

    // Lucene's `ů á é í ý ě` fold onto vowels already in the list, so nothing changes here.
    if len > 3 && matches!(s[len - 1], 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        return len - 1;
    }

    len
}

/// Possessive adjective suffixes (`-ov`, `-in`, `-ův`, the last folded to `uv`).
///
/// Returns the new length.
fn remove_possessives(s: &[char]) -> usize {
    let len = s.len();
    if len > 5 && ends_with_any(s, &["ov", "in", "uv"]) {
        return len - 2;
    }
    len
}

/// Undoes the consonant alternations that case endings cause, in Lucene's order; the first rule
/// that applies wins.
///
/// Lucene's last rule, `ů → o` before the final consonant (`dům` → `dom`, to meet `domu`), is
/// left out: folded, `ů` is indistinguishable from `u`, and applying it to every `u` would send
/// `ruka` to `rok` (meeting the word for year) while `ruce` still reaches `ruk` through the
/// `c → k` rule, which returns first. So `dum` and `domu` do not meet.
fn normalize(s: &mut Vec<char>) {
    let len = s.len();

    // Lucene's `čt → ck` and `št → sk`, which let `cesti`/`cesky` and `anglicti`/`anglicky`
    // meet. Folded, they also hit plain `ct`/`st`: that merges those stems with `ck`/`sk` ones
    // (`cesta` meets `cesky`) but splits none, as no later rule would have touched them.
    if ends_with(s, "ct") {
        s[len - 1] = 'k';
        return;
    }
    if ends_with(s, "st") {
        s[len - 1] = 'k';
        return;
    }

    // `[cč] → k`, `[zž] → h`: Lucene already lists the plain letters, so folding changes nothing.
    match s[len - 1] {
        'c' => {
            s[len - 1] = 'k';
            return;
        }
        'z' => {
            s[len - 1] = 'h';
            return;
        }
        _ => {}
    }

    // The fleeting `e` of genitive plurals (`matek` meets `matka`). Folded, `ě` and `é` before
    // the last letter drop too, which again only merges stems.
    if len > 1 && s[len - 2] == 'e' {
        s[len - 2] = s[len - 1];
        s.truncate(len - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Asserts that every form reaches the same stem, and that it is `expected`.
    fn assert_meet(expected: &str, forms: &[&str]) {
        for form in forms {
            assert_eq!(stem(form), expected, "{form}");
        }
    }

    #[test]
    fn masculine_animate_noun() {
        assert_meet(
            "senior",
            &[
                "senior",
                "seniori",
                "senioru",
                "seniorum",
                "seniory",
                "seniorech",
                "seniorem",
            ],
        );
    }

    #[test]
    fn masculine_inanimate_noun() {
        assert_meet(
            "domov",
            &["domov", "domova", "domovy", "domovu", "domovech", "domovem"],
        );
    }

    #[test]
    fn palatalised_feminine_nouns() {
        assert_meet(
            "matk",
            &["matka", "matky", "matce", "matku", "matkou", "matek"],
        );
        assert_meet("ruk", &["ruka", "ruce", "rukou"]);
        // péče
        assert_meet("pek", &["pece", "peci"]);
    }

    #[test]
    fn feminine_nouns() {
        assert_meet(
            "osob",
            &["osoba", "osoby", "osob", "osobam", "osobach", "osobami"],
        );
        assert_meet(
            "rodin",
            &["rodina", "rodiny", "rodine", "rodinam", "rodinami"],
        );
        assert_meet("zavislosk", &["zavislost", "zavislosti", "zavislostem"]);
    }

    #[test]
    fn verbal_noun() {
        assert_meet("bydln", &["bydleni", "bydlenim"]);
    }

    #[test]
    fn adjectives() {
        assert_meet(
            "kratk",
            &["kratky", "kratke", "kratkeho", "kratkym", "kratkych"],
        );
        // čeští/český meet through the folded `št → sk` rule.
        assert_meet("cesk", &["cesky", "ceska", "ceskeho", "cesti"]);
        assert_meet(
            "pecovatelsk",
            &["pecovatelska", "pecovatelske", "pecovatelskou"],
        );
    }

    #[test]
    fn latin_neuters_meet_through_folded_um() {
        assert_meet("centr", &["centrum", "centra", "centru", "centrem"]);
        assert_meet("studi", &["studium", "studia", "studiu"]);
    }

    #[test]
    fn possessives() {
        assert_meet("sestr", &["sestra", "sestrin", "sestrina"]);
    }

    #[test]
    fn different_words_stay_apart() {
        let pairs = [
            ("senior", "seno"),
            ("ruka", "rok"),
            ("matka", "mata"),
            ("osoba", "osel"),
            ("domov", "doma"),
            ("rodina", "roda"),
        ];
        for (a, b) in pairs {
            assert_ne!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn short_words_keep_their_ending() {
        // Case endings are only stripped from words of four chars or more.
        for word in ["dum", "rok", "byt", "pro", "oko", "a", "ve"] {
            assert_eq!(stem(word), word);
        }
        assert_eq!(stem("ruka"), "ruk");
    }

    #[test]
    fn length_guards_hold() {
        // `atech` needs more than seven chars; at seven the `ech` tier takes over.
        assert_eq!(stem("zviratech"), "zvir");
        assert_eq!(stem("platech"), "plat");
        // Three-char endings need more than five chars. `strach` is also the folding casualty
        // the module doc describes: its `ach` is read as the locative `ách`.
        assert_eq!(stem("plach"), "plach");
        assert_eq!(stem("strach"), "str");
        // Two-char endings need more than four chars, and a single vowel more than three.
        assert_eq!(stem("rukou"), "ruk");
        assert_eq!(stem("ruka"), "ruk");
        assert_eq!(stem("pro"), "pro");
    }

    #[test]
    fn odd_input_does_not_panic() {
        assert_eq!(stem(""), "");
        assert_eq!(stem("a"), "a");
        assert_eq!(stem("e"), "e");
        assert_eq!(stem("ěšč"), "ěšč");
        assert_eq!(stem("2024"), "2024");
        assert_eq!(stem("ee"), "e");
        let long = "nejneobhospodarovavatelnejsimi".repeat(40);
        let stemmed = stem(&long);
        assert!(stemmed.len() < long.len());
        for word in [
            "c", "z", "ct", "st", "ec", "ez", "ůů", "čtě", "ééé", "e1", "\u{0}",
        ] {
            let _ = stem(word);
        }
    }
}
