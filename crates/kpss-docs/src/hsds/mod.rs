//! The catalogue as Open Referral HSDS 3.0 JSON, with kpss's Czech profile: the kinds of social
//! services of Act 108/2006 Sb. (with their §), the forms of provision and the tenant's target
//! groups are taxonomies whose terms are attached to services as attributes; an organisation's
//! IČO is its identifier in the scheme `CZ-ICO`; a place's address is Czech (no state level).
//! Optional fields are left out rather than sent empty, as the schemas allow no `null`.

pub mod ids;
pub mod query;
mod records;

pub use records::*;

use kpss_domain::catalogue::{
    Location as Place, OrganisationDraft, ServiceDraft, ServiceForm, service_types,
};
use time::OffsetDateTime;

use ids::Kind;

/// The scheme of a location's external identifier: the Czech register of addresses.
pub const RUIAN_ADDRESS: &str = "RÚIAN kód adresního místa";

/// The version of HSDS served.
pub const VERSION: &str = "3.0";

/// The taxonomies of the Czech profile, by their number in ids.
pub const SERVICE_TYPES: i32 = 1;
pub const FORMS: i32 = 2;
pub const TARGET_GROUPS: i32 = 3;

/// What every record of a tenant's catalogue needs: the tenant and its lists.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub tenant: i32,
    /// The city the addresses lie in when they do not say.
    pub city: &'a str,
    /// The tenant's target groups: (code, name).
    pub target_groups: &'a [(String, String)],
    /// The tenant's districts: (code, name).
    pub districts: &'a [(String, String)],
}

/// The three taxonomies of the Czech profile.
#[must_use]
pub fn taxonomies(tenant: i32) -> Vec<Taxonomy> {
    [SERVICE_TYPES, FORMS, TARGET_GROUPS]
        .into_iter()
        .map(|t| taxonomy(tenant, t))
        .collect()
}

/// Taxonomy `number` (one of [`SERVICE_TYPES`], [`FORMS`], [`TARGET_GROUPS`]).
#[must_use]
pub fn taxonomy(tenant: i32, number: i32) -> Taxonomy {
    let (name, description) = taxonomy_names(number);
    Taxonomy {
        id: ids::id(Kind::Taxonomy, tenant, (number, 0)).to_string(),
        name,
        description,
    }
}

fn taxonomy_names(number: i32) -> (&'static str, &'static str) {
    match number {
        SERVICE_TYPES => (
            "Druhy sociálních služeb",
            "Druhy sociálních služeb podle zákona č. 108/2006 Sb., o sociálních službách, s paragrafem.",
        ),
        FORMS => (
            "Formy poskytování",
            "Formy poskytování sociálních služeb podle § 33 zákona č. 108/2006 Sb.",
        ),
        _ => (
            "Cílové skupiny",
            "Cílové skupiny komunitního plánování města: komu jsou služby určeny.",
        ),
    }
}

/// Every term of a taxonomy, in its order.
#[must_use]
pub fn terms(c: &Context<'_>, taxonomy: i32) -> Vec<TaxonomyTerm> {
    let named: Vec<(String, String, String)> = match taxonomy {
        SERVICE_TYPES => service_types()
            .iter()
            .map(|t| {
                let name = match &t.paragraph {
                    Some(p) => format!("§ {p} {}", t.name),
                    None => t.name.clone(),
                };
                (t.code.clone(), name, t.category.clone())
            })
            .collect(),
        FORMS => ServiceForm::ALL
            .iter()
            .map(|f| {
                (
                    f.code().to_owned(),
                    f.name().to_owned(),
                    "Forma poskytování sociální služby".to_owned(),
                )
            })
            .collect(),
        _ => c
            .target_groups
            .iter()
            .map(|(code, name)| (code.clone(), name.clone(), "Cílová skupina".to_owned()))
            .collect(),
    };
    let (taxonomy_name, _) = taxonomy_names(taxonomy);
    named
        .into_iter()
        .enumerate()
        .map(|(i, (code, name, description))| TaxonomyTerm {
            id: term_id(c.tenant, taxonomy, i),
            code,
            name,
            description,
            taxonomy: taxonomy_name,
            taxonomy_id: ids::id(Kind::Taxonomy, c.tenant, (taxonomy, 0)).to_string(),
            language: "ces",
        })
        .collect()
}

fn term_id(tenant: i32, taxonomy: i32, index: usize) -> String {
    ids::id(
        Kind::TaxonomyTerm,
        tenant,
        (taxonomy, u16::try_from(index).unwrap_or(u16::MAX)),
    )
    .to_string()
}

