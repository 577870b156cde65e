//! What the coordinator's list of accounts is filtered and sorted by.

use std::cmp::Ordering;

use super::Role;
use crate::czech;
use crate::listing::{Order, QueryError, Sorting, choice, text, unknown};

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountSort {
    #[default]
    Email,
    Name,
    Role,
}

impl Sorting for AccountSort {
    const ALL: &'static [Self] = &[Self::Email, Self::Name, Self::Role];

    fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Name => "jmeno",
            Self::Role => "role",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Email => "podle e-mailu",
            Self::Name => "podle jména",
            Self::Role => "podle role",
        }
    }
}

/// One account as the list sorts and filters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// The names of the organisations a provider speaks for, joined.
    pub organisations: String,
}

/// The list as asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountQuery {
    /// Words in the e-mail, the name or the organisations.
    pub text: String,
    pub role: Option<Role>,
    /// `Some(true)` only active accounts, `Some(false)` only deactivated ones.
    pub active: Option<bool>,
    pub order: Order<AccountSort>,
}

impl AccountQuery {
    /// Reads `text`, `role`, `stav`, `razeni`, `sestupne` and `strana` from non-empty pairs.
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
                "role" => query.role = Some(choice(value, "role", &Role::ALL, Role::code)?),
                "stav" => {
                    query.active = Some(match value {
                        "aktivni" => true,
                        "deaktivovany" => false,
                        _ => return Err(unknown("stav účtu", value)),
                    });
                }
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
        if let Some(r) = self.role {
            out.append_pair("role", r.code());
        }
        if let Some(a) = self.active {
            out.append_pair("stav", if a { "aktivni" } else { "deaktivovany" });
        }
        self.order.append(&mut out, page_number);
        out.finish()
    }

    /// Whether any filter narrows the list.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        !self.text.is_empty() || self.role.is_some() || self.active.is_some()
    }

    /// Whether the account is in the list.
    #[must_use]
    pub fn keeps(&self, row: &AccountRow) -> bool {
        self.role.is_none_or(|r| r == row.role)
            && self.active.is_none_or(|a| a == row.active)
            && crate::listing::matches(&self.text, &[&row.email, &row.name, &row.organisations])
    }

    /// The list's order of two accounts; the e-mail breaks ties.
    #[must_use]
    pub fn compare(&self, a: &AccountRow, b: &AccountRow) -> Ordering {
        let by_email = || a.email.cmp(&b.email);
        match self.order.sort {
            AccountSort::Email => by_email(),
            AccountSort::Name => czech::compare(&a.name, &b.name).then_with(by_email),
            AccountSort::Role => czech::compare(a.role.name(), b.role.name()).then_with(by_email),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<AccountQuery, QueryError> {
        AccountQuery::parse(&crate::listing::pairs(raw))
    }

    #[test]
    fn accounts_are_filtered_by_role_state_and_text() {
        let row = |id, email: &str, name: &str, role, active| AccountRow {
            id,
            email: email.into(),
            name: name.into(),
            role,
            active,
            organisations: if id == 2 {
                "Charita Ostrava".into()
            } else {
                String::new()
            },
        };
        let rows = [
            row(
                1,
                "koordinator@ostrava.cz",
                "Jana Nováková",
                Role::Admin,
                true,
            ),
            row(
                2,
                "charita@example.cz",
                "Čeněk Dvořák",
                Role::ProviderEditor,
                true,
            ),
            row(
                3,
                "byvaly@example.cz",
                "Adam Bývalý",
                Role::ProviderEditor,
                false,
            ),
        ];
        let ids = |q: &AccountQuery| {
            let mut kept: Vec<&AccountRow> = rows.iter().filter(|r| q.keeps(r)).collect();
            kept.sort_by(|a, b| q.compare(a, b));
            kept.iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(&parse("").unwrap()), [3, 2, 1]);
        assert_eq!(ids(&parse("role=provider&stav=aktivni").unwrap()), [2]);
        assert_eq!(ids(&parse("stav=deaktivovany").unwrap()), [3]);
        assert_eq!(ids(&parse("text=charita").unwrap()), [2]);
        assert_eq!(
            ids(&parse("razeni=jmeno").unwrap()),
            [3, 2, 1],
            "Adam, Čeněk, Jana"
        );
        let q = parse("text=x&role=manager&stav=aktivni&razeni=role&sestupne=1&strana=2").unwrap();
        assert_eq!(parse(&q.to_query_string(2)).unwrap(), q);
        assert!(parse("role=boss").unwrap_err().0.contains("role: „boss“"));
        assert!(parse("stav=smazany").unwrap_err().0.contains("stav účtu"));
    }
}
