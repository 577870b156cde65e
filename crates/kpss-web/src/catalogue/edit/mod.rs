//! Editing the catalogue: providers their own organisations, the coordinator everything.

mod history;
mod organisation;
mod service;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Html;
use kpss_store::catalogue::{self, Organisation};

pub use history::{organisation_history, service_history};
pub use organisation::{
    create_organisation, new_organisation, organisation_form, update_organisation,
};
pub use service::{create_service, new_service, service_form, update_service};

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::{AppState, Error, messages};

#[derive(Template)]
#[template(path = "catalogue/overview.html")]
struct OverviewPage {
    layout: Layout,
    is_admin: bool,
    organisations: Vec<Organisation>,
}

/// `/sprava` – the organisations this account may edit.
pub async fn overview(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let actor = ctx.require_user()?.actor();
    let organisations = catalogue::organisations(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|o| actor.may_edit_organisation(o.id))
        .collect();
    Ok(Html(
        OverviewPage {
            layout: ctx.layout(),
            is_admin: actor.is_admin(),
            organisations,
        }
        .render()?,
    ))
}

/// How a rejected save is answered: the status, the form with what the user typed, and the
/// conflict notice when someone else saved first. Other errors pass through.
fn rejection(
    ctx: &Ctx,
    form: &FormData,
    err: kpss_store::Error,
) -> Result<(StatusCode, FormView, Option<&'static str>), Error> {
    match err {
        kpss_store::Error::Invalid(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            FormView::new(ctx.csrf.clone(), form).with_errors(&errors),
            None,
        )),
        kpss_store::Error::Conflict(kpss_store::Conflict::StaleVersion) => Ok((
            StatusCode::CONFLICT,
            FormView::new(ctx.csrf.clone(), form),
            Some(messages::STALE),
        )),
        other => Err(other.into()),
    }
}

fn version(form: &FormData) -> Result<i32, Error> {
    form.get("version").parse().map_err(|_| {
        Error::BadRequest("Formulář neobsahuje verzi záznamu; načtěte jej znovu.".into())
    })
}
