//! The catalogue of social services and related activities (katalog sociálních služeb a
//! souvisejících aktivit): organisations, their registered services and their activities.

pub mod contact;
pub mod guide;
mod ico;
pub mod organisation_list;
mod service_type;

use serde::Serialize;
use time::Date;

use crate::czech::parse_optional_date;
use crate::field::{optional_int, optional_text, required_text};
use crate::{FieldError, FieldErrors};

pub use ico::Ico;
pub use service_type::{CapacityUnit, ServiceForm, ServiceType, service_type, service_types};

/// Longest name of anything in the catalogue.
pub const NAME_MAX: usize = 200;
/// Longest description.
pub const DESCRIPTION_MAX: usize = 10_000;
/// Longest short text (fees, opening hours, address).
pub const SHORT_TEXT_MAX: usize = 2_000;

/// What a form sends for an organisation, every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationInput {
    pub name: String,
    pub ico: String,
    pub legal_form: String,
    pub address: String,
    pub web: String,
    pub email: String,
    pub phone: String,
    pub description: String,
}

/// Poskytovatel – a provider organisation, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationDraft {
    pub name: String,
    pub ico: Ico,
    pub legal_form: Option<String>,
    pub address: Option<String>,
    pub web: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
}

impl OrganisationDraft {
    /// Validates every field, reporting all problems at once.
    pub fn parse(input: &OrganisationInput) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("name", required_text(&input.name, NAME_MAX));
        let ico = e.take("ico", Ico::parse(&input.ico));
        let legal_form = e.take("legal_form", optional_text(&input.legal_form, NAME_MAX));
        let address = e.take("address", optional_text(&input.address, SHORT_TEXT_MAX));
        let web = e.take("web", contact::optional(&input.web, contact::parse_web));
        let email = e.take(
            "email",
            contact::optional(&input.email, contact::parse_email),
        );
        let phone = e.take(
            "phone",
            contact::optional(&input.phone, contact::parse_phone),
        );
        let description = e.take(
            "description",
            optional_text(&input.description, DESCRIPTION_MAX),
        );
        e.into_result(|| Self {
            name: name.unwrap_or_default(),
            ico: ico.expect("checked"),
            legal_form: legal_form.flatten(),
            address: address.flatten(),
            web: web.flatten(),
            email: email.flatten(),
            phone: phone.flatten(),
            description: description.flatten(),
        })
    }
}

/// Registered social service or related activity (související aktivita, not registered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Registered under Act 108/2006 Sb.
    Registered,
    /// A related activity outside the register.
    Activity,
}

impl ServiceKind {
    /// Code in URLs and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "sluzba",
            Self::Activity => "aktivita",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        match code {
            "sluzba" => Ok(Self::Registered),
            "aktivita" => Ok(Self::Activity),
            _ => Err(FieldError::UnknownValue),
        }
    }
}

/// One place where a service is provided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub address: String,
    /// Code of the city district (tenant's list).
    pub district: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The address point's code in RÚIAN (kód adresního místa), where the register gave it.
    pub ruian: Option<u64>,
}

/// A location as typed into a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocationInput {
    pub address: String,
    pub district: String,
    pub latitude: String,
    pub longitude: String,
}

impl LocationInput {
    /// A row the user left blank is no location at all.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        [
            &self.address,
            &self.district,
            &self.latitude,
            &self.longitude,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// What a form sends for a service or activity, every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceInput {
    pub kind: String,
    pub name: String,
    pub service_type: String,
    pub register_id: String,
    pub description: String,
    pub forms: Vec<String>,
    pub target_groups: Vec<String>,
    pub age_from: String,
    pub age_to: String,
    pub capacity: String,
    pub capacity_unit: String,
    pub fees: String,
    pub opening_hours: String,
    pub email: String,
    pub phone: String,
    pub web: String,
    pub active_from: String,
    pub active_to: String,
    pub locations: Vec<LocationInput>,
}

