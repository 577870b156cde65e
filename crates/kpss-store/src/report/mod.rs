//! Loads what the reports are built from: the plan's outline, its action plans' cards with
//! their organisations, and the tenant's funding sources.

use std::collections::HashMap;

mod aggregate;

pub(crate) use aggregate::statement;

use kpss_domain::evaluation::{CardFigures, ReportState};
use kpss_domain::report::{
    CardLine, Heading, JudgementLine, OutlineGoal, OutlineGroup, OutlineMeasure, Report, Writing,
};

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
                            funding: m.funding.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// What the groups wrote for these action plans, and the coordinator's summary of the plan.
async fn writing(
    store: &Store,
    tree: &PlanTree,
    plans: &[ActionPlan],
    with_conclusion: bool,
) -> Result<Writing> {
    let tenant = tree.plan.tenant_id;
    let ids: Vec<i32> = plans.iter().map(|a| a.id).collect();
    let year_of: HashMap<i32, i32> = plans.iter().map(|a| (a.id, a.year)).collect();
    let year = |action_plan: i32| year_of.get(&action_plan).copied().unwrap_or(0);
    let judgements = crate::evaluation::judgements(store, tenant, &ids)
        .await?
        .into_iter()
        .map(|j| JudgementLine {
            measure_id: j.measure_id,
            year: year(j.action_plan_id),
            state: j.state,
            fulfilment: j.judgement.fulfilment,
            reasoning: j.judgement.reasoning,
            achieved: j.judgement.achieved,
            indicator_actuals: j.judgement.indicator_actuals,
        })
        .collect();
    let part_code: HashMap<i32, &str> = tree
        .parts
        .iter()
        .map(|p| (p.id, p.draft.code.as_str()))
        .collect();
    let mut group_texts: HashMap<String, Vec<(i32, String)>> = HashMap::new();
    for t in crate::evaluation::group_texts(store, tenant, &ids).await? {
        if let Some(code) = part_code.get(&t.part_id) {
            group_texts
                .entry((*code).to_owned())
                .or_default()
                .push((year(t.action_plan_id), t.text));
        }
    }
    let conclusion = if with_conclusion {
        crate::evaluation::conclusion(store, tenant, tree.plan.id)
            .await?
            .map(|c| c.text)
    } else {
        None
    };
    let fed: Vec<i32> = tree
        .measures()
        .filter(|m| m.funding.indicators.iter().any(|i| i.feed.is_some()))
        .map(|m| m.id)
        .collect();
    Ok(Writing {
        judgements,
        group_texts,
        conclusion,
        tallies: crate::event::tallies(store, tenant, &fed).await?,
    })
}

async fn heading(
    store: &Store,
    tenant: i32,
    plans: &[ActionPlan],
    (title, subtitle): (String, String),
) -> Result<Heading> {
    let sources = crate::tenant::funding_sources(store, tenant)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    Ok(Heading {
        title,
        subtitle,
        years: plans.iter().map(|a| a.year).collect(),
        sources,
    })
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
                new_activity: card.draft.new_activity.is_some(),
                title: card.draft.title,
            }
        })
        .collect();
    let heading = heading(store, tenant, plans, titles).await?;
    let writing = writing(store, tree, plans, false).await?;
    Ok(Report::build(heading, &outline(tree), lines, writing))
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
    for (measure, count) in aggregate::new_activities(store, tenant, plan_id).await? {
        per_measure.entry(measure).or_default().new_activities = count;
    }
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
                new_activity: false,
                figures: CardFigures {
                    year: note.year,
                    status: note.status,
                    planned_clients: None,
                    actual_clients: None,
                    costs: Vec::new(),
                },
            });
        }
    }
    let heading = heading(store, tenant, &plans, titles).await?;
    let writing = writing(store, &tree, &plans, true).await?;
    Ok(Report::assemble(
        heading,
        &outline(&tree),
        per_measure,
        writing,
    ))
}

/// How many explained shortfalls the summary report lists per measure.
pub const NOTES_PER_MEASURE: usize = 5;
