//! The tenant's own lists on the web: the coordinator keeps the funding sources.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_domain::FieldErrors;
use kpss_store::tenant::{self, ListItem};

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/sprava/zdroje", get(page).post(save))
}

#[derive(Template)]
#[template(path = "tenant/funding_sources.html")]
struct SourcesPage {
    layout: Layout,
    form: FormView,
    saved: bool,
}

fn as_text(items: &[ListItem]) -> String {
    items
        .iter()
        .map(|i| format!("{}; {}", i.code, i.name))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let items = tenant::funding_sources(&state.store, ctx.tenant.id).await?;
    let data = FormData(vec![("sources".into(), as_text(&items))]);
    let page = SourcesPage {
        layout: ctx.layout(),
        form: FormView::new(ctx.csrf.clone(), &data),
        saved: false,
    };
    Ok(Html(page.render()?))
}

async fn save(ctx: Ctx, State(state): State<AppState>, data: FormData) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let result = match kpss_domain::funding::parse_code_list(data.get("sources")) {
        Ok(items) => {
            let items: Vec<ListItem> = items
                .into_iter()
                .map(|(code, name)| ListItem { code, name })
                .collect();
            tenant::set_funding_sources(&state.store, ctx.tenant.id, &actor, &items).await
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("sources", e);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(()) => {
            let items = tenant::funding_sources(&state.store, ctx.tenant.id).await?;
            let data = FormData(vec![("sources".into(), as_text(&items))]);
            let page = SourcesPage {
                layout: ctx.layout(),
                form: FormView::new(ctx.csrf.clone(), &data),
                saved: true,
            };
            Ok(Html(page.render()?).into_response())
        }
        Err(kpss_store::Error::Invalid(errors)) => {
            let page = SourcesPage {
                layout: ctx.layout(),
                form: FormView::new(ctx.csrf.clone(), &data).with_errors(&errors),
                saved: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
