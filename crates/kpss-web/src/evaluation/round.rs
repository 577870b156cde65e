//! The round's life: the coordinator opens it with a deadline, reviewers approve everything
//! submitted at once, the coordinator closes it; the wide and final steps are confirmed first.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::czech::{format_date, plural};
use kpss_domain::evaluation::RoundDraft;
use kpss_store::evaluation;

use super::{DashboardPage, dashboard_page};
use crate::action_plan::own_action_plan;
use crate::auth::Ctx;
use crate::confirm::{self, Confirmation};
use crate::form::{FormData, FormView};
use crate::{AppState, Error, flash};

/// `POST /akcni-plany/{id}/hodnoceni` – the coordinator opens the round with a deadline.
pub(super) async fn open_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let id = own_action_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let saved = match RoundDraft::parse(data.get("deadline")) {
        Ok(draft) => {
            let notices = round_notices(&ctx, &state, &headers, (id, &draft)).await?;
            evaluation::open_round_notifying(
                &state.store,
                ctx.tenant.id,
                &actor,
                (id, &draft),
                &notices,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(round) => {
            let text = format!(
                "Hodnocení bylo otevřeno; poskytovatelé odevzdávají do {}.",
                format_date(round.deadline)
            );
            flash::redirect(&ctx.session, &format!("/akcni-plany/{id}/hodnoceni"), text).await
        }
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

/// The notices of an opened round: to the editors of every organisation with a card in the
/// action plan, who report, and to the groups' managers, who judge.
async fn round_notices(
    ctx: &Ctx,
    state: &AppState,
    headers: &axum::http::HeaderMap,
    (id, draft): (i32, &RoundDraft),
) -> Result<Vec<kpss_domain::mail::MailDraft>, Error> {
    let ap = kpss_store::action_plan::action_plan(&state.store, ctx.scope.clone(), id).await?;
    let organisations: Vec<i32> =
        kpss_store::action_plan::cards(&state.store, ctx.scope.clone(), id)
            .await?
            .iter()
            .map(|c| c.placement.organisation_id)
            .collect();
    let accounts = kpss_store::account::all(&state.store, ctx.tenant.id).await?;
    let mut to = crate::mail::notice::editors_of(&accounts, &organisations);
    to.extend(accounts.into_iter().filter(|a| {
        a.active && a.role == kpss_domain::account::Role::Manager && !a.groups.is_empty()
    }));
    let deadline = format_date(draft.deadline);
    let notice = crate::mail::notice::Notice {
        kind: "kolo-otevreno",
        cause: format!("kolo-{id}"),
        subject: format!("Hodnocení akčního plánu {} je otevřené", ap.year),
        lines: vec![
            format!(
                "koordinátor otevřel hodnocení akčního plánu na rok {}. Poskytovatelé                  vyplní skutečnosti svých karet aktivit a odevzdají je do {deadline};                  pracovní skupiny pak posoudí plnění svých opatření.",
                ap.year
            ),
            "Karty, které na vás čekají, najdete na své úvodní stránce.".to_owned(),
        ],
        link: (
            format!(
                "{}/akcni-plany/{id}/hodnoceni",
                crate::mail::base_url(state, headers)
            ),
            "Hodnocení akčního plánu",
        ),
        tenant: &ctx.tenant.name,
    };
    Ok(notice.to(&to)?)
}

/// The round of the coordinator's own action plan as its dashboard counts it.
async fn round_page(ctx: &Ctx, state: &AppState, id: &str) -> Result<DashboardPage, Error> {
    let id = own_action_plan(ctx, state, id).await?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    dashboard_page(ctx, state, id, form).await
}

/// `GET /akcni-plany/{id}/hodnoceni/schvalit` – how many reports approving all would approve.
pub(super) async fn confirm_approve_submitted(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let actor = ctx.require_user()?.actor();
    if !(actor.is_admin() || actor.leads_any()) {
        return Err(Error::Forbidden);
    }
    let page = round_page(&ctx, &state, &id).await?;
    let mine: usize = page
        .groups
        .iter()
        .filter(|(code, ..)| actor.may_review_card(code))
        .map(|(.., p)| p.submitted)
        .sum();
    if !page.may_review || mine == 0 {
        return Err(Error::Conflict(
            "Žádné odevzdané hodnocení, které smíte posoudit, nečeká na schválení.".into(),
        ));
    }
    let year = page.action_plan.year;
    confirm::page(
        &ctx,
        Confirmation {
            title: format!("Schválit všechna odevzdaná hodnocení akčního plánu {year}?"),
            consequences: vec![
                format!(
                    "Schválí se {}, která smíte posoudit, aniž byste je otevírali jednotlivě.",
                    kpss_domain::czech::count(
                        mine,
                        "odevzdané hodnocení karty",
                        "odevzdaná hodnocení karet",
                        "odevzdaných hodnocení karet"
                    )
                ),
                "Jejich čísla se hned objeví ve veřejné zprávě o plnění.".into(),
            ],
            irreversible: "Schválené hodnocení už nelze vrátit poskytovateli k opravě.".into(),
            action: format!("/akcni-plany/{}/hodnoceni/schvalit", page.action_plan.id),
            fields: Vec::new(),
            confirm: "Ano, schválit všechna",
            back: (
                format!("/akcni-plany/{}/hodnoceni", page.action_plan.id),
                format!("Hodnocení akčního plánu {year}"),
            ),
        },
    )
}

/// `GET /akcni-plany/{id}/hodnoceni/uzavrit` – what closing the round means, with the
/// reports that would stay unapproved.
pub(super) async fn confirm_close_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let page = round_page(&ctx, &state, &id).await?;
    if !page.may_close {
        return Err(Error::Conflict(
            "Hodnocení tohoto akčního plánu neběží, není co uzavřít.".into(),
        ));
    }
    let (year, total) = (page.action_plan.year, &page.total);
    let open = total.total() - total.approved;
    let mut consequences = vec![
        format!(
            "Hodnocení akčního plánu {year} skončí: poskytovatelé už nic neodevzdají, manažeři              nic neschválí ani nevrátí."
        ),
        format!(
            "Zpráva o plnění bude pracovat se schválenými hodnoceními: {} z {}.",
            total.approved,
            kpss_domain::czech::count(total.total(), "karty", "karet", "karet")
        ),
    ];
    if open > 0 {
        consequences.push(format!(
            "{} zůstane bez schváleného hodnocení (chybí, čeká na schválení nebo je vráceno) a ve              zprávě se jako splnění nezapočte.",
            kpss_domain::czech::count(open, "karta", "karty", "karet")
        ));
    }
    confirm::page(
        &ctx,
        Confirmation {
            title: format!("Uzavřít hodnocení akčního plánu {year}?"),
            consequences,
            irreversible: "Uzavřené hodnocení už nelze znovu otevřít.".into(),
            action: format!("/akcni-plany/{}/hodnoceni/uzavrit", page.action_plan.id),
            fields: Vec::new(),
            confirm: "Ano, uzavřít hodnocení",
            back: (
                format!("/akcni-plany/{}/hodnoceni", page.action_plan.id),
                format!("Hodnocení akčního plánu {year}"),
            ),
        },
    )
}

/// `POST /akcni-plany/{id}/hodnoceni/schvalit` – approves every submitted report the
/// manager or coordinator may review.
pub(super) async fn approve_submitted(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    if !(actor.is_admin() || actor.leads_any()) {
        return Err(Error::Forbidden);
    }
    let id = own_action_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    if let Some(ask) = confirm::required(&data, &format!("/akcni-plany/{id}/hodnoceni/schvalit")) {
        return Ok(ask);
    }
    let approved = evaluation::approve_submitted(&state.store, ctx.tenant.id, &actor, id)
        .await
        .map_err(crate::action_plan::card::card_error)?;
    let text = if approved == 0 {
        "Žádné odevzdané hodnocení nečekalo na schválení.".to_owned()
    } else {
        format!(
            "{} {approved} {}.",
            plural(
                approved,
                ["Bylo schváleno", "Byla schválena", "Bylo schváleno"]
            ),
            plural(
                approved,
                ["hodnocení karty", "hodnocení karet", "hodnocení karet"]
            )
        )
    };
    flash::redirect(&ctx.session, &format!("/akcni-plany/{id}/hodnoceni"), text).await
}

/// `POST /akcni-plany/{id}/hodnoceni/uzavrit` – the coordinator ends the round.
pub(super) async fn close_round(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let id = own_action_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    if let Some(ask) = confirm::required(&data, &format!("/akcni-plany/{id}/hodnoceni/uzavrit")) {
        return Ok(ask);
    }
    match evaluation::close_round(&state.store, ctx.tenant.id, &actor, id).await {
        Ok(_) => {
            let text =
                "Hodnocení bylo uzavřeno; schválená čísla jsou teď podkladem souhrnné zprávy.";
            flash::redirect(&ctx.session, &format!("/akcni-plany/{id}/hodnoceni"), text).await
        }
        Err(kpss_store::Error::Conflict(_)) => {
            Err(Error::Conflict("Hodnocení už bylo uzavřeno.".into()))
        }
        Err(e) => Err(e.into()),
    }
}
