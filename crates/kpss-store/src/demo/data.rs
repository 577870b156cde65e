//! The demo catalogue as data: organisations and their services, generated the same on every
//! machine for the city and for the national scale.

use kpss_domain::catalogue::{
    Capacity, CapacityUnit, Ico, Location, OrganisationDraft, ServiceDraft, ServiceForm,
    ServiceKind, service_types,
};

use super::names::{ACTIVITIES, ORG_KINDS, ORG_NAMES, SERVICE_TYPES, STREETS};
use super::names::{DISTRICTS, TARGET_GROUPS};

/// How big a data set to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One city: ~120 organisations, ~190 services, ~170 activities.
    City,
    /// The whole country: 8 000 organisations, 20 000 services.
    National,
}

impl Scale {
    fn sizes(self) -> (usize, usize, usize) {
        match self {
            Self::City => (122, 192, 175),
            Self::National => (8_000, 20_000, 8_000),
        }
    }
}

/// A small, stable pseudo-random sequence, so the demo city is the same on every machine.
pub(super) struct Sequence(pub(super) u64);

impl Sequence {
    pub(super) fn next(&mut self) -> u64 {
        // xorshift64*: enough for picking names; stability matters, not quality.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A code for a name: „Moravská Ostrava a Přívoz“ → „moravska-ostrava-a-privoz“.
#[must_use]
pub fn slug(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'č' => 'c',
            'ď' => 'd',
            'é' | 'ě' => 'e',
            'í' => 'i',
            'ň' => 'n',
            'ó' => 'o',
            'ř' => 'r',
            'š' => 's',
            'ť' => 't',
            'ú' | 'ů' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect();
    folded
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Organisations and their services: the same data for the store and the benchmarks.
pub struct DemoData {
    pub organisations: Vec<OrganisationDraft>,
    /// (index into `organisations`, service)
    pub services: Vec<(usize, ServiceDraft)>,
}

/// Generates the data set of a scale; the same scale always gives the same data.
#[must_use]
pub fn generate(scale: Scale) -> DemoData {
    let (org_count, service_count, activity_count) = scale.sizes();
    let mut seq = Sequence(0x6B70_7373_2026);
    let organisations: Vec<OrganisationDraft> = (0..org_count)
        .map(|i| {
            // Every kind with every name once, then numbered: no two organisations share a
            // name, as in a real register.
            let (prefix, legal_form) = ORG_KINDS[i % ORG_KINDS.len()];
            let base = ORG_NAMES[(i / ORG_KINDS.len() + i) % ORG_NAMES.len()];
            let name = if i < ORG_NAMES.len() * ORG_KINDS.len() {
                format!("{prefix} {base}")
            } else {
                format!("{prefix} {base} {}", i + 1)
            };
            let district = seq.pick(&DISTRICTS);
            let domain = slug(&name);
            OrganisationDraft {
                name: format!("{name} (demo)"),
                ico: Ico::with_check_digit(u32::try_from(1_000_000 + i * 37).unwrap_or(0)),
                legal_form: Some(legal_form.to_owned()),
                address: Some(format!(
                    "{} {}, {district}",
                    seq.pick(&STREETS),
                    1 + seq.below(120)
                )),
                web: Some(format!("https://www.{domain}.example.cz/")),
                email: Some(format!("info@{domain}.example.cz")),
                phone: Some(format!(
                    "+420 59{} {:03} {:03}",
                    seq.below(10),
                    seq.below(1000),
                    seq.below(1000)
                )),
                description: Some(format!(
                    "Demonstrační organizace pro ukázku katalogu. Působí v obvodu {district}."
                )),
            }
        })
        .collect();
    let types = service_types();
    let mut services = Vec::with_capacity(service_count + activity_count);
    let mut names_taken = std::collections::HashSet::new();
    for i in 0..service_count + activity_count {
        let registered = i < service_count;
        let org = seq.below(org_count);
        let district = *seq.pick(&DISTRICTS);
        // A service is for the people its kind serves, and says what it does for them.
        let (name, service_type, forms, groups, what) = if registered {
            let t = seq.pick(types);
            let (_, called, groups, what) = SERVICE_TYPES
                .iter()
                .find(|(code, ..)| *code == t.code)
                .copied()
                .unwrap_or(("", "Sociální služba", &["socialni-vylouceni"], ""));
            let form = match t
                .paragraph
                .as_deref()
                .and_then(|p| p.trim_end_matches('a').parse::<u32>().ok())
            {
                Some(47..=52) | Some(57) | Some(58) | Some(63) | Some(68) => {
                    vec![ServiceForm::Residential]
                }
                Some(39) | Some(40) | Some(41) | Some(69) => vec![ServiceForm::Field],
                Some(45) | Some(46) | Some(55) | Some(56) | Some(59) | Some(61) | Some(62)
                | Some(67) => vec![ServiceForm::Ambulatory],
                _ => vec![ServiceForm::Ambulatory, ServiceForm::Field],
            };
            let base = seq.pick(&ORG_NAMES);
            (
                format!("{called} {base}"),
                Some(t.code.clone()),
                form,
                groups,
                what,
            )
        } else {
            let (activity, groups, what) = *seq.pick(&ACTIVITIES);
            (
                format!("{activity} {district}"),
                None,
                vec![ServiceForm::Ambulatory],
                groups,
                what,
            )
        };
        // Two services of one name would be told apart by where they work, then by number.
        let mut name = name;
        if !names_taken.insert(name.clone()) {
            let first = if name.ends_with(district) {
                name.clone()
            } else {
                format!("{name} – {district}")
            };
            name = first.clone();
            let mut n = 2;
            while !names_taken.insert(name.clone()) {
                name = format!("{first} {n}");
                n += 1;
            }
        }
        let name = format!("{name} (demo)");
        let target_groups: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
        let unit = if forms.contains(&ServiceForm::Residential) {
            CapacityUnit::Beds
        } else {
            CapacityUnit::Clients
        };
        let group_names: Vec<&str> = target_groups
            .iter()
            .filter_map(|g| TARGET_GROUPS.iter().find(|(c, _)| c == g).map(|(_, n)| *n))
            .collect();
        services.push((
            org,
            ServiceDraft {
                kind: if registered {
                    ServiceKind::Registered
                } else {
                    ServiceKind::Activity
                },
                name,
                service_type,
                register_id: registered.then(|| format!("{:07}", 1_000_000 + i * 13 % 9_000_000)),
                description: Some(format!(
                    "{what} Určeno pro: {}. Působíme v obvodu {district}. (Demonstrační záznam.)",
                    group_names.join(", ").to_lowercase()
                )),
                forms,
                target_groups,
                age_from: Some([0, 6, 15, 18, 26, 65][seq.below(6)]),
                age_to: None,
                capacity: Some(Capacity {
                    amount: u32::try_from(5 + seq.below(150)).unwrap_or(5),
                    unit,
                }),
                fees: Some(if seq.below(2) == 0 {
                    "Bez úhrady.".into()
                } else {
                    "Úhrada podle ceníku a vyhlášky č. 505/2006 Sb.".into()
                }),
                opening_hours: Some("Po–Pá 8:00–16:00".into()),
                email: None,
                phone: None,
                web: None,
                active_from: None,
                active_to: None,
                locations: vec![Location {
                    address: format!("{} {}, Ostrava", seq.pick(&STREETS), 1 + seq.below(150)),
                    district: Some(slug(district)),
                    latitude: None,
                    longitude: None,
                    ruian: None,
                }],
            },
        ));
    }
    DemoData {
        organisations,
        services,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_city_is_shaped_like_ostrava_and_stable() {
        let a = generate(Scale::City);
        let b = generate(Scale::City);
        assert_eq!(a.organisations.len(), 122);
        assert_eq!(
            a.services
                .iter()
                .filter(|(_, s)| s.kind == ServiceKind::Registered)
                .count(),
            192
        );
        assert_eq!(
            a.services
                .iter()
                .filter(|(_, s)| s.kind == ServiceKind::Activity)
                .count(),
            175
        );
        assert_eq!(a.organisations[7], b.organisations[7]);
        let mut names: Vec<&str> = a.organisations.iter().map(|o| o.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            a.organisations.len(),
            "no two organisations share a name"
        );
        let mut services: Vec<&str> = a.services.iter().map(|(_, s)| s.name.as_str()).collect();
        services.sort_unstable();
        services.dedup();
        assert_eq!(services.len(), a.services.len(), "nor two services");
        // Each service is for the people its kind serves.
        for (_, s) in &a.services {
            let fits = match s.service_type.as_deref() {
                Some("49") => s.target_groups == ["seniori"],
                Some("59" | "68") => s.target_groups == ["drogy"],
                Some("57" | "61" | "63") => s.target_groups.contains(&"bez-pristresi".to_owned()),
                _ => !s.target_groups.is_empty(),
            };
            assert!(fits, "{} is for {:?}", s.name, s.target_groups);
        }
        let home = a
            .services
            .iter()
            .find(|(_, s)| s.service_type.as_deref() == Some("49"))
            .unwrap();
        assert!(
            home.1.name.starts_with("Domov pro seniory "),
            "{}",
            home.1.name
        );
        assert_eq!(home.1.forms, [ServiceForm::Residential]);
        assert_eq!(home.1.capacity.unwrap().unit, CapacityUnit::Beds);
        assert_eq!(a.services[100].1, b.services[100].1);
        assert!(a.organisations.iter().all(|o| o.name.ends_with("(demo)")));
        assert_eq!(DISTRICTS.len(), 23);
        let care = a
            .services
            .iter()
            .find(|(_, s)| s.service_type.as_deref() == Some("40"))
            .unwrap();
        assert!(
            care.1
                .description
                .as_deref()
                .unwrap()
                .contains("soběstačností")
        );
        let club = a
            .services
            .iter()
            .find(|(_, s)| s.name.starts_with("Klub seniorů"))
            .unwrap();
        assert!(
            club.1
                .description
                .as_deref()
                .unwrap()
                .contains("seniorům zůstat aktivní"),
            "{:?}",
            club.1
        );
    }

    #[test]
    fn slugs_drop_diacritics() {
        assert_eq!(
            slug("Moravská Ostrava a Přívoz"),
            "moravska-ostrava-a-privoz"
        );
        assert_eq!(slug("Ostrava-Jih"), "ostrava-jih");
    }
}
