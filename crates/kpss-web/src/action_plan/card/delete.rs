//! Deleting a card: a page that says what it means, then the delete itself.

use axum::extract::{Path, State};
use axum::response::{Html, Response};
use kpss_domain::evaluation::ReportState;
use kpss_store::account::Account;
use kpss_store::action_plan;

use super::form::may_edit;
use super::{card_context, card_error};
use crate::auth::Ctx;
use crate::confirm::{self, Confirmation};
use crate::form::{FormData, version};
use crate::{AppState, Error, flash};

/// `GET /karty/{id}/smazat` – what deleting the card means, before it is done.
pub async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let c = card_context(&ctx, &state, &id).await?;
    may_edit(&ctx, &c)?;
    if !c.may_plan(
        ctx.user.as_ref().map(Account::actor).as_ref(),
        ctx.tenant.id,
    ) || c.card.report.state != ReportState::Missing
    {
        return Err(Error::Conflict(crate::messages::CARD_LOCKED.into()));
    }
    let title = &c.card.draft.title;
    confirm::page(
        &ctx,
        Confirmation {
            title: format!("Smazat kartu „{title}“?"),
            consequences: vec![
                format!(
                    "Karta zmizí z akčního plánu {} i s plánovanými náklady a ukazateli.",
                    c.action_plan.year
                ),
                format!(
                    "Součty opatření {} se o její plánované náklady sníží.",
                    c.measure.code
                ),
            ],
            irreversible: "Smazanou kartu nelze obnovit; bylo by třeba ji založit znovu.".into(),
            action: format!("/karty/{}/smazat", c.card.id),
            fields: vec![("version", c.card.version.to_string())],
            confirm: "Ano, smazat kartu",
            back: (format!("/karty/{}", c.card.id), title.clone()),
        },
    )
}

pub async fn delete_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let c = card_context(&ctx, &state, &id).await?;
    may_edit(&ctx, &c)?;
    data.check_csrf(&ctx.session).await?;
    if let Some(ask) = confirm::required(&data, &format!("/karty/{}/smazat", c.card.id)) {
        return Ok(ask);
    }
    action_plan::delete_card(
        &state.store,
        ctx.tenant.id,
        &actor,
        (c.card.id, version(&data)?),
    )
    .await
    .map_err(card_error)?;
    flash::redirect(
        &ctx.session,
        &format!("/akcni-plany/{}", c.action_plan.id),
        format!("Karta „{}“ byla smazána.", c.card.draft.title),
    )
    .await
}
