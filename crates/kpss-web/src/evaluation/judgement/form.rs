//! The judgement of one measure: kpss's proposal and the evidence beside the group's form, the
//! manager's save or submit, and the coordinator's approval or return.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::evaluation::{
    Fulfilment, Judgement, JudgementInput, ReportAction, ReportState, indicator_actual_field,
};
use kpss_domain::quantity::Quantity;
use kpss_store::action_plan::{ActionPlan, Card};
use kpss_store::evaluation::{self, MeasureJudgement};

use super::{actor_of, may_judge, proposal, with_round};
use crate::action_plan::own_action_plan;
use crate::action_plan::{MeasureInfo, measures, organisation_names};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::confirm::{self, Confirmation};
use crate::form::{FormData, FormView, rejection, version};
use crate::plan::PlanView;
use crate::{AppState, Error, flash, messages};

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
    target: Option<Quantity>,
    /// The stored actual value, as shown when the form is read-only.
    stored: String,
    /// The value counted from the measure's events, for an indicator they feed.
    counted: Option<Quantity>,
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
        .measures()
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
    let tally = kpss_store::event::tallies(&state.store, ap.tenant_id, &[measure_id])
        .await?
        .remove(&(measure_id, ap.year))
        .unwrap_or_default();
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
            counted: ind.feed.map(|f| f.value(tally)),
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
            let actual = match ind.counted {
                Some(counted) => counted,
                None => Quantity::parse(form_view.0.value(&ind.field)).ok()?,
            };
            actual.percent_of(ind.target?)
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
pub(crate) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    let actor = ctx.require_user()?.actor();
    let page = form_page(&ctx, &state, (&id, &measure), None).await?;
    // An unapproved judgement is for the group's manager and the coordinator; the public list
    // shows the approved verdicts.
    if !actor.may_review_card(&page.measure.group) {
        return Err(Error::Forbidden);
    }
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
pub(crate) async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let page = form_page(&ctx, &state, (&id, &measure), None).await?;
    // Who may, and whose record, before the form is read.
    if page.action_plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    if !actor.may_review_card(&page.measure.group) {
        return Err(Error::Forbidden);
    }
    data.check_csrf(&ctx.session).await?;
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
        Ok(()) => {
            let to = format!(
                "/akcni-plany/{}/hodnoceni/opatreni#skupina-{}",
                page.action_plan.id, page.measure.group
            );
            let done = if submit {
                "bylo odevzdáno ke schválení"
            } else {
                "bylo uloženo"
            };
            let text = format!("Posouzení opatření {} {done}.", page.measure.code);
            flash::redirect(&ctx.session, &to, text).await
        }
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
pub(crate) async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let id = own_action_plan(&ctx, &state, &id).await?;
    let measure = parse_id(&measure)?;
    data.check_csrf(&ctx.session).await?;
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
    let text = match action {
        ReportAction::Return { .. } => "Posouzení opatření bylo vráceno skupině k doplnění.",
        _ => "Posouzení opatření bylo schváleno.",
    };
    flash::redirect(
        &ctx.session,
        &format!("/akcni-plany/{id}/hodnoceni/opatreni"),
        text,
    )
    .await
}

/// `GET /akcni-plany/{id}/hodnoceni/opatreni/schvalit` – how many judgements approving all
/// would approve.
pub(crate) async fn confirm_approve_all(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let id = own_action_plan(&ctx, &state, &id).await?;
    let (ap, _, round) = super::with_round(&ctx, &state, &id.to_string()).await?;
    let submitted = evaluation::judgements(&state.store, ctx.scope.clone(), &[ap.id])
        .await?
        .iter()
        .filter(|j| j.state == kpss_domain::evaluation::ReportState::Submitted)
        .count();
    if round.closed || submitted == 0 {
        return Err(Error::Conflict(
            "Žádné odevzdané posouzení opatření nečeká na schválení.".into(),
        ));
    }
    let year = ap.year;
    confirm::page(
        &ctx,
        Confirmation {
            title: format!("Schválit všechna odevzdaná posouzení opatření {year}?"),
            consequences: vec![
                format!(
                    "Schválí se {} pracovních skupin, aniž byste je otevírali jednotlivě.",
                    kpss_domain::czech::count(
                        submitted,
                        "odevzdané posouzení opatření",
                        "odevzdaná posouzení opatření",
                        "odevzdaných posouzení opatření"
                    )
                ),
                "Jejich plnění se hned započte do zpráv o plnění a souhrnné zprávy.".into(),
            ],
            irreversible: "Schválené posouzení už nelze vrátit skupině k doplnění.".into(),
            action: format!("/akcni-plany/{id}/hodnoceni/opatreni/schvalit"),
            fields: Vec::new(),
            confirm: "Ano, schválit všechna",
            back: (
                format!("/akcni-plany/{id}/hodnoceni/opatreni"),
                format!("Posouzení opatření {year}"),
            ),
        },
    )
}

/// `POST /akcni-plany/{id}/hodnoceni/opatreni/schvalit` – the coordinator approves every
/// submitted judgement.
pub(crate) async fn approve_all(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let id = own_action_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let ask = format!("/akcni-plany/{id}/hodnoceni/opatreni/schvalit");
    if let Some(ask) = confirm::required(&data, &ask) {
        return Ok(ask);
    }
    let approved = evaluation::approve_judgements(&state.store, ctx.tenant.id, &actor, id)
        .await
        .map_err(judgement_error)?;
    let text = if approved == 0 {
        "Žádné odevzdané posouzení opatření nečekalo na schválení.".to_owned()
    } else {
        format!(
            "{} {approved} posouzení opatření.",
            kpss_domain::czech::plural(
                approved,
                ["Bylo schváleno", "Byla schválena", "Bylo schváleno"]
            )
        )
    };
    flash::redirect(
        &ctx.session,
        &format!("/akcni-plany/{id}/hodnoceni/opatreni"),
        text,
    )
    .await
}
