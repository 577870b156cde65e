//! The groups' judgements of their measures in a round: the list of measures with where each
//! judgement stands, the form a manager judges a measure in (with kpss's proposal and the
//! evidence beside it), the coordinator's review, and the group's evaluation of its part.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kpss_domain::evaluation::{
    Fulfilment, Judgement, JudgementInput, ReportAction, ReportState, indicator_actual_field,
    parse_evaluation_text, propose,
};
use kpss_domain::quantity::Quantity;
use kpss_store::action_plan::{ActionPlan, Card};
use kpss_store::evaluation::{self, MeasureJudgement, Round};
use kpss_store::plan::PlanTree;

use crate::action_plan::{MeasureInfo, measures, organisation_names, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection, version};
use crate::plan::PlanView;
use crate::{AppState, Error, messages};

/// A measure in the round's list.
struct MeasureRow {
    info: MeasureInfo,
    state: &'static str,
    state_code: &'static str,
    fulfilment: Option<&'static str>,
    proposal: &'static str,
    may_judge: bool,
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
    /// Signed-in people open a measure's judgement; the public sees the list only.
    signed_in: bool,
}

/// The action plan, its plan and its round (which must have been opened).
async fn with_round(
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
fn proposal(cards: &[&Card], percents: &[i64]) -> Fulfilment {
    propose(
        cards
            .iter()
            .filter(|c| c.report.state == ReportState::Approved)
            .filter_map(|c| c.report.status),
        percents,
    )
}

fn actor_of(ctx: &Ctx) -> Option<kpss_domain::account::Actor> {
    ctx.user.as_ref().map(kpss_store::account::Account::actor)
}

/// Whether the actor may judge this group's measures in this round now.
fn may_judge(ctx: &Ctx, ap: &ActionPlan, round: &Round, group: &str) -> bool {
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
            let may = may_judge(&ctx, &ap, &round, &part.draft.code);
            GroupRow {
                code: part.draft.code.clone(),
                name: part.draft.name.clone(),
                part_id: part.id,
                has_text: texts.iter().any(|t| t.part_id == part.id),
                may_write: may,
                measures: infos
                    .iter()
                    .filter(|m| m.group == part.draft.code)
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
                            fulfilment: j.map(|j| j.judgement.fulfilment.name()),
                            proposal: proposal(&of_measure, &[]).name(),
                            may_judge: may,
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
            signed_in: ctx.user.is_some(),
        }
        .render()?,
    ))
}

/// An approved card as the judgement form shows it.
struct Evidence {
    id: i32,
    title: String,
    organisation: String,
    status: String,
    clients: String,
    comment: String,
}

/// A measure indicator in the form: its field, name, unit and the year's target.
struct IndicatorField {
    field: String,
    name: String,
    unit: String,
    target: Option<i64>,
    /// The stored actual value, as shown when the form is read-only.
    stored: String,
}

#[derive(Template)]
#[template(path = "evaluation/judgement_form.html")]
struct FormPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    measure: MeasureInfo,
    form: FormView,
    notice: Option<&'static str>,
    fulfilments: Vec<(&'static str, &'static str)>,
    proposal: Fulfilment,
    evidence: Vec<Evidence>,
    /// Cards whose report is not approved yet: they are not evidence.
    unapproved: usize,
    indicators: Vec<IndicatorField>,
    stored: Option<MeasureJudgement>,
    may_edit: bool,
    may_review: bool,
}

