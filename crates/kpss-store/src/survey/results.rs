//! What a survey's answers add up to, counted by the database: the rows of each choice and
//! point, the respondents of each question, the numbers given, the texts written, the answers
//! to one question split by another, and the raw answers for export.

use std::collections::HashMap;

use kpss_domain::survey::{AnswerRow, Question, QuestionKind};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::Channel;
use crate::entity::{survey_answer, survey_response, survey_tally};
use crate::{Result, Store};

/// The database's counts of one survey.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Questionnaires filled in.
    pub responses: i64,
    /// Per question: (statement, option, rows).
    pub rows: HashMap<i32, Vec<(i32, Option<i32>, i64)>>,
    /// Per question: how many respondents answered it.
    pub answered: HashMap<i32, i64>,
    /// Per number question: the numbers given, in hundredths.
    pub numbers: HashMap<i32, Vec<i64>>,
}

/// Counts the answers to the survey's `questions`.
pub async fn counts(store: &Store, survey: i32, questions: &[Question]) -> Result<Counts> {
    let db = store.db();
    let tallied: Vec<(i32, i32, i32, i64)> = survey_tally::Entity::find()
        .select_only()
        .column(survey_tally::Column::QuestionId)
        .column(survey_tally::Column::Row)
        .column(survey_tally::Column::Option)
        .column(survey_tally::Column::N)
        .filter(survey_tally::Column::SurveyId.eq(survey))
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Counts {
        responses: i64::try_from(super::responses::count_answers(db, survey).await?)
            .unwrap_or(i64::MAX),
        ..Counts::default()
    };
    for q in questions {
        out.answered.insert(q.id, 0);
    }
    for (question, row, option, n) in tallied {
        if row < 0 {
            out.answered.insert(question, n);
        } else {
            let option = (option >= 0).then_some(option);
            out.rows.entry(question).or_default().push((row, option, n));
        }
    }
    let of_kind = |kinds: &[QuestionKind]| -> Vec<i32> {
        questions
            .iter()
            .filter(|q| kinds.contains(&q.draft.kind))
            .map(|q| q.id)
            .collect()
    };
    let numbered = of_kind(&[QuestionKind::Number]);
    if !numbered.is_empty() {
        let numbers: Vec<(i32, Option<i64>)> = survey_answer::Entity::find()
            .select_only()
            .column(survey_answer::Column::QuestionId)
            .column(survey_answer::Column::Number)
            .filter(survey_answer::Column::SurveyId.eq(survey))
            .filter(survey_answer::Column::QuestionId.is_in(numbered))
            .into_tuple()
            .all(db)
            .await?;
        for (q, n) in numbers {
            if let Some(n) = n {
                out.numbers.entry(q).or_default().push(n);
            }
        }
    }
    Ok(out)
}

/// The texts written in answer to a question of the survey (or beside „jiné“), the earliest
/// first: those from `offset` on, at most `limit`.
pub async fn texts(
    store: &Store,
    (survey, question): (i32, i32),
    (offset, limit): (u64, u64),
) -> Result<Vec<String>> {
    // The survey narrows the search to its part of the answers' index.
    let page: Vec<Option<String>> = written(survey, question)
        .select_only()
        .column(survey_answer::Column::Text)
        .order_by_asc(survey_answer::Column::Id)
        .offset(offset)
        .limit(limit)
        .into_tuple()
        .all(store.db())
        .await?;
    Ok(page.into_iter().flatten().collect())
}

/// How many texts were written in answer to a question of the survey (or beside „jiné“).
pub async fn text_count(store: &Store, (survey, question): (i32, i32)) -> Result<u64> {
    Ok(written(survey, question).count(store.db()).await?)
}

fn written(survey: i32, question: i32) -> sea_orm::Select<survey_answer::Entity> {
    survey_answer::Entity::find()
        .filter(survey_answer::Column::SurveyId.eq(survey))
        .filter(survey_answer::Column::QuestionId.eq(question))
        .filter(survey_answer::Column::Text.is_not_null())
}

