//! The home page: what kpss holds for this city and where to start.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::auth::{Ctx, Layout};
use crate::{AppState, Error};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    organisations: u64,
    services: u64,
    activities: u64,
}

pub async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let (organisations, services, activities) =
        kpss_store::catalogue::counts(&state.store, ctx.scope.clone()).await?;
    Ok(Html(
        HomePage {
            layout: ctx.layout(),
            organisations,
            services,
            activities,
        }
        .render()?,
    ))
}