/// Everything the form page shows besides the form.
async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    (id, measure_id): (&str, &str),
    form: Option<(FormView, Option<&'static str>)>,
) -> Result<FormPage, Error> {
    let (ap, tree, round) = with_round(ctx, state, id).await?;
    let measure_id = parse_id(measure_id)?;
    let info = measures(&tree)
        .into_iter()
        .find(|m| m.id == measure_id)
        .ok_or(Error::NotFound)?;
    let funding = tree
        .parts
        .iter()
        .flat_map(|p| &p.goals)
        .flat_map(|g| &g.measures)
        .find(|m| m.id == measure_id)
        .map(|m| m.funding.clone())
        .unwrap_or_default();
    let stored = evaluation::judgements(&state.store, ctx.scope.clone(), &[ap.id])
        .await?
        .into_iter()
        .find(|j| j.measure_id == measure_id);
    let cards: Vec<Card> = kpss_store::action_plan::cards(&state.store, ctx.scope.clone(), ap.id)
        .await?
        .into_iter()
        .filter(|c| c.placement.measure_id == measure_id)
        .collect();
    let names = organisation_names(state, ap.tenant_id).await?;
    let indicators: Vec<IndicatorField> = funding
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| IndicatorField {
            field: indicator_actual_field(i),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            target: ind
                .targets
                .iter()
                .find(|(y, _)| *y == ap.year)
                .map(|(_, t)| *t),
            stored: stored
                .as_ref()
                .and_then(|j| j.judgement.indicator_actuals.get(i).copied().flatten())
                .map(|q| q.to_string())
                .unwrap_or_default(),
        })
        .collect();
    let form_view = match form {
        Some(f) => f,
        None => (FormView::new(ctx.csrf.clone(), &stored_data(&stored)), None),
    };
    // The proposal weighs the indicator values on the form against the year's targets.
    let percents: Vec<i64> = indicators
        .iter()
        .filter_map(|ind| {
            let actual = Quantity::parse(form_view.0.value(&ind.field)).ok()?;
            actual.percent_of(Quantity::whole(ind.target?))
        })
        .collect();
    let refs: Vec<&Card> = cards.iter().collect();
    let state_now = stored.as_ref().map_or(ReportState::Missing, |j| j.state);
    let may_edit = may_judge(ctx, &ap, &round, &info.group) && state_now.is_editable();
    let may_review = !round.closed
        && ap.tenant_id == ctx.tenant.id
        && state_now == ReportState::Submitted
        && actor_of(ctx).is_some_and(|a| a.is_admin());
    Ok(FormPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        proposal: proposal(&refs, &percents),
        evidence: cards
            .iter()
            .filter(|c| c.report.state == ReportState::Approved)
            .map(|c| Evidence {
                id: c.id,
                title: c.draft.title.clone(),
                organisation: names
                    .get(&c.placement.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                status: c.report.status.map(|s| s.name()).unwrap_or("").to_owned(),
                clients: format!(
                    "{} / {}",
                    c.draft
                        .planned_clients
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    c.report
                        .actual_clients
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ),
                comment: c.report.comment.clone().unwrap_or_default(),
            })
            .collect(),
        unapproved: cards
            .iter()
            .filter(|c| c.report.state != ReportState::Approved)
            .count(),
        action_plan: ap,
        measure: info,
        form: form_view.0,
        notice: form_view.1,
        fulfilments: Fulfilment::ALL
            .iter()
            .map(|f| (f.code(), f.name()))
            .collect(),
        indicators,
        stored,
        may_edit,
        may_review,
    })
}

/// The form filled from the stored judgement.
fn stored_data(stored: &Option<MeasureJudgement>) -> FormData {
    let Some(j) = stored else {
        return FormData(vec![("version".into(), "0".into())]);
    };
    let mut data = vec![
        ("version".to_owned(), j.version.to_string()),
        (
            "fulfilment".to_owned(),
            j.judgement.fulfilment.code().to_owned(),
        ),
        (
            "reasoning".to_owned(),
            j.judgement.reasoning.clone().unwrap_or_default(),
        ),
        (
            "achieved".to_owned(),
            j.judgement.achieved.clone().unwrap_or_default(),
        ),
    ];
    for (i, actual) in j.judgement.indicator_actuals.iter().enumerate() {
        data.push((
            indicator_actual_field(i),
            actual.map(|a| a.to_string()).unwrap_or_default(),
        ));
    }
    FormData(data)
}

/// `GET /akcni-plany/{id}/hodnoceni/opatreni/{measure}` – the judgement of one measure.
pub(super) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    ctx.require_user()?;
    let page = form_page(&ctx, &state, (&id, &measure), None).await?;
    Ok(Html(page.render()?))
}

fn judgement_error(err: kpss_store::Error) -> Error {
    match err {
        kpss_store::Error::Conflict(kpss_store::Conflict::NotEditable) => {
            Error::Conflict(messages::JUDGEMENT_LOCKED.into())
        }
        kpss_store::Error::Conflict(kpss_store::Conflict::Transition) => Error::Conflict(
            "Posoudit lze jen odevzdané posouzení; toto mezitím někdo posoudil nebo ještě nebylo odevzdáno."
                .into(),
        ),
        other => other.into(),
    }
}

/// `POST /akcni-plany/{id}/hodnoceni/opatreni/{measure}` – saves or submits the judgement.
pub(super) async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    data.check_csrf(&ctx.session).await?;
    let page = form_page(&ctx, &state, (&id, &measure), None).await?;
    let fields: Vec<String> = page.indicators.iter().map(|i| i.field.clone()).collect();
    let input = JudgementInput {
        fulfilment: data.get("fulfilment"),
        reasoning: data.get("reasoning"),
        achieved: data.get("achieved"),
        indicators: fields.iter().map(|f| data.get(f)).collect(),
    };
    let submit = data.get("action") == "odevzdat";
    let key = (page.action_plan.id, page.measure.id, version(&data)?);
    let saved = match Judgement::parse(&input) {
        Ok(judgement) => {
            evaluation::save_judgement(&state.store, ctx.tenant.id, &actor, key, &judgement, submit)
                .await
                .map(drop)
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!(
            "/akcni-plany/{}/hodnoceni/opatreni#skupina-{}",
            page.action_plan.id, page.measure.group
        ))
        .into_response()),
        Err(err @ kpss_store::Error::Conflict(kpss_store::Conflict::NotEditable)) => {
            Err(judgement_error(err))
        }
        Err(err) => {
            let (status, form, notice) = rejection(&ctx, &data, err)?;
            let page = form_page(&ctx, &state, (&id, &measure), Some((form, notice))).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

/// `POST /akcni-plany/{id}/hodnoceni/opatreni/{measure}/posouzeni` – the coordinator
/// approves the judgement or returns it with a reason.
pub(super) async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let (id, measure) = (parse_id(&id)?, parse_id(&measure)?);
    let action = match data.get("action") {
        "schvalit" => ReportAction::Approve,
        "vratit" if data.get("reason").trim().is_empty() => {
            return Err(Error::BadRequest(
                "Při vrácení posouzení uveďte důvod, aby skupina věděla, co doplnit.".into(),
            ));
        }
        "vratit" => ReportAction::Return {
            reason: data.get("reason").trim().to_owned(),
        },
        _ => return Err(Error::BadRequest("Neznámý krok posouzení.".into())),
    };
    evaluation::review_judgement(
        &state.store,
        ctx.tenant.id,
        &actor,
        (id, measure, version(&data)?),
        &action,
    )
    .await
    .map_err(judgement_error)?;
    Ok(Redirect::to(&format!("/akcni-plany/{id}/hodnoceni/opatreni")).into_response())
}

