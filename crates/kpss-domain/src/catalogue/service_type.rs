//! The national lists of the catalogue: kinds of social services (Act 108/2006 Sb.), forms of
//! provision and capacity units, shipped with kpss rather than kept per tenant.

use std::sync::LazyLock;

use serde::Serialize;

use crate::FieldError;

/// Druh sociální služby – one kind of registered social service of Act 108/2006 Sb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceType {
    /// Stable code used in URLs and the database: the paragraph („49“, „60a“) or a slug.
    pub code: String,
    /// The paragraph of the act, where it is confirmed.
    pub paragraph: Option<String>,
    /// Odborné sociální poradenství / sociální péče / sociální prevence.
    pub category: String,
    /// The Czech name, as in the act.
    pub name: String,
    /// The national register's code (RPSS), where known, e.g. `DruhSocialniSluzby/13`.
    pub register_code: Option<String>,
}

impl ServiceType {
    /// „§ 49 Domovy pro seniory“, or the plain name where no paragraph is confirmed.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.paragraph {
            Some(p) => format!("§ {p} {}", self.name),
            None => self.name.clone(),
        }
    }
}

static SERVICE_TYPES: LazyLock<Vec<ServiceType>> = LazyLock::new(|| {
    include_str!("../../data/service-types.csv")
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            let paragraph = non_empty(cells[0]);
            ServiceType {
                // Centrum duševního zdraví has no confirmed paragraph yet.
                code: paragraph.clone().unwrap_or_else(|| "cdz".to_owned()),
                paragraph,
                category: cells[1].to_owned(),
                name: cells[2].to_owned(),
                register_code: cells.get(3).and_then(|s| non_empty(s)),
            }
        })
        .collect()
});

/// Every kind of registered social service, in the order of the act.
#[must_use]
pub fn service_types() -> &'static [ServiceType] {
    &SERVICE_TYPES
}

/// The kind of service with this code.
pub fn service_type(code: &str) -> Result<&'static ServiceType, FieldError> {
    SERVICE_TYPES
        .iter()
        .find(|t| t.code == code)
        .ok_or(FieldError::UnknownValue)
}

/// Forma poskytování – how a service reaches its users (§ 33 of the act).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    /// Ambulantní – the user comes to the service.
    Ambulatory,
    /// Terénní – the service comes to the user.
    Field,
    /// Pobytová – the user lives at the service.
    Residential,
}

impl ServiceForm {
    /// All forms, in the usual order.
    pub const ALL: [Self; 3] = [Self::Ambulatory, Self::Field, Self::Residential];

    /// Code in URLs and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Ambulatory => "ambulantni",
            Self::Field => "terenni",
            Self::Residential => "pobytova",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Ambulatory => "ambulantní",
            Self::Field => "terénní",
            Self::Residential => "pobytová",
        }
    }

    /// The register's code, where known (only `pob` is confirmed).
    #[must_use]
    pub fn register_code(self) -> Option<&'static str> {
        matches!(self, Self::Residential).then_some("FormaSocialniSluzby/pob")
    }

    /// The form with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// Jednotka kapacity – what a service's capacity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityUnit {
    /// klienti
    Clients,
    /// lůžka
    Beds,
    /// kontakty
    Contacts,
    /// intervence
    Interventions,
    /// hovory
    Calls,
}

impl CapacityUnit {
    /// All units, as the register lists them.
    pub const ALL: [Self; 5] = [
        Self::Clients,
        Self::Beds,
        Self::Contacts,
        Self::Interventions,
        Self::Calls,
    ];

    /// Code in URLs and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Clients => "klienti",
            Self::Beds => "luzka",
            Self::Contacts => "kontakty",
            Self::Interventions => "intervence",
            Self::Calls => "hovory",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Clients => "klienti",
            Self::Beds => "lůžka",
            Self::Contacts => "kontakty",
            Self::Interventions => "intervence",
            Self::Calls => "hovory",
        }
    }

    /// The unit with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|u| u.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_act_lists_33_kinds_and_kpss_adds_the_mental_health_centre() {
        assert_eq!(service_types().len(), 34);
        let cdz = service_type("cdz").unwrap();
        assert_eq!(cdz.name, "Centrum duševního zdraví");
        assert_eq!(cdz.paragraph, None);
        assert_eq!(cdz.label(), "Centrum duševního zdraví");
    }

    #[test]
    fn paragraphs_resolve_with_names_and_register_codes() {
        let homes = service_type("49").unwrap();
        assert_eq!(homes.label(), "§ 49 Domovy pro seniory");
        assert_eq!(
            homes.register_code.as_deref(),
            Some("DruhSocialniSluzby/13")
        );
        assert_eq!(service_type("40").unwrap().name, "Pečovatelská služba");
        assert_eq!(service_type("60a").unwrap().name, "Intervenční centra");
        assert_eq!(service_type("40").unwrap().register_code, None);
        assert_eq!(service_type("99"), Err(FieldError::UnknownValue));
    }

    #[test]
    fn forms_and_units_round_trip_through_their_codes() {
        for form in ServiceForm::ALL {
            assert_eq!(ServiceForm::parse(form.code()), Ok(form));
        }
        for unit in CapacityUnit::ALL {
            assert_eq!(CapacityUnit::parse(unit.code()), Ok(unit));
        }
        assert!(ServiceForm::parse("online").is_err());
        assert_eq!(CapacityUnit::Beds.name(), "lůžka");
    }
}
