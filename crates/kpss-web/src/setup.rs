//! The first coordinator of a new installation, created through the one-time set-up link that
//! `kpss serve` prints when the tenant has no account.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kpss_domain::FieldErrors;
use kpss_domain::account::{check_new_password, parse_login_email};
use kpss_store::account as accounts;
use kpss_store::setup;

use crate::auth::{ACCOUNT_KEY, Ctx, Layout};
use crate::form::{FormData, FormView, csrf_token};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/nastaveni/{token}", get(page).post(create))
}

#[derive(Template)]
#[template(path = "setup/first_run.html")]
struct SetupPage {
    layout: Layout,
    form: FormView,
    token: String,
}

/// A wrong, spent or superseded link is simply not there.
async fn open(state: &AppState, ctx: &Ctx, token: &str) -> Result<(), Error> {
    if setup::is_open(&state.store, ctx.tenant.id, token).await? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Html<String>, Error> {
    open(&state, &ctx, &token).await?;
    // Nobody is logged in yet: the form makes the session its CSRF token lives in.
    let csrf = csrf_token(&ctx.session).await?;
    let page = SetupPage {
        layout: ctx.layout(),
        form: FormView::new(csrf, &FormData::default()),
        token,
    };
    Ok(Html(page.render()?))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    open(&state, &ctx, &token).await?;
    form.check_csrf(&ctx.session).await?;
    let mut errors = FieldErrors::default();
    let email = errors.take("email", parse_login_email(form.get("email")));
    let name = errors.take(
        "full_name",
        kpss_domain::field::required_text(form.get("full_name"), 200),
    );
    let password = form.get("new_password").to_owned();
    if let Err(e) = check_new_password(&password, form.get("new_password_again")) {
        errors.add("new_password", e);
    }
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        // Passwords are never sent back into the page.
        let kept = FormData(vec![
            ("full_name".into(), form.get("full_name").to_owned()),
            ("email".into(), form.get("email").to_owned()),
        ]);
        let page = SetupPage {
            layout: ctx.layout(),
            form: FormView::new(csrf_token(&ctx.session).await?, &kept).with_errors(&errors),
            token,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    };
    let hash = tokio::task::spawn_blocking(move || accounts::hash_password(&password))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let account =
        match setup::complete(&state.store, ctx.tenant.id, &token, &email, &name, hash).await {
            Ok(account) => account,
            // Another request used the link first.
            Err(kpss_store::Error::NotFound | kpss_store::Error::Conflict(_)) => {
                return Err(Error::NotFound);
            }
            Err(e) => return Err(e.into()),
        };
    ctx.session.cycle_id().await?;
    ctx.session.insert(ACCOUNT_KEY, account.id).await?;
    Ok(Redirect::to("/sprava").into_response())
}
