//! One activity card: its page, and how card errors are answered; the planning form is in
//! `form`.

mod choices;
mod delete;
mod form;

pub use delete::{confirm_delete, delete_card};
pub use form::{create_card, edit_card, new_card, update_card};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Html;
use kpss_domain::account::Actor;
use kpss_domain::action_plan::{ActionPlanState, CardOwner};
use kpss_domain::czech::{format_czk, format_date};
use kpss_domain::evaluation::ReportState;
use kpss_domain::money::sum;
use kpss_store::action_plan::{self, ActionPlan, Card};
use kpss_store::tenant::ListItem;

use super::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection};
use crate::plan::PlanView;
use crate::{AppState, Error};

/// A funding source's planned and actual amount on a card.
pub(crate) struct CostRow {
    pub source: String,
    pub planned: String,
    pub actual: String,
}

/// An indicator with its target, actual value and fulfilment.
pub(crate) struct IndicatorRow {
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
    pub fulfilment: String,
    /// „počet účastníků akcí projektu“ for an indicator the project's events count.
    pub fed: Option<&'static str>,
}

/// The planned and actual amounts per source, in the tenant's order of sources, and totals.
pub(crate) fn cost_rows(card: &Card, sources: &[ListItem]) -> (Vec<CostRow>, CostRow) {
    let figures = card.figures(0);
    let rows = sources
        .iter()
        .filter_map(|s| {
            let cost = figures.costs.iter().find(|c| c.source == s.code)?;
            Some(CostRow {
                source: s.name.clone(),
                planned: format_czk(cost.planned),
                actual: cost.actual.map(format_czk).unwrap_or_default(),
            })
        })
        .collect();
    let reported = !card.report.actual_costs.is_empty();
    let total = CostRow {
        source: "Celkem".into(),
        planned: format_czk(sum(figures.costs.iter().map(|c| c.planned))),
        actual: if reported {
            format_czk(sum(figures.costs.iter().filter_map(|c| c.actual)))
        } else {
            String::new()
        },
    };
    (rows, total)
}

pub(crate) fn indicator_rows(card: &Card) -> Vec<IndicatorRow> {
    card.draft
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let actual = card.report.indicator_actuals.get(i).copied().flatten();
            IndicatorRow {
                name: ind.name.clone(),
                unit: ind.unit.clone(),
                target: ind.target.to_string(),
                actual: actual.map(|a| a.to_string()).unwrap_or_default(),
                fulfilment: actual
                    .and_then(|a| a.percent_of(ind.target))
                    .map(|p| format!("{p}\u{a0}%"))
                    .unwrap_or_default(),
                fed: ind
                    .feed
                    .map(kpss_domain::event::IndicatorFeed::name_for_card),
            }
        })
        .collect()
}

/// A card with everything around it that its pages show.
pub(crate) struct CardContext {
    pub card: Card,
    pub action_plan: ActionPlan,
    pub plan: PlanView,
    pub measure: MeasureInfo,
    pub organisation: String,
    pub service: Option<String>,
}

impl CardContext {
    /// Whether `actor` may change what this card plans (only while planning is open).
    pub fn may_plan(&self, actor: Option<&Actor>, tenant: i32) -> bool {
        self.action_plan.state == ActionPlanState::Open
            && self.action_plan.tenant_id == tenant
            && actor.is_some_and(|a| a.may_edit_card(self.owner()))
    }

    pub fn owner(&self) -> CardOwner<'_> {
        CardOwner {
            organisation: self.card.placement.organisation_id,
            group: &self.measure.group,
        }
    }
}

