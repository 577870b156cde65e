//! The words of each tenant's catalogue as people read them, for „Měli jste na mysli…“: a
//! query that finds nothing is offered the nearest words its catalogue really uses.

use std::collections::{HashMap, HashSet};

use crate::czech::{stem::stem, stop_words::is_stop_word};

/// One word of a catalogue.
#[derive(Debug, Clone)]
struct Word {
    /// As written in the catalogue, lower case, with its diacritics.
    display: String,
    /// In how many texts it occurs.
    count: u32,
}

/// The words of one tenant: by their folded form, and the stems they make.
#[derive(Debug, Default)]
pub(super) struct Words {
    words: HashMap<String, Word>,
    stems: HashSet<String>,
}

impl Words {
    /// Learns a word: `folded` as the index's analyzer folds it, `display` as written.
    pub(super) fn learn(&mut self, folded: &str, display: &str) {
        if folded.chars().count() < 3 || is_stop_word(folded) {
            return;
        }
        self.stems.insert(stem(folded));
        self.words
            .entry(folded.to_owned())
            .and_modify(|w| w.count += 1)
            .or_insert_with(|| Word {
                display: display.to_lowercase(),
                count: 1,
            });
    }
}

/// Words a query may be corrected to, each at most this many edits away (a letter left out,
/// added, changed, or two swapped); short words one edit only, or everything would match.
fn allowed_edits(word: &str) -> usize {
    if word.chars().count() >= 6 { 2 } else { 1 }
}

/// The query with each word its catalogues do not know replaced by the nearest word they use
/// (fewest edits, then the commonest); `None` when no word changed. `words` are the query's
/// words as (folded, as typed).
pub(super) fn correct(catalogues: &[&Words], words: &[(String, String)]) -> Option<String> {
    let mut changed = false;
    let mut out = Vec::with_capacity(words.len());
    for (folded, typed) in words {
        let known = folded.chars().count() < 3
            || is_stop_word(folded)
            || catalogues
                .iter()
                .any(|c| c.words.contains_key(folded) || c.stems.contains(&stem(folded)));
        if known {
            out.push(typed.clone());
            continue;
        }
        let limit = allowed_edits(folded);
        let nearest = catalogues
            .iter()
            .flat_map(|c| c.words.iter())
            .filter_map(|(candidate, word)| {
                // Lengths further apart than the edits allowed cannot be near.
                if candidate.len().abs_diff(folded.len()) > limit {
                    return None;
                }
                let edits = strsim::osa_distance(folded, candidate);
                (edits <= limit).then_some((edits, std::cmp::Reverse(word.count), &word.display))
            })
            .min();
        match nearest {
            Some((_, _, display)) => {
                out.push(display.clone());
                changed = true;
            }
            None => out.push(typed.clone()),
        }
    }
    changed.then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Words {
        let mut w = Words::default();
        for (folded, display) in [
            ("pecovatelska", "Pečovatelská"),
            ("sluzba", "služba"),
            ("seniory", "seniory"),
            ("seniory", "seniory"),
            ("senory", "senory"),
            ("domov", "Domov"),
            ("pro", "pro"),
        ] {
            w.learn(folded, display);
        }
        w
    }

    fn words(text: &str) -> Vec<(String, String)> {
        text.split_whitespace()
            .map(|w| (w.to_owned(), w.to_owned()))
            .collect()
    }

    #[test]
    fn an_unknown_word_becomes_the_nearest_common_one() {
        let c = catalogue();
        assert_eq!(
            correct(&[&c], &words("pecovatleska sluzba")),
            Some("pečovatelská sluzba".to_owned()),
            "two letters swapped; a known word stays as typed"
        );
        assert_eq!(
            correct(&[&c], &words("domov pro senioyr")).as_deref(),
            Some("domov pro seniory"),
            "the commoner of two equally near words"
        );
        assert_eq!(
            correct(&[&c], &words("seniorum")),
            None,
            "an inflected form of a known word is known"
        );
        assert_eq!(correct(&[&c], &words("xyzxyz")), None, "nothing near");
        assert_eq!(correct(&[], &words("domov")), None);
    }
}
