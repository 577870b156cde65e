//! Community plans: drafts, their lifecycle up to the council's approval, and their structure of
//! parts, goals and measures. Only a draft changes; an approved plan is a record of the council.

use kpss_domain::account::Actor;
use kpss_domain::plan::{
    GoalDraft, MeasureDraft, PartDraft, Period, PlanAction, PlanHeader, PlanStatus, Resolution,
};
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::entity::{plan, plan_goal, plan_measure, plan_part};
use crate::tenant::Scope;
use crate::{Conflict, Error, Result, Store, audit};

/// A plan without its structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: i32,
    pub tenant_id: i32,
    pub title: String,
    pub period: Period,
    pub status: PlanStatus,
    pub resolution: Option<Resolution>,
    pub based_on: Option<i32>,
    pub version: i32,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

/// A measure of a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub id: i32,
    #[serde(flatten)]
    pub draft: MeasureDraft,
}

/// A goal with its measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub id: i32,
    #[serde(flatten)]
    pub draft: GoalDraft,
    pub measures: Vec<Measure>,
}

/// A part with its goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub id: i32,
    #[serde(flatten)]
    pub draft: PartDraft,
    pub goals: Vec<Goal>,
}

/// A plan with its whole structure, in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanTree {
    pub plan: Plan,
    pub parts: Vec<Part>,
}

fn status_of(code: &str) -> PlanStatus {
    [
        PlanStatus::Draft,
        PlanStatus::InConsultation,
        PlanStatus::Approved,
        PlanStatus::Archived,
    ]
    .into_iter()
    .find(|s| s.code() == code)
    .unwrap_or(PlanStatus::Draft)
}

fn plan_from(m: plan::Model) -> Plan {
    let resolution = match (m.resolution_number, m.resolution_date, m.resolution_body) {
        (Some(number), Some(date), Some(body)) => Some(Resolution { number, date, body }),
        _ => None,
    };
    Plan {
        id: m.id,
        tenant_id: m.tenant_id,
        title: m.title,
        period: Period {
            from: m.period_from,
            to: m.period_to,
        },
        status: status_of(&m.status),
        resolution,
        based_on: m.based_on_id,
        version: m.version,
        updated_at: m.updated_at,
    }
}

async fn find_plan<C: ConnectionTrait>(c: &C, scope: &Scope, id: i32) -> Result<plan::Model> {
    plan::Entity::find_by_id(id)
        .filter(plan::Column::TenantId.is_in(scope.tenants().iter().copied()))
        .one(c)
        .await?
        .ok_or(Error::NotFound)
}

/// Plans the scope may read, newest period first. Drafts only for those who may see them.
pub async fn plans(store: &Store, scope: impl Into<Scope>, with_drafts: bool) -> Result<Vec<Plan>> {
    let mut query = plan::Entity::find()
        .filter(plan::Column::TenantId.is_in(scope.into().tenants().to_vec()))
        .order_by_desc(plan::Column::PeriodFrom)
        .order_by_desc(plan::Column::Id);
    if !with_drafts {
        query = query.filter(plan::Column::Status.ne(PlanStatus::Draft.code()));
    }
    Ok(query
        .all(store.db())
        .await?
        .into_iter()
        .map(plan_from)
        .collect())
}