/// Loads a card readable by this request, with its action plan, plan and measure.
pub(crate) async fn card_context(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<CardContext, Error> {
    let card = action_plan::card(&state.store, ctx.scope.clone(), parse_id(id)?).await?;
    let (ap, tree) = visible_action_plan(ctx, state, card.action_plan_id).await?;
    let measure = measures(&tree)
        .into_iter()
        .find(|m| m.id == card.placement.measure_id)
        .ok_or(Error::NotFound)?;
    let organisation = kpss_store::catalogue::organisation(
        &state.store,
        ctx.scope.clone(),
        card.placement.organisation_id,
    )
    .await?
    .draft
    .name;
    let service = match card.placement.service_id {
        Some(sid) => Some(
            kpss_store::catalogue::service(&state.store, ctx.scope.clone(), sid)
                .await?
                .draft
                .name,
        ),
        None => None,
    };
    Ok(CardContext {
        card,
        action_plan: ap,
        plan: PlanView::new(&tree.plan),
        measure,
        organisation,
        service,
    })
}

#[derive(Template)]
#[template(path = "action_plan/card.html")]
struct CardPage {
    layout: Layout,
    c: CardContext,
    costs: Vec<CostRow>,
    total: CostRow,
    indicators: Vec<IndicatorRow>,
    may_plan: bool,
    may_delete: bool,
    may_report: bool,
    may_review: bool,
    /// Whether this visitor sees the evaluation's figures (approved, or theirs to act on).
    show_report: bool,
    deadline: Option<String>,
    /// Who last submitted, approved and returned the evaluation, and when: (step, when, who).
    report_steps: Vec<(&'static str, String, String)>,
    /// The project's events.
    events: Vec<crate::event::EventRow>,
    /// Whether the visitor may plan the project's events.
    may_run_events: bool,
}

/// The latest submission, approval and return of a card's evaluation, from the audit log.
fn report_steps(history: &[kpss_store::audit::Entry]) -> Vec<(&'static str, String, String)> {
    [
        ("submit", "Odevzdáno"),
        (ReportState::Approved.code(), "Schváleno"),
        (ReportState::Returned.code(), "Vráceno k opravě"),
    ]
    .into_iter()
    .filter_map(|(action, label)| {
        // Newest first: the first entry of an action is its latest.
        let entry = history.iter().find(|e| e.action == action)?;
        Some((
            label,
            kpss_domain::czech::format_datetime(entry.at),
            entry.by.clone().unwrap_or_else(|| "kpss".to_owned()),
        ))
    })
    .collect()
}

pub async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let mut c = card_context(&ctx, &state, &id).await?;
    let actor = ctx.user.as_ref().map(kpss_store::account::Account::actor);
    let state_now = c.card.report.state;
    // Figures the provider saved, submitted or had returned are not public until approved.
    let show_report = state_now == ReportState::Approved
        || (c.card.tenant_id == ctx.tenant.id
            && actor.as_ref().is_some_and(|a| a.may_see_report(c.owner())));
    if !show_report {
        c.card.report = c.card.report.state_only();
    }
    let sources = kpss_store::tenant::funding_sources(&state.store, c.card.tenant_id).await?;
    let (costs, total) = cost_rows(&c.card, &sources);
    let round =
        kpss_store::evaluation::round(&state.store, ctx.scope.clone(), c.action_plan.id).await?;
    let round_open = round.as_ref().is_some_and(|r| !r.closed) && c.card.tenant_id == ctx.tenant.id;
    let may_plan = c.may_plan(actor.as_ref(), ctx.tenant.id);
    // Names of who acted are for the people of the tenant, not for the public.
    let report_steps = if actor.is_some() && c.card.tenant_id == ctx.tenant.id {
        let history =
            kpss_store::audit::history(&state.store, ctx.tenant.id, "activity_card", c.card.id)
                .await?;
        report_steps(&history)
    } else {
        Vec::new()
    };
    let events = if c.card.tenant_id == ctx.tenant.id {
        crate::event::rows(
            &kpss_store::event::card_events(&state.store, ctx.tenant.id, c.card.id).await?,
        )
    } else {
        Vec::new()
    };
    let project_owner = kpss_domain::event::EventOwner {
        group: Some(&c.measure.group),
        organisation: Some(c.card.placement.organisation_id),
    };
    let may_run_events = c.card.tenant_id == ctx.tenant.id
        && actor
            .as_ref()
            .is_some_and(|a| kpss_domain::event::may_run(a, project_owner));
    let page = CardPage {
        events,
        may_run_events,
        report_steps,
        show_report,
        layout: ctx.layout(),
        costs,
        total,
        indicators: indicator_rows(&c.card),
        may_plan,
        may_delete: may_plan && state_now == ReportState::Missing,
        may_report: round_open
            && state_now.is_editable()
            && actor.as_ref().is_some_and(|a| a.may_edit_card(c.owner())),
        may_review: round_open
            && state_now == ReportState::Submitted
            && actor
                .as_ref()
                .is_some_and(|a| a.may_review_card(&c.measure.group)),
        deadline: round.map(|r| format_date(r.deadline)),
        c,
    };
    Ok(Html(page.render()?))
}

/// A rejected card form shown again with what the user typed; a stale save or a locked card
/// is answered on its own page.
pub(crate) fn rejected_form(
    ctx: &Ctx,
    data: &FormData,
    err: kpss_store::Error,
) -> Result<(StatusCode, FormView), Error> {
    match err {
        kpss_store::Error::Invalid(_) => {
            let (status, form, _) = rejection(ctx, data, err)?;
            Ok((status, form))
        }
        other => Err(card_error(other)),
    }
}

/// Answers a store error on a card with the card's wording.
pub(crate) fn card_error(err: kpss_store::Error) -> Error {
    match err {
        kpss_store::Error::Conflict(kpss_store::Conflict::NotEditable) => {
            Error::Conflict(crate::messages::CARD_LOCKED.into())
        }
        other => other.into(),
    }
}
