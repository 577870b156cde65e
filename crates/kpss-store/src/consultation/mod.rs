//! Consultations of draft plans: one opens with the plan's step into consultation, in the same
//! transaction; its comments, their moderation and settlement are in `comments`.

mod comments;
mod scans;
mod settlement;
mod subject;

pub use comments::{
    Comment, add_online, add_staff, comment, comments, moderate, published_counts, recent_from,
};
pub use scans::{ScanInfo, attach_scan, scan, scan_info};
pub use settlement::{changes, first_change, settle};
pub use subject::{Subject, of_document, open_document, subject, titles};

use kpss_domain::consultation::{ConsultationPeriod, Section};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::entity::{consultation, consultation_comment};
use crate::plan::PlanTree;
use crate::{Error, Result, Store};

/// A consultation of a plan's draft or of a library document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub id: i32,
    pub tenant_id: i32,
    /// The plan whose draft is consulted; `None` for a document.
    pub plan_id: Option<i32>,
    /// The document consulted and the number of its version put to comments.
    pub document: Option<(i32, i32)>,
    pub period: ConsultationPeriod,
    /// When the draft went to consultation: changes of the draft after it may settle comments.
    pub opened_at: time::OffsetDateTime,
}

impl From<consultation::Model> for Consultation {
    fn from(m: consultation::Model) -> Self {
        Self {
            id: m.id,
            tenant_id: m.tenant_id,
            plan_id: m.plan_id,
            document: m.document_id.zip(m.document_version),
            period: ConsultationPeriod {
                opens_on: m.opens_on,
                closes_on: m.closes_on,
            },
            opened_at: m.created_at,
        }
    }
}

/// Records that the plan's draft is consulted in `period`; called in the transaction of the
/// plan's step into consultation.
pub(crate) async fn open<C: ConnectionTrait>(
    c: &C,
    (tenant, plan): (i32, i32),
    period: &ConsultationPeriod,
) -> Result<()> {
    consultation::Entity::insert(consultation::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(Some(plan)),
        opens_on: Set(period.opens_on),
        closes_on: Set(period.closes_on),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// One consultation of the tenant.
pub async fn consultation(store: &Store, tenant: i32, id: i32) -> Result<Consultation> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Consultation> {
    consultation::Entity::find_by_id(id)
        .filter(consultation::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .map(Consultation::from)
        .ok_or(Error::NotFound)
}

/// The consultations of a plan, the latest first.
pub async fn of_plan(store: &Store, tenant: i32, plan: i32) -> Result<Vec<Consultation>> {
    Ok(consultation::Entity::find()
        .filter(consultation::Column::TenantId.eq(tenant))
        .filter(consultation::Column::PlanId.eq(plan))
        .order_by_desc(consultation::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Consultation::from)
        .collect())
}

/// Every consultation of the tenant, the latest first.
pub async fn all(store: &Store, tenant: i32) -> Result<Vec<Consultation>> {
    Ok(consultation::Entity::find()
        .filter(consultation::Column::TenantId.eq(tenant))
        .order_by_desc(consultation::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Consultation::from)
        .collect())
}

/// The tenant's consultations that take comments on `day`.
pub async fn running(store: &Store, tenant: i32, day: time::Date) -> Result<Vec<Consultation>> {
    Ok(consultation::Entity::find()
        .filter(consultation::Column::TenantId.eq(tenant))
        .filter(consultation::Column::OpensOn.lte(day))
        .filter(consultation::Column::ClosesOn.gte(day))
        .order_by_asc(consultation::Column::ClosesOn)
        .all(store.db())
        .await?
        .into_iter()
        .map(Consultation::from)
        .collect())
}

/// How many comments on the plan's drafts still wait for moderation or a settlement; the plan
/// is not approved before none does.
pub(crate) async fn unsettled<C: ConnectionTrait>(c: &C, plan: i32) -> Result<u64> {
    use sea_orm::QuerySelect;
    let consultations = consultation::Entity::find()
        .select_only()
        .column(consultation::Column::Id)
        .filter(consultation::Column::PlanId.eq(plan));
    let waiting: Vec<&str> = kpss_domain::consultation::Moderation::ALL
        .iter()
        .filter(|m| m.needs_settling())
        .map(|m| m.code())
        .collect();
    Ok(consultation_comment::Entity::find()
        .filter(
            consultation_comment::Column::ConsultationId
                .in_subquery(sea_orm::QueryTrait::into_query(consultations)),
        )
        .filter(consultation_comment::Column::Decision.is_null())
        .filter(consultation_comment::Column::Moderation.is_in(waiting))
        .count(c)
        .await?)
}

/// Where a section lies in the plan: `None` when it is not in it (any more), `Some(None)` for
/// the whole plan, otherwise the part that holds it.
#[must_use]
pub fn locate(tree: &PlanTree, section: Section) -> Option<Option<&crate::plan::Part>> {
    let holds = |p: &&crate::plan::Part| match section {
        Section::Plan | Section::Document => false,
        Section::Part(id) => p.id == id,
        Section::Goal(id) => p.goals.iter().any(|g| g.id == id),
        Section::Measure(id) => p.measures().any(|m| m.id == id),
    };
    match section {
        Section::Plan => Some(None),
        Section::Document => None,
        _ => tree.parts.iter().find(holds).map(Some),
    }
}

/// The code of the group whose part holds the section, if the section is in the plan
/// (`None`: it is not); the whole plan has no group.
#[must_use]
pub fn section_group(tree: &PlanTree, section: Section) -> Option<Option<String>> {
    locate(tree, section).map(|part| part.and_then(|p| p.work_group.map(|_| p.group.clone())))
}
