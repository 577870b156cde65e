//! The document library (Dokumenty): files the city keeps about its community planning –
//! analyses, the forecast, minutes, signed resolutions, the logo manual – each with its kind,
//! date, plan cycle and working group, public or internal, in versions. Who keeps what, and
//! what a visitor may find.

#[cfg(test)]
mod tests;

use serde::Serialize;
use time::Date;

use crate::account::{Actor, Role};
use crate::field::{optional_text, required_date, required_text};
use crate::listing::{QueryError, choice, id, text, unknown};
use crate::{FieldError, FieldErrors};

/// The largest file of the library, in bytes.
pub const MAX_DOCUMENT: usize = 50 * 1024 * 1024;

/// The longest title.
pub const MAX_TITLE: usize = 300;

/// The longest description or version note.
pub const MAX_DESCRIPTION: usize = 5_000;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocumentKind {
    /// The signed community plan or its part.
    Plan,
    Analysis,
    Forecast,
    Minutes,
    /// A resolution of the council or the assembly.
    Resolution,
    /// An evaluation or another report.
    Report,
    /// A guide or leaflet for the public.
    Guide,
    /// The logo manual, a methodology, rules of the working groups.
    Manual,
    Other,
}

impl DocumentKind {
    /// Every kind, in the order forms and filters offer them.
    pub const ALL: [Self; 9] = [
        Self::Plan,
        Self::Analysis,
        Self::Forecast,
        Self::Minutes,
        Self::Resolution,
        Self::Report,
        Self::Guide,
        Self::Manual,
        Self::Other,
    ];

    /// The code in forms, addresses and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Analysis => "analyza",
            Self::Forecast => "prognoza",
            Self::Minutes => "zapis",
            Self::Resolution => "usneseni",
            Self::Report => "zprava",
            Self::Guide => "pruvodce",
            Self::Manual => "manual",
            Self::Other => "jiny",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Plan => "komunitní plán",
            Self::Analysis => "analýza",
            Self::Forecast => "prognóza",
            Self::Minutes => "zápis",
            Self::Resolution => "usnesení",
            Self::Report => "zpráva a vyhodnocení",
            Self::Guide => "průvodce a leták",
            Self::Manual => "manuál a metodika",
            Self::Other => "jiný dokument",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// A document's description, as the coordinator keeps it; the file is in its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDraft {
    pub title: String,
    pub kind: DocumentKind,
    /// The day the document was issued or approved.
    pub issued_on: Date,
    pub description: Option<String>,
    /// The plan cycle it belongs to.
    pub plan: Option<i32>,
    /// The working group it belongs to, by its code.
    pub group: Option<String>,
    /// Whether anyone may find and read it; otherwise only the planning's people.
    pub public: bool,
}

/// The form as typed.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub issued_on: &'a str,
    pub description: &'a str,
    pub plan: Option<i32>,
    pub group: &'a str,
    pub public: bool,
}

impl DocumentDraft {
    /// Checks the form; `groups` are the codes of the tenant's working groups.
    pub fn parse(input: &DocumentInput<'_>, groups: &[String]) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.take("title", required_text(input.title, MAX_TITLE));
        let kind = e.take("kind", DocumentKind::parse(input.kind));
        let issued_on = e.take("issued_on", required_date(input.issued_on));
        let description = e.take(
            "description",
            optional_text(input.description, MAX_DESCRIPTION),
        );
        let group = match input.group.trim() {
            "" => None,
            g if groups.iter().any(|c| c == g) => Some(g.to_owned()),
            _ => {
                e.add("group", FieldError::UnknownValue);
                None
            }
        };
        e.into_result(|| Self {
            title: title.unwrap_or_default(),
            kind: kind.unwrap_or(DocumentKind::Other),
            issued_on: issued_on.unwrap_or(crate::czech::today()),
            description: description.flatten(),
            plan: input.plan,
            group,
            public: input.public,
        })
    }
}

/// May `actor` add, change and remove documents of `group` (`None`: of no group)? The
/// coordinator keeps every document, a manager those of the groups they lead.
#[must_use]
pub fn may_manage(actor: &Actor, group: Option<&str>) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Manager => group.is_some_and(|g| actor.groups.iter().any(|m| m == g)),
        Role::Member | Role::ProviderEditor => false,
    }
}

/// May `actor` add documents at all (to some group)?
#[must_use]
pub fn may_add(actor: &Actor) -> bool {
    actor.role == Role::Admin || (actor.role == Role::Manager && !actor.groups.is_empty())
}

/// May `actor` (`None`: a visitor) read a document that is public or not? Internal documents
/// are for the people of the planning: the coordinator, managers and members of the groups.
#[must_use]
pub fn may_read(actor: Option<&Actor>, public: bool) -> bool {
    public || actor.is_some_and(|a| matches!(a.role, Role::Admin | Role::Manager | Role::Member))
}

/// What the list of documents was asked for (`/dokumenty?…`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentQuery {
    /// Words in the title or the description (`text`).
    pub text: String,
    pub kind: Option<DocumentKind>,
    pub plan: Option<i32>,
    pub group: Option<String>,
    /// Issued in this year (`rok`).
    pub year: Option<i32>,
}

impl DocumentQuery {
    /// Reads `text`, `druh`, `plan`, `skupina` and `rok` from non-empty pairs.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, QueryError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            let value = value.as_str();
            match key.as_str() {
                "text" => query.text = text(value)?,
                "druh" => {
                    query.kind = Some(choice(
                        value,
                        "druh dokumentu",
                        &DocumentKind::ALL,
                        DocumentKind::code,
                    )?);
                }
                "plan" => query.plan = Some(id(value, "plán")?),
                "skupina" => query.group = Some(value.to_owned()),
                "rok" => {
                    query.year = Some(
                        value
                            .parse::<i32>()
                            .ok()
                            .filter(|y| (1990..=2100).contains(y))
                            .ok_or_else(|| unknown("rok", value))?,
                    );
                }
                _ => return Err(unknown("seznamu dokumentů", key)),
            }
        }
        Ok(query)
    }

    /// Whether a document with this description is in the list.
    #[must_use]
    pub fn keeps(&self, d: &DocumentDraft) -> bool {
        self.kind.is_none_or(|k| k == d.kind)
            && self.plan.is_none_or(|p| d.plan == Some(p))
            && self
                .group
                .as_ref()
                .is_none_or(|g| d.group.as_ref() == Some(g))
            && self.year.is_none_or(|y| d.issued_on.year() == y)
            && crate::listing::matches(
                &self.text,
                &[&d.title, d.description.as_deref().unwrap_or_default()],
            )
    }

    /// Whether anything narrows the list.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        *self != Self::default()
    }
}
