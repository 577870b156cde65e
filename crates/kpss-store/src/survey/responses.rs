//! Filled-in questionnaires: online from the audience, or typed in from paper by staff; one
//! per organisation or member, all answers of one written together or not at all.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::survey::{self as rules, ANSWER_WINDOW_MINUTES, Answer, Respondent};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::find;
use crate::entity::{survey_answer, survey_response, survey_tally};
use crate::{Conflict, Error, Result, Store};

/// How a questionnaire came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Online,
    /// Typed in by staff from a paper questionnaire.
    Paper,
}

impl Channel {
    /// The code in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Paper => "papir",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Paper => "papírový dotazník",
        }
    }

    /// The channel with this code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Online, Self::Paper]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

/// How many questionnaires a survey has.
pub async fn answer_count(store: &Store, survey: i32) -> Result<u64> {
    count_answers(store.db(), survey).await
}

/// How many questionnaires each of the tenant's surveys has, counted by the database.
pub async fn answer_counts(
    store: &Store,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, u64>> {
    use sea_orm::QuerySelect;
    let counted: Vec<(i32, i64)> = survey_response::Entity::find()
        .select_only()
        .column(survey_response::Column::SurveyId)
        .column_as(survey_response::Column::Id.count(), "n")
        .filter(survey_response::Column::TenantId.eq(tenant))
        .group_by(survey_response::Column::SurveyId)
        .into_tuple()
        .all(store.db())
        .await?;
    Ok(counted
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap_or_default()))
        .collect())
}

pub(crate) async fn count_answers<C: ConnectionTrait>(c: &C, survey: i32) -> Result<u64> {
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey))
        .count(c)
        .await?)
}

/// Whether this organisation or member has answered the survey.
pub async fn has_answered(store: &Store, survey: i32, respondent: Respondent) -> Result<bool> {
    let Some(key) = respondent.key() else {
        return Ok(false);
    };
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey))
        .filter(survey_response::Column::Respondent.eq(key))
        .count(store.db())
        .await?
        > 0)
}

/// How many questionnaires came online from this source (a keyed hash of an address) lately.
pub async fn recent_from(store: &Store, source: &str) -> Result<u64> {
    let since = crate::now() - time::Duration::minutes(ANSWER_WINDOW_MINUTES);
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::Source.eq(source))
        .filter(survey_response::Column::CreatedAt.gt(since))
        .count(store.db())
        .await?)
}

/// Whether the account's member belongs today to one of these working groups.
pub async fn in_groups(store: &Store, tenant: i32, account: i32, groups: &[i32]) -> Result<bool> {
    let Some(member) = crate::member::of_account(store, tenant, account).await? else {
        return Ok(false);
    };
    let (_, spans) = crate::member::member(store, tenant, member.id).await?;
    let today = kpss_domain::czech::today();
    Ok(spans
        .iter()
        .any(|s| groups.contains(&s.draft.group) && s.draft.is_active(today)))
}

/// Who answers, how, and from where.
#[derive(Debug, Clone, Copy)]
pub struct Answering<'a> {
    pub respondent: Respondent,
    pub channel: Channel,
    /// A keyed hash of the sender's address, for online answers.
    pub source: Option<&'a str>,
    /// Staff typing in a paper questionnaire; the respondent answering online.
    pub actor: Option<&'a Actor>,
}

