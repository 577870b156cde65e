//! Comparing two versions of a plan, item by item, by code.

use serde::Serialize;

/// How one coded item (a goal or a measure) differs between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Only in the newer version.
    Added { code: String, text: String },
    /// Only in the older version.
    Removed { code: String, text: String },
    /// In both, worded differently.
    Changed {
        code: String,
        before: String,
        after: String,
    },
    /// In both, the same.
    Same { code: String, text: String },
}

impl Change {
    /// The item's code.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Self::Added { code, .. }
            | Self::Removed { code, .. }
            | Self::Changed { code, .. }
            | Self::Same { code, .. } => code,
        }
    }
}

/// Compares two versions' items by code, in the newer version's order with removed items
/// after the item that preceded them in the older one.
#[must_use]
pub fn compare(older: &[(String, String)], newer: &[(String, String)]) -> Vec<Change> {
    let mut changes: Vec<Change> = newer
        .iter()
        .map(|(code, text)| match older.iter().find(|(c, _)| c == code) {
            None => Change::Added {
                code: code.clone(),
                text: text.clone(),
            },
            Some((_, before)) if before == text => Change::Same {
                code: code.clone(),
                text: text.clone(),
            },
            Some((_, before)) => Change::Changed {
                code: code.clone(),
                before: before.clone(),
                after: text.clone(),
            },
        })
        .collect();
    for (i, (code, text)) in older.iter().enumerate() {
        if newer.iter().any(|(c, _)| c == code) {
            continue;
        }
        // Place it after its predecessor in the older version, if that one is still listed.
        let after = older[..i]
            .iter()
            .rev()
            .find_map(|(c, _)| changes.iter().position(|ch| ch.code() == c));
        let at = after.map_or(0, |p| p + 1);
        changes.insert(
            at,
            Change::Removed {
                code: code.clone(),
                text: text.clone(),
            },
        );
    }
    changes
}
