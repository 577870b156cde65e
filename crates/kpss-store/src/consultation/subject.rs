//! What a consultation consults: a plan's draft, section by section, or a library document as
//! a whole – the version put to comments and the versions uploaded since, which work the
//! comments in.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::consultation::{ConsultationPeriod, Section};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Consultation, locate, section_group};
use crate::document::{Document, FileInfo};
use crate::entity::consultation;
use crate::plan::PlanTree;
use crate::{Error, Result, Store};

/// The subject of a consultation, loaded.
#[derive(Debug, Clone)]
pub enum Subject {
    Plan(PlanTree),
    Document {
        document: Document,
        /// Every version, newest first.
        versions: Vec<FileInfo>,
        /// The number of the version put to comments.
        consulted: i32,
    },
}

impl Subject {
    /// The plan's or the document's title.
    #[must_use]
    pub fn title(&self) -> &str {
        match self {
            Self::Plan(tree) => &tree.plan.title,
            Self::Document { document, .. } => &document.draft.title,
        }
    }

    /// Whether a comment may be about `section`: a section of the draft, or the document.
    #[must_use]
    pub fn holds(&self, section: Section) -> bool {
        match self {
            Self::Plan(tree) => locate(tree, section).is_some(),
            Self::Document { .. } => section == Section::Document,
        }
    }

    /// The code of the working group that settles comments on `section`: the group of the
    /// draft's part, or the document's; `None` when the coordinator does.
    #[must_use]
    pub fn group(&self, section: Section) -> Option<String> {
        match self {
            Self::Plan(tree) => section_group(tree, section).flatten(),
            Self::Document { document, .. } => document.draft.group.clone(),
        }
    }

    /// The plan tree, for a plan's consultation.
    #[must_use]
    pub fn tree(&self) -> Option<&PlanTree> {
        match self {
            Self::Plan(tree) => Some(tree),
            Self::Document { .. } => None,
        }
    }

    /// The version put to comments and, when newer ones came since, the newest.
    #[must_use]
    pub fn document_versions(&self) -> Option<(&FileInfo, Option<&FileInfo>)> {
        let Self::Document {
            versions,
            consulted,
            ..
        } = self
        else {
            return None;
        };
        let put = versions.iter().find(|v| v.number == *consulted)?;
        let newest = versions.first().filter(|v| v.number > *consulted);
        Some((put, newest))
    }
}

/// The subject of the consultation, as it stands now.
pub async fn subject(store: &Store, tenant: i32, c: &Consultation) -> Result<Subject> {
    match (c.plan_id, c.document) {
        (Some(plan), _) => Ok(Subject::Plan(crate::plan::plan(store, tenant, plan).await?)),
        (None, Some((id, consulted))) => {
            let (document, versions) = crate::document::document(store, tenant, id).await?;
            Ok(Subject::Document {
                document,
                versions,
                consulted,
            })
        }
        (None, None) => Err(Error::NotFound),
    }
}

/// The titles of the consultations' plans and documents, in their order; two queries
/// whatever their number.
pub async fn titles(store: &Store, tenant: i32, list: &[Consultation]) -> Result<Vec<String>> {
    use sea_orm::QuerySelect;
    let plans: Vec<(i32, String)> = crate::entity::plan::Entity::find()
        .select_only()
        .column(crate::entity::plan::Column::Id)
        .column(crate::entity::plan::Column::Title)
        .filter(crate::entity::plan::Column::TenantId.eq(tenant))
        .filter(crate::entity::plan::Column::Id.is_in(list.iter().filter_map(|c| c.plan_id)))
        .into_tuple()
        .all(store.db())
        .await?;
    let documents: Vec<(i32, String)> = crate::entity::document::Entity::find()
        .select_only()
        .column(crate::entity::document::Column::Id)
        .column(crate::entity::document::Column::Title)
        .filter(crate::entity::document::Column::TenantId.eq(tenant))
        .filter(
            crate::entity::document::Column::Id
                .is_in(list.iter().filter_map(|c| c.document.map(|(d, _)| d))),
        )
        .into_tuple()
        .all(store.db())
        .await?;
    let find = |pairs: &[(i32, String)], id: Option<i32>| {
        id.and_then(|id| pairs.iter().find(|(p, _)| *p == id))
            .map(|(_, t)| t.clone())
    };
    Ok(list
        .iter()
        .map(|c| {
            find(&plans, c.plan_id)
                .or_else(|| find(&documents, c.document.map(|(d, _)| d)))
                .unwrap_or_default()
        })
        .collect())
}

/// The consultations of a document, the latest first.
pub async fn of_document(store: &Store, tenant: i32, document: i32) -> Result<Vec<Consultation>> {
    Ok(consultation::Entity::find()
        .filter(consultation::Column::TenantId.eq(tenant))
        .filter(consultation::Column::DocumentId.eq(document))
        .order_by_desc(consultation::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Consultation::from)
        .collect())
}

/// Puts the current version of a public library document to consultation in `period`: the
/// coordinator's, and not while another consultation of it runs or is yet to come. Gives the
/// consultation's id.
pub async fn open_document(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    document: i32,
    period: &ConsultationPeriod,
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let (found, _) = crate::document::find(&txn, tenant, document).await?;
    if !found.draft.public {
        return Err(Error::field("document", FieldError::InternalDocument));
    }
    let today = kpss_domain::czech::today();
    let pending = consultation::Entity::find()
        .filter(consultation::Column::DocumentId.eq(document))
        .filter(consultation::Column::ClosesOn.gte(today))
        .one(&txn)
        .await?;
    if pending.is_some() {
        return Err(Error::field("document", FieldError::ConsultationRunning));
    }
    let created = consultation::Entity::insert(consultation::ActiveModel {
        tenant_id: Set(tenant),
        plan_id: Set(None),
        document_id: Set(Some(document)),
        document_version: Set(Some(found.current.number)),
        opens_on: Set(period.opens_on),
        closes_on: Set(period.closes_on),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("document", document),
        "consult",
        None::<&()>,
        Some(&(created.id, found.current.number, period)),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}
