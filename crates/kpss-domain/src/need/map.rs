//! The map of needs and services: for each target group and city district the open needs and
//! how many people they concern, the services of the catalogue for that group working there
//! and their places, and the gap between the two.

use std::collections::BTreeMap;

use serde::Serialize;

/// The column of needs and services not tied to a district.
pub const WHOLE_CITY: &str = "";

/// One cell of the map.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Open needs.
    pub needs: usize,
    /// People the open needs concern, where their size is known.
    pub people: i64,
    /// Services for the group working in the district.
    pub services: usize,
    /// Their places (clients and beds).
    pub places: i64,
}

impl Cell {
    /// People in need beyond the places there are; 0 when the places suffice.
    #[must_use]
    pub fn gap(&self) -> i64 {
        (self.people - self.places).max(0)
    }

    /// Whether there are needs and no service at all.
    #[must_use]
    pub fn uncovered(&self) -> bool {
        self.needs > 0 && self.services == 0
    }
}

/// An open need on the map: its target group, districts (empty: the whole city) and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedSpot<'a> {
    pub target_group: &'a str,
    pub districts: &'a [String],
    pub size: Option<i64>,
}

/// A service on the map: its target groups, the districts of its places (none: the whole
/// city) and its places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpot<'a> {
    pub target_groups: &'a [String],
    pub districts: Vec<&'a str>,
    pub places: i64,
}

/// The map keyed by (target group, district); a need of several districts counts in each,
/// its size split evenly (the remainder to the first ones) so the whole city adds up.
#[must_use]
pub fn cells(
    needs: &[NeedSpot<'_>],
    services: &[ServiceSpot<'_>],
) -> BTreeMap<(String, String), Cell> {
    let mut map: BTreeMap<(String, String), Cell> = BTreeMap::new();
    for n in needs {
        let districts: Vec<&str> = if n.districts.is_empty() {
            vec![WHOLE_CITY]
        } else {
            n.districts.iter().map(String::as_str).collect()
        };
        let count = i64::try_from(districts.len()).unwrap_or(1);
        for (i, d) in districts.iter().enumerate() {
            let cell = map
                .entry((n.target_group.to_owned(), (*d).to_owned()))
                .or_default();
            cell.needs += 1;
            if let Some(size) = n.size {
                let extra = i64::from(i64::try_from(i).unwrap_or(0) < size % count);
                cell.people += size / count + extra;
            }
        }
    }
    for s in services {
        let districts: Vec<&str> = if s.districts.is_empty() {
            vec![WHOLE_CITY]
        } else {
            s.districts.clone()
        };
        let count = i64::try_from(districts.len()).unwrap_or(1);
        for tg in s.target_groups {
            for (i, d) in districts.iter().enumerate() {
                let cell = map.entry((tg.clone(), (*d).to_owned())).or_default();
                cell.services += 1;
                let extra = i64::from(i64::try_from(i).unwrap_or(0) < s.places % count);
                cell.places += s.places / count + extra;
            }
        }
    }
    map
}
