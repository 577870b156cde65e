//! The demo city: a deterministic, clearly labelled data set shaped like Ostrava, and a
//! national-scale set for benchmarks.

mod cards;
mod names;
pub mod national;

use names::{ACTIVITY_NAMES, GOALS, ORG_KINDS, ORG_NAMES, PART_CODES, STREETS, purpose};
pub use names::{DISTRICTS, TARGET_GROUPS};

use crate::account::{self, NewAccount};
use crate::tenant::{self, ListItem, ListKind, Tenant};
use crate::{Result, Store, catalogue};
use kpss_domain::account::{Actor, Role};
use kpss_domain::catalogue::{
    Capacity, CapacityUnit, Ico, Location, OrganisationDraft, ServiceDraft, ServiceForm,
    ServiceKind, service_types,
};

/// The password of every demo account (shown on the console; demo data only).
pub const DEMO_PASSWORD: &str = "demo-heslo-2026";

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
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough for picking names; stability matters, not quality.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
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
            let (prefix, legal_form) = *seq.pick(&ORG_KINDS);
            let base = seq.pick(&ORG_NAMES);
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
    for i in 0..service_count + activity_count {
        let registered = i < service_count;
        let org = seq.below(org_count);
        let district = *seq.pick(&DISTRICTS);
        let group_count = 1 + seq.below(2);
        let mut target_groups: Vec<String> = (0..group_count)
            .map(|_| seq.pick(&TARGET_GROUPS).0.to_owned())
            .collect();
        target_groups.dedup();
        let mut service_type_category: Option<String> = None;
        let mut activity_name: Option<String> = None;
        let (name, service_type, forms) = if registered {
            let t = seq.pick(types);
            service_type_category = Some(t.category.clone());
            let form = match t
                .paragraph
                .as_deref()
                .and_then(|p| p.trim_end_matches('a').parse::<u32>().ok())
            {
                Some(47..=52) | Some(57) | Some(58) | Some(63) | Some(68) => {
                    vec![ServiceForm::Residential]
                }
                Some(39) | Some(40) | Some(41) | Some(69) => vec![ServiceForm::Field],
                _ => vec![ServiceForm::Ambulatory, ServiceForm::Field],
            };
            (
                format!("{} {} (demo)", t.name, seq.pick(&ORG_NAMES)),
                Some(t.code.clone()),
                form,
            )
        } else {
            let activity = *seq.pick(&ACTIVITY_NAMES);
            activity_name = Some(activity.to_owned());
            (
                format!("{activity} {district} (demo)"),
                None,
                vec![ServiceForm::Ambulatory],
            )
        };
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
                    "{} Určeno pro: {}. Působíme v obvodu {district}. (Demonstrační záznam.)",
                    purpose(service_type_category.as_deref(), activity_name.as_deref()),
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
                }],
            },
        ));
    }
    DemoData {
        organisations,
        services,
    }
}

/// The demo accounts: one per role, e-mail and role.
pub const DEMO_ACCOUNTS: [(&str, Role); 4] = [
    ("koordinator@demo.kpss.cz", Role::Admin),
    ("manazer@demo.kpss.cz", Role::Manager),
    ("clen@demo.kpss.cz", Role::Member),
    ("poskytovatel@demo.kpss.cz", Role::ProviderEditor),
];

/// Fills an empty tenant with the demo city; does nothing if it already has organisations.
/// Returns whether it filled anything.
pub async fn fill(
    store: &Store,
    tenant: &Tenant,
    scale: Scale,
    password_hash: &str,
) -> Result<bool> {
    if !catalogue::organisations(store, tenant.id).await?.is_empty() {
        return Ok(false);
    }
    let districts: Vec<ListItem> = DISTRICTS
        .iter()
        .map(|d| ListItem {
            code: slug(d),
            name: (*d).to_owned(),
        })
        .collect();
    tenant::set_list(store, tenant.id, ListKind::Districts, &districts).await?;
    let groups: Vec<ListItem> = TARGET_GROUPS
        .iter()
        .map(|(c, n)| ListItem {
            code: (*c).to_owned(),
            name: (*n).to_owned(),
        })
        .collect();
    tenant::set_list(store, tenant.id, ListKind::TargetGroups, &groups).await?;
    let data = generate(scale);
    let system = Actor::system();
    let mut ids = Vec::with_capacity(data.organisations.len());
    for organisation in &data.organisations {
        ids.push(
            catalogue::create_organisation(store, tenant.id, &system, organisation)
                .await?
                .id,
        );
    }
    let mut services = Vec::with_capacity(data.services.len());
    for (org, service) in &data.services {
        let created =
            catalogue::create_service(store, tenant.id, &system, ids[*org], service).await?;
        services.push(cards::DemoService {
            id: created.id,
            organisation: ids[*org],
            name: service.name.clone(),
            target_groups: service.target_groups.clone(),
        });
    }
    // The demo provider speaks for an organisation that has services to keep current.
    let provider_organisation = data.services.first().map_or(ids[0], |(org, _)| ids[*org]);
    let plan_id = fill_plan(store, tenant.id, &system).await?;
    match scale {
        Scale::City => {
            cards::fill_cards(
                store,
                tenant.id,
                &system,
                plan_id,
                &services,
                provider_organisation,
            )
            .await?;
        }
        Scale::National => national::fill_cards(store, tenant.id, plan_id, &ids).await?,
    }
    for (email, role) in DEMO_ACCOUNTS {
        let organisations = if role == Role::ProviderEditor {
            vec![provider_organisation]
        } else {
            Vec::new()
        };
        // The demo manager leads the seniors' group, whose cards it reviews.
        let groups = if role == Role::Manager {
            vec!["SEN".to_owned()]
        } else {
            Vec::new()
        };
        account::add(
            store,
            tenant.id,
            &system,
            NewAccount {
                email,
                name: &format!("Demo – {}", role.name()),
                role,
                password_hash: password_hash.to_owned(),
                organisations: &organisations,
                groups: &groups,
            },
        )
        .await?;
    }
    Ok(true)
}

