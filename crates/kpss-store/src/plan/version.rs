//! Versions of a plan: a new draft started from an approved one, and its coded items for
//! comparing versions.

use kpss_domain::account::Actor;
use kpss_domain::plan::PlanStatus;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::{Plan, PlanTree, plan, plan_from, position, require_admin};
use crate::entity::{plan as plan_entity, plan_goal, plan_measure, plan_part, plan_priority};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// Starts a new draft from an approved (or archived) plan: the same title, period and
/// structure, linked to it, so the next version can be worked on and compared.
pub async fn new_version(store: &Store, tenant: i32, actor: &Actor, from: i32) -> Result<Plan> {
    require_admin(actor)?;
    let source = plan(store, Scope::one(tenant), from).await?;
    if !matches!(
        source.plan.status,
        PlanStatus::Approved | PlanStatus::Archived
    ) {
        return Err(Error::Conflict(Conflict::Transition));
    }
    let txn = store.write().await?;
    let now = crate::now();
    let created = plan_entity::Entity::insert(plan_entity::ActiveModel {
        tenant_id: Set(tenant),
        title: Set(source.plan.title.clone()),
        period_from: Set(source.plan.period.from),
        period_to: Set(source.plan.period.to),
        status: Set(PlanStatus::Draft.code().to_owned()),
        based_on_id: Set(Some(from)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    for (p, part) in source.parts.iter().enumerate() {
        let new_part = plan_part::Entity::insert(plan_part::ActiveModel {
            tenant_id: Set(tenant),
            plan_id: Set(created.id),
            position: Set(position(p)),
            code: Set(part.draft.code.clone()),
            name: Set(part.draft.name.clone()),
            target_group: Set(None),
            work_group_id: Set(part.work_group),
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        let mut priority_ids = Vec::with_capacity(part.priorities.len());
        for (r, priority) in part.priorities.iter().enumerate() {
            let new_priority = plan_priority::Entity::insert(plan_priority::ActiveModel {
                tenant_id: Set(tenant),
                part_id: Set(new_part.id),
                position: Set(position(r)),
                code: Set(priority.draft.code.clone()),
                name: Set(priority.draft.name.clone()),
                ..Default::default()
            })
            .exec_with_returning(&txn)
            .await?;
            priority_ids.push((priority.id, new_priority.id));
        }
        for (g, goal) in part.goals.iter().enumerate() {
            let new_goal = plan_goal::Entity::insert(plan_goal::ActiveModel {
                tenant_id: Set(tenant),
                part_id: Set(new_part.id),
                position: Set(position(g)),
                code: Set(goal.draft.code.clone()),
                text: Set(goal.draft.text.clone()),
                priority_id: Set(goal.priority_id.and_then(|old| {
                    priority_ids
                        .iter()
                        .find(|(o, _)| *o == old)
                        .map(|(_, n)| *n)
                })),
                ..Default::default()
            })
            .exec_with_returning(&txn)
            .await?;
            for (m, measure) in goal.measures.iter().enumerate() {
                let d = &measure.draft;
                plan_measure::Entity::insert(plan_measure::ActiveModel {
                    tenant_id: Set(tenant),
                    plan_id: Set(created.id),
                    goal_id: Set(new_goal.id),
                    position: Set(position(m)),
                    code: Set(d.code.clone()),
                    text: Set(d.text.clone()),
                    rationale: Set(d.rationale.clone()),
                    responsible: Set(d.responsible.clone()),
                    partners: Set(d.partners.clone()),
                    timing: Set(d.timing.clone()),
                    funding: Set(super::funding_json(&measure.funding)),
                    ..Default::default()
                })
                .exec_without_returning(&txn)
                .await?;
            }
        }
    }
    let summary = serde_json::json!({ "based_on": from, "title": created.title });
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", created.id),
        "new_version",
        None::<&()>,
        Some(&summary),
    )
    .await?;
    txn.commit().await?;
    plan_from(created)
}

impl PlanTree {
    /// Goals and measures as (code, wording) in the plan's order, for comparing versions.
    #[must_use]
    pub fn coded_items(&self) -> Vec<(String, String)> {
        let mut items = Vec::new();
        for part in &self.parts {
            items.push((part.draft.code.clone(), part.draft.name.clone()));
            for priority in &part.priorities {
                items.push((
                    format!("{} {}", part.draft.code, priority.draft.code),
                    priority.draft.name.clone(),
                ));
            }
            for goal in &part.goals {
                items.push((goal.draft.code.clone(), goal.draft.text.clone()));
                for m in &goal.measures {
                    items.push((m.draft.code.clone(), m.draft.text.clone()));
                }
            }
        }
        items
    }
}
