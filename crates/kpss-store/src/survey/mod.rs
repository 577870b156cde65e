//! Questionnaire surveys: the survey and the groups it asks (here), its questions
//! (`questions`), the answers (`responses`) and what they add up to (`results`).

mod questions;
pub(crate) mod responses;
mod results;

pub use questions::{
    add_question, delete_question, move_question, question, questions, update_question,
};
pub use responses::{
    Answering, Channel, answer, answer_count, answer_counts, has_answered, in_groups, recent_from,
};
pub use results::{Counts, RawResponse, counts, crosstab, raw, text_count, texts};

use kpss_domain::account::Actor;
use kpss_domain::consultation::ConsultationPeriod;
use kpss_domain::survey::{Audience, SurveyDraft};
use kpss_domain::{FieldError, survey as rules};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::{plan, survey, survey_group, work_group};
use crate::{Error, Result, Store};

/// A stored survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: i32,
    pub tenant_id: i32,
    pub draft: SurveyDraft,
    pub version: i32,
}

impl Survey {
    /// Whether it takes answers online on `today`.
    #[must_use]
    pub fn is_open(&self, today: time::Date) -> bool {
        self.draft.period.is_open(today)
    }
}

fn from_model(m: survey::Model, groups: Vec<i32>) -> Result<Survey> {
    Ok(Survey {
        id: m.id,
        tenant_id: m.tenant_id,
        draft: SurveyDraft {
            title: m.title,
            intro: m.intro,
            audience: crate::decode("audience", &m.audience, |c| Audience::parse(c).ok())?,
            groups,
            period: ConsultationPeriod {
                opens_on: m.opens_on,
                closes_on: m.closes_on,
            },
            plan: m.plan_id,
            results_public: m.results_public,
        },
        version: m.version,
    })
}

async fn with_groups<C: ConnectionTrait>(c: &C, models: Vec<survey::Model>) -> Result<Vec<Survey>> {
    let ids: Vec<i32> = models.iter().map(|m| m.id).collect();
    let links = survey_group::Entity::find()
        .filter(survey_group::Column::SurveyId.is_in(ids))
        .order_by_asc(survey_group::Column::WorkGroupId)
        .all(c)
        .await?;
    models
        .into_iter()
        .map(|m| {
            let groups = links
                .iter()
                .filter(|l| l.survey_id == m.id)
                .map(|l| l.work_group_id)
                .collect();
            from_model(m, groups)
        })
        .collect()
}

/// The tenant's surveys, the latest opening first.
pub async fn surveys(store: &Store, tenant: i32) -> Result<Vec<Survey>> {
    let models = survey::Entity::find()
        .filter(survey::Column::TenantId.eq(tenant))
        .order_by_desc(survey::Column::OpensOn)
        .order_by_desc(survey::Column::Id)
        .all(store.db())
        .await?;
    with_groups(store.db(), models).await
}

/// The surveys that inform a plan's cycle.
pub async fn of_plan(store: &Store, tenant: i32, plan_id: i32) -> Result<Vec<Survey>> {
    Ok(surveys(store, tenant)
        .await?
        .into_iter()
        .filter(|s| s.draft.plan == Some(plan_id))
        .collect())
}

/// One survey of the tenant.
pub async fn survey(store: &Store, tenant: i32, id: i32) -> Result<Survey> {
    find(store.db(), tenant, id).await
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Survey> {
    let model = survey::Entity::find_by_id(id)
        .filter(survey::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    with_groups(c, vec![model])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

/// Refuses a plan or groups that are not the tenant's.
async fn check_links<C: ConnectionTrait>(c: &C, tenant: i32, draft: &SurveyDraft) -> Result<()> {
    use sea_orm::PaginatorTrait;
    if let Some(plan_id) = draft.plan {
        let found = plan::Entity::find_by_id(plan_id)
            .filter(plan::Column::TenantId.eq(tenant))
            .count(c)
            .await?;
        if found == 0 {
            return Err(Error::field("plan", FieldError::UnknownValue));
        }
    }
    let groups = work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .filter(work_group::Column::Id.is_in(draft.groups.clone()))
        .count(c)
        .await?;
    if groups != draft.groups.len() as u64 {
        return Err(Error::field("groups", FieldError::UnknownValue));
    }
    Ok(())
}

async fn set_groups<C: ConnectionTrait>(c: &C, survey_id: i32, groups: &[i32]) -> Result<()> {
    survey_group::Entity::delete_many()
        .filter(survey_group::Column::SurveyId.eq(survey_id))
        .exec(c)
        .await?;
    if !groups.is_empty() {
        survey_group::Entity::insert_many(groups.iter().map(|g| survey_group::ActiveModel {
            survey_id: Set(survey_id),
            work_group_id: Set(*g),
            ..Default::default()
        }))
        .exec_without_returning(c)
        .await?;
    }
    Ok(())
}

fn columns(draft: &SurveyDraft) -> survey::ActiveModel {
    survey::ActiveModel {
        plan_id: Set(draft.plan),
        title: Set(draft.title.clone()),
        intro: Set(draft.intro.clone()),
        audience: Set(draft.audience.code().to_owned()),
        opens_on: Set(draft.period.opens_on),
        closes_on: Set(draft.period.closes_on),
        results_public: Set(draft.results_public),
        ..Default::default()
    }
}

/// A new survey, without questions yet; the coordinator's.
pub async fn create(store: &Store, tenant: i32, actor: &Actor, draft: &SurveyDraft) -> Result<i32> {
    if !rules::may_manage(Some(actor)) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    check_links(&txn, tenant, draft).await?;
    let mut new = columns(draft);
    new.tenant_id = Set(tenant);
    new.version = Set(1);
    new.created_at = Set(crate::now());
    let created = survey::Entity::insert(new)
        .exec_with_returning(&txn)
        .await?;
    set_groups(&txn, created.id, &draft.groups).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("survey", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Changes a survey's settings: its title, audience, days and whether its results are public.
pub async fn update(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &SurveyDraft,
) -> Result<()> {
    if !rules::may_manage(Some(actor)) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = find(&txn, tenant, key.0).await?;
    check_links(&txn, tenant, draft).await?;
    // Who answers decides what an answer is keyed by: it stays once answers exist.
    if before.draft.audience != draft.audience && responses::count_answers(&txn, key.0).await? > 0 {
        return Err(Error::field("audience", FieldError::Answered));
    }
    crate::versioned::bump(&txn, key, columns(draft)).await?;
    set_groups(&txn, key.0, &draft.groups).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("survey", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