/// Stores one questionnaire: online only while the survey is open, from paper only by the
/// coordinator; refused when the organisation or member has answered already.
pub async fn answer(
    store: &Store,
    tenant: i32,
    survey: i32,
    by: Answering<'_>,
    answers: &[(i32, Answer)],
) -> Result<i32> {
    let txn = store.write().await?;
    let found = find(&txn, tenant, survey).await?;
    match by.channel {
        Channel::Online if !found.is_open(kpss_domain::czech::today()) => {
            return Err(Error::field("survey", FieldError::SurveyClosed));
        }
        Channel::Paper if !rules::may_manage(by.actor) => return Err(Error::Forbidden),
        _ => {}
    }
    let asked: Vec<i32> = super::questions::of_survey(&txn, survey)
        .await?
        .iter()
        .map(|q| q.id)
        .collect();
    if answers.iter().any(|(q, _)| !asked.contains(q)) {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    if let Some(key) = by.respondent.key() {
        let taken = survey_response::Entity::find()
            .filter(survey_response::Column::SurveyId.eq(survey))
            .filter(survey_response::Column::Respondent.eq(key))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Err(Error::field("survey", FieldError::AlreadyAnswered));
        }
    }
    let entered_by = match by.channel {
        Channel::Paper => by.actor.and_then(|a| a.account_id),
        Channel::Online => None,
    };
    let created = insert_response(
        &txn,
        (tenant, survey),
        (by.respondent, by.channel, by.source, entered_by),
        crate::now(),
        answers,
    )
    .await
    .map_err(|e| match e {
        // Two answers for one organisation at once: the index keeps the second out.
        Error::Conflict(Conflict::Duplicate) => Error::field("survey", FieldError::AlreadyAnswered),
        other => other,
    })?;
    txn.commit().await?;
    Ok(created)
}

/// Writes a questionnaire and the rows of its answers; the demo's answers come this way too.
pub(crate) async fn insert_response<C: ConnectionTrait>(
    c: &C,
    (tenant, survey): (i32, i32),
    (respondent, channel, source, entered_by): (Respondent, Channel, Option<&str>, Option<i32>),
    at: time::OffsetDateTime,
    answers: &[(i32, Answer)],
) -> Result<i32> {
    let created = survey_response::Entity::insert(survey_response::ActiveModel {
        tenant_id: Set(tenant),
        survey_id: Set(survey),
        respondent: Set(respondent.key()),
        channel: Set(channel.code().to_owned()),
        source: Set(source.map(str::to_owned)),
        entered_by: Set(entered_by),
        created_at: Set(at),
        ..Default::default()
    })
    .exec_with_returning(c)
    .await?;
    insert_rows(c, (survey, created.id), answers).await?;
    Ok(created.id)
}
/// Writes the rows of a response's answers.
async fn insert_rows<C: ConnectionTrait>(
    c: &C,
    (survey, response): (i32, i32),
    answers: &[(i32, Answer)],
) -> Result<()> {
    let rows: Vec<survey_answer::ActiveModel> = answers
        .iter()
        .flat_map(|(q, a)| a.rows(*q))
        .map(|r| survey_answer::ActiveModel {
            survey_id: Set(survey),
            response_id: Set(response),
            question_id: Set(r.question),
            row: Set(r.row),
            option: Set(r.option),
            number: Set(r.number),
            text: Set(r.text),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        survey_answer::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    tally(c, survey, answers).await
}

/// Adds one response's answers to the survey's tally, in the response's transaction.
async fn tally<C: ConnectionTrait>(c: &C, survey: i32, answers: &[(i32, Answer)]) -> Result<()> {
    use sea_orm::sea_query::{Expr, OnConflict};
    let mut counts: std::collections::BTreeMap<(i32, i32, i32), i64> =
        std::collections::BTreeMap::new();
    for (question, answer) in answers {
        *counts.entry((*question, -1, -1)).or_default() += 1;
        let rows = answer.rows(*question);
        // Texts and numbers are counted as answered only.
        if matches!(answer, Answer::Number(_) | Answer::Text(_)) {
            continue;
        }
        for r in rows {
            *counts
                .entry((r.question, r.row, r.option.unwrap_or(-1)))
                .or_default() += 1;
        }
    }
    if counts.is_empty() {
        return Ok(());
    }
    let models = counts
        .into_iter()
        .map(|((question, row, option), n)| survey_tally::ActiveModel {
            survey_id: Set(survey),
            question_id: Set(question),
            row: Set(row),
            option: Set(option),
            n: Set(n),
            ..Default::default()
        });
    survey_tally::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                survey_tally::Column::QuestionId,
                survey_tally::Column::Row,
                survey_tally::Column::Option,
            ])
            .value(
                survey_tally::Column::N,
                Expr::cust("survey_tally.n + excluded.n"),
            )
            .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    Ok(())
}
