//! Needs of every working group's target group: some sized from statistics and spread over
//! districts, some from the survey or the consultation; linked to the group's measures of the
//! current plan (whose cards answer them) and of the draft being prepared.

use kpss_domain::account::Actor;
use kpss_domain::consultation::Section;
use kpss_domain::need::{NeedDraft, NeedSource, NeedState};

use crate::tenant::ListKind;
use crate::{Result, Store};

/// (title, size, how many districts, source, note, state).
type Found = (
    &'static str,
    Option<i64>,
    usize,
    NeedSource,
    &'static str,
    NeedState,
);

const NEEDS: [Found; 3] = [
    (
        "Nedostatek míst ve službách pro {}",
        Some(120),
        2,
        NeedSource::Statistics,
        "ČSÚ, projekce obyvatelstva 2025; čekatelé služeb",
        NeedState::Answered,
    ),
    (
        "Odlehčovací a podpůrné služby o víkendech pro {}",
        Some(45),
        1,
        NeedSource::Survey,
        "Spokojenost uživatelů sociálních služeb 2026",
        NeedState::Identified,
    ),
    (
        "Informace o službách pro {} na jednom místě",
        None,
        0,
        NeedSource::Comment,
        "připomínkové řízení k 6. plánu",
        NeedState::Met,
    ),
];

/// Fills the needs; `plans` are the current plan and the draft, whose measures answer them.
pub(super) async fn fill_needs(store: &Store, tenant: i32, plans: &[i32]) -> Result<()> {
    let system = Actor::system();
    let districts: Vec<String> = crate::tenant::list(store, tenant, ListKind::Districts)
        .await?
        .into_iter()
        .map(|d| d.code)
        .collect();
    let mut trees = Vec::new();
    for plan in plans {
        trees.push(crate::plan::plan(store, tenant, *plan).await?);
    }
    let groups = crate::work_group::work_groups(store, tenant).await?;
    for (g, group) in groups
        .iter()
        .filter(|g| g.draft.kind == kpss_domain::work_group::GroupKind::Working)
        .enumerate()
    {
        let Some(target_group) = group.draft.target_groups.first() else {
            continue;
        };
        let who = group.draft.name.to_lowercase();
        for (n, (title, size, spread, source, note, state)) in NEEDS.iter().enumerate() {
            let chosen: Vec<String> = (0..*spread)
                .filter_map(|k| districts.get((g * 3 + n + k * 5) % districts.len().max(1)))
                .cloned()
                .collect();
            let draft = NeedDraft {
                title: title.replace("{}", &who),
                description: None,
                target_group: target_group.clone(),
                districts: chosen,
                source: *source,
                source_note: Some((*note).to_owned()),
                size: size.map(|s| s + i64::try_from(g * 7).unwrap_or(0)),
                state: *state,
                plan: plans.last().copied(),
            };
            let need = crate::need::create(store, tenant, &system, &draft).await?;
            for tree in &trees {
                let measure = tree
                    .parts
                    .iter()
                    .find(|p| p.group == group.draft.code)
                    .and_then(|p| p.measures().nth(n));
                if let Some(m) = measure {
                    crate::need::link(store, tenant, &system, (need, Section::Measure(m.id)), true)
                        .await?;
                }
            }
        }
    }
    Ok(())
}