/// `POST /akcni-plany/{id}/hodnoceni/opatreni/schvalit` – the coordinator approves every
/// submitted judgement.
pub(super) async fn approve_all(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let id = parse_id(&id)?;
    evaluation::approve_judgements(&state.store, ctx.tenant.id, &actor, id)
        .await
        .map_err(judgement_error)?;
    Ok(Redirect::to(&format!("/akcni-plany/{id}/hodnoceni/opatreni")).into_response())
}

#[derive(Template)]
#[template(path = "evaluation/group_text.html")]
struct GroupTextPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    code: String,
    name: String,
    form: FormView,
    notice: Option<&'static str>,
}

/// The round, the part and its stored text; only for those who may write it now.
async fn group_text_context(
    ctx: &Ctx,
    state: &AppState,
    (id, part): (&str, &str),
) -> Result<
    (
        ActionPlan,
        PlanTree,
        i32,
        Option<kpss_store::evaluation::GroupText>,
    ),
    Error,
> {
    let (ap, tree, round) = with_round(ctx, state, id).await?;
    let part_id = parse_id(part)?;
    let code = tree
        .parts
        .iter()
        .find(|p| p.id == part_id)
        .map(|p| p.draft.code.clone())
        .ok_or(Error::NotFound)?;
    if round.closed {
        return Err(Error::Conflict(messages::ROUND_NOT_OPEN.into()));
    }
    if !may_judge(ctx, &ap, &round, &code) {
        return Err(Error::Forbidden);
    }
    let stored = evaluation::group_texts(&state.store, ctx.scope.clone(), &[ap.id])
        .await?
        .into_iter()
        .find(|t| t.part_id == part_id);
    Ok((ap, tree, part_id, stored))
}

fn group_text_page(
    ctx: &Ctx,
    ap: ActionPlan,
    tree: &PlanTree,
    part_id: i32,
    (form, notice): (FormView, Option<&'static str>),
) -> GroupTextPage {
    let part = tree.parts.iter().find(|p| p.id == part_id);
    GroupTextPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        action_plan: ap,
        code: part.map(|p| p.draft.code.clone()).unwrap_or_default(),
        name: part.map(|p| p.draft.name.clone()).unwrap_or_default(),
        form,
        notice,
    }
}

/// `GET /akcni-plany/{id}/hodnoceni/skupiny/{part}` – the group's evaluation of its part.
pub(super) async fn group_text_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    ctx.require_user()?;
    let (ap, tree, part_id, stored) = group_text_context(&ctx, &state, (&id, &part)).await?;
    let data = FormData(vec![
        (
            "version".into(),
            stored.as_ref().map_or(0, |t| t.version).to_string(),
        ),
        ("text".into(), stored.map(|t| t.text).unwrap_or_default()),
    ]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(
        group_text_page(&ctx, ap, &tree, part_id, (form, None)).render()?,
    ))
}

/// `POST /akcni-plany/{id}/hodnoceni/skupiny/{part}` – saves it.
pub(super) async fn group_text_save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    data.check_csrf(&ctx.session).await?;
    let (ap, tree, part_id, _) = group_text_context(&ctx, &state, (&id, &part)).await?;
    let saved = match parse_evaluation_text(data.get("text")) {
        Ok(text) => {
            evaluation::save_group_text(
                &state.store,
                ctx.tenant.id,
                &actor,
                (ap.id, part_id, version(&data)?),
                &text,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => {
            Ok(Redirect::to(&format!("/akcni-plany/{}/hodnoceni/opatreni", ap.id)).into_response())
        }
        Err(err) => {
            let (status, form, notice) = rejection(&ctx, &data, err)?;
            let page = group_text_page(&ctx, ap, &tree, part_id, (form, notice));
            Ok((status, Html(page.render()?)).into_response())
        }
    }
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
                .filter(|m| m.group == p.draft.code)
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
