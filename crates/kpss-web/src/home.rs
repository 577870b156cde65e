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
    /// Running consultations: (id, plan's title, „do 31. 12. 2026“).
    consultations: Vec<(i32, String, String)>,
    /// Open public surveys: (id, title, „do 15. 1. 2027“).
    surveys: Vec<(i32, String, String)>,
}

/// `/`: the logged-in person's start page, else the public home.
pub async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    if let Some(user) = &ctx.user {
        return Ok(Html(crate::start::page(&ctx, &state, user).await?));
    }
    let (organisations, services, activities) =
        kpss_store::catalogue::counts(&state.store, ctx.scope.clone()).await?;
    let n = |count: u64| usize::try_from(count).unwrap_or(usize::MAX);
    let (consultations, surveys) = invitations(&ctx, &state).await?;
    Ok(Html(
        HomePage {
            layout: ctx.layout(),
            consultations,
            surveys,
            organisations: n(organisations),
            services: n(services),
            activities: n(activities),
        }
        .render()?,
    ))
}

/// An invitation on the home page: the id, the title and „do 31. 12. 2026“.
type Invitation = (i32, String, String);

/// What the public is invited to take part in today: running consultations of plan drafts and
/// documents, and open public surveys.
async fn invitations(
    ctx: &Ctx,
    state: &AppState,
) -> Result<(Vec<Invitation>, Vec<Invitation>), Error> {
    let today = kpss_domain::czech::today();
    let until = |d| format!("do {}", kpss_domain::czech::format_date(d));
    let running = kpss_store::consultation::running(&state.store, ctx.tenant.id, today).await?;
    let titles = kpss_store::consultation::titles(&state.store, ctx.tenant.id, &running).await?;
    let consultations = running
        .iter()
        .zip(titles)
        .map(|(c, title)| (c.id, title, until(c.period.closes_on)))
        .collect();
    let surveys = kpss_store::survey::surveys(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|s| s.draft.audience == kpss_domain::survey::Audience::Public && s.is_open(today))
        .map(|s| (s.id, s.draft.title, until(s.draft.period.closes_on)))
        .collect();
    Ok((consultations, surveys))
}