#[derive(FromQueryResult)]
struct Cell {
    by_option: Option<i32>,
    option: Option<i32>,
    n: i64,
}

/// The answers to `of` split by the answer to `by`: rows `(by's option, of's option, count)`,
/// and per `by`'s option the respondents who answered `of`.
pub async fn crosstab(
    store: &Store,
    survey: i32,
    (by, of): (i32, i32),
) -> Result<(
    Vec<(Option<i32>, Option<i32>, i64)>,
    Vec<(Option<i32>, i64)>,
)> {
    use survey_answer::Column as A;
    let (a, b) = (Alias::new("a"), Alias::new("b"));
    let base = || {
        let mut q = Query::select();
        q.expr_as(Expr::col((b.clone(), A::Option)), Alias::new("by_option"))
            .from_as(survey_answer::Entity, a.clone())
            .join_as(
                JoinType::InnerJoin,
                survey_answer::Entity,
                b.clone(),
                Expr::col((b.clone(), A::ResponseId))
                    .equals((a.clone(), A::ResponseId))
                    .and(Expr::col((b.clone(), A::QuestionId)).eq(by)),
            )
            .and_where(Expr::col((a.clone(), A::SurveyId)).eq(survey))
            .and_where(Expr::col((a.clone(), A::QuestionId)).eq(of))
            .group_by_col((b.clone(), A::Option));
        q
    };
    let backend = store.db().get_database_backend();
    let mut cells = base();
    cells
        .expr_as(Expr::col((a.clone(), A::Option)), Alias::new("option"))
        .expr_as(Expr::col((a.clone(), A::Id)).count(), Alias::new("n"))
        .group_by_col((a.clone(), A::Option));
    let cells = Cell::find_by_statement(backend.build(&cells))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.by_option, c.option, c.n))
        .collect();
    let mut bases = base();
    bases
        .expr_as(Expr::val(Option::<i32>::None), Alias::new("option"))
        .expr_as(
            Expr::col((a.clone(), A::ResponseId)).count_distinct(),
            Alias::new("n"),
        );
    let bases = Cell::find_by_statement(backend.build(&bases))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.by_option, c.n))
        .collect();
    Ok((cells, bases))
}

/// One questionnaire as exported: who, how and when, and every row of its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub id: i32,
    pub channel: Channel,
    /// The organisation answered for, in a providers' survey.
    pub organisation: Option<i32>,
    pub created_at: time::OffsetDateTime,
    pub answers: Vec<AnswerRow>,
}

/// Every questionnaire of the survey with its answers, in the order they came.
pub async fn raw(store: &Store, survey: i32) -> Result<Vec<RawResponse>> {
    let responses = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey))
        .order_by_asc(survey_response::Column::Id)
        .all(store.db())
        .await?;
    let rows = survey_answer::Entity::find()
        .filter(survey_answer::Column::SurveyId.eq(survey))
        .order_by_asc(survey_answer::Column::ResponseId)
        .order_by_asc(survey_answer::Column::Id)
        .all(store.db())
        .await?;
    let mut by_response: HashMap<i32, Vec<AnswerRow>> = HashMap::new();
    for r in rows {
        by_response
            .entry(r.response_id)
            .or_default()
            .push(AnswerRow {
                question: r.question_id,
                row: r.row,
                option: r.option,
                number: r.number,
                text: r.text,
            });
    }
    responses
        .into_iter()
        .map(|m| {
            Ok(RawResponse {
                id: m.id,
                channel: crate::decode("channel", &m.channel, Channel::parse)?,
                organisation: m
                    .respondent
                    .as_deref()
                    .and_then(|k| k.strip_prefix("organizace-"))
                    .and_then(|id| id.parse().ok()),
                created_at: m.created_at,
                answers: by_response.remove(&m.id).unwrap_or_default(),
            })
        })
        .collect()
}
