//! What the list of the catalogue's organisations is filtered and sorted by.

use std::cmp::Ordering;

use crate::czech;
use crate::listing::{Order, QueryError, Sorting, flag, text};

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrganisationSort {
    #[default]
    Name,
    Ico,
    Services,
}

impl Sorting for OrganisationSort {
    const ALL: &'static [Self] = &[Self::Name, Self::Ico, Self::Services];

    fn code(self) -> &'static str {
        match self {
            Self::Name => "nazev",
            Self::Ico => "ico",
            Self::Services => "sluzby",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Name => "podle názvu",
            Self::Ico => "podle IČO",
            Self::Services => "podle počtu služeb",
        }
    }
}

/// One organisation as the list sorts and filters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: i32,
    pub name: String,
    pub ico: String,
    pub services: u64,
}

/// The list as asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganisationQuery {
    /// Words in the name or the IČO.
    pub text: String,
    /// Only organisations with no service or activity in the catalogue.
    pub without_services: bool,
    pub order: Order<OrganisationSort>,
}

impl OrganisationQuery {
    /// Reads `text`, `bez-sluzeb`, `razeni`, `sestupne` and `strana` from non-empty pairs.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, QueryError> {
        let mut query = Self::default();
        query.order.page = 1;
        for (key, value) in pairs {
            let (key, value) = (key.as_str(), value.as_str());
            if query.order.take(key, value)? {
                continue;
            }
            match key {
                "text" => query.text = text(value)?,
                "bez-sluzeb" => query.without_services = flag(value, "bez služeb")?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string of this list on `page_number` (0 for every page: an export).
    #[must_use]
    pub fn to_query_string(&self, page_number: u64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            out.append_pair("text", &self.text);
        }
        if self.without_services {
            out.append_pair("bez-sluzeb", "1");
        }
        self.order.append(&mut out, page_number);
        out.finish()
    }

    /// Whether any filter narrows the list.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        !self.text.is_empty() || self.without_services
    }

    /// Whether the organisation is in the list.
    #[must_use]
    pub fn keeps(&self, row: &OrganisationRow) -> bool {
        (!self.without_services || row.services == 0)
            && crate::listing::matches(&self.text, &[&row.name, &row.ico])
    }

    /// The list's order of two organisations; the name (in Czech order) breaks ties.
    #[must_use]
    pub fn compare(&self, a: &OrganisationRow, b: &OrganisationRow) -> Ordering {
        let by_name = || czech::compare(&a.name, &b.name).then(a.id.cmp(&b.id));
        match self.order.sort {
            OrganisationSort::Name => by_name(),
            OrganisationSort::Ico => a.ico.cmp(&b.ico).then_with(by_name),
            OrganisationSort::Services => a.services.cmp(&b.services).then_with(by_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i32, name: &str, ico: &str, services: u64) -> OrganisationRow {
        OrganisationRow {
            id,
            name: name.into(),
            ico: ico.into(),
            services,
        }
    }

    fn parse(raw: &str) -> Result<OrganisationQuery, QueryError> {
        OrganisationQuery::parse(&crate::listing::pairs(raw))
    }

    #[test]
    fn the_list_filters_sorts_in_czech_and_round_trips() {
        let rows = [
            row(1, "Charita Ostrava", "00845451", 12),
            row(2, "Centrum Slunečnice", "25596641", 0),
            row(3, "Čtyřlístek", "65468562", 3),
            row(4, "Hospic sv. Lukáše", "26593661", 1),
        ];
        let names = |q: &OrganisationQuery| {
            let kept: Vec<OrganisationRow> = rows.iter().filter(|r| q.keeps(r)).cloned().collect();
            let (page, _, _) =
                crate::listing::sort_and_page(kept, |a, b| q.compare(a, b), &q.order);
            page.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };
        // Czech order: C, Č, H, Ch.
        assert_eq!(names(&parse("").unwrap()), [2, 3, 4, 1]);
        assert_eq!(
            names(&parse("razeni=sluzby&sestupne=1").unwrap()),
            [1, 3, 4, 2]
        );
        assert_eq!(names(&parse("bez-sluzeb=1").unwrap()), [2]);
        assert_eq!(names(&parse("text=0084").unwrap()), [1]);
        assert_eq!(names(&parse("text=ČTYŘ").unwrap()), [3]);
        let q = parse("text=charita&bez-sluzeb=1&razeni=ico&sestupne=1&strana=2").unwrap();
        assert_eq!(parse(&q.to_query_string(2)).unwrap(), q);
        assert!(
            parse("razeni=velikost")
                .unwrap_err()
                .0
                .contains("řazení: „velikost“")
        );
        assert!(parse("bez-sluzeb=snad").is_err());
    }
}
