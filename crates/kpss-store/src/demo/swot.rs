//! The SWOT of every working group for the plan being prepared, some items resting on the
//! users' survey and on the group's meetings.

use kpss_domain::account::Actor;
use kpss_domain::swot::{Evidence, Quadrant, SwotItemDraft};

use crate::{Result, Store};

/// Items for any group: (quadrant, text), the group's target group named by `{}`.
const ITEMS: [(Quadrant, &str); 10] = [
    (
        Quadrant::Strengths,
        "Dlouholetá spolupráce poskytovatelů v pracovní skupině",
    ),
    (
        Quadrant::Strengths,
        "Síť služeb pro {} pokrývá všechny obvody",
    ),
    (
        Quadrant::Strengths,
        "Uživatelé jsou se službami většinou spokojeni",
    ),
    (Quadrant::Weaknesses, "Nedostatek pracovníků v přímé péči"),
    (Quadrant::Weaknesses, "Málo informací o službách pro {}"),
    (
        Quadrant::Opportunities,
        "Evropské fondy na rozvoj terénních služeb",
    ),
    (
        Quadrant::Opportunities,
        "Spolupráce se zdravotnictvím při propouštění z nemocnic",
    ),
    (
        Quadrant::Threats,
        "Nejisté financování z krajského dotačního programu",
    ),
    (Quadrant::Threats, "Růst nákladů na energie a mzdy"),
    (
        Quadrant::Threats,
        "Stárnutí obyvatel rychlejší, než roste kapacita služeb",
    ),
];

/// Fills the SWOT of every working group (not the steering group) for `plan`.
pub(super) async fn fill_swot(store: &Store, tenant: i32, plan: i32) -> Result<()> {
    let system = Actor::system();
    let questions: Vec<i32> = match crate::survey::of_plan(store, tenant, plan)
        .await?
        .into_iter()
        .find(|s| s.draft.results_public)
    {
        Some(s) => crate::survey::questions(store, s.id)
            .await?
            .iter()
            .map(|q| q.id)
            .collect(),
        None => Vec::new(),
    };
    let groups = crate::work_group::work_groups(store, tenant).await?;
    for group in groups
        .iter()
        .filter(|g| g.draft.kind == kpss_domain::work_group::GroupKind::Working)
    {
        let meeting = crate::meeting::meetings(store, tenant, group.id)
            .await?
            .iter()
            .filter(|m| m.published_at.is_some())
            .max_by_key(|m| m.starts_at)
            .map(|m| m.id);
        let who = group.draft.name.to_lowercase();
        for (i, (quadrant, text)) in ITEMS.iter().enumerate() {
            let evidence = match i {
                2 => questions.get(2).copied().map(Evidence::SurveyQuestion),
                4 => questions.get(3).copied().map(Evidence::SurveyQuestion),
                3 | 9 => meeting.map(Evidence::Meeting),
                _ => None,
            };
            let draft = SwotItemDraft {
                quadrant: *quadrant,
                text: text.replace("{}", &who),
                evidence,
            };
            crate::swot::add(store, tenant, &system, (plan, group.id), &draft).await?;
        }
    }
    Ok(())
}