/// The demo plan's priorities, one per goal of every part.
const PRIORITIES: [(&str, &str); 2] = [
    ("P1", "Dostupná a kvalitní síť služeb"),
    ("P2", "Rozvoj služeb podle nových potřeb"),
];

/// The plan 2023–2026 of the seeds, approved by the council, with a part per target group.
async fn fill_plan(store: &Store, tenant: i32, system: &Actor) -> Result<i32> {
    use kpss_domain::plan::{
        GoalDraft, MeasureDraft, PartDraft, PlanAction, PlanHeader, PriorityDraft, Resolution,
    };
    let demo = |e: kpss_domain::FieldErrors| crate::Error::Invalid(e);
    let header = PlanHeader::parse(
        "6. komunitní plán sociálních služeb a souvisejících aktivit ve městě Ostrava (demo)",
        "2023",
        "2026",
    )
    .map_err(demo)?;
    let created = crate::plan::create_plan(store, tenant, system, &header).await?;
    for (code, (_, group)) in PART_CODES.iter().zip(TARGET_GROUPS) {
        let part = PartDraft::parse(code, group).map_err(demo)?;
        let part_id = crate::plan::add_part(store, tenant, system, created.id, &part).await?;
        for (g, (goal_text, measures)) in GOALS.iter().enumerate() {
            // Each goal sits under a priority of its part: keep the network, then develop it.
            let (priority_code, priority_name) = PRIORITIES[g];
            let priority = PriorityDraft::parse(priority_code, priority_name).map_err(demo)?;
            let priority =
                crate::plan::add_priority(store, tenant, system, part_id, &priority).await?;
            let goal = GoalDraft::parse(&format!("{code} {}", g + 1), goal_text).map_err(demo)?;
            let goal_id =
                crate::plan::add_goal_in(store, tenant, system, (part_id, Some(priority)), &goal)
                    .await?;
            for (m, (text, responsible, timing)) in measures.iter().enumerate() {
                let measure_code = format!("{code} {}.{}", g + 1, m + 1);
                let measure = MeasureDraft::parse(&measure_code, text, "", responsible, "", timing)
                    .map_err(demo)?;
                crate::plan::add_measure(store, tenant, system, goal_id, &measure).await?;
            }
        }
    }
    let opened = crate::plan::transition(
        store,
        tenant,
        system,
        created.id,
        1,
        &PlanAction::OpenConsultation,
    )
    .await?;
    let resolution = Resolution::parse(
        "2238/ZM1822/36",
        "14. 9. 2022",
        "Zastupitelstvo města Ostravy",
    )
    .map_err(demo)?;
    crate::plan::transition(
        store,
        tenant,
        system,
        created.id,
        opened.version,
        &PlanAction::Approve(resolution),
    )
    .await?;
    // November 2026: the next plan is being prepared from the current one.
    let next = crate::plan::new_version(store, tenant, system, created.id).await?;
    let header = PlanHeader::parse(
        "7. komunitní plán sociálních služeb a souvisejících aktivit ve městě Ostrava (demo)",
        "2027",
        "2030",
    )
    .map_err(demo)?;
    crate::plan::update_header(store, tenant, system, next.id, next.version, &header).await?;
    let tree = crate::plan::plan(store, tenant, next.id).await?;
    if let Some(goal) = tree.parts.first().and_then(|p| p.goals.first()) {
        let text = "Podpořit neformální pečující odlehčovacími službami a poradenstvím";
        let measure = MeasureDraft::parse("SEN 1.3", text, "", "PS Senioři", "", "2027–2030")
            .map_err(demo)?;
        crate::plan::add_measure(store, tenant, system, goal.id, &measure).await?;
    }
    Ok(created.id)
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
