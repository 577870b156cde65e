//! The words of each tenant's catalogue as people read them, for „Měli jste na mysli…“: a
//! query that finds nothing is offered the nearest words its catalogue really uses.

use std::collections::HashMap;

use crate::czech::{stem::stem, stop_words::is_stop_word};

/// One word of a catalogue.
#[derive(Debug, Clone)]
struct Word {
    /// As written in the catalogue, lower case, with its diacritics.
    display: String,
    /// In how many services it occurs.
    count: u32,
}

/// The words of one tenant: by their folded form, the stems they make, and which service holds
/// which, so an edited service's old words are forgotten.
#[derive(Debug, Default)]
pub(super) struct Words {
    words: HashMap<String, Word>,
    stems: HashMap<String, u32>,
    services: HashMap<i32, Vec<String>>,
}

impl Words {
    /// Learns the words of a service, (folded as the index folds, as written), in place of
    /// what it held before.
    pub(super) fn learn(&mut self, service: i32, words: &[(String, String)]) {
        self.forget(service);
        let mut held: Vec<String> = Vec::new();
        for (folded, display) in words {
            if folded.chars().count() < 3 || is_stop_word(folded) || held.contains(folded) {
                continue;
            }
            held.push(folded.clone());
            *self.stems.entry(stem(folded)).or_default() += 1;
            self.words
                .entry(folded.clone())
                .and_modify(|w| w.count += 1)
                .or_insert_with(|| Word {
                    display: display.to_lowercase(),
                    count: 1,
                });
        }
        self.services.insert(service, held);
    }

    /// Forgets the words only this service held.
    fn forget(&mut self, service: i32) {
        for folded in self.services.remove(&service).unwrap_or_default() {
            if let Some(w) = self.words.get_mut(&folded) {
                w.count -= 1;
                if w.count == 0 {
                    self.words.remove(&folded);
                }
            }
            let stem = stem(&folded);
            if let Some(n) = self.stems.get_mut(&stem) {
                *n -= 1;
                if *n == 0 {
                    self.stems.remove(&stem);
                }
            }
        }
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
                .any(|c| c.words.contains_key(folded) || c.stems.contains_key(&stem(folded)));
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

    fn pairs(text: &str) -> Vec<(String, String)> {
        text.split_whitespace()
            .map(|w| (w.to_lowercase(), w.to_owned()))
            .collect()
    }

    fn catalogue() -> Words {
        let mut w = Words::default();
        w.learn(1, &[("pecovatelska".into(), "Pečovatelská".into())]);
        w.learn(2, &pairs("sluzba seniory domov pro"));
        w.learn(3, &pairs("seniory senory"));
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

    #[test]
    fn an_edited_service_takes_its_old_words_away() {
        let mut c = catalogue();
        assert_eq!(c.words["seniory"].count, 2);
        c.learn(3, &pairs("klub"));
        assert_eq!(
            c.words["seniory"].count, 1,
            "the words of service 3 were replaced"
        );
        assert!(!c.words.contains_key("senory"));
        assert!(!c.stems.contains_key(&stem("senory")));
        c.learn(3, &pairs("klub klub"));
        assert_eq!(
            c.words["klub"].count, 1,
            "learning again does not count twice"
        );
        assert_eq!(
            correct(&[&c], &words("senory")).as_deref(),
            Some("seniory"),
            "a forgotten word is no longer known"
        );
    }
}
