//! The register compared with the catalogue: which registered services are new, which changed
//! in what the register keeps, and which the register no longer lists. What the city keeps by
//! hand (descriptions, districts, target groups, related activities) is never compared, so it
//! is never overwritten.

use serde::Serialize;
use time::Date;

use super::RegisterService;
use crate::catalogue::{Capacity, ServiceForm};

/// A registered service of the catalogue, as far as the register speaks of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub id: i32,
    pub name: String,
    pub register_id: Option<String>,
    /// The provider's IČO.
    pub ico: String,
    pub service_type: Option<String>,
    pub forms: Vec<ServiceForm>,
    pub capacity: Option<Capacity>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub active_from: Option<Date>,
    pub active_to: Option<Date>,
    pub addresses: Vec<String>,
}

/// One field the register changes: its Czech label, the catalogue's value and the register's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// What the register would change in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Change {
    /// A service of the city the catalogue does not have.
    New(RegisterService),
    /// A service the catalogue has, with the fields the register changes.
    Changed {
        id: i32,
        service: RegisterService,
        fields: Vec<FieldChange>,
    },
    /// A registered service of the catalogue the register no longer lists: it ends on `on`.
    Withdrawn {
        id: i32,
        name: String,
        register_id: String,
        on: Date,
    },
}

impl Change {
    /// A key that names the change in a form: „novy-1234567“, „zmena-12“, „konec-12“.
    #[must_use]
    pub fn key(&self) -> String {
        match self {
            Self::New(s) => format!("novy-{}", s.register_id),
            Self::Changed { id, .. } => format!("zmena-{id}"),
            Self::Withdrawn { id, .. } => format!("konec-{id}"),
        }
    }
}

fn words(v: Option<&str>) -> String {
    v.unwrap_or("").to_owned()
}

fn forms(f: &[ServiceForm]) -> String {
    f.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

fn capacity(c: Option<Capacity>) -> String {
    c.map_or_else(String::new, |c| format!("{} {}", c.amount, c.unit.name()))
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(String::new, crate::czech::format_date)
}

/// The register's fields that differ from the catalogue's.
fn changed_fields(current: &Current, s: &RegisterService) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut compare = |field: &'static str, before: String, after: String| {
        if before != after {
            out.push(FieldChange {
                field,
                before,
                after,
            });
        }
    };
    compare(
        "Identifikátor v registru",
        words(current.register_id.as_deref()),
        s.register_id.clone(),
    );
    let kind = |code: Option<&str>| {
        code.map_or_else(String::new, |c| {
            crate::catalogue::service_type(c).map_or_else(|_| c.to_owned(), |t| t.label())
        })
    };
    compare(
        "Druh sociální služby",
        kind(current.service_type.as_deref()),
        kind(Some(&s.service_type)),
    );
    let mut sorted = current.forms.clone();
    sorted.sort();
    compare("Formy", forms(&sorted), forms(&s.forms));
    compare("Kapacita", capacity(current.capacity), capacity(s.capacity));
    // A contact the register leaves empty is the city's to keep.
    for (field, ours, theirs) in [
        ("E-mail", &current.email, &s.email),
        ("Telefon", &current.phone, &s.phone),
        ("Web", &current.web, &s.web),
    ] {
        if let Some(theirs) = theirs {
            compare(field, words(ours.as_deref()), theirs.clone());
        }
    }
    compare(
        "Poskytováno od",
        date(current.active_from),
        date(s.active_from),
    );
    compare("Poskytováno do", date(current.active_to), date(s.active_to));
    if !s.places.is_empty() {
        let addresses: Vec<&str> = s.places.iter().map(|p| p.address.as_str()).collect();
        compare(
            "Místa poskytování",
            current.addresses.join("; "),
            addresses.join("; "),
        );
    }
    out
}

/// Compares the register with the catalogue. `ours` says which of the register's services
/// belong to the city (a facility in its territory, a provider it knows); `today` is the day
/// a withdrawn service ends when the register gives no day. A service is matched by its
/// register identifier, else by its provider's IČO and its kind.
#[must_use]
pub fn diff(
    register: &[RegisterService],
    catalogue: &[Current],
    ours: impl Fn(&RegisterService) -> bool,
    today: Date,
) -> Vec<Change> {
    let mut matched: Vec<i32> = Vec::new();
    let mut out = Vec::new();
    for s in register {
        let by_id = catalogue
            .iter()
            .find(|c| c.register_id.as_deref() == Some(s.register_id.as_str()));
        let found = by_id.or_else(|| {
            catalogue.iter().find(|c| {
                c.register_id.is_none()
                    && !matched.contains(&c.id)
                    && c.ico == s.provider.ico.as_str()
                    && c.service_type.as_deref() == Some(s.service_type.as_str())
            })
        });
        match found {
            Some(c) => {
                matched.push(c.id);
                let fields = changed_fields(c, s);
                if !fields.is_empty() {
                    out.push(Change::Changed {
                        id: c.id,
                        service: s.clone(),
                        fields,
                    });
                }
            }
            None if ours(s) => out.push(Change::New(s.clone())),
            None => {}
        }
    }
    for c in catalogue {
        let ended = c.active_to.is_some_and(|to| to <= today);
        if let Some(register_id) = &c.register_id
            && !matched.contains(&c.id)
            && !ended
        {
            out.push(Change::Withdrawn {
                id: c.id,
                name: c.name.clone(),
                register_id: register_id.clone(),
                on: today,
            });
        }
    }
    out
}
