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
    organisations: usize,
    services: usize,
    activities: usize,
}

/// `/`: the logged-in person's start page, else the public home.
pub async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    if let Some(user) = &ctx.user {
        return Ok(Html(crate::start::page(&ctx, &state, user).await?));
    }
    let (organisations, services, activities) =
        kpss_store::catalogue::counts(&state.store, ctx.scope.clone()).await?;
    let n = |count: u64| usize::try_from(count).unwrap_or(usize::MAX);
    Ok(Html(
        HomePage {
            layout: ctx.layout(),
            organisations: n(organisations),
            services: n(services),
            activities: n(activities),
        }
        .render()?,
    ))
}
