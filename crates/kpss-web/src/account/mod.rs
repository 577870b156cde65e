//! Logging in and out, changing one's password, and the coordinator's list of accounts.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kpss_domain::account::{Role, check_new_password, parse_login_email};
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::account::{self as store, Account, NewAccount};

use crate::auth::{ACCOUNT_KEY, ClientAddr, Ctx, Layout};
use crate::form::{FormData, FormView, csrf_token};
use crate::{AppState, Error};

mod throttle;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/prihlaseni", get(login_page).post(login))
        .route("/odhlaseni", axum::routing::post(logout))
        .route("/ucet/heslo", get(password_page).post(change_password))
        .route("/sprava/uzivatele", get(users_page).post(add_user))
}

#[derive(Template)]
#[template(path = "account/login.html")]
struct LoginPage {
    layout: Layout,
    form: FormView,
    failed: bool,
}

async fn login_page(ctx: Ctx) -> Result<Html<String>, Error> {
    let csrf = csrf_token(&ctx.session).await?;
    let form = FormView::new(csrf, &FormData::default());
    Ok(Html(
        LoginPage {
            layout: ctx.layout(),
            form,
            failed: false,
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
            let next = if account.role == Role::Admin || account.role == Role::ProviderEditor {
                "/sprava"
            } else {
                "/"
            };
            let mut response = Redirect::to(next).into_response();
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
    saved: bool,
}

async fn password_page(ctx: Ctx) -> Result<Html<String>, Error> {
    ctx.require_user()?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        PasswordPage {
            layout: ctx.layout(),
            form,
            saved: false,
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
            saved: false,
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
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        PasswordPage {
            layout: ctx.layout(),
            form,
            saved: true,
        }
        .render()?,
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "account/users.html")]
struct UsersPage {
    layout: Layout,
    form: FormView,
    accounts: Vec<(Account, String)>,
    organisations: Vec<(i32, String)>,
    roles: Vec<(&'static str, &'static str)>,
    created: Option<(String, String)>,
}

async fn users_view(
    ctx: &Ctx,
    state: &AppState,
    form: FormView,
    created: Option<(String, String)>,
) -> Result<UsersPage, Error> {
    let organisations: Vec<(i32, String)> =
        kpss_store::catalogue::organisations(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.draft.name))
            .collect();
    let accounts = store::all(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .map(|a| {
            let names = a
                .organisations
                .iter()
                .filter_map(|id| organisations.iter().find(|(i, _)| i == id))
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            (a, names)
        })
        .collect();
    let roles = Role::ALL.iter().map(|r| (r.code(), r.name())).collect();
    Ok(UsersPage {
        layout: ctx.layout(),
        form,
        accounts,
        organisations,
        roles,
        created,
    })
}

async fn users_page(
    ctx: Ctx,
    state: axum::extract::State<AppState>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(users_view(&ctx, &state, form, None).await?.render()?))
}

/// Creates an account with a one-time password the coordinator hands over.
async fn add_user(
    ctx: Ctx,
    state: axum::extract::State<AppState>,
    form: FormData,
) -> Result<Response, Error> {
    let admin = ctx.require_admin()?.actor();
    form.check_csrf(&ctx.session).await?;
    let mut errors = FieldErrors::default();
    let email = errors.take("email", parse_login_email(form.get("email")));
    let name = errors.take(
        "name",
        kpss_domain::field::required_text(form.get("name"), 200),
    );
    let role = errors.take("role", Role::parse(form.get("role")));
    let organisation = form.get("organisation").parse::<i32>().ok();
    let groups = errors
        .take(
            "groups",
            kpss_domain::account::parse_groups(form.get("groups")),
        )
        .unwrap_or_default();
    if role == Some(Role::Manager) && groups.is_empty() && errors.get("groups").is_none() {
        errors.add("groups", FieldError::Required);
    }
    if role == Some(Role::ProviderEditor) {
        let known = kpss_store::catalogue::organisation(
            &state.store,
            ctx.tenant.id,
            organisation.unwrap_or(-1),
        )
        .await;
        if known.is_err() {
            errors.add("organisation", FieldError::Required);
        }
    }
    let reject = |errors: &FieldErrors| FormView::new(ctx.csrf.clone(), &form).with_errors(errors);
    if !errors.is_empty() {
        let page = users_view(&ctx, &state, reject(&errors), None).await?;
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(page.render()?),
        )
            .into_response());
    }
    let (email, name, role) = (
        email.unwrap_or_default(),
        name.unwrap_or_default(),
        role.unwrap_or(Role::Member),
    );
    let password = store::one_time_password();
    let to_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || store::hash_password(&to_hash))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let organisations: Vec<i32> = if role == Role::ProviderEditor {
        organisation.into_iter().collect()
    } else {
        Vec::new()
    };
    let new = NewAccount {
        email: &email,
        name: &name,
        role,
        password_hash: hash,
        organisations: &organisations,
        groups: &groups,
    };
    match store::add(&state.store, ctx.tenant.id, &admin, new).await {
        Ok(account) => {
            let form = FormView::new(ctx.csrf.clone(), &FormData::default());
            Ok(Html(
                users_view(&ctx, &state, form, Some((account.email, password)))
                    .await?
                    .render()?,
            )
            .into_response())
        }
        Err(kpss_store::Error::Conflict(_)) => {
            errors.add("email", FieldError::AlreadyUsed);
            let page = users_view(&ctx, &state, reject(&errors), None).await?;
            Ok((axum::http::StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
