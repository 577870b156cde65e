//! Services and search results shaped for templates and the API, with Czech labels.

use kpss_domain::catalogue::{ServiceKind, service_type};
use kpss_domain::czech::{format_date, format_datetime, group_thousands};
use kpss_search::{Dimension, FacetCount, Filters, Query, Sort};
use kpss_store::catalogue::Service;
use serde::Serialize;

use super::Lists;
use crate::Error;

/// A service or activity with every value worded for people.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceView {
    pub id: i32,
    pub name: String,
    /// "sluzba" or "aktivita".
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub service_type: Option<String>,
    pub service_type_label: Option<String>,
    pub register_id: Option<String>,
    pub organisation_id: i32,
    pub organisation_name: String,
    pub description: Option<String>,
    pub forms: Vec<&'static str>,
    pub target_groups: Vec<String>,
    pub age: Option<String>,
    pub capacity: Option<String>,
    pub fees: Option<String>,
    pub opening_hours: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub active: Option<String>,
    pub locations: Vec<LocationView>,
    pub updated: String,
}

/// A place of provision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LocationView {
    pub address: String,
    pub district: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl ServiceView {
    pub fn new(s: &Service, lists: &Lists) -> Self {
        let d = &s.draft;
        let kind_label = match d.kind {
            ServiceKind::Registered => "registrovaná sociální služba",
            ServiceKind::Activity => "související aktivita",
        };
        // „od 1 roku“, „do 3 let“, „0–26 let“: the genitive after od, do and a range.
        let years = |n: u8| kpss_domain::czech::noun(usize::from(n), "roku", "let", "let");
        let age = match (d.age_from, d.age_to) {
            (Some(a), Some(b)) => Some(format!("{a}–{b} {}", years(b))),
            (Some(a), None) => Some(format!("od {a} {}", years(a))),
            (None, Some(b)) => Some(format!("do {b} {}", years(b))),
            (None, None) => None,
        };
        let active = match (d.active_from, d.active_to) {
            (Some(a), Some(b)) => Some(format!("{} – {}", format_date(a), format_date(b))),
            (Some(a), None) => Some(format!("od {}", format_date(a))),
            (None, Some(b)) => Some(format!("do {}", format_date(b))),
            (None, None) => None,
        };
        let kind_type = d.service_type.as_deref().and_then(|c| service_type(c).ok());
        Self {
            id: s.id,
            name: d.name.clone(),
            kind: d.kind.code(),
            kind_label,
            service_type: d.service_type.clone(),
            service_type_label: kind_type.map(kpss_domain::catalogue::ServiceType::label),
            register_id: d.register_id.clone(),
            organisation_id: s.organisation_id,
            organisation_name: s.organisation_name.clone(),
            description: d.description.clone(),
            forms: d.forms.iter().map(|f| f.name()).collect(),
            target_groups: d
                .target_groups
                .iter()
                .map(|g| lists.target_group_name(g))
                .collect(),
            age,
            capacity: d
                .capacity
                .map(|c| format!("{} {}", group_thousands(i64::from(c.amount)), c.unit.name())),
            fees: d.fees.clone(),
            opening_hours: d.opening_hours.clone(),
            email: d.email.clone(),
            phone: d.phone.clone(),
            web: d.web.clone(),
            active,
            locations: d
                .locations
                .iter()
                .map(|l| LocationView {
                    address: l.address.clone(),
                    district: l.district.as_deref().map(|c| lists.district_name(c)),
                    latitude: l.latitude,
                    longitude: l.longitude,
                })
                .collect(),
            updated: format_datetime(s.updated_at),
        }
    }

    /// The first 240 characters of the description.
    pub fn teaser(&self) -> String {
        clip(self.description.as_deref().unwrap_or_default())
    }

    /// The opening sentences of the description, as an information guide prints them.
    pub fn brief(&self) -> String {
        clip(kpss_domain::catalogue::guide::brief(
            self.description.as_deref().unwrap_or_default(),
        ))
    }
}

/// `text` cut after 240 characters, with an ellipsis where it was cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= 240 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(240).collect::<String>().trim_end())
    }
}

/// Results per page on the web; the API allows up to [`MAX_PER_PAGE`].
pub const PER_PAGE: usize = 20;
/// Most results per page of the API.
pub const MAX_PER_PAGE: usize = 100;
/// The last page anyone may ask for.
pub const MAX_PAGE: usize = 10_000;