/// An organisation, with its services when given.
#[must_use]
pub fn organization(
    c: &Context<'_>,
    (id, o): (i32, &OrganisationDraft),
    services: Option<Vec<Service>>,
) -> Organization {
    let org_id = ids::id(Kind::Organization, c.tenant, (id, 0)).to_string();
    Organization {
        description: description(o),
        name: o.name.clone(),
        email: o.email.clone(),
        website: o.web.clone(),
        legal_status: o.legal_form.clone(),
        organization_identifiers: vec![OrganizationIdentifier {
            id: ids::id(Kind::Identifier, c.tenant, (id, 0)).to_string(),
            organization_id: org_id.clone(),
            identifier_scheme: "CZ-ICO",
            identifier_type: "IČO",
            identifier: o.ico.as_str().to_owned(),
        }],
        phones: o
            .phone
            .iter()
            .map(|p| Phone {
                id: ids::id(Kind::Phone, c.tenant, (id, 0)).to_string(),
                number: p.clone(),
            })
            .collect(),
        id: org_id,
        services,
    }
}

/// An organisation's description, which HSDS requires: its own, or what kpss knows of it.
fn description(o: &OrganisationDraft) -> String {
    o.description.clone().unwrap_or_else(|| {
        let mut d = format!("Organizace s IČO {}", o.ico.as_str());
        if let Some(form) = &o.legal_form {
            d.push_str(&format!(", {form}"));
        }
        d.push('.');
        d
    })
}

/// A service of the catalogue, as kpss keeps it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceRow<'a> {
    pub id: i32,
    pub organisation: (i32, &'a OrganisationDraft),
    pub draft: &'a ServiceDraft,
    pub updated_at: OffsetDateTime,
}

/// A service as the list gives it: its scalars and its organisation.
#[must_use]
pub fn service_summary(c: &Context<'_>, s: ServiceRow<'_>, today: time::Date) -> Service {
    let d = s.draft;
    let (org, o) = s.organisation;
    let org_id = ids::id(Kind::Organization, c.tenant, (org, 0)).to_string();
    Service {
        id: ids::id(Kind::Service, c.tenant, (s.id, 0)).to_string(),
        organization: Some(OrganizationSummary {
            id: org_id.clone(),
            name: o.name.clone(),
            description: description(o),
        }),
        organization_id: org_id,
        name: d.name.clone(),
        description: d.description.clone(),
        url: d.web.clone(),
        email: d.email.clone(),
        status: if d.active_to.is_some_and(|to| to < today)
            || d.active_from.is_some_and(|f| f > today)
        {
            "inactive"
        } else {
            "active"
        },
        fees_description: d.fees.clone(),
        minimum_age: d.age_from,
        maximum_age: d.age_to,
        last_modified: s
            .updated_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        phones: Vec::new(),
        schedules: Vec::new(),
        service_at_locations: Vec::new(),
        attributes: Vec::new(),
    }
}

/// A service with its phones, opening hours, places and terms.
#[must_use]
pub fn service(c: &Context<'_>, s: ServiceRow<'_>, today: time::Date) -> Service {
    let mut out = service_summary(c, s, today);
    let d = s.draft;
    let tenant = c.tenant;
    out.phones = d
        .phone
        .iter()
        .map(|p| Phone {
            id: ids::id(Kind::Phone, tenant, (s.id, 1)).to_string(),
            number: p.clone(),
        })
        .collect();
    out.schedules = d
        .opening_hours
        .iter()
        .map(|h| Schedule {
            id: ids::id(Kind::Schedule, tenant, (s.id, 0)).to_string(),
            service_id: out.id.clone(),
            description: h.clone(),
        })
        .collect();
    out.service_at_locations = d
        .locations
        .iter()
        .enumerate()
        .map(|(i, place)| service_at_location(c, s, (i, place)))
        .collect();
    let mut attributes = Vec::new();
    let mut attach = |taxonomy: i32, code: &str| {
        if let Some(term) = terms(c, taxonomy).into_iter().find(|t| t.code == code) {
            let n = u16::try_from(attributes.len()).unwrap_or(u16::MAX);
            attributes.push(Attribute {
                id: ids::id(Kind::Attribute, tenant, (s.id, n)).to_string(),
                link_id: out.id.clone(),
                link_entity: "service",
                link_type: match taxonomy {
                    SERVICE_TYPES => "service_type",
                    FORMS => "delivery_form",
                    _ => "audience",
                },
                taxonomy_term_id: term.id.clone(),
                taxonomy_term: term,
            });
        }
    };
    if let Some(code) = &d.service_type {
        attach(SERVICE_TYPES, code);
    }
    for f in &d.forms {
        attach(FORMS, f.code());
    }
    for g in &d.target_groups {
        attach(TARGET_GROUPS, g);
    }
    out.attributes = attributes;
    out
}

