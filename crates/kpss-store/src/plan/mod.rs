//! Community plans: drafts, their lifecycle up to the council's approval, and their structure of
//! parts, goals and measures. Only a draft changes; an approved plan is a record of the council.

mod edit;
pub mod plain;
mod structure;
mod version;
pub mod writing;

pub use edit::{Item, remove, update_goal, update_measure, update_part, update_priority};
pub use structure::{
    add_goal, add_goal_in, add_measure, add_part, add_priority, set_measure_funding,
};
pub use version::new_version;

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::plan::funding::MeasureFunding;
use kpss_domain::plan::{
    GoalDraft, MeasureDraft, PartDraft, Period, PlanAction, PlanHeader, PlanStatus, PriorityDraft,
    Resolution,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::entity::{plan, plan_goal, plan_measure, plan_part, plan_priority};
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
    /// For optimistic locking: a form sends back the version it was opened on.
    pub version: i32,
    #[serde(flatten)]
    pub draft: MeasureDraft,
    /// Its indicators and expected costs.
    pub funding: MeasureFunding,
}

/// A measure's funding as stored; `None` when it has none.
pub(crate) fn funding_json(funding: &MeasureFunding) -> Option<String> {
    if funding == &MeasureFunding::default() {
        None
    } else {
        serde_json::to_string(funding).ok()
    }
}

fn funding_of(json: Option<&str>) -> MeasureFunding {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// A goal with its measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub id: i32,
    /// For optimistic locking: a form sends back the version it was opened on.
    pub version: i32,
    #[serde(flatten)]
    pub draft: GoalDraft,
    /// The priority of its part the goal belongs to, if any.
    pub priority_id: Option<i32>,
    pub measures: Vec<Measure>,
}

/// A priority of a part, grouping some of its goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub id: i32,
    /// For optimistic locking: a form sends back the version it was opened on.
    pub version: i32,
    #[serde(flatten)]
    pub draft: PriorityDraft,
}

/// A part with its goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub id: i32,
    /// For optimistic locking: a form sends back the version it was opened on.
    pub version: i32,
    #[serde(flatten)]
    pub draft: PartDraft,
    /// The working group that writes and follows the part.
    pub work_group: Option<i32>,
    /// The code of that group, which rights and the lists' group filters go by; the part's
    /// own code while it has no group.
    pub group: String,
    /// Optional priorities, in order.
    pub priorities: Vec<Priority>,
    pub goals: Vec<Goal>,
}

/// A plan with its whole structure, in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanTree {
    pub plan: Plan,
    pub parts: Vec<Part>,
}

impl PlanTree {
    /// Every measure of the plan, in the plan's order.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.parts.iter().flat_map(Part::measures)
    }
}

impl Part {
    /// „SEN – Senioři“: how lists, documents and forms name a part.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} – {}", self.draft.code, self.draft.name)
    }

    /// The part's measures, in the plan's order.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.goals.iter().flat_map(|g| &g.measures)
    }
}

fn status_of(code: &str) -> Result<PlanStatus> {
    crate::decode("plan status", code, PlanStatus::from_code)
}

