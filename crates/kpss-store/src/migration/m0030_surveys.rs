//! Questionnaire surveys: the survey with its audience and period, the groups asked, its
//! questions, and each respondent's answers as rows the database counts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, date, integer, integer_null, pk_auto, string,
    string_null, text, text_null, timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Survey {
    Table,
    Id,
    TenantId,
    PlanId,
    Title,
    Intro,
    Audience,
    OpensOn,
    ClosesOn,
    ResultsPublic,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyGroup {
    Table,
    Id,
    SurveyId,
    WorkGroupId,
}

#[derive(DeriveIden)]
enum SurveyQuestion {
    Table,
    Id,
    SurveyId,
    Position,
    Section,
    Text,
    Help,
    Kind,
    Required,
    Options,
    Other,
    Version,
}

#[derive(DeriveIden)]
enum SurveyResponse {
    Table,
    Id,
    TenantId,
    SurveyId,
    Respondent,
    Channel,
    Source,
    EnteredBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyAnswer {
    Table,
    Id,
    SurveyId,
    ResponseId,
    QuestionId,
    Row,
    Option,
    Number,
    Text,
}

#[derive(DeriveIden)]
enum SurveyTally {
    Table,
    Id,
    SurveyId,
    QuestionId,
    Row,
    Option,
    N,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Survey::Table)
                .col(pk_auto(Survey::Id))
                .col(integer(Survey::TenantId))
                .col(integer_null(Survey::PlanId))
                .col(string(Survey::Title))
                .col(text_null(Survey::Intro))
                .col(string(Survey::Audience))
                .col(date(Survey::OpensOn))
                .col(date(Survey::ClosesOn))
                .col(boolean(Survey::ResultsPublic))
                .col(integer(Survey::Version))
                .col(timestamp_with_time_zone(Survey::CreatedAt))
                .foreign_key(&mut fk(Survey::Table, Survey::TenantId, "tenant"))
                .foreign_key(&mut fk(Survey::Table, Survey::PlanId, "plan"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyGroup::Table)
                .col(pk_auto(SurveyGroup::Id))
                .col(integer(SurveyGroup::SurveyId))
                .col(integer(SurveyGroup::WorkGroupId))
                .foreign_key(&mut fk(SurveyGroup::Table, SurveyGroup::SurveyId, "survey"))
                .foreign_key(&mut fk(
                    SurveyGroup::Table,
                    SurveyGroup::WorkGroupId,
                    "work_group",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyQuestion::Table)
                .col(pk_auto(SurveyQuestion::Id))
                .col(integer(SurveyQuestion::SurveyId))
                .col(integer(SurveyQuestion::Position))
                .col(string_null(SurveyQuestion::Section))
                .col(text(SurveyQuestion::Text))
                .col(text_null(SurveyQuestion::Help))
                .col(string(SurveyQuestion::Kind))
                .col(boolean(SurveyQuestion::Required))
                // One choice or matrix statement per line.
                .col(text(SurveyQuestion::Options))
                .col(boolean(SurveyQuestion::Other))
                .col(integer(SurveyQuestion::Version))
                .foreign_key(&mut fk(
                    SurveyQuestion::Table,
                    SurveyQuestion::SurveyId,
                    "survey",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyResponse::Table)
                .col(pk_auto(SurveyResponse::Id))
                .col(integer(SurveyResponse::TenantId))
                .col(integer(SurveyResponse::SurveyId))
                // „organizace-5“ or „ucet-7“; none for anonymous answers.
                .col(string_null(SurveyResponse::Respondent))
                .col(string(SurveyResponse::Channel))
                // A keyed hash of the sender's address, for the limit per address.
                .col(string_null(SurveyResponse::Source))
                .col(integer_null(SurveyResponse::EnteredBy))
                .col(timestamp_with_time_zone(SurveyResponse::CreatedAt))
                .foreign_key(&mut fk(
                    SurveyResponse::Table,
                    SurveyResponse::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    SurveyResponse::Table,
                    SurveyResponse::SurveyId,
                    "survey",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyAnswer::Table)
                .col(pk_auto(SurveyAnswer::Id))
                .col(integer(SurveyAnswer::SurveyId))
                .col(integer(SurveyAnswer::ResponseId))
                .col(integer(SurveyAnswer::QuestionId))
                .col(integer(SurveyAnswer::Row))
                .col(integer_null(SurveyAnswer::Option))
                .col(big_integer_null(SurveyAnswer::Number))
                .col(text_null(SurveyAnswer::Text))
                .foreign_key(&mut fk(
                    SurveyAnswer::Table,
                    SurveyAnswer::ResponseId,
                    "survey_response",
                ))
                .foreign_key(&mut fk(
                    SurveyAnswer::Table,
                    SurveyAnswer::QuestionId,
                    "survey_question",
                ))
                .take(),
        )
        .await?;
        // What the answers add up to, kept in step with them so results read a few hundred
        // rows, not every answer: rows per (question, statement, choice or point; -1 for
        // „jiné“), and per question the respondents who answered it (statement -1).
        m.create_table(
            Table::create()
                .table(SurveyTally::Table)
                .col(pk_auto(SurveyTally::Id))
                .col(integer(SurveyTally::SurveyId))
                .col(integer(SurveyTally::QuestionId))
                .col(integer(SurveyTally::Row))
                .col(integer(SurveyTally::Option))
                .col(big_integer(SurveyTally::N))
                .foreign_key(&mut fk(SurveyTally::Table, SurveyTally::SurveyId, "survey"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("survey_tally_key")
                .table(SurveyTally::Table)
                .col(SurveyTally::QuestionId)
                .col(SurveyTally::Row)
                .col(SurveyTally::Option)
                .unique()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("survey_tally_survey")
                .table(SurveyTally::Table)
                .col(SurveyTally::SurveyId)
                .take(),
        )
        .await?;
        // One answer per organisation or member; anonymous answers (no key) are not limited.
        m.create_index(
            Index::create()
                .name("survey_response_respondent")
                .table(SurveyResponse::Table)
                .col(SurveyResponse::SurveyId)
                .col(SurveyResponse::Respondent)
                .unique()
                .take(),
        )
        .await?;
        // The results count by these columns of one survey without reading the table.
        m.create_index(
            Index::create()
                .name("survey_answer_counted")
                .table(SurveyAnswer::Table)
                .col(SurveyAnswer::SurveyId)
                .col(SurveyAnswer::QuestionId)
                .col(SurveyAnswer::Row)
                .col(SurveyAnswer::Option)
                .col(SurveyAnswer::ResponseId)
                .take(),
        )
        .await?;
        for (name, table, columns) in [
            (
                "survey_answer_response",
                "survey_answer",
                &["response_id", "question_id"][..],
            ),
            // Respondents of a question counted in order, without a sort.
            (
                "survey_answer_respondents",
                "survey_answer",
                &["survey_id", "question_id", "response_id"][..],
            ),
            // A question's texts in the order they came, the first page without a sort.
            (
                "survey_answer_texts",
                "survey_answer",
                &["survey_id", "question_id", "id"][..],
            ),
            (
                "survey_question_survey",
                "survey_question",
                &["survey_id", "position"][..],
            ),
            ("survey_response_source", "survey_response", &["source"][..]),
            ("survey_group_survey", "survey_group", &["survey_id"][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table));
            for c in columns {
                index.col(Alias::new(*c));
            }
            m.create_index(index).await?;
        }
        Ok(())
    }
}