/// The `i`-th place of a service as a service-at-location with its location.
#[must_use]
pub fn service_at_location(
    c: &Context<'_>,
    s: ServiceRow<'_>,
    (i, place): (usize, &Place),
) -> ServiceAtLocation {
    let part = u16::try_from(i).unwrap_or(u16::MAX);
    let location_id = ids::id(Kind::Location, c.tenant, (s.id, part)).to_string();
    let (street, postal_code, city) = split_address(&place.address);
    let district = place.district.as_ref().and_then(|code| {
        c.districts
            .iter()
            .find(|(d, _)| d == code)
            .map(|(_, n)| n.clone())
    });
    ServiceAtLocation {
        id: ids::id(Kind::ServiceAtLocation, c.tenant, (s.id, part)).to_string(),
        service_id: ids::id(Kind::Service, c.tenant, (s.id, 0)).to_string(),
        location: Location {
            id: location_id.clone(),
            location_type: "physical",
            organization_id: ids::id(Kind::Organization, c.tenant, (s.organisation.0, 0))
                .to_string(),
            name: place.address.clone(),
            latitude: place.latitude,
            longitude: place.longitude,
            external_identifier: place.ruian.map(|code| code.to_string()),
            external_identifier_type: place.ruian.map(|_| RUIAN_ADDRESS),
            addresses: vec![Address {
                id: ids::id(Kind::Address, c.tenant, (s.id, part)).to_string(),
                location_id: location_id.clone(),
                address_1: street,
                city: city.unwrap_or_else(|| c.city.to_owned()),
                region: district,
                state_province: String::new(),
                postal_code: postal_code.unwrap_or_default(),
                country: "CZ",
                address_type: "physical",
            }],
        },
        location_id,
        service: None,
    }
}

/// A Czech address „Ulice 12, 702 00 Ostrava“ as (street, postal code, city); what is not
/// there is `None`.
fn split_address(address: &str) -> (String, Option<String>, Option<String>) {
    let Some((street, rest)) = address.rsplit_once(',') else {
        return (address.trim().to_owned(), None, None);
    };
    let rest = rest.trim();
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .collect();
    let code: String = digits.chars().filter(char::is_ascii_digit).collect();
    if code.len() == 5 {
        let city = rest[digits.len()..].trim();
        (
            street.trim().to_owned(),
            Some(format!("{} {}", &code[..3], &code[3..])),
            (!city.is_empty()).then(|| city.to_owned()),
        )
    } else {
        (
            street.trim().to_owned(),
            None,
            (!rest.is_empty()).then(|| rest.to_owned()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn czech_addresses_split_into_street_postal_code_and_city() {
        assert_eq!(
            split_address("Českobratrská 1768/2, 70200 Ostrava"),
            (
                "Českobratrská 1768/2".to_owned(),
                Some("702 00".to_owned()),
                Some("Ostrava".to_owned())
            )
        );
        assert_eq!(
            split_address("Hlavní 5, 702 00 Ostrava-Přívoz"),
            (
                "Hlavní 5".to_owned(),
                Some("702 00".to_owned()),
                Some("Ostrava-Přívoz".to_owned())
            )
        );
        assert_eq!(
            split_address("Hlavní 5, Ostrava"),
            ("Hlavní 5".to_owned(), None, Some("Ostrava".to_owned()))
        );
        assert_eq!(
            split_address("Hlavní 5"),
            ("Hlavní 5".to_owned(), None, None)
        );
    }

    #[test]
    fn pages_say_where_they_are() {
        let p = Page::new(vec![1, 2], 12, (3, 5));
        assert_eq!(
            (p.total_pages, p.size, p.first_page, p.last_page, p.empty),
            (3, 2, false, true, false)
        );
        let none: Page<i32> = Page::new(Vec::new(), 0, (1, 50));
        assert_eq!(
            (
                none.total_pages,
                none.first_page,
                none.last_page,
                none.empty
            ),
            (1, true, true, true)
        );
    }
}
