//! Dotazníková šetření on the web: the list and a survey's settings (`manage`), its questions
//! (`questions`), the questionnaire online and from paper (`answer`), and the results with
//! charts and a cross-tabulation (`results`), and the raw answers to take away (`export`).

mod answer;
mod export;
mod manage;
mod questions;
mod results;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::account::Actor;
use kpss_domain::survey::{self as rules, Question};
use kpss_store::survey::{self as store, Survey};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dotazniky", get(manage::list))
        .route(
            "/dotazniky/novy",
            get(manage::new_form).post(manage::create),
        )
        .route("/dotazniky/{id}", get(manage::page))
        .route(
            "/dotazniky/{id}/upravit",
            get(manage::edit_form).post(manage::update),
        )
        .route(
            "/dotazniky/{id}/otazky/nova",
            get(questions::new_form).post(questions::add),
        )
        .route(
            "/dotazniky/{id}/otazky/{question}",
            get(questions::edit_form).post(questions::update),
        )
        .route(
            "/dotazniky/{id}/otazky/{question}/smazat",
            post(questions::delete),
        )
        .route(
            "/dotazniky/{id}/otazky/{question}/posunout",
            post(questions::shift),
        )
        .route(
            "/dotazniky/{id}/vyplnit",
            get(answer::form).post(answer::send),
        )
        .route(
            "/dotazniky/{id}/papirovy",
            get(answer::paper_form).post(answer::paper),
        )
        .route("/dotazniky/{id}/vysledky", get(results::results))
        .route("/dotazniky/{id}/vysledky/{question}", get(results::texts))
        .route("/dotazniky/{id}/odpovedi.xlsx", get(export::xlsx))
        .route("/dotazniky/{id}/odpovedi.csv", get(export::csv))
}

/// A survey with its questions.
pub(crate) struct Loaded {
    pub survey: Survey,
    pub questions: Vec<Question>,
}

impl Loaded {
    /// „1. 2. 2026 – 28. 2. 2026“.
    pub fn period(&self) -> String {
        let p = &self.survey.draft.period;
        format!(
            "{} – {}",
            kpss_domain::czech::format_date(p.opens_on),
            kpss_domain::czech::format_date(p.closes_on)
        )
    }

    /// Whether it takes answers online today.
    pub fn is_open(&self) -> bool {
        self.survey.is_open(kpss_domain::czech::today())
    }

    /// Where it stands today, in words.
    pub fn state(&self) -> String {
        state_words(&self.survey)
    }
}

/// „otevřen do 28. 2. 2026“, „připravuje se – otevře se 1. 2. 2026“ or „uzavřen 28. 2. 2026“.
pub(crate) fn state_words(s: &Survey) -> String {
    let (today, p) = (kpss_domain::czech::today(), &s.draft.period);
    if today < p.opens_on {
        format!(
            "připravuje se – otevře se {}",
            kpss_domain::czech::format_date(p.opens_on)
        )
    } else if today <= p.closes_on {
        format!(
            "otevřen do {}",
            kpss_domain::czech::format_date(p.closes_on)
        )
    } else {
        format!("uzavřen {}", kpss_domain::czech::format_date(p.closes_on))
    }
}

/// The tenant's survey `id` with its questions.
async fn loaded(ctx: &Ctx, state: &AppState, id: &str) -> Result<Loaded, Error> {
    let survey = store::survey(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    let questions = store::questions(&state.store, survey.id).await?;
    Ok(Loaded { survey, questions })
}

/// The coordinator, who builds surveys and types in paper questionnaires.
fn coordinator(ctx: &Ctx) -> Result<Actor, Error> {
    let actor = ctx.require_user()?.actor();
    if rules::may_manage(Some(&actor)) {
        Ok(actor)
    } else {
        Err(Error::Forbidden)
    }
}

/// The logged-in actor, if any.
fn actor(ctx: &Ctx) -> Option<Actor> {
    ctx.user.as_ref().map(|u| u.actor())
}