fn plan_from(m: plan::Model) -> Result<Plan> {
    let resolution = match (m.resolution_number, m.resolution_date, m.resolution_body) {
        (Some(number), Some(date), Some(body)) => Some(Resolution { number, date, body }),
        _ => None,
    };
    Ok(Plan {
        id: m.id,
        tenant_id: m.tenant_id,
        title: m.title,
        period: Period {
            from: m.period_from,
            to: m.period_to,
        },
        status: status_of(&m.status)?,
        resolution,
        based_on: m.based_on_id,
        version: m.version,
        updated_at: m.updated_at,
    })
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
    query
        .all(store.db())
        .await?
        .into_iter()
        .map(plan_from)
        .collect()
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
    let priorities = plan_priority::Entity::find()
        .filter(plan_priority::Column::PartId.is_in(part_ids.clone()))
        .order_by_asc(plan_priority::Column::Position)
        .all(store.db())
        .await?;
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
    let group_codes = crate::work_group::codes(
        store.db(),
        parts.iter().filter_map(|p| p.work_group_id).collect(),
    )
    .await?;
    let parts = parts
        .into_iter()
        .map(|p| Part {
            id: p.id,
            version: p.version,
            work_group: p.work_group_id,
            group: p
                .work_group_id
                .and_then(|g| group_codes.get(&g).cloned())
                .unwrap_or_else(|| p.code.clone()),
            draft: PartDraft {
                code: p.code,
                name: p.name,
            },
            priorities: priorities
                .iter()
                .filter(|r| r.part_id == p.id)
                .map(|r| Priority {
                    id: r.id,
                    version: r.version,
                    draft: PriorityDraft {
                        code: r.code.clone(),
                        name: r.name.clone(),
                    },
                })
                .collect(),
            goals: goals
                .iter()
                .filter(|g| g.part_id == p.id)
                .map(|g| Goal {
                    id: g.id,
                    version: g.version,
                    draft: GoalDraft {
                        code: g.code.clone(),
                        text: g.text.clone(),
                    },
                    priority_id: g.priority_id,
                    measures: measures
                        .iter()
                        .filter(|m| m.goal_id == g.id)
                        .map(|m| Measure {
                            id: m.id,
                            version: m.version,
                            draft: MeasureDraft {
                                code: m.code.clone(),
                                text: m.text.clone(),
                                rationale: m.rationale.clone(),
                                responsible: m.responsible.clone(),
                                partners: m.partners.clone(),
                                timing: m.timing.clone(),
                            },
                            funding: funding_of(m.funding.as_deref()),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(PlanTree {
        plan: plan_from(model)?,
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
    let txn = store.write().await?;
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
    plan_from(created)
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
    let txn = store.write().await?;
    let before = plan_from(editable_plan(&txn, tenant, id).await?)?;
    let mut am = plan::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    am.title = Set(header.title.clone());
    am.period_from = Set(header.period.from);
    am.period_to = Set(header.period.to);
    save_versioned(txn, tenant, actor, (am, version), "update", &before).await
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
    let txn = store.write().await?;
    let current = plan_from(find_plan(&txn, &Scope::one(tenant), id).await?)?;
    if current.version != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let next = current
        .status
        .apply(action)
        .map_err(|_| Error::Conflict(Conflict::Transition))?;
    match action {
        PlanAction::OpenConsultation(period) => {
            crate::consultation::open(&txn, (tenant, id), period).await?;
        }
        PlanAction::Approve(_) => {
            let waiting = crate::consultation::unsettled(&txn, id).await?;
            if waiting > 0 {
                return Err(Error::Conflict(Conflict::Unsettled(waiting)));
            }
        }
        PlanAction::ReturnToDraft | PlanAction::Archive => {}
    }
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
    save_versioned(txn, tenant, actor, (am, version), next.code(), &current).await
}

/// Writes a change to a plan read at `version`, logs it as `action`, and commits.
async fn save_versioned(
    txn: sea_orm::DatabaseTransaction,
    tenant: i32,
    actor: &Actor,
    (mut am, version): (plan::ActiveModel, i32),
    action: &str,
    before: &Plan,
) -> Result<Plan> {
    am.version = Set(version + 1);
    am.updated_at = Set(crate::now());
    let updated = plan::Entity::update(am)
        .validate()?
        .filter(plan::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| crate::stale_or(e.into()))?;
    let after = plan_from(updated)?;
    let entity = ("plan", after.id);
    audit::record(
        &txn,
        tenant,
        actor.account_id,
        entity,
        action,
        Some(before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The plan a structural change belongs to, checked to be an editable draft of the tenant.
async fn editable_plan<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<plan::Model> {
    let model = find_plan(c, &Scope::one(tenant), id).await?;
    if status_of(&model.status)?.is_editable() {
        Ok(model)
    } else {
        Err(Error::Conflict(Conflict::NotEditable))
    }
}

fn code_taken(err: Error) -> Error {
    match err {
        Error::Conflict(Conflict::Duplicate) => Error::field("code", FieldError::AlreadyUsed),
        other => other,
    }
}

pub(crate) fn position(count: impl TryInto<i32>) -> i32 {
    count.try_into().unwrap_or(i32::MAX)
}
