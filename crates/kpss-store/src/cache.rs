//! In-memory copies of what nearly every request reads and almost nothing changes: the tenant
//! bound to a host name, a tenant's scope, code lists, catalogue services and their counts. A
//! change commits, then raises the node's generation, which empties the copies; it also raises a
//! counter in the database that the other nodes poll ([`crate::Store::follow_shared_changes`]).
//! The services are at most the whole catalogue (28 000 at national scale).
//!
//! A read that began before a change must not store what it read after the change emptied the
//! copies: a value is kept only if the generation is still the one seen before reading.

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::catalogue::Service;
use crate::tenant::{ListItem, Scope, Tenant};

/// The copies of one generation.
#[derive(Default)]
pub(crate) struct Entries {
    generation: u64,
    pub hosts: HashMap<String, Option<Tenant>>,
    pub scopes: HashMap<i32, Scope>,
    pub lists: HashMap<(Vec<i32>, &'static str), Vec<ListItem>>,
    pub services: HashMap<i32, Service>,
    /// Organisations, registered services and activities per scope.
    pub counts: HashMap<Vec<i32>, (u64, u64, u64)>,
}

/// A node's copies and the generations that tell when they are out of date.
#[derive(Default)]
pub(crate) struct Cache {
    generation: AtomicU64,
    /// The database's counter as this node last read it.
    shared_seen: AtomicI64,
    entries: RwLock<Entries>,
}

impl Cache {
    /// The generation to pass to [`Cache::put`] for what is read from now on.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something out of the current copies, if they are current.
    pub fn get<T>(&self, find: impl FnOnce(&Entries) -> Option<T>) -> Option<T> {
        let entries = self
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (entries.generation == self.generation())
            .then(|| find(&entries))
            .flatten()
    }

    /// Keeps what was read at generation `read_at`, unless a change came since.
    pub fn put(&self, read_at: u64, keep: impl FnOnce(&mut Entries)) {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = self.generation();
        if entries.generation != now {
            *entries = Entries {
                generation: now,
                ..Entries::default()
            };
        }
        if read_at == now {
            keep(&mut entries);
        }
    }

    /// Drops every copy: after a committed change.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Drops every copy if the database's counter moved since last seen.
    pub fn saw_shared(&self, shared: i64) {
        if self.shared_seen.swap(shared, Ordering::AcqRel) != shared {
            self.invalidate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(name: &str) -> Tenant {
        Tenant {
            id: 1,
            slug: "ostrava".into(),
            name: name.into(),
            kind: "municipality".into(),
            parent_id: None,
            host: None,
        }
    }

    fn host(cache: &Cache) -> Option<String> {
        cache.get(|e| {
            e.hosts
                .get("kp.ostrava.cz")
                .cloned()
                .flatten()
                .map(|t| t.name)
        })
    }

    #[test]
    fn a_change_empties_the_copies() {
        let cache = Cache::default();
        let at = cache.generation();
        cache.put(at, |e| {
            e.hosts
                .insert("kp.ostrava.cz".into(), Some(tenant("Ostrava")));
        });
        assert_eq!(host(&cache).as_deref(), Some("Ostrava"));
        cache.invalidate();
        assert_eq!(host(&cache), None);
    }

    #[test]
    fn a_read_from_before_a_change_is_not_kept() {
        let cache = Cache::default();
        let at = cache.generation();
        cache.invalidate();
        cache.put(at, |e| {
            e.hosts
                .insert("kp.ostrava.cz".into(), Some(tenant("Stará Ostrava")));
        });
        assert_eq!(host(&cache), None);
    }

    #[test]
    fn another_nodes_change_empties_the_copies_once() {
        let cache = Cache::default();
        cache.saw_shared(0);
        let at = cache.generation();
        cache.put(at, |e| {
            e.hosts
                .insert("kp.ostrava.cz".into(), Some(tenant("Ostrava")));
        });
        cache.saw_shared(0);
        assert!(host(&cache).is_some(), "the same counter changes nothing");
        cache.saw_shared(3);
        assert_eq!(host(&cache), None);
    }
}
