//! The plain-language version of a plan (komunikační verze): a short text in simple Czech for
//! the whole plan, each part and each goal, written by the coordinator, and the readability
//! hint the editor shows under each text – sentence length and long words.

use unicode_segmentation::UnicodeSegmentation;

use crate::FieldError;

/// The longest text of one section, in characters.
pub const MAX_TEXT: usize = 3000;
/// Sentences longer than this many words are hard to read; plain-language guides say 15–20.
pub const LONG_SENTENCE: usize = 20;
/// Words of this many syllables or more slow a reader down.
pub const LONG_WORD: usize = 5;
/// How many long words the hint names.
const NAMED_WORDS: usize = 8;

/// What a section of the plain version speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The whole plan: the opening text.
    Plan,
    /// A part (its id).
    Part(i32),
    /// A goal (its id).
    Goal(i32),
}

impl Section {
    /// The key in forms and storage: `plan`, `part-12`, `goal-5`.
    #[must_use]
    pub fn key(self) -> String {
        match self {
            Self::Plan => "plan".to_owned(),
            Self::Part(id) => format!("part-{id}"),
            Self::Goal(id) => format!("goal-{id}"),
        }
    }
}

/// A section's text as typed: trimmed, empty is none, at most [`MAX_TEXT`] characters; the
/// browser's `\r\n` become `\n`, so a blank line splits paragraphs in the PDF too.
pub fn parse_text(raw: &str) -> Result<Option<String>, FieldError> {
    crate::field::optional_text(&raw.replace("\r\n", "\n"), MAX_TEXT)
}

/// How easy a text is to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readability {
    pub sentences: usize,
    pub words: usize,
    /// Sentences of more than [`LONG_SENTENCE`] words.
    pub long_sentences: usize,
    /// Words of [`LONG_WORD`] syllables or more, each once, in the order of the text.
    pub long_words: Vec<String>,
}

impl Readability {
    /// Measures `text`: sentences and words by the Unicode rules (UAX #29).
    #[must_use]
    pub fn of(text: &str) -> Self {
        let mut r = Self::default();
        for sentence in text.unicode_sentences() {
            let words: Vec<&str> = sentence
                .unicode_words()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            if words.is_empty() {
                continue;
            }
            r.sentences += 1;
            r.words += words.len();
            if words.len() > LONG_SENTENCE {
                r.long_sentences += 1;
            }
            for word in words {
                let lower = word.to_lowercase();
                if syllables(&lower) >= LONG_WORD && !r.long_words.contains(&lower) {
                    r.long_words.push(lower);
                }
            }
        }
        r
    }

    /// Words per sentence, rounded; none for an empty text.
    #[must_use]
    pub fn average(&self) -> Option<usize> {
        (self.sentences > 0).then(|| (self.words + self.sentences / 2) / self.sentences)
    }

    /// The hint under the editor, in Czech; none for an empty text.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        let average = self.average()?;
        let mut hint = format!(
            "{}, průměrně {} ve větě (doporučeno nejvýše {LONG_SENTENCE}).",
            crate::czech::count(self.sentences, "věta", "věty", "vět"),
            crate::czech::count(average, "slovo", "slova", "slov"),
        );
        if self.long_sentences > 0 {
            hint.push_str(&format!(
                " Dlouhé věty: {} – rozdělte je.",
                self.long_sentences
            ));
        }
        if !self.long_words.is_empty() {
            let named: Vec<&str> = self
                .long_words
                .iter()
                .take(NAMED_WORDS)
                .map(String::as_str)
                .collect();
            hint.push_str(&format!(
                " Dlouhá slova ({}): {}{} – zkuste kratší.",
                self.long_words.len(),
                named.join(", "),
                if self.long_words.len() > NAMED_WORDS {
                    ", …"
                } else {
                    ""
                }
            ));
        }
        Some(hint)
    }

    /// Whether the text reads easily: no long sentence, an average within the limit.
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.long_sentences == 0 && self.average().is_some_and(|a| a <= LONG_SENTENCE)
    }
}

