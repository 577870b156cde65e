//! Editing the catalogue: providers their own organisations, the coordinator everything.

mod history;
mod organisation;
mod service;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use kpss_store::catalogue::{self, Organisation};

pub use history::{organisation_history, service_history};
pub use organisation::{
    create_organisation, new_organisation, organisation_form, update_organisation,
};
pub use service::{create_service, new_service, service_form, update_service};

use crate::auth::{Ctx, Layout};
pub(crate) use crate::form::{rejection, version};
use crate::{AppState, Error};

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
