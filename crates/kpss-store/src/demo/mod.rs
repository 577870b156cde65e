//! The demo city: a deterministic, clearly labelled data set shaped like Ostrava, and a
//! national-scale set for benchmarks.

mod cards;
mod data;
mod judgements;
mod names;
pub mod national;

use data::Sequence;
pub use data::{DemoData, Scale, generate, slug};

pub use names::{DISTRICTS, TARGET_GROUPS};
use names::{GOALS, PART_CODES};

use crate::account::{self, NewAccount};
use crate::tenant::{self, ListItem, ListKind, Tenant};
use crate::{Result, Store, catalogue};
use kpss_domain::account::{Actor, Role};

/// The password of every demo account (shown on the console; demo data only).
pub const DEMO_PASSWORD: &str = "demo-heslo-2026";

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
            crate::evaluation::save_conclusion(
                store,
                tenant.id,
                &system,
                (plan_id, 0),
                judgements::CONCLUSION,
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
    let mut measure_count = 0;
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
                let id = crate::plan::add_measure(store, tenant, system, goal_id, &measure).await?;
                let funding = judgements::measure_funding(measure_count);
                crate::plan::set_measure_funding(store, tenant, system, id, &funding).await?;
                measure_count += 1;
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
