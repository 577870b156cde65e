//! A survey's questions, in order; they change only before the first answer.

use kpss_domain::account::Actor;
use kpss_domain::survey::{self as rules, Question, QuestionDraft, QuestionKind};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::find;
use super::responses::count_answers;
use crate::entity::survey_question;
use crate::{Error, Result, Store};

fn from_model(m: survey_question::Model) -> Result<Question> {
    Ok(Question {
        id: m.id,
        draft: QuestionDraft {
            section: m.section,
            text: m.text,
            help: m.help,
            kind: crate::decode("question kind", &m.kind, |c| QuestionKind::parse(c).ok())?,
            required: m.required,
            options: m.options.lines().map(str::to_owned).collect(),
            other: m.other,
        },
        version: m.version,
    })
}

/// The questions of a survey, in the order they are asked.
pub async fn questions(store: &Store, survey: i32) -> Result<Vec<Question>> {
    of_survey(store.db(), survey).await
}

pub(super) async fn of_survey<C: ConnectionTrait>(c: &C, survey: i32) -> Result<Vec<Question>> {
    survey_question::Entity::find()
        .filter(survey_question::Column::SurveyId.eq(survey))
        .order_by_asc(survey_question::Column::Position)
        .order_by_asc(survey_question::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

fn columns(draft: &QuestionDraft) -> survey_question::ActiveModel {
    survey_question::ActiveModel {
        section: Set(draft.section.clone()),
        text: Set(draft.text.clone()),
        help: Set(draft.help.clone()),
        kind: Set(draft.kind.code().to_owned()),
        required: Set(draft.required),
        options: Set(draft.options.join("\n")),
        other: Set(draft.other),
        ..Default::default()
    }
}

/// Checks the coordinator may change the questions of the tenant's survey now: it has no
/// answers yet.
async fn editable<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: &Actor,
    survey: i32,
) -> Result<()> {
    if !rules::may_manage(Some(actor)) {
        return Err(Error::Forbidden);
    }
    find(c, tenant, survey).await?;
    rules::check_editable(count_answers(c, survey).await?).map_err(|e| Error::field("text", e))
}

async fn question_of<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<(i32, Question)> {
    let m = survey_question::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let survey = m.survey_id;
    find(c, tenant, survey).await?;
    Ok((survey, from_model(m)?))
}

/// One question of the tenant's surveys, with its survey's id.
pub async fn question(store: &Store, tenant: i32, id: i32) -> Result<(i32, Question)> {
    question_of(store.db(), tenant, id).await
}

/// Adds a question at the end of the survey.
pub async fn add_question(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    survey: i32,
    draft: &QuestionDraft,
) -> Result<i32> {
    let txn = store.write().await?;
    editable(&txn, tenant, actor, survey).await?;
    let last = of_survey(&txn, survey).await?.len();
    let mut new = columns(draft);
    new.survey_id = Set(survey);
    new.position = Set(i32::try_from(last).unwrap_or(i32::MAX));
    new.version = Set(1);
    let created = survey_question::Entity::insert(new)
        .exec_with_returning(&txn)
        .await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("survey_question", created.id),
        "create",
        None::<&()>,
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Rewrites a question read at `version`.
pub async fn update_question(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &QuestionDraft,
) -> Result<()> {
    let txn = store.write().await?;
    let (survey, before) = question_of(&txn, tenant, key.0).await?;
    editable(&txn, tenant, actor, survey).await?;
    crate::versioned::bump(&txn, key, columns(draft)).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("survey_question", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a question.
pub async fn delete_question(store: &Store, tenant: i32, actor: &Actor, id: i32) -> Result<()> {
    let txn = store.write().await?;
    let (survey, before) = question_of(&txn, tenant, id).await?;
    editable(&txn, tenant, actor, survey).await?;
    survey_question::Entity::delete_by_id(id).exec(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("survey_question", id),
        "delete",
        Some(&before.draft),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a question one place up (or down), renumbering the survey's questions.
pub async fn move_question(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    up: bool,
) -> Result<()> {
    let txn = store.write().await?;
    let (survey, _) = question_of(&txn, tenant, id).await?;
    editable(&txn, tenant, actor, survey).await?;
    let order: Vec<i32> = of_survey(&txn, survey)
        .await?
        .iter()
        .map(|q| q.id)
        .collect();
    crate::ordering::shift::<survey_question::Entity, _>(
        &txn,
        (
            survey_question::Column::Id,
            survey_question::Column::Position,
        ),
        order,
        (id, up),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
