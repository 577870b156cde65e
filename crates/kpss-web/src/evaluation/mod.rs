//! The evaluation on the web (eSRP): the round dashboard, the provider's report on a card,
//! and the manager's approval or return.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kpss_domain::action_plan::cost_field;
use kpss_domain::czech::format_date;
use kpss_domain::evaluation::{
    Actuals, ActualsInput, CardStatus, Progress, ReportAction, ReportState, RoundDraft, is_overdue,
    progress_by_group,
};
use kpss_store::action_plan::ActionPlan;
use kpss_store::evaluation::{self, Round};
use kpss_store::tenant::ListItem;

use crate::action_plan::card::{CardContext, card_context, card_error, rejected_form};
use crate::action_plan::{measures, organisation_names, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, version};
use crate::plan::PlanView;
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/akcni-plany/{id}/hodnoceni",
            get(dashboard).post(open_round),
        )
        .route("/karty/{id}/hodnoceni", get(report_form).post(save_report))
        .route("/karty/{id}/posouzeni", post(review))
        .route("/akcni-plany/{id}/hodnoceni/uzavrit", post(close_round))
        .route(
            "/akcni-plany/{id}/hodnoceni/schvalit",
            post(approve_submitted),
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
                    .get(&p.draft.code)
                    .map(|g| (p.draft.code.clone(), p.draft.name.clone(), *g))
            })
            .collect();
        pending = cards
            .iter()
            .filter(|c| c.report.state != ReportState::Approved)
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

