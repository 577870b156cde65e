//! Typeset publications kept for the next request. The catalogue book of a national catalogue
//! takes a quarter of a minute and gigabytes to typeset, a guide seconds, and both are asked
//! for again and again while the catalogue stays as it is. The key is the digest of the
//! publication's data, so any change in it – a service edited, the date on the cover – makes
//! a new document; the least recently used go when the kept ones pass their budget.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

/// The digest of a publication's data.
pub(super) type Key = [u8; 64];

/// The PDFs of this process: up to 256 MiB, the national catalogue book and dozens of guides.
static KEPT: Mutex<Kept> = Mutex::new(Kept::new(256 << 20));

/// The PDF of `key` if it is kept.
pub(super) fn get(key: &Key) -> Option<Vec<u8>> {
    KEPT.lock().unwrap_or_else(PoisonError::into_inner).get(key)
}

/// Keeps `pdf` under `key`.
pub(super) fn put(key: Key, pdf: &[u8]) {
    KEPT.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .put(key, pdf);
}

/// PDFs by key, the most recently used last, within a budget of bytes.
struct Kept {
    entries: VecDeque<(Key, Vec<u8>)>,
    budget: usize,
}

impl Kept {
    const fn new(budget: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            budget,
        }
    }

    fn get(&mut self, key: &Key) -> Option<Vec<u8>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at)?;
        let pdf = entry.1.clone();
        self.entries.push_back(entry);
        Some(pdf)
    }

    /// Keeps `pdf`, letting the least recently used go over the budget; a PDF larger than the
    /// whole budget is not kept.
    fn put(&mut self, key: Key, pdf: &[u8]) {
        if pdf.len() > self.budget {
            return;
        }
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push_back((key, pdf.to_vec()));
        let mut total: usize = self.entries.iter().map(|(_, pdf)| pdf.len()).sum();
        while total > self.budget {
            match self.entries.pop_front() {
                Some((_, pdf)) => total -= pdf.len(),
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_pdf_comes_back_and_the_least_recently_used_go_over_the_budget() {
        let mut kept = Kept::new(100);
        kept.put([1; 64], b"%PDF a");
        assert_eq!(kept.get(&[1; 64]).as_deref(), Some(&b"%PDF a"[..]));
        assert_eq!(kept.get(&[9; 64]), None);
        kept.put([2; 64], &[0; 40]);
        kept.put([3; 64], &[0; 40]);
        assert!(kept.get(&[1; 64]).is_some(), "used just now");
        kept.put([4; 64], &[0; 40]);
        assert_eq!(kept.get(&[2; 64]), None, "the least recently used went");
        assert!(kept.get(&[3; 64]).is_some() && kept.get(&[1; 64]).is_some());
        kept.put([5; 64], &[0; 101]);
        assert_eq!(
            kept.get(&[5; 64]),
            None,
            "larger than the budget is not kept"
        );
        assert!(kept.get(&[4; 64]).is_some(), "and pushed nothing out");
    }
}
