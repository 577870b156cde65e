//! Copies of whole answers that anonymous visitors ask for again and again: the catalogue
//! search page and its JSON. A search costs about a millisecond of CPU, so under load the
//! popular queries would queue behind each other; a copy is served in microseconds.
//!
//! A copy is keyed by tenant, kind and query string, so one tenant never gets another's
//! answer. It is valid for one [`Stamp`]: the store's cache generation (any committed change
//! here or on another node) and the index version (any change searches can see). What was
//! built while either moved is not kept. The copies are bounded in bytes; the oldest go first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;

use crate::AppState;
use crate::auth::Ctx;

/// What an answer was built from: the store's cache generation and the index version.
pub type Stamp = (u64, u64);

/// Room for about a thousand search pages.
pub const DEFAULT_BYTES: usize = 64 << 20;

/// Which answer of a tenant.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    tenant: i32,
    kind: &'static str,
    query: String,
}

#[derive(Default)]
struct Copies {
    stamp: Stamp,
    bodies: HashMap<Key, Bytes>,
    /// Oldest first.
    order: VecDeque<Key>,
    bytes: usize,
}

/// The copies of one node.
pub struct AnswerCache {
    capacity: usize,
    copies: Mutex<Copies>,
}

impl AnswerCache {
    /// At most `capacity` bytes of bodies; 0 keeps nothing.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            copies: Mutex::default(),
        }
    }

    fn copies(&self) -> std::sync::MutexGuard<'_, Copies> {
        self.copies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The copy of this answer, if one was built at `now`.
    pub fn get(&self, now: Stamp, tenant: i32, kind: &'static str, query: &str) -> Option<Bytes> {
        let copies = self.copies();
        if copies.stamp != now {
            return None;
        }
        copies
            .bodies
            .get(&Key {
                tenant,
                kind,
                query: query.to_owned(),
            })
            .cloned()
    }

    /// Keeps an answer built from what was current at `built_at`, unless it changed by `now`.
    pub fn put(
        &self,
        built_at: Stamp,
        now: Stamp,
        tenant: i32,
        kind: &'static str,
        query: &str,
        body: Bytes,
    ) {
        if built_at != now || body.len() > self.capacity {
            return;
        }
        let mut copies = self.copies();
        if copies.stamp != now {
            *copies = Copies {
                stamp: now,
                ..Copies::default()
            };
        }
        let key = Key {
            tenant,
            kind,
            query: query.to_owned(),
        };
        copies.bytes += body.len();
        if let Some(old) = copies.bodies.insert(key.clone(), body) {
            copies.bytes -= old.len();
        } else {
            copies.order.push_back(key);
        }
        while copies.bytes > self.capacity {
            let Some(oldest) = copies.order.pop_front() else {
                break;
            };
            if let Some(old) = copies.bodies.remove(&oldest) {
                copies.bytes -= old.len();
            }
        }
    }
}

/// The answer for an anonymous visitor from a copy when there is one, else built and kept; a
/// logged-in visitor's answer is always built (it carries their name and token).
pub(crate) async fn through<E, F>(
    state: &AppState,
    ctx: &Ctx,
    kind: &'static str,
    query: &str,
    build: F,
) -> Result<Bytes, E>
where
    F: Future<Output = Result<Bytes, E>>,
{
    if ctx.user.is_some() {
        return build.await;
    }
    let stamp = state.answers_stamp();
    if let Some(body) = state.answers.get(stamp, ctx.tenant.id, kind, query) {
        return Ok(body);
    }
    let body = build.await?;
    state.answers.put(
        stamp,
        state.answers_stamp(),
        ctx.tenant.id,
        kind,
        query,
        body.clone(),
    );
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Bytes {
        Bytes::copy_from_slice(text.as_bytes())
    }

    #[test]
    fn a_copy_is_per_tenant_and_kind() {
        let cache = AnswerCache::new(1 << 10);
        cache.put((1, 1), (1, 1), 7, "html", "q=seniori", body("Ostrava"));
        assert_eq!(
            cache.get((1, 1), 7, "html", "q=seniori"),
            Some(body("Ostrava"))
        );
        assert_eq!(cache.get((1, 1), 8, "html", "q=seniori"), None);
        assert_eq!(cache.get((1, 1), 7, "json", "q=seniori"), None);
        assert_eq!(cache.get((1, 1), 7, "html", "q=senior"), None);
    }

    #[test]
    fn a_change_to_the_store_or_the_index_makes_every_copy_stale() {
        let cache = AnswerCache::new(1 << 10);
        cache.put((1, 1), (1, 1), 7, "html", "", body("a"));
        assert_eq!(cache.get((2, 1), 7, "html", ""), None);
        assert_eq!(cache.get((1, 2), 7, "html", ""), None);
        // An answer built before a change is not kept after it.
        cache.put((2, 1), (3, 1), 7, "html", "", body("b"));
        assert_eq!(cache.get((3, 1), 7, "html", ""), None);
        assert_eq!(cache.get((2, 1), 7, "html", ""), None);
    }

    #[test]
    fn the_oldest_copies_go_when_the_bytes_run_out() {
        let cache = AnswerCache::new(10);
        for q in ["a", "b", "c"] {
            cache.put((0, 0), (0, 0), 1, "html", q, body("xxxx"));
        }
        assert_eq!(cache.get((0, 0), 1, "html", "a"), None);
        assert!(cache.get((0, 0), 1, "html", "b").is_some());
        assert!(cache.get((0, 0), 1, "html", "c").is_some());
        // Replacing a copy does not count it twice.
        cache.put((0, 0), (0, 0), 1, "html", "c", body("yy"));
        cache.put((0, 0), (0, 0), 1, "html", "d", body("yyyy"));
        assert!(cache.get((0, 0), 1, "html", "b").is_some());
        assert_eq!(cache.get((0, 0), 1, "html", "c"), Some(body("yy")));
    }

    #[test]
    fn nothing_is_kept_without_room() {
        let cache = AnswerCache::new(0);
        cache.put((0, 0), (0, 0), 1, "html", "", body("x"));
        assert_eq!(cache.get((0, 0), 1, "html", ""), None);
    }
}