/// Syllables of a lower-case Czech word: vowels, with the diphthong „ou“ as one, and a
/// syllabic r or l between consonants („vlk“, „krk“, „pl-ný“) as a syllable of its own.
#[must_use]
pub fn syllables(word: &str) -> usize {
    const VOWELS: &str = "aeiouyáéěíóúůý";
    let chars: Vec<char> = word.chars().collect();
    let is_vowel = |c: char| VOWELS.contains(c);
    let mut count = 0;
    let mut previous_vowel = false;
    for (i, &c) in chars.iter().enumerate() {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            count += 1;
        } else if vowel && previous_vowel && !(chars[i - 1] == 'o' && c == 'u') {
            // Two vowels side by side that are no diphthong: „ie“ in „pacient“.
            count += 1;
        }
        let syllabic = matches!(c, 'r' | 'l')
            && i > 0
            && !is_vowel(chars[i - 1])
            && chars.get(i + 1).is_none_or(|n| !is_vowel(*n))
            && chars[i - 1].is_alphabetic();
        if syllabic {
            count += 1;
        }
        previous_vowel = vowel;
    }
    count.max(usize::from(!chars.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn czech_syllables_are_counted_with_syllabic_r_and_l() {
        assert_eq!(syllables("pomoc"), 2);
        assert_eq!(syllables("vlk"), 1);
        assert_eq!(syllables("krk"), 1);
        assert_eq!(syllables("plný"), 2, "pl-ný");
        assert_eq!(syllables("dům"), 1);
        assert_eq!(syllables("pouze"), 2);
        assert_eq!(syllables("pacient"), 3);
        assert_eq!(syllables("sociálních"), 4);
        assert_eq!(
            syllables("deinstitucionalizace"),
            10,
            "de-in-sti-tu-ci-o-na-li-za-ce"
        );
    }

    #[test]
    fn a_plain_text_gets_a_short_hint() {
        let r = Readability::of("Pomáháme lidem doma. Přijdeme k vám, když nás zavoláte.");
        assert_eq!(r.sentences, 2);
        assert_eq!(r.words, 9);
        assert_eq!(r.average(), Some(5));
        assert!(r.is_plain());
        assert_eq!(
            r.hint().unwrap(),
            "2\u{a0}věty, průměrně 5\u{a0}slov ve větě (doporučeno nejvýše 20)."
        );
    }

    #[test]
    fn long_sentences_and_long_words_are_named() {
        let text = "Prostřednictvím deinstitucionalizace pobytových sociálních služeb a \
                    transformace zařízení dojde k postupnému zvyšování kvality poskytované \
                    péče v souladu se standardy kvality a s respektem k individuálním potřebám \
                    uživatelů v přirozeném prostředí.";
        let r = Readability::of(text);
        assert_eq!(r.sentences, 1);
        assert_eq!(r.long_sentences, 1);
        assert!(!r.is_plain());
        assert!(r.long_words.contains(&"deinstitucionalizace".to_owned()));
        assert!(r.long_words.contains(&"individuálním".to_owned()));
        assert!(
            !r.long_words.contains(&"prostřednictvím".to_owned()),
            "four syllables"
        );
        let hint = r.hint().unwrap();
        assert!(hint.contains("Dlouhé věty: 1 – rozdělte je."), "{hint}");
        assert!(hint.contains("Dlouhá slova ("), "{hint}");
    }

    #[test]
    fn an_empty_text_has_no_hint() {
        assert_eq!(Readability::of("  ").hint(), None);
        assert_eq!(parse_text("   "), Ok(None));
        assert_eq!(
            parse_text("Jedna.\r\n\r\nDvě."),
            Ok(Some("Jedna.\n\nDvě.".to_owned()))
        );
        assert_eq!(
            parse_text(&"a".repeat(MAX_TEXT + 1)),
            Err(FieldError::TooLong { max: MAX_TEXT })
        );
    }
}
