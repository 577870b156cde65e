//! Logging in and out, changing one's password, and the coordinator's accounts pages.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kpss_domain::account::check_new_password;
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::account as store;

use crate::auth::{ACCOUNT_KEY, ClientAddr, Ctx, Layout};
use crate::form::{FormData, FormView, csrf_token};
use crate::{AppState, Error};

mod link;
mod throttle;
mod users;

pub(crate) use link::invite;

pub(crate) use users::one_time_password;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/prihlaseni", get(login_page).post(login))
        .route("/odhlaseni", axum::routing::post(logout))
        .route("/ucet/heslo", get(password_page).post(change_password))
        .route(
            "/zapomenute-heslo",
            get(link::forgotten_page).post(link::forgotten),
        )
        .route(
            "/heslo/{token}",
            get(link::set_password_page).post(link::set_password),
        )
        .merge(users::router())
}

#[derive(Template)]
#[template(path = "account/login.html")]
struct LoginPage {
    layout: Layout,
    form: FormView,
    failed: bool,
    /// The visitor has just set their password through a link.
    password_set: bool,
}

async fn login_page(
    ctx: Ctx,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Html<String>, Error> {
    let csrf = csrf_token(&ctx.session).await?;
    let form = FormView::new(csrf, &FormData::default());
    Ok(Html(
        LoginPage {
            layout: ctx.layout(),
            form,
            failed: false,
            password_set: query.as_deref() == Some("heslo=nastaveno"),
        }
        .render()?,
    ))
}

async fn login(
    ctx: Ctx,
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    axum::Extension(config): axum::Extension<crate::Config>,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, Error> {
    form.check_csrf(&ctx.session).await?;
    let email = form.get("email").trim().to_lowercase();
    let store = &state.store;
    let keys = throttle::Keys::new(ctx.tenant.id, &email, &addr);
    let trusted = throttle::is_trusted(store, ctx.tenant.id, &email, &headers).await?;
    let wait = keys.wait(store, trusted).await?;
    if wait > 0 {
        return Err(Error::TooManyRequests(wait));
    }
    let found = store::find_for_login(store, ctx.tenant.id, &email).await?;
    let password = form.get("password").to_owned();
    // Unknown accounts cost the same argon2 work, so timing does not tell them apart.
    let hash = found
        .as_ref()
        .map_or_else(|| store::decoy_hash().to_owned(), |(_, h)| h.clone());
    let valid = tokio::task::spawn_blocking(move || store::verify_password(&password, &hash))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    match found {
        Some((account, _)) if valid => {
            keys.succeeded(store).await?;
            // A new session id on login, so a planted id is worth nothing.
            ctx.session.cycle_id().await?;
            ctx.session.insert(ACCOUNT_KEY, account.id).await?;
            // Everyone starts on their start page: what waits for them.
            let mut response = Redirect::to("/").into_response();
            if !trusted {
                let cookie =
                    throttle::trust_device(store, ctx.tenant.id, &email, config.secure_cookies)
                        .await?;
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        _ => {
            keys.failed(store).await?;
            let csrf = csrf_token(&ctx.session).await?;
            let kept = FormData(vec![("email".into(), form.get("email").to_owned())]);
            let page = LoginPage {
                layout: ctx.layout(),
                form: FormView::new(csrf, &kept),
                failed: true,
                password_set: false,
            };
            Ok((axum::http::StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response())
        }
    }
}

async fn logout(ctx: Ctx, form: FormData) -> Result<Redirect, Error> {
    form.check_csrf(&ctx.session).await?;
    ctx.session.flush().await?;
    Ok(Redirect::to("/"))
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    form: FormView,
}

async fn password_page(ctx: Ctx) -> Result<Html<String>, Error> {
    ctx.require_user()?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        PasswordPage {
            layout: ctx.layout(),
            form,
        }
        .render()?,
    ))
}

async fn change_password(
    ctx: Ctx,
    state: axum::extract::State<AppState>,
    form: FormData,
) -> Result<Response, Error> {
    let user = ctx.require_user()?.clone();
    form.check_csrf(&ctx.session).await?;
    let (current, new, repeated) = (
        form.get("password").to_owned(),
        form.get("new_password").to_owned(),
        form.get("new_password_again").to_owned(),
    );
    let mut errors = FieldErrors::default();
    let stored = store::find_for_login(&state.store, ctx.tenant.id, &user.email)
        .await?
        .map(|(_, h)| h);
    let hash = stored.unwrap_or_else(|| store::decoy_hash().to_owned());
    let ok = tokio::task::spawn_blocking(move || store::verify_password(&current, &hash))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    if !ok {
        errors.add("password", FieldError::UnknownValue);
    }
    if let Err(e) = check_new_password(&new, &repeated) {
        errors.add("new_password", e);
    }
    if !errors.is_empty() {
        let mut view = FormView::new(ctx.csrf.clone(), &FormData::default()).with_errors(&errors);
        for (field, _, message) in &mut view.errors {
            if field == "password" {
                *message = "Současné heslo není správné.".into();
            }
        }
        let page = PasswordPage {
            layout: ctx.layout(),
            form: view,
        };
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(page.render()?),
        )
            .into_response());
    }
    let hash = tokio::task::spawn_blocking(move || store::hash_password(&new))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let current = ctx.session.id().map(|id| id.to_string());
    store::set_password(
        &state.store,
        ctx.tenant.id,
        user.id,
        hash,
        current.as_deref(),
    )
    .await?;
    crate::flash::redirect(
        &ctx.session,
        "/ucet/heslo",
        "Heslo bylo změněno. Ostatní přihlášení tohoto účtu byla ukončena.",
    )
    .await
}
