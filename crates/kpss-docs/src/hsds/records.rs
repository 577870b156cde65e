//! The records of HSDS 3.0 as kpss sends them, described for the OpenAPI document too.
//! Optional fields are left out rather than sent empty, as the schemas allow no `null`.

use serde::Serialize;
use utoipa::ToSchema;

/// One page of a list, as HSDS pages lists (pages from 1).
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub total_items: u64,
    pub total_pages: u64,
    pub page_number: u64,
    pub size: u64,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

impl<T> Page<T> {
    /// Page `page_number` of `total_items` in pages of `per_page`, holding `contents`.
    #[must_use]
    pub fn new(contents: Vec<T>, total_items: u64, (page_number, per_page): (u64, u64)) -> Self {
        let total_pages = total_items.div_ceil(per_page.max(1)).max(1);
        Self {
            total_items,
            total_pages,
            page_number,
            size: contents.len() as u64,
            first_page: page_number == 1,
            last_page: page_number >= total_pages,
            empty: contents.is_empty(),
            contents,
        }
    }
}

/// `organization`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organization_identifiers: Vec<OrganizationIdentifier>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// Only on an organisation's own address, with its services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<Service>>,
}

/// `organization_identifier`: the IČO.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationIdentifier {
    pub id: String,
    pub organization_id: String,
    pub identifier_scheme: &'static str,
    pub identifier_type: &'static str,
    pub identifier: String,
}

/// `phone`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Phone {
    pub id: String,
    pub number: String,
}

/// `service`; the list gives its scalars and organisation, the service's own address all.
#[derive(Debug, Serialize, ToSchema)]
pub struct Service {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u8>,
    pub last_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationSummary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_at_locations: Vec<ServiceAtLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
}

/// The organisation inside a service: its scalars only.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationSummary {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// `schedule`: the opening hours as kpss keeps them, in words.
#[derive(Debug, Serialize, ToSchema)]
pub struct Schedule {
    pub id: String,
    pub service_id: String,
    pub description: String,
}

/// `service_at_location`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    pub location: Location,
    /// Only on a service-at-location's own address and in its list.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub service: Option<Box<Service>>,
}

/// `location`: a place a service is provided at.
#[derive(Debug, Serialize, ToSchema)]
pub struct Location {
    pub id: String,
    pub location_type: &'static str,
    pub organization_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// The address point's code in RÚIAN, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
    /// „RÚIAN kód adresního místa“ beside a code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
}

/// `address`: Czech, with the district as the region and no state level.
#[derive(Debug, Serialize, ToSchema)]
pub struct Address {
    pub id: String,
    pub location_id: String,
    pub address_1: String,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub state_province: String,
    pub postal_code: String,
    pub country: &'static str,
    pub address_type: &'static str,
}

/// `attribute`: a term of a taxonomy attached to a service.
#[derive(Debug, Serialize, ToSchema)]
pub struct Attribute {
    pub id: String,
    pub link_id: String,
    pub link_entity: &'static str,
    pub link_type: &'static str,
    pub taxonomy_term_id: String,
    pub taxonomy_term: TaxonomyTerm,
}

/// `taxonomy`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Taxonomy {
    pub id: String,
    pub name: &'static str,
    pub description: &'static str,
}

/// `taxonomy_term`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaxonomyTerm {
    pub id: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub taxonomy: &'static str,
    pub taxonomy_id: String,
    pub language: &'static str,
}