/// `POST /akcni-plany/{id}/hodnoceni` – the coordinator opens the round with a deadline.
async fn open_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let id = parse_id(&id)?;
    let saved = match RoundDraft::parse(data.get("deadline")) {
        Ok(draft) => evaluation::open_round(&state.store, ctx.tenant.id, &actor, id, &draft)
            .await
            .map(drop),
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/akcni-plany/{id}/hodnoceni")).into_response()),
        Err(kpss_store::Error::Invalid(errors)) => {
            let form = FormView::new(ctx.csrf.clone(), &data).with_errors(&errors);
            let page = dashboard_page(&ctx, &state, id, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(kpss_store::Error::Conflict(kpss_store::Conflict::Duplicate)) => {
            Err(Error::Conflict(crate::messages::ROUND_EXISTS.into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /akcni-plany/{id}/hodnoceni/schvalit` – approves every submitted report the
/// manager or coordinator may review.
async fn approve_submitted(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    data.check_csrf(&ctx.session).await?;
    if !(actor.is_admin() || actor.leads_any()) {
        return Err(Error::Forbidden);
    }
    let id = parse_id(&id)?;
    evaluation::approve_submitted(&state.store, ctx.tenant.id, &actor, id)
        .await
        .map_err(crate::action_plan::card::card_error)?;
    Ok(Redirect::to(&format!("/akcni-plany/{id}/hodnoceni")).into_response())
}

/// `POST /akcni-plany/{id}/hodnoceni/uzavrit` – the coordinator ends the round.
async fn close_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let id = parse_id(&id)?;
    match evaluation::close_round(&state.store, ctx.tenant.id, &actor, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/akcni-plany/{id}/hodnoceni")).into_response()),
        Err(kpss_store::Error::Conflict(_)) => {
            Err(Error::Conflict("Hodnocení už bylo uzavřeno.".into()))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "evaluation/report_form.html")]
struct ReportPage {
    layout: Layout,
    c: CardContext,
    form: FormView,
    statuses: Vec<(&'static str, &'static str)>,
    sources: Vec<ListItem>,
    /// (field name, indicator name, unit, target)
    indicators: Vec<(String, String, String, i64)>,
    deadline: String,
}

fn report_page(
    ctx: &Ctx,
    c: CardContext,
    form: FormView,
    sources: Vec<ListItem>,
    deadline: String,
) -> ReportPage {
    let indicators = c
        .card
        .draft
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            (
                kpss_domain::evaluation::indicator_actual_field(i),
                ind.name.clone(),
                ind.unit.clone(),
                ind.target,
            )
        })
        .collect();
    ReportPage {
        layout: ctx.layout(),
        c,
        form,
        statuses: CardStatus::ALL
            .iter()
            .map(|s| (s.code(), s.name()))
            .collect(),
        sources,
        indicators,
        deadline,
    }
}

/// The card, its round's deadline, and the actor, if the actor may report on it now.
async fn reportable(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(CardContext, String, kpss_domain::account::Actor), Error> {
    let actor = ctx.require_user()?.actor();
    let c = card_context(ctx, state, id).await?;
    if c.card.tenant_id != ctx.tenant.id || !actor.may_edit_card(c.owner()) {
        return Err(Error::Forbidden);
    }
    let round = evaluation::round(&state.store, ctx.tenant.id, c.action_plan.id).await?;
    let Some(round) = round.filter(|r| !r.closed) else {
        return Err(card_error(kpss_store::Error::Conflict(
            kpss_store::Conflict::NotEditable,
        )));
    };
    if !c.card.report.state.is_editable() {
        return Err(card_error(kpss_store::Error::Conflict(
            kpss_store::Conflict::NotEditable,
        )));
    }
    Ok((c, format_date(round.deadline), actor))
}

/// The report form filled from what the card holds.
fn report_data(c: &CardContext) -> FormData {
    let r = &c.card.report;
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut data = vec![
        ("version".to_owned(), c.card.version.to_string()),
        (
            "status".to_owned(),
            r.status.map(|s| s.code().to_owned()).unwrap_or_default(),
        ),
        ("actual_clients".to_owned(), num(r.actual_clients)),
        ("actual_capacity".to_owned(), num(r.actual_capacity)),
        ("comment".to_owned(), r.comment.clone().unwrap_or_default()),
    ];
    for (source, amount) in &r.actual_costs {
        data.push((cost_field(source), amount.to_string()));
    }
    for (i, actual) in r.indicator_actuals.iter().enumerate() {
        data.push((
            kpss_domain::evaluation::indicator_actual_field(i),
            num(*actual),
        ));
    }
    FormData(data)
}

async fn report_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (c, deadline, _) = reportable(&ctx, &state, &id).await?;
    let sources = kpss_store::tenant::funding_sources(&state.store, c.card.tenant_id).await?;
    let form = FormView::new(ctx.csrf.clone(), &report_data(&c));
    Ok(Html(
        report_page(&ctx, c, form, sources, deadline).render()?,
    ))
}

async fn save_report(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (c, deadline, actor) = reportable(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let sources = kpss_store::tenant::funding_sources(&state.store, c.card.tenant_id).await?;
    let fields: Vec<(String, String)> = sources
        .iter()
        .map(|s| (s.code.clone(), cost_field(&s.code)))
        .collect();
    let indicator_fields: Vec<String> = (0..c.card.draft.indicators.len())
        .map(kpss_domain::evaluation::indicator_actual_field)
        .collect();
    let input = ActualsInput {
        status: data.get("status"),
        actual_clients: data.get("actual_clients"),
        actual_capacity: data.get("actual_capacity"),
        comment: data.get("comment"),
        costs: fields
            .iter()
            .map(|(code, field)| (code.as_str(), data.get(field)))
            .collect(),
        indicators: indicator_fields.iter().map(|f| data.get(f)).collect(),
    };
    let codes: Vec<String> = sources.iter().map(|s| s.code.clone()).collect();
    let submit = data.get("action") == "odevzdat";
    let saved = match Actuals::parse(&input, &codes) {
        Ok(actuals) => {
            evaluation::save_report(
                &state.store,
                ctx.tenant.id,
                &actor,
                (c.card.id, version(&data)?),
                &actuals,
                submit,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/karty/{}", c.card.id)).into_response()),
        Err(err) => {
            let (status, form) = rejected_form(&ctx, &data, err)?;
            Ok((
                status,
                Html(report_page(&ctx, c, form, sources, deadline).render()?),
            )
                .into_response())
        }
    }
}

/// `POST /karty/{id}/posouzeni` – approve, or return with a reason.
async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    data.check_csrf(&ctx.session).await?;
    let id = parse_id(&id)?;
    let action = match data.get("action") {
        "schvalit" => ReportAction::Approve,
        "vratit" => {
            let reason = data.get("reason").trim();
            if reason.is_empty() {
                return Err(Error::BadRequest(
                    "Při vrácení hodnocení uveďte důvod, aby poskytovatel věděl, co opravit."
                        .into(),
                ));
            }
            ReportAction::Return {
                reason: reason.to_owned(),
            }
        }
        _ => return Err(Error::BadRequest("Neznámý krok posouzení.".into())),
    };
    match evaluation::review(&state.store, ctx.tenant.id, &actor, (id, version(&data)?), &action)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/karty/{id}")).into_response()),
        Err(kpss_store::Error::Conflict(kpss_store::Conflict::Transition)) => Err(Error::Conflict(
            "Posoudit lze jen odevzdané hodnocení; toto mezitím někdo posoudil nebo ještě nebylo odevzdáno."
                .into(),
        )),
        Err(e) => Err(card_error(e)),
    }
}
