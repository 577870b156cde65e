//! What an HSDS list was asked for: its page, page size, and the filters kpss honours. A
//! parameter kpss does not know or cannot honour is refused, not ignored, so a harvester
//! never takes a partial answer for a filtered one.

use time::OffsetDateTime;

use super::ids::{self, Kind};

/// The most records one page gives.
pub const MAX_PER_PAGE: u64 = 100;

/// Records on a page unless asked otherwise.
pub const PER_PAGE: u64 = 50;

/// A list's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// From 1.
    pub page: u64,
    pub per_page: u64,
    pub modified_after: Option<OffsetDateTime>,
    /// The organisation's row.
    pub organization: Option<i32>,
    /// A term of a taxonomy: (taxonomy, term's index).
    pub taxonomy_term: Option<(i32, u16)>,
    /// A taxonomy's number.
    pub taxonomy: Option<i32>,
}

impl ListQuery {
    /// Reads `page`, `per_page`, `format=json` and, where `filters` names them,
    /// `modified_after`, `organization_id`, `taxonomy_term_id` and `taxonomy_id`; the message
    /// is Czech.
    pub fn parse(
        pairs: &[(String, String)],
        tenant: i32,
        filters: &[&str],
    ) -> Result<Self, String> {
        let mut q = Self {
            page: 1,
            per_page: PER_PAGE,
            modified_after: None,
            organization: None,
            taxonomy_term: None,
            taxonomy: None,
        };
        for (key, value) in pairs {
            let (key, value) = (key.as_str(), value.as_str());
            if !matches!(key, "page" | "per_page" | "format") && !filters.contains(&key) {
                return Err(format!("Parametr „{key}“ tento seznam nezná."));
            }
            match key {
                "page" => {
                    q.page = value
                        .parse()
                        .ok()
                        .filter(|p| *p >= 1)
                        .ok_or_else(|| format!("Stránka „{value}“ není celé číslo od 1."))?;
                }
                "per_page" => {
                    q.per_page = value
                        .parse()
                        .ok()
                        .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                        .ok_or_else(|| {
                            format!("Počet záznamů na stránku musí být 1 až {MAX_PER_PAGE}.")
                        })?;
                }
                "format" if value != "json" => {
                    return Err("Seznam se vydává jen ve formátu json.".into());
                }
                "modified_after" => q.modified_after = Some(moment(value)?),
                "organization_id" => {
                    q.organization = Some(
                        ids::parse(value, Kind::Organization, tenant)
                            .ok_or_else(|| format!("Organizace „{value}“ neexistuje."))?
                            .0,
                    );
                }
                "taxonomy_term_id" => {
                    q.taxonomy_term = Some(
                        ids::parse(value, Kind::TaxonomyTerm, tenant)
                            .ok_or_else(|| format!("Pojem taxonomie „{value}“ neexistuje."))?,
                    );
                }
                "taxonomy_id" => {
                    q.taxonomy = Some(
                        ids::parse(value, Kind::Taxonomy, tenant)
                            .ok_or_else(|| format!("Taxonomie „{value}“ neexistuje."))?
                            .0,
                    );
                }
                _ => {}
            }
        }
        Ok(q)
    }

    /// The rows the page starts at and holds: (offset, limit).
    #[must_use]
    pub fn window(&self) -> (u64, u64) {
        ((self.page - 1).saturating_mul(self.per_page), self.per_page)
    }

    /// The part of a list held in memory that this page shows (empty past its end).
    #[must_use]
    pub fn slice<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let (offset, limit) = self.window();
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(all.len());
        let end = start
            .saturating_add(usize::try_from(limit).unwrap_or(usize::MAX))
            .min(all.len());
        &all[start..end]
    }
}

/// A moment as RFC 3339 („2026-11-01T08:00:00Z“) or a day („2026-11-01“, its start in UTC).
fn moment(value: &str) -> Result<OffsetDateTime, String> {
    use time::format_description::well_known::Rfc3339;
    OffsetDateTime::parse(value, &Rfc3339)
        .ok()
        .or_else(|| {
            time::Date::parse(
                value,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()
            .map(|d| d.midnight().assume_utc())
        })
        .ok_or_else(|| {
            format!("Okamžik „{value}“ zadejte jako 2026-11-01 nebo 2026-11-01T08:00:00Z.")
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_of_a_list_in_memory_is_its_slice() {
        let all: Vec<u32> = (1..=7).collect();
        let q = |raw: &str| ListQuery::parse(&pairs(raw), 1, &[]).unwrap();
        assert_eq!(q("page=2&per_page=3").slice(&all), [4, 5, 6]);
        assert_eq!(q("page=3&per_page=3").slice(&all), [7]);
        assert!(q("page=9&per_page=3").slice(&all).is_empty());
    }

    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn lists_take_pages_and_the_filters_they_know() {
        let all = ["modified_after", "organization_id"];
        let q = ListQuery::parse(&pairs("page=3&per_page=20&format=json"), 1, &all).unwrap();
        assert_eq!((q.page, q.per_page, q.window()), (3, 20, (40, 20)));
        let org = ids::id(Kind::Organization, 1, (17, 0));
        let q = ListQuery::parse(
            &pairs(&format!("organization_id={org}&modified_after=2026-11-01")),
            1,
            &all,
        )
        .unwrap();
        assert_eq!(q.organization, Some(17));
        assert_eq!(
            q.modified_after,
            Some(time::macros::datetime!(2026-11-01 0:00 UTC))
        );
        for bad in [
            "page=0",
            "per_page=101",
            "format=ndjson",
            "modified_after=včera",
            "search=senior",
            "organization_id=nesmysl",
        ] {
            assert!(ListQuery::parse(&pairs(bad), 1, &all).is_err(), "{bad}");
        }
        assert!(
            ListQuery::parse(&pairs("modified_after=2026-11-01"), 1, &[]).is_err(),
            "a list without the filter refuses it"
        );
        let service = ids::id(Kind::Service, 1, (17, 0));
        assert!(
            ListQuery::parse(&pairs(&format!("organization_id={service}")), 1, &all).is_err(),
            "a service's id is no organisation's"
        );
    }
}