/// Kapacita – how many the service can serve, and in what unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capacity {
    pub amount: u32,
    pub unit: CapacityUnit,
}

impl Capacity {
    /// A capacity is a whole number greater than zero, with a unit.
    pub fn parse(amount: &str, unit: &str) -> Result<Option<Self>, FieldError> {
        let text: String = amount.chars().filter(|c| !c.is_whitespace()).collect();
        if text.is_empty() {
            return Ok(None);
        }
        let amount = text
            .parse::<u32>()
            .ok()
            .filter(|a| (1..=1_000_000).contains(a));
        let amount = amount.ok_or(FieldError::NotPositiveInteger)?;
        let unit = if unit.is_empty() {
            CapacityUnit::Clients
        } else {
            CapacityUnit::parse(unit)?
        };
        Ok(Some(Self { amount, unit }))
    }
}

/// Identifikátor služby v registru poskytovatelů – seven digits.
pub fn parse_register_id(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.len() == 7 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(FieldError::InvalidRegisterId)
    }
}

/// Sociální služba or související aktivita, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDraft {
    pub kind: ServiceKind,
    pub name: String,
    /// Code of the kind of service (registered services only).
    pub service_type: Option<String>,
    /// Register identifier (registered services only).
    pub register_id: Option<String>,
    pub description: Option<String>,
    pub forms: Vec<ServiceForm>,
    /// Codes of the tenant's target groups.
    pub target_groups: Vec<String>,
    pub age_from: Option<u8>,
    pub age_to: Option<u8>,
    pub capacity: Option<Capacity>,
    pub fees: Option<String>,
    pub opening_hours: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub active_from: Option<Date>,
    pub active_to: Option<Date>,
    pub locations: Vec<Location>,
}

/// The tenant's lists a service refers to.
#[derive(Debug, Clone, Copy)]
pub struct CodeLists<'a> {
    pub target_groups: &'a [String],
    pub districts: &'a [String],
}

impl ServiceDraft {
    /// A record of `kind` named `name` with nothing else known yet (a service the register
    /// brings, a test's fixture).
    #[must_use]
    pub fn new(kind: ServiceKind, name: String) -> Self {
        Self {
            kind,
            name,
            service_type: None,
            register_id: None,
            description: None,
            forms: Vec::new(),
            target_groups: Vec::new(),
            age_from: None,
            age_to: None,
            capacity: None,
            fees: None,
            opening_hours: None,
            email: None,
            phone: None,
            web: None,
            active_from: None,
            active_to: None,
            locations: Vec::new(),
        }
    }

    /// Whether the service runs at some time in `year`: what a catalogue of that year lists.
    #[must_use]
    pub fn is_active_in(&self, year: i32) -> bool {
        self.active_from.is_none_or(|d| d.year() <= year)
            && self.active_to.is_none_or(|d| d.year() >= year)
    }