/// One plan with its parts, goals and measures.
pub async fn plan(store: &Store, scope: impl Into<Scope>, id: i32) -> Result<PlanTree> {
    let model = find_plan(store.db(), &scope.into(), id).await?;
    let parts = plan_part::Entity::find()
        .filter(plan_part::Column::PlanId.eq(id))
        .order_by_asc(plan_part::Column::Position)
        .all(store.db())
        .await?;
    let part_ids: Vec<i32> = parts.iter().map(|p| p.id).collect();
    let goals = plan_goal::Entity::find()
        .filter(plan_goal::Column::PartId.is_in(part_ids))
        .order_by_asc(plan_goal::Column::Position)
        .all(store.db())
        .await?;
    let measures = plan_measure::Entity::find()
        .filter(plan_measure::Column::PlanId.eq(id))
        .order_by_asc(plan_measure::Column::Position)
        .all(store.db())
        .await?;
    let parts = parts
        .into_iter()
        .map(|p| Part {
            id: p.id,
            draft: PartDraft {
                code: p.code,
                name: p.name,
            },
            goals: goals
                .iter()
                .filter(|g| g.part_id == p.id)
                .map(|g| Goal {
                    id: g.id,
                    draft: GoalDraft {
                        code: g.code.clone(),
                        text: g.text.clone(),
                    },
                    measures: measures
                        .iter()
                        .filter(|m| m.goal_id == g.id)
                        .map(|m| Measure {
                            id: m.id,
                            draft: MeasureDraft {
                                code: m.code.clone(),
                                text: m.text.clone(),
                                rationale: m.rationale.clone(),
                                responsible: m.responsible.clone(),
                                partners: m.partners.clone(),
                                timing: m.timing.clone(),
                            },
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(PlanTree {
        plan: plan_from(model),
        parts,
    })
}

fn require_admin(actor: &Actor) -> Result<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Starts a draft; only the coordinator may.
pub async fn create_plan(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    header: &PlanHeader,
) -> Result<Plan> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let now = crate::now();
    let created = plan::Entity::insert(plan::ActiveModel {
        tenant_id: Set(tenant),
        title: Set(header.title.clone()),
        period_from: Set(header.period.from),
        period_to: Set(header.period.to),
        status: Set(PlanStatus::Draft.code().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", created.id),
        "create",
        None::<&()>,
        Some(header),
    )
    .await?;
    txn.commit().await?;
    Ok(plan_from(created))
}

/// Renames a draft or moves its period, if nobody changed it since `version` was read.
pub async fn update_header(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    version: i32,
    header: &PlanHeader,
) -> Result<Plan> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let before = plan_from(editable_plan(&txn, tenant, id).await?);
    let mut am = plan::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    am.title = Set(header.title.clone());
    am.period_from = Set(header.period.from);
    am.period_to = Set(header.period.to);
    am.version = Set(version + 1);
    am.updated_at = Set(crate::now());
    let updated = plan::Entity::update(am)
        .validate()?
        .filter(plan::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|_| Error::Conflict(Conflict::StaleVersion))?;
    let after = plan_from(updated);
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", id),
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

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
    let txn = store.db().begin().await?;
    let now = crate::now();
    let created = plan::Entity::insert(plan::ActiveModel {
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
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        for (g, goal) in part.goals.iter().enumerate() {
            let new_goal = plan_goal::Entity::insert(plan_goal::ActiveModel {
                tenant_id: Set(tenant),
                part_id: Set(new_part.id),
                position: Set(position(g)),
                code: Set(goal.draft.code.clone()),
                text: Set(goal.draft.text.clone()),
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
    Ok(plan_from(created))
}

impl PlanTree {
    /// Goals and measures as (code, wording) in the plan's order, for comparing versions.
    #[must_use]
    pub fn coded_items(&self) -> Vec<(String, String)> {
        let mut items = Vec::new();
        for part in &self.parts {
            items.push((part.draft.code.clone(), part.draft.name.clone()));
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

/// Moves a plan along its lifecycle if nobody changed it since `version` was read.
pub async fn transition(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    version: i32,
    action: &PlanAction,
) -> Result<Plan> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let current = plan_from(find_plan(&txn, &Scope::one(tenant), id).await?);
    if current.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let next = current
        .status
        .apply(action)
        .map_err(|_| Error::Conflict(Conflict::Transition))?;
    let mut am = plan::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    am.status = Set(next.code().to_owned());
    if let PlanAction::Approve(resolution) = action {
        am.resolution_number = Set(Some(resolution.number.clone()));
        am.resolution_date = Set(Some(resolution.date));
        am.resolution_body = Set(Some(resolution.body.clone()));
    }
    am.version = Set(version + 1);
    am.updated_at = Set(crate::now());
    let updated = plan::Entity::update(am)
        .validate()?
        .filter(plan::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|_| Error::Conflict(Conflict::StaleVersion))?;
    let after = plan_from(updated);
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", id),
        next.code(),
        Some(&current),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The plan a structural change belongs to, checked to be an editable draft of the tenant.
async fn editable_plan<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<plan::Model> {
    let model = find_plan(c, &Scope::one(tenant), id).await?;
    if status_of(&model.status).is_editable() {
        Ok(model)
    } else {
        Err(Error::Conflict(Conflict::NotEditable))
    }
}

fn code_taken(err: Error) -> Error {
    match err {
        Error::Conflict(Conflict::Duplicate) => {
            let mut errors = FieldErrors::default();
            errors.add("code", FieldError::AlreadyUsed);
            Error::Invalid(errors)
        }
        other => other,
    }
}

fn position(count: usize) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// Adds a part at the end of a draft plan.
pub async fn add_part(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan_id: i32,
    part: &PartDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    editable_plan(&txn, tenant, plan_id).await?;
    let count = plan_part::Entity::find()
        .filter(plan_part::Column::PlanId.eq(plan_id))
        .all(&txn)
        .await?
        .len();
    let created = plan_part::Entity::insert(plan_part::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(plan_id),
        position: Set(position(count)),
        code: Set(part.code.clone()),
        name: Set(part.name.clone()),
        target_group: Set(None),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", plan_id),
        "add_part",
        None::<&()>,
        Some(part),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Adds a goal at the end of a part of a draft plan.
pub async fn add_goal(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    part_id: i32,
    goal: &GoalDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let part = plan_part::Entity::find_by_id(part_id)
        .filter(plan_part::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, part.plan_id).await?;
    let siblings = plan_goal::Entity::find()
        .filter(plan_goal::Column::PartId.eq(part_id))
        .all(&txn)
        .await?;
    if siblings.iter().any(|g| g.code == goal.code) {
        return Err(code_taken(Error::Conflict(Conflict::Duplicate)));
    }
    let created = plan_goal::Entity::insert(plan_goal::ActiveModel {
        tenant_id: Set(tenant),
        part_id: Set(part_id),
        position: Set(position(siblings.len())),
        code: Set(goal.code.clone()),
        text: Set(goal.text.clone()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", part.plan_id),
        "add_goal",
        None::<&()>,
        Some(goal),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Adds a measure at the end of a goal of a draft plan; its code must be new in the plan.
pub async fn add_measure(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    goal_id: i32,
    measure: &MeasureDraft,
) -> Result<i32> {
    require_admin(actor)?;
    let txn = store.db().begin().await?;
    let goal = plan_goal::Entity::find_by_id(goal_id)
        .filter(plan_goal::Column::TenantId.eq(tenant))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let part = plan_part::Entity::find_by_id(goal.part_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    editable_plan(&txn, tenant, part.plan_id).await?;
    let count = plan_measure::Entity::find()
        .filter(plan_measure::Column::GoalId.eq(goal_id))
        .all(&txn)
        .await?
        .len();
    let created = plan_measure::Entity::insert(plan_measure::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(part.plan_id),
        goal_id: Set(goal_id),
        position: Set(position(count)),
        code: Set(measure.code.clone()),
        text: Set(measure.text.clone()),
        rationale: Set(measure.rationale.clone()),
        responsible: Set(measure.responsible.clone()),
        partners: Set(measure.partners.clone()),
        timing: Set(measure.timing.clone()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| code_taken(e.into()))?;
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plan", part.plan_id),
        "add_measure",
        None::<&()>,
        Some(measure),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}
