//! The groups' judgements of their measures in a round: the list of measures with where each
//! judgement stands, the form a manager judges a measure in (`form`), and the group's
//! evaluation of its part (`group_text`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use kpss_domain::evaluation::{Fulfilment, ReportState, propose};
use kpss_store::action_plan::{ActionPlan, Card};
use kpss_store::evaluation::{self, MeasureJudgement, Round};
use kpss_store::plan::PlanTree;

use crate::action_plan::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::plan::PlanView;
use crate::{AppState, Error};

mod form;
mod group_text;

pub(super) use form::{approve_all, confirm_approve_all, form, review, save};
pub(super) use group_text::{group_text_form, group_text_save};

/// A measure in the round's list.
struct MeasureRow {
    info: MeasureInfo,
    state: &'static str,
    state_code: &'static str,
    fulfilment: Option<&'static str>,
    proposal: &'static str,
    may_judge: bool,
    /// Whether the visitor may open the measure's judgement (its group's manager, the
    /// coordinator); everyone else reads the list.
    may_open: bool,
}

/// A group in the round's list.
struct GroupRow {
    code: String,
    name: String,
    part_id: i32,
    measures: Vec<MeasureRow>,
    has_text: bool,
    may_write: bool,
}

#[derive(Template)]
#[template(path = "evaluation/judgements.html")]
struct ListPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    round: Round,
    groups: Vec<GroupRow>,
    submitted: usize,
    is_admin: bool,
}

/// The action plan, its plan and its round (which must have been opened).
pub(super) async fn with_round(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(ActionPlan, PlanTree, Round), Error> {
    let (ap, tree) = visible_action_plan(ctx, state, parse_id(id)?).await?;
    let round = evaluation::round(&state.store, ctx.scope.clone(), ap.id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((ap, tree, round))
}

/// What kpss proposes for a measure from its approved cards of the year and the indicator
/// values typed so far.
pub(super) fn proposal(cards: &[&Card], percents: &[i64]) -> Fulfilment {
    propose(
        cards
            .iter()
            .filter(|c| c.report.state == ReportState::Approved)
            .filter_map(|c| c.report.status),
        percents,
    )
}

pub(super) fn actor_of(ctx: &Ctx) -> Option<kpss_domain::account::Actor> {
    ctx.user.as_ref().map(kpss_store::account::Account::actor)
}

/// Whether the actor may judge this group's measures in this round now.
pub(super) fn may_judge(ctx: &Ctx, ap: &ActionPlan, round: &Round, group: &str) -> bool {
    !round.closed
        && ap.tenant_id == ctx.tenant.id
        && actor_of(ctx).is_some_and(|a| a.may_review_card(group))
}

/// `GET /akcni-plany/{id}/hodnoceni/opatreni` – every measure with its judgement.
pub(super) async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (ap, tree, round) = with_round(&ctx, &state, &id).await?;
    let judged: HashMap<i32, MeasureJudgement> =
        evaluation::judgements(&state.store, ctx.scope.clone(), &[ap.id])
            .await?
            .into_iter()
            .map(|j| (j.measure_id, j))
            .collect();
    let texts = evaluation::group_texts(&state.store, ctx.scope.clone(), &[ap.id]).await?;
    let cards = kpss_store::action_plan::cards(&state.store, ctx.scope.clone(), ap.id).await?;
    let infos = measures(&tree);
    let groups = tree
        .parts
        .iter()
        .map(|part| {
            let may = may_judge(&ctx, &ap, &round, &part.group);
            GroupRow {
                code: part.draft.code.clone(),
                name: part.draft.name.clone(),
                part_id: part.id,
                has_text: texts.iter().any(|t| t.part_id == part.id),
                may_write: may,
                measures: infos
                    .iter()
                    .filter(|m| m.group == part.group)
                    .map(|m| {
                        let of_measure: Vec<&Card> = cards
                            .iter()
                            .filter(|c| c.placement.measure_id == m.id)
                            .collect();
                        let j = judged.get(&m.id);
                        let state = j.map_or(ReportState::Missing, |j| j.state);
                        MeasureRow {
                            info: m.clone(),
                            state: if j.is_none() {
                                "neposouzeno"
                            } else if state == ReportState::Missing {
                                "rozpracováno"
                            } else {
                                state.name()
                            },
                            state_code: state.code(),
                            // An unapproved judgement is for those who may act on it.
                            fulfilment: j
                                .filter(|j| {
                                    j.state == ReportState::Approved
                                        || (ap.tenant_id == ctx.tenant.id
                                            && actor_of(&ctx)
                                                .is_some_and(|a| a.may_review_card(&m.group)))
                                })
                                .map(|j| j.judgement.fulfilment.name()),
                            proposal: proposal(&of_measure, &[]).name(),
                            may_judge: may,
                            may_open: actor_of(&ctx).is_some_and(|a| a.may_review_card(&m.group)),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let submitted = judged
        .values()
        .filter(|j| j.state == ReportState::Submitted)
        .count();
    let is_admin = ap.tenant_id == ctx.tenant.id
        && !round.closed
        && actor_of(&ctx).is_some_and(|a| a.is_admin());
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            plan: PlanView::new(&tree.plan),
            action_plan: ap,
            round,
            groups,
            submitted,
            is_admin,
        }
        .render()?,
    ))
}

/// How far the groups got with judging their measures: (code, judged, approved, all).
#[must_use]
pub(super) fn judging_progress(
    tree: &PlanTree,
    judged: &[MeasureJudgement],
) -> Vec<(String, usize, usize, usize)> {
    let infos = measures(tree);
    tree.parts
        .iter()
        .map(|p| {
            let ids: Vec<i32> = infos
                .iter()
                .filter(|m| m.group == p.group)
                .map(|m| m.id)
                .collect();
            let of_group = judged.iter().filter(|j| ids.contains(&j.measure_id));
            let submitted = of_group
                .clone()
                .filter(|j| j.state != ReportState::Missing)
                .count();
            let approved = of_group
                .filter(|j| j.state == ReportState::Approved)
                .count();
            (p.draft.code.clone(), submitted, approved, ids.len())
        })
        .collect()
}