    /// Validates every field against the national and the tenant's lists.
    pub fn parse(input: &ServiceInput, lists: CodeLists<'_>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.take("kind", ServiceKind::parse(&input.kind));
        let name = e.take("name", required_text(&input.name, NAME_MAX));
        let (service_type, register_id) = if kind == Some(ServiceKind::Registered) {
            let code = input.service_type.trim();
            let service_type = if code.is_empty() {
                Err(FieldError::Required)
            } else {
                service_type(code).map(|t| t.code.clone())
            };
            let register_id = if input.register_id.trim().is_empty() {
                Err(FieldError::Required)
            } else {
                parse_register_id(&input.register_id)
            };
            (
                e.take("service_type", service_type),
                e.take("register_id", register_id),
            )
        } else {
            (None, None)
        };
        let description = e
            .take(
                "description",
                optional_text(&input.description, DESCRIPTION_MAX),
            )
            .flatten();
        let mut forms = Vec::new();
        for code in &input.forms {
            if let Some(form) = e.take("forms", ServiceForm::parse(code))
                && !forms.contains(&form)
            {
                forms.push(form);
            }
        }
        forms.sort();
        if forms.is_empty() && e.get("forms").is_none() {
            e.add("forms", FieldError::Required);
        }
        let mut target_groups = Vec::new();
        for code in &input.target_groups {
            if !lists.target_groups.contains(code) {
                e.add("target_groups", FieldError::UnknownValue);
            } else if !target_groups.contains(code) {
                target_groups.push(code.clone());
            }
        }
        let age = |raw: &str| optional_int(raw, 0, 120).map(|a| a.map(|a| a as u8));
        let age_from = e.take("age_from", age(&input.age_from)).flatten();
        let age_to = e.take("age_to", age(&input.age_to)).flatten();
        if let (Some(from), Some(to)) = (age_from, age_to)
            && from > to
        {
            e.add("age_to", FieldError::EndBeforeStart);
        }
        let capacity = e
            .take(
                "capacity",
                Capacity::parse(&input.capacity, &input.capacity_unit),
            )
            .flatten();
        let fees = e
            .take("fees", optional_text(&input.fees, SHORT_TEXT_MAX))
            .flatten();
        let opening_hours = e
            .take(
                "opening_hours",
                optional_text(&input.opening_hours, SHORT_TEXT_MAX),
            )
            .flatten();
        let email = e
            .take(
                "email",
                contact::optional(&input.email, contact::parse_email),
            )
            .flatten();
        let phone = e
            .take(
                "phone",
                contact::optional(&input.phone, contact::parse_phone),
            )
            .flatten();
        let web = e
            .take("web", contact::optional(&input.web, contact::parse_web))
            .flatten();
        let active_from = e
            .take("active_from", parse_optional_date(&input.active_from))
            .flatten();
        let active_to = e
            .take("active_to", parse_optional_date(&input.active_to))
            .flatten();
        if let (Some(from), Some(to)) = (active_from, active_to)
            && from > to
        {
            e.add("active_to", FieldError::EndBeforeStart);
        }
        let mut locations = Vec::new();
        for (i, row) in input
            .locations
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
        {
            if let Some(location) = parse_location(row, lists.districts, i, &mut e) {
                locations.push(location);
            }
        }
        e.into_result(|| Self {
            kind: kind.expect("checked"),
            name: name.expect("checked"),
            service_type,
            register_id,
            description,
            forms,
            target_groups,
            age_from,
            age_to,
            capacity,
            fees,
            opening_hours,
            email,
            phone,
            web,
            active_from,
            active_to,
            locations,
        })
    }
}

fn parse_location(
    row: &LocationInput,
    districts: &[String],
    index: usize,
    e: &mut FieldErrors,
) -> Option<Location> {
    let field = |name: &str| format!("locations[{index}].{name}");
    let address = e.take(
        &field("address"),
        required_text(&row.address, SHORT_TEXT_MAX),
    );
    let district = row.district.trim();
    let district = if district.is_empty() {
        Some(None)
    } else if districts.iter().any(|d| d == district) {
        Some(Some(district.to_owned()))
    } else {
        e.add(field("district"), FieldError::UnknownValue);
        None
    };
    let latitude = e.take(&field("latitude"), parse_coordinate(&row.latitude, 90.0));
    let longitude = e.take(&field("longitude"), parse_coordinate(&row.longitude, 180.0));
    Some(Location {
        address: address?,
        district: district?,
        latitude: latitude?,
        longitude: longitude?,
        // Not typed by hand: the store keeps the code of an address it had (see update_service).
        ruian: None,
    })
}

/// Degrees as „49,8209“ or „49.8209“, within ±`limit`.
fn parse_coordinate(raw: &str, limit: f64) -> Result<Option<f64>, FieldError> {
    let text = raw.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
        _ => Err(FieldError::InvalidCoordinate),
    }
}

#[cfg(test)]
mod tests;
