//! Services for the index's tests, built from the few fields each test is about.

use kpss_domain::catalogue::{Location, ServiceDraft, ServiceForm, ServiceKind};
use kpss_store::catalogue::Service;

/// A service being built: an activity of tenant 1 in Ostrava, with no type, target group,
/// form or district until a method gives one.
pub(super) struct Fixture(Service);

impl Fixture {
    /// The service `id` called `name`, described as a service for the city's people.
    pub fn new(id: i32, name: &str) -> Self {
        Self(Service {
            id,
            tenant_id: 1,
            organisation_id: 1,
            organisation_name: "Ukázková organizace".into(),
            draft: ServiceDraft {
                description: Some(format!("{name} pro občany města Ostravy.")),
                locations: vec![Location {
                    address: "Ostrava".into(),
                    district: None,
                    latitude: None,
                    longitude: None,
                    ruian: None,
                }],
                ..ServiceDraft::new(ServiceKind::Activity, name.into())
            },
            version: 1,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        })
    }

    pub fn tenant(mut self, tenant: i32) -> Self {
        self.0.tenant_id = tenant;
        self
    }

    /// A registered social service of the type (paragraph) given, or an activity for `None`.
    pub fn service_type(mut self, service_type: Option<&str>) -> Self {
        self.0.draft.kind = match service_type {
            Some(_) => ServiceKind::Registered,
            None => ServiceKind::Activity,
        };
        self.0.draft.service_type = service_type.map(str::to_owned);
        self
    }

    pub fn groups(mut self, groups: &[&str]) -> Self {
        self.0.draft.target_groups = groups.iter().map(|g| (*g).to_owned()).collect();
        self
    }

    pub fn forms(mut self, forms: &[ServiceForm]) -> Self {
        self.0.draft.forms = forms.to_vec();
        self
    }

    pub fn description(mut self, description: &str) -> Self {
        self.0.draft.description = Some(description.into());
        self
    }

    /// The address of its one place, in Ostrava.
    pub fn address(mut self, street: &str) -> Self {
        self.0.draft.locations[0].address = format!("{street}, Ostrava");
        self
    }

    pub fn district(mut self, district: &str) -> Self {
        self.0.draft.locations[0].district = Some(district.into());
        self
    }

    pub fn build(self) -> Service {
        self.0
    }
}
