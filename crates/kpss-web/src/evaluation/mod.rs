//! The evaluation on the web (eSRP): the round dashboard, the provider's report on a card,
//! and the manager's approval or return.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::{get, post};
use kpss_domain::czech::format_date;
use kpss_domain::evaluation::{Progress, ReportState, is_overdue, progress_by_group};
use kpss_store::action_plan::ActionPlan;
use kpss_store::evaluation::{self, Round};

use crate::action_plan::{measures, organisation_names, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::plan::PlanView;
use crate::{AppState, Error};

mod card_report;
mod judgement;
mod round;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/akcni-plany/{id}/hodnoceni",
            get(dashboard).post(round::open_round),
        )
        .route(
            "/karty/{id}/hodnoceni",
            get(card_report::form).post(card_report::save),
        )
        .route("/karty/{id}/posouzeni", post(card_report::review))
        .route(
            "/akcni-plany/{id}/hodnoceni/uzavrit",
            get(round::confirm_close_round).post(round::close_round),
        )
        .route(
            "/akcni-plany/{id}/hodnoceni/schvalit",
            get(round::confirm_approve_submitted).post(round::approve_submitted),
        )
        .route("/akcni-plany/{id}/hodnoceni/opatreni", get(judgement::list))
        .route(
            "/akcni-plany/{id}/hodnoceni/opatreni/schvalit",
            get(judgement::confirm_approve_all).post(judgement::approve_all),
        )
        .route(
            "/akcni-plany/{id}/hodnoceni/opatreni/{measure}",
            get(judgement::form).post(judgement::save),
        )
        .route(
            "/akcni-plany/{id}/hodnoceni/opatreni/{measure}/posouzeni",
            post(judgement::review),
        )
        .route(
            "/akcni-plany/{id}/hodnoceni/skupiny/{part}",
            get(judgement::group_text_form).post(judgement::group_text_save),
        )
}

/// A card waiting for someone.
struct Pending {
    id: i32,
    title: String,
    group: String,
    organisation: String,
    state: &'static str,
    state_code: &'static str,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "evaluation/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    round: Option<Round>,
    deadline: String,
    groups: Vec<(String, String, Progress)>,
    total: Progress,
    pending: Vec<Pending>,
    /// Per group: code, measures judged (submitted or further), approved, all measures.
    judging: Vec<(String, usize, usize, usize)>,
    /// The year's approved judgements by group, drawn.
    verdicts: Option<kpss_docs::chart::Chart>,
    may_open: bool,
    may_close: bool,
    /// A reviewer may approve all submitted reports at once.
    may_review: bool,
    form: FormView,
}

async fn dashboard_page(
    ctx: &Ctx,
    state: &AppState,
    id: i32,
    form: FormView,
) -> Result<DashboardPage, Error> {
    // Who is late and what was returned is for those who act in the round, not the public.
    let actor = ctx.require_user()?.actor();
    if !actor.may_follow_round() {
        return Err(Error::Forbidden);
    }
    let (ap, tree) = visible_action_plan(ctx, state, id).await?;
    let round = evaluation::round(&state.store, ctx.scope.clone(), ap.id).await?;
    let cards = kpss_store::action_plan::cards(&state.store, ctx.scope.clone(), ap.id).await?;
    let measures = measures(&tree);
    let group_of: HashMap<i32, &str> = measures.iter().map(|m| (m.id, m.group.as_str())).collect();
    let names = organisation_names(state, ap.tenant_id).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let (mut groups, mut total, mut pending) = (Vec::new(), Progress::default(), Vec::new());
    if let Some(round) = &round {
        let (by_group, sum) = progress_by_group(
            cards.iter().map(|c| {
                (
                    group_of.get(&c.placement.measure_id).copied().unwrap_or(""),
                    c.report.state,
                    1,
                )
            }),
            round.deadline,
            today,
        );
        total = sum;
        groups = tree
            .parts
            .iter()
            .filter_map(|p| {
                by_group
                    .get(&p.group)
                    .map(|g| (p.group.clone(), p.draft.name.clone(), *g))
            })
            .collect();
        pending = cards
            .iter()
            .filter(|c| c.report.state != ReportState::Approved)
            .filter(|c| {
                ap.tenant_id == ctx.tenant.id
                    && actor.may_see_report(kpss_domain::action_plan::CardOwner {
                        organisation: c.placement.organisation_id,
                        group: group_of.get(&c.placement.measure_id).copied().unwrap_or(""),
                    })
            })
            .map(|c| Pending {
                id: c.id,
                title: c.draft.title.clone(),
                group: group_of
                    .get(&c.placement.measure_id)
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                organisation: names
                    .get(&c.placement.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                state: c.report.state.name(),
                state_code: c.report.state.code(),
                overdue: is_overdue(c.report.state, round.deadline, today),
            })
            .collect();
        // What is late first, then what waits for approval.
        pending.sort_by_key(|p| (!p.overdue, p.state_code != "submitted", p.group.clone()));
    }
    let judged = evaluation::judgements(&state.store, ctx.scope.clone(), &[ap.id]).await?;
    let judging = judgement::judging_progress(&tree, &judged);
    let verdicts = round.as_ref().map(|_| {
        let per_group: Vec<(String, kpss_domain::report::Verdicts)> = judging
            .iter()
            .map(|(code, _, approved, all)| {
                let mut counts = [0usize; 4];
                for j in judged.iter().filter(|j| {
                    j.state == ReportState::Approved
                        && group_of.get(&j.measure_id).copied() == Some(code.as_str())
                }) {
                    if let Some(i) = kpss_domain::evaluation::Fulfilment::ALL
                        .iter()
                        .position(|f| *f == j.judgement.fulfilment)
                    {
                        counts[i] += 1;
                    }
                }
                let verdicts = kpss_domain::report::Verdicts {
                    counts,
                    not_judged: all.saturating_sub(*approved),
                };
                (code.clone(), verdicts)
            })
            .collect();
        kpss_docs::report::verdicts_chart("graf-plneni-kola", &per_group)
    });
    let is_admin =
        ap.tenant_id == ctx.tenant.id && ctx.user.as_ref().is_some_and(|u| u.actor().is_admin());
    let may_open = round.is_none() && is_admin;
    let may_close = round.as_ref().is_some_and(|r| !r.closed) && is_admin;
    let round_open = round.as_ref().is_some_and(|r| !r.closed) && ap.tenant_id == ctx.tenant.id;
    let may_review = round_open
        && total.submitted > 0
        && ctx
            .user
            .as_ref()
            .is_some_and(|u| u.actor().is_admin() || u.actor().leads_any());
    Ok(DashboardPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        deadline: round
            .as_ref()
            .map(|r| format_date(r.deadline))
            .unwrap_or_default(),
        round,
        action_plan: ap,
        groups,
        total,
        pending,
        judging,
        verdicts,
        may_open,
        may_close,
        may_review,
        form,
    })
}

async fn dashboard(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    let page = dashboard_page(&ctx, &state, parse_id(&id)?, form).await?;
    Ok(Html(page.render()?))
}
