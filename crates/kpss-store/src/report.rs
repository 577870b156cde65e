//! Loads what the reports are built from: the plan's outline, its action plans' cards with
//! their organisations, and the tenant's funding sources.

use std::collections::HashMap;

use kpss_domain::report::{CardLine, OutlineGoal, OutlineGroup, OutlineMeasure, Report};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::action_plan::{ActionPlan, action_plans, load_cards};
use crate::entity::organisation;
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
    let names: HashMap<i32, String> = organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .filter(organisation::Column::TenantId.eq(tenant))
        .into_tuple::<(i32, String)>()
        .all(store.db())
        .await?
        .into_iter()
        .collect();
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
/// plans (souhrnná zpráva o plnění cílů a opatření).
pub async fn summary_report(
    store: &Store,
    scope: impl Into<Scope>,
    plan_id: i32,
) -> Result<Report> {
    let scope = scope.into();
    let tree = crate::plan::plan(store, scope.clone(), plan_id).await?;
    let plans = action_plans(store, scope, plan_id).await?;
    let titles = (
        "Souhrnná zpráva o plnění cílů a opatření".to_owned(),
        format!(
            "{} ({}–{})",
            tree.plan.title, tree.plan.period.from, tree.plan.period.to
        ),
    );
    build(store, &tree, &plans, titles).await
}
