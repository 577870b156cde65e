//! A provider's report on one card, and the manager's approval or return.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::action_plan::cost_field;
use kpss_domain::czech::format_date;
use kpss_domain::evaluation::{Actuals, ActualsInput, CardStatus, ReportAction};
use kpss_store::evaluation::{self};
use kpss_store::tenant::ListItem;

use crate::action_plan::card::{CardContext, card_context, card_error, rejected_form};
use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView, version};
use crate::{AppState, Error, flash};

#[derive(Template)]
#[template(path = "evaluation/report_form.html")]
struct ReportPage {
    layout: Layout,
    c: CardContext,
    form: FormView,
    statuses: Vec<(&'static str, &'static str)>,
    /// Each funding source with what the card planned from it, as a hint.
    sources: Vec<(ListItem, String)>,
    /// What the card planned, beside the fields for what happened.
    planned_clients: String,
    planned_capacity: String,
    /// (field name, indicator name, unit, target, what the project's events counted for an
    /// indicator fed by them)
    indicators: Vec<(String, String, String, String, Option<String>)>,
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
                ind.target.to_string(),
                ind.feed.map(|_| {
                    c.card
                        .report
                        .indicator_actuals
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or_default()
                        .to_string()
                }),
            )
        })
        .collect();
    let planned = |n: Option<i64>| {
        n.map(|n| format!("Plánováno: {}", kpss_domain::czech::group_thousands(n)))
            .unwrap_or_default()
    };
    let draft = &c.card.draft;
    let sources = sources
        .into_iter()
        .map(|s| {
            let amount = draft
                .costs
                .iter()
                .find(|(code, _)| *code == s.code)
                .map(|(_, amount)| {
                    format!("Plánováno: {}", kpss_domain::czech::format_czk(*amount))
                })
                .unwrap_or_default();
            (s, amount)
        })
        .collect();
    ReportPage {
        layout: ctx.layout(),
        planned_clients: planned(draft.planned_clients),
        planned_capacity: planned(draft.planned_capacity),
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

/// The report form filled from what the card holds; a report never saved starts from what
/// the card planned, so a provider whose year went as planned retypes nothing.
fn report_data(c: &CardContext) -> FormData {
    let r = &c.card.report;
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let draft = &c.card.draft;
    if r.status.is_none()
        && r.actual_clients.is_none()
        && r.actual_capacity.is_none()
        && r.actual_costs.is_empty()
    {
        let mut data = vec![
            ("version".to_owned(), c.card.version.to_string()),
            ("actual_clients".to_owned(), num(draft.planned_clients)),
            ("actual_capacity".to_owned(), num(draft.planned_capacity)),
        ];
        for (source, amount) in &draft.costs {
            data.push((cost_field(source), amount.to_string()));
        }
        return FormData(data);
    }
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
            actual.map(|a| a.to_string()).unwrap_or_default(),
        ));
    }
    FormData(data)
}

pub(super) async fn form(
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

pub(super) async fn save(
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
        Ok(()) => {
            let done = if submit {
                "bylo odevzdáno ke schválení"
            } else {
                "bylo uloženo (zatím neodevzdáno)"
            };
            let text = format!("Hodnocení karty „{}“ {done}.", c.card.draft.title);
            flash::redirect(&ctx.session, &format!("/karty/{}", c.card.id), text).await
        }
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
pub(super) async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let c = card_context(&ctx, &state, &id).await?;
    if c.action_plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    if !actor.may_review_card(&c.measure.group) {
        return Err(Error::Forbidden);
    }
    let (id, title) = (c.card.id, c.card.draft.title.clone());
    let organisation = c.card.placement.organisation_id;
    let year = c.action_plan.year;
    data.check_csrf(&ctx.session).await?;
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
    // A returned report tells its provider why, by mail as well as on the card.
    let notices = match &action {
        ReportAction::Return { reason } => {
            let accounts = kpss_store::account::all(&state.store, ctx.tenant.id).await?;
            let to = crate::mail::notice::editors_of(&accounts, &[organisation]);
            crate::mail::notice::Notice {
                kind: "hodnoceni-vraceno",
                cause: format!("vraceno-karta-{id}-v{}", version(&data)?),
                subject: format!("Hodnocení karty „{title}“ bylo vráceno k opravě"),
                lines: vec![
                    format!(
                        "hodnocení karty aktivity „{title}“ za rok {year} bylo vráceno k \
                         opravě s tímto zdůvodněním:"
                    ),
                    reason.clone(),
                    "Opravte prosím hodnocení a odevzdejte je znovu.".to_owned(),
                ],
                link: (
                    format!(
                        "{}/karty/{id}/hodnoceni",
                        crate::mail::base_url(&state, &headers)
                    ),
                    "Opravit hodnocení karty",
                ),
                tenant: &ctx.tenant.name,
            }
            .to(&to)?
        }
        _ => Vec::new(),
    };
    let key = ((id, version(&data)?), &action);
    match evaluation::review_notifying(&state.store, ctx.tenant.id, &actor, key, &notices).await
    {
        Ok(_) => {
            let done = match action {
                ReportAction::Submit => "bylo odevzdáno",
                ReportAction::Approve => "bylo schváleno",
                ReportAction::Return { .. } => "bylo vráceno poskytovateli k opravě",
            };
            let text = format!("Hodnocení karty „{title}“ {done}.");
            flash::redirect(&ctx.session, &format!("/karty/{id}"), text).await
        }
        Err(kpss_store::Error::Conflict(kpss_store::Conflict::Transition)) => Err(Error::Conflict(
            "Posoudit lze jen odevzdané hodnocení; toto mezitím někdo posoudil nebo ještě nebylo odevzdáno."
                .into(),
        )),
        Err(e) => Err(card_error(e)),
    }
}
