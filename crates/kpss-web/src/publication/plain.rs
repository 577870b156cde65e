//! The plain-language version of a plan (komunikační verze): the coordinator's short texts in
//! simple Czech for the plan, each part and each goal, with the plan's numbers filled in – an
//! A5 leaflet. A section the coordinator has not written yet shows the plan's own words.

use kpss_docs::publication::{Block, Paper, Publication};
use kpss_domain::czech::{count, format_czk};
use kpss_domain::money::sum;
use kpss_domain::plan::Period;
use kpss_domain::plan::plain::Section;
use kpss_store::plan::{Goal, Part, PlanTree};

use super::{Made, heading};
use crate::auth::Ctx;
use crate::plan::visible_plan;
use crate::{AppState, Error};

/// The plain version of plan `id` as this request may read it.
pub(super) async fn make(ctx: &Ctx, state: &AppState, id: &str) -> Result<Made, Error> {
    let tree = visible_plan(ctx, state, id).await?;
    let texts =
        kpss_store::plan::plain::texts(&state.store, tree.plan.tenant_id, tree.plan.id).await?;
    let plan = &tree.plan;
    let mut blocks = vec![Block::Text {
        text: texts
            .get(Section::Plan)
            .map_or_else(|| fallback(&tree), str::to_owned),
    }];
    blocks.push(Block::Note {
        text: plan_numbers(&tree),
    });
    for part in &tree.parts {
        blocks.push(heading(1, &part.draft.name, None));
        if let Some(text) = texts.get(Section::Part(part.id)) {
            blocks.push(Block::Text {
                text: text.to_owned(),
            });
        }
        blocks.push(Block::Note {
            text: part_numbers(part, &tree),
        });
        for goal in &part.goals {
            blocks.push(heading(2, &goal.draft.text, None));
            if let Some(text) = texts.get(Section::Goal(goal.id)) {
                blocks.push(Block::Text {
                    text: text.to_owned(),
                });
            }
            let facts = goal_numbers(goal, plan.period);
            if !facts.is_empty() {
                blocks.push(Block::Facts { facts });
            }
        }
    }
    Ok(Made {
        tenant: plan.tenant_id,
        crumb: "Srozumitelná verze".to_owned(),
        publication: Publication {
            title: format!("{} – srozumitelně", plan.title),
            subtitle: format!("Komunitní plán v jednoduché češtině · {}", ctx.tenant.name),
            cover: vec![
                format!(
                    "Zkrácená verze plánu na období {}–{}. Úplné znění najdete na webu v části \
                     „Dokumenty“.",
                    plan.period.from, plan.period.to
                ),
                super::publisher(ctx),
            ],
            paper: Paper::A5,
            contents: false,
            new_page: 0,
            blocks,
        },
        back: (format!("/plany/{}", plan.id), plan.title.clone()),
        href: format!("/plany/{}/srozumitelna-verze", plan.id),
        file: format!(
            "komunitni-plan-{}-{}-srozumitelne",
            plan.period.from, plan.period.to
        ),
    })
}

/// What the leaflet says before the coordinator writes the opening.
fn fallback(tree: &PlanTree) -> String {
    format!(
        "Komunitní plán říká, jak bude město v letech {}–{} pomáhat lidem, kteří potřebují \
         sociální služby. Připravili ho společně lidé, kteří služby využívají, ti, kdo je \
         poskytují, a město.",
        tree.plan.period.from, tree.plan.period.to
    )
}

/// The expected costs of some goals within the plan's period, as the plan document counts
/// them.
fn expected<'a>(goals: impl Iterator<Item = &'a Goal>, period: Period) -> i64 {
    sum(goals
        .flat_map(|g| &g.measures)
        .flat_map(|m| m.funding.cost_per_year(period))
        .map(|(_, amount)| amount))
}

/// The plan in numbers, one sentence.
pub(crate) fn plan_numbers(tree: &PlanTree) -> String {
    let goals: usize = tree.parts.iter().map(|p| p.goals.len()).sum();
    format!(
        "Plán má {}, {} a {}. Na jejich splnění počítá v letech {}–{} s {}.",
        count(tree.parts.len(), "část", "části", "částí"),
        count(goals, "cíl", "cíle", "cílů"),
        count(tree.measures().count(), "opatření", "opatření", "opatření"),
        tree.plan.period.from,
        tree.plan.period.to,
        format_czk(expected(
            tree.parts.iter().flat_map(|p| &p.goals),
            tree.plan.period
        )),
    )
}

/// A part in numbers, one sentence.
pub(crate) fn part_numbers(part: &Part, tree: &PlanTree) -> String {
    format!(
        "Tato část má {} a {}. Plán na ně počítá s {} v letech {}–{}.",
        count(part.goals.len(), "cíl", "cíle", "cílů"),
        count(part.measures().count(), "opatření", "opatření", "opatření"),
        format_czk(expected(part.goals.iter(), tree.plan.period)),
        tree.plan.period.from,
        tree.plan.period.to,
    )
}

/// A goal in numbers: its money and how we shall know it works (the measures' indicators
/// with their last target).
pub(crate) fn goal_numbers(goal: &Goal, period: Period) -> Vec<(String, String)> {
    let mut facts = vec![(
        "Kolik to bude stát".to_owned(),
        format_czk(expected(std::iter::once(goal), period)),
    )];
    let targets: Vec<String> = goal
        .measures
        .iter()
        .flat_map(|m| &m.funding.indicators)
        .filter_map(|i| {
            let (year, target) = i.targets.last()?;
            Some(match i.baseline {
                Some(b) => format!("{}: z {b} na {target} ({}) v roce {year}", i.name, i.unit),
                None => format!("{}: {target} ({}) v roce {year}", i.name, i.unit),
            })
        })
        .collect();
    if !targets.is_empty() {
        facts.push(("Jak poznáme, že se daří".to_owned(), targets.join("; ")));
    }
    facts
}
