//! Loads what the reports are built from: the plan's outline, its action plans' cards with
//! their organisations, and the tenant's funding sources.

use std::collections::HashMap;

mod aggregate;

pub(crate) use aggregate::statement;

use kpss_domain::evaluation::{CardFigures, ReportState};
use kpss_domain::report::{CardLine, OutlineGoal, OutlineGroup, OutlineMeasure, Report};

use crate::action_plan::{ActionPlan, action_plans, load_cards};
use crate::plan::PlanTree;
use crate::tenant::Scope;
use crate::{Result, Store};

fn outline(tree: &PlanTree) -> Vec<OutlineGroup> {
    tree.parts
        .iter()
        .map(|p| OutlineGroup {
            code: p.draft.code.clone(),
            name: p.draft.name.clone(),
            goals: p
                .goals
                .iter()
                .map(|g| OutlineGoal {
                    code: g.draft.code.clone(),
                    text: g.draft.text.clone(),
                    measures: g
                        .measures
                        .iter()
                        .map(|m| OutlineMeasure {
                            id: m.id,
                            code: m.draft.code.clone(),
                            text: m.draft.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

async fn build(
    store: &Store,
    tree: &PlanTree,
    plans: &[ActionPlan],
    titles: (String, String),
) -> Result<Report> {
    let tenant = tree.plan.tenant_id;
    let ids: Vec<i32> = plans.iter().map(|a| a.id).collect();
    let cards = load_cards(store.db(), &[tenant], &ids).await?;
    let names = crate::catalogue::organisation_names(store, tenant).await?;
    let year_of: HashMap<i32, i32> = plans.iter().map(|a| (a.id, a.year)).collect();
    let lines = cards
        .into_iter()
        .map(|card| {
            let year = year_of.get(&card.action_plan_id).copied().unwrap_or(0);
            CardLine {
                measure_id: card.placement.measure_id,
                year,
                organisation: names
                    .get(&card.placement.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                state: card.report.state,
                status: card.report.status,
                figures: card.figures(year),
                comment: card.report.comment,
                title: card.draft.title,
            }
        })
        .collect();
    let sources = crate::tenant::funding_sources(store, tenant)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let years = plans.iter().map(|a| a.year).collect();
    Ok(Report::build(titles, years, sources, &outline(tree), lines))
}

/// The evaluation of one action plan (vyhodnocení akčního plánu) for its year.
pub async fn action_plan_report(
    store: &Store,
    scope: impl Into<Scope>,
    action_plan_id: i32,
) -> Result<Report> {
    let scope = scope.into();
    let ap = crate::action_plan::action_plan(store, scope.clone(), action_plan_id).await?;
    let tree = crate::plan::plan(store, scope, ap.plan_id).await?;
    let titles = (
        format!("Vyhodnocení akčního plánu na rok {}", ap.year),
        tree.plan.title.clone(),
    );
    build(store, &tree, &[ap], titles).await
}

/// The summary report on the fulfilment of goals and measures of a plan over all its action
/// plans (souhrnná zpráva o plnění cílů a opatření). The database adds the figures up per
/// measure, so the report costs the same few queries for a city and for a country; it lists
/// per measure the explained shortfalls (up to [`NOTES_PER_MEASURE`]).
pub async fn summary_report(
    store: &Store,
    scope: impl Into<Scope>,
    plan_id: i32,
) -> Result<Report> {
    let scope = scope.into();
    let tree = crate::plan::plan(store, scope.clone(), plan_id).await?;
    let plans = action_plans(store, scope, plan_id).await?;
    let tenant = tree.plan.tenant_id;
    let titles = (
        "Souhrnná zpráva o plnění cílů a opatření".to_owned(),
        format!(
            "{} ({}–{})",
            tree.plan.title, tree.plan.period.from, tree.plan.period.to
        ),
    );
    let mut per_measure = aggregate::figures(store, tenant, plan_id).await?;
    let names = crate::catalogue::organisation_names(store, tenant).await?;
    for note in aggregate::notes(store, tenant, plan_id).await? {
        let entry = per_measure.entry(note.measure_id).or_default();
        if entry.cards.len() < NOTES_PER_MEASURE {
            entry.cards.push(CardLine {
                measure_id: note.measure_id,
                year: note.year,
                title: note.title,
                organisation: names.get(&note.organisation).cloned().unwrap_or_default(),
                state: ReportState::Approved,
                status: note.status,
                comment: note.comment,
                figures: CardFigures {
                    status: note.status,
                    planned_clients: None,
                    actual_clients: None,
                    costs: Vec::new(),
                },
            });
        }
    }
    let sources = crate::tenant::funding_sources(store, tenant)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let years = plans.iter().map(|a| a.year).collect();
    Ok(Report::assemble(
        titles,
        years,
        sources,
        &outline(&tree),
        per_measure,
    ))
}

/// How many explained shortfalls the summary report lists per measure.
pub const NOTES_PER_MEASURE: usize = 5;