/// A catalogue search as the query string gives it, checked against the lists.
pub fn parse_query(
    tenants: &[i32],
    data: &crate::form::FormData,
    lists: &Lists,
    per_page_key: &str,
) -> Result<Query, Error> {
    let text = data.get("q").to_owned();
    let mut filters = Vec::new();
    for dimension in Dimension::ALL {
        let values = data.all(dimension.key());
        for v in &values {
            let known = match dimension {
                Dimension::ServiceType => service_type(v).is_ok(),
                Dimension::TargetGroup => lists.target_groups.iter().any(|i| &i.code == v),
                Dimension::District => lists.districts.iter().any(|i| &i.code == v),
                Dimension::Form => kpss_domain::catalogue::ServiceForm::parse(v).is_ok(),
                Dimension::Kind => ServiceKind::parse(v).is_ok(),
            };
            if !known {
                return Err(Error::BadRequest(format!(
                    "Neznámá hodnota filtru „{}“: {}.",
                    dimension.key(),
                    truncate(v)
                )));
            }
        }
        if !values.is_empty() {
            filters.push((dimension, values));
        }
    }
    let sort = match data.get("razeni") {
        "" => {
            if text.trim().is_empty() {
                Sort::Name
            } else {
                Sort::Relevance
            }
        }
        "relevance" => Sort::Relevance,
        "nazev" => Sort::Name,
        other => {
            return Err(Error::BadRequest(format!(
                "Neznámé řazení „{}“; použijte „relevance“ nebo „nazev“.",
                truncate(other)
            )));
        }
    };
    let page = number(data.get("strana"), 1, MAX_PAGE, "strana")?;
    let per_page = number(data.get(per_page_key), PER_PAGE, MAX_PER_PAGE, per_page_key)?;
    Ok(Query {
        tenants: tenants.to_vec(),
        text,
        filters: Filters(filters),
        sort,
        page,
        per_page,
    })
}

fn number(raw: &str, default: usize, max: usize, key: &str) -> Result<usize, Error> {
    if raw.is_empty() {
        return Ok(default);
    }
    raw.parse::<usize>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            Error::BadRequest(format!(
                "Parametr „{key}“ musí být celé číslo od 1 do {max}."
            ))
        })
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

/// One facet value as the search page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacetView {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

/// A facet dimension with its values, labelled.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacetGroupView {
    pub key: &'static str,
    pub title: &'static str,
    pub values: Vec<FacetView>,
}

/// Labels and orders the counts of each dimension (Czech order of labels).
pub fn facet_views(
    facets: &[(Dimension, Vec<FacetCount>)],
    query: &Query,
    lists: &Lists,
) -> Vec<FacetGroupView> {
    facets
        .iter()
        .map(|(dimension, counts)| {
            let label = |v: &str| match dimension {
                Dimension::ServiceType => service_type(v)
                    .map_or_else(|_| v.to_owned(), kpss_domain::catalogue::ServiceType::label),
                Dimension::TargetGroup => lists.target_group_name(v),
                Dimension::District => lists.district_name(v),
                Dimension::Form => kpss_domain::catalogue::ServiceForm::parse(v)
                    .map_or_else(|_| v.to_owned(), |f| f.name().to_owned()),
                Dimension::Kind => {
                    if v == "sluzba" {
                        "registrované služby".into()
                    } else {
                        "související aktivity".into()
                    }
                }
            };
            let selected = query.filters.values(*dimension);
            let mut values: Vec<FacetView> = counts
                .iter()
                .map(|c| FacetView {
                    label: label(&c.value),
                    selected: selected.contains(&c.value),
                    value: c.value.clone(),
                    count: c.count,
                })
                .collect();
            if *dimension == Dimension::ServiceType {
                // Paragraph order, as the act lists them.
                let position = |v: &str| {
                    kpss_domain::catalogue::service_types()
                        .iter()
                        .position(|t| t.code == v)
                };
                values.sort_by_key(|v| position(&v.value));
            } else {
                values.sort_by(|a, b| kpss_domain::czech::compare(&a.label, &b.label));
            }
            let title = match dimension {
                Dimension::Kind => "Druh záznamu",
                Dimension::ServiceType => "Druh sociální služby",
                Dimension::TargetGroup => "Cílová skupina",
                Dimension::Form => "Forma poskytování",
                Dimension::District => "Městský obvod",
            };
            FacetGroupView {
                key: dimension.key(),
                title,
                values,
            }
        })
        .collect()
}

/// The query string of a search, optionally on another page.
pub fn query_string(query: &Query, page: usize) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if !query.text.is_empty() {
        out.append_pair("q", &query.text);
    }
    for (dimension, values) in &query.filters.0 {
        for v in values {
            out.append_pair(dimension.key(), v);
        }
    }
    out.append_pair(
        "razeni",
        if query.sort == Sort::Name {
            "nazev"
        } else {
            "relevance"
        },
    );
    if page > 1 {
        out.append_pair("strana", &page.to_string());
    }
    out.finish()
}
