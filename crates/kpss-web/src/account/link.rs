//! A password set through a one-time link: `/zapomenute-heslo` sends a reset link, the
//! coordinator's new accounts get an invitation link, and `/heslo/{token}` sets the password.

use kpss_domain::account::link::LinkPurpose;
use kpss_domain::mail::MailDraft;

use super::*;

/// What a link mail tells, for its plain-text and its HTML part.
macro_rules! link_mail {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            name: &'a str,
            invitation: bool,
            url: &'a str,
            valid: &'a str,
            tenant: &'a str,
        }
    };
}
link_mail!(LinkText, "mail/account_link.txt");
link_mail!(LinkHtml, "mail/account_link.html");

/// The mail carrying a link to `account`'s password page.
fn link_mail(
    (tenant, base): (&str, &str),
    account: &store::Account,
    purpose: LinkPurpose,
    token: &str,
) -> MailDraft {
    let url = format!("{base}/heslo/{token}");
    let invitation = purpose == LinkPurpose::Invitation;
    let valid = if invitation { "7 dní" } else { "1 hodinu" };
    let (name, url) = (account.name.as_str(), url.as_str());
    // A template that fails to render leaves the message empty; the tests render both.
    let text = LinkText {
        name,
        invitation,
        url,
        valid,
        tenant,
    }
    .render()
    .unwrap_or_default();
    let html = LinkHtml {
        name,
        invitation,
        url,
        valid,
        tenant,
    }
    .render()
    .unwrap_or_default();
    MailDraft {
        kind: if invitation {
            "pozvanka-ucet"
        } else {
            "obnova-hesla"
        },
        // Replaced by the link's own key when it is issued.
        key: String::new(),
        to: account.email.clone(),
        subject: if invitation {
            format!("Pozvánka do komunitního plánování – {tenant}")
        } else {
            "Obnova zapomenutého hesla".to_owned()
        },
        text,
        html,
        attachment: None,
    }
}

/// Queues an invitation link to a new account; the coordinator (`by`) made it.
pub(crate) async fn invite(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    (by, account): (Option<i32>, &store::Account),
) -> Result<(), Error> {
    let base = crate::mail::base_url(state, headers);
    let tenant = ctx.tenant.name.clone();
    store::link::issue(
        &state.store,
        ctx.tenant.id,
        by,
        (account.id, LinkPurpose::Invitation),
        |token| link_mail((&tenant, &base), account, LinkPurpose::Invitation, token),
    )
    .await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "account/forgotten.html")]
struct ForgottenPage {
    layout: Layout,
    form: FormView,
    /// The request was taken: the page says what happens next.
    sent: bool,
}

pub(super) async fn forgotten_page(ctx: Ctx) -> Result<Html<String>, Error> {
    let csrf = csrf_token(&ctx.session).await?;
    Ok(Html(
        ForgottenPage {
            layout: ctx.layout(),
            form: FormView::new(csrf, &FormData::default()),
            sent: false,
        }
        .render()?,
    ))
}

/// Sends a reset link to an active account with this address; answers the same whether there
/// is one or not, so the page tells nobody who has an account.
pub(super) async fn forgotten(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, Error> {
    form.check_csrf(&ctx.session).await?;
    let csrf = csrf_token(&ctx.session).await?;
    let email = match kpss_domain::catalogue::contact::parse_email(form.get("email")) {
        Ok(email) => email,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("email", e);
            let page = ForgottenPage {
                layout: ctx.layout(),
                form: FormView::new(csrf, &form).with_errors(&errors),
                sent: false,
            };
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(page.render()?),
            )
                .into_response());
        }
    };
    if let Some((account, _)) = store::find_for_login(&state.store, ctx.tenant.id, &email).await? {
        let base = crate::mail::base_url(&state, &headers);
        let tenant = ctx.tenant.name.clone();
        store::link::issue(
            &state.store,
            ctx.tenant.id,
            None,
            (account.id, LinkPurpose::Reset),
            |token| link_mail((&tenant, &base), &account, LinkPurpose::Reset, token),
        )
        .await?;
    }
    Ok(Html(
        ForgottenPage {
            layout: ctx.layout(),
            form: FormView::new(csrf, &FormData::default()),
            sent: true,
        }
        .render()?,
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "account/set_password.html")]
struct SetPasswordPage {
    layout: Layout,
    form: FormView,
    name: String,
    invitation: bool,
}

/// The page of a working link; a spent or expired one is answered 410 with what to do.
async fn link_page(
    ctx: &Ctx,
    state: &AppState,
    token: &str,
    form: FormView,
) -> Result<Result<SetPasswordPage, Error>, Error> {
    match store::link::account_of(&state.store, ctx.tenant.id, token).await? {
        Some((account, purpose)) => Ok(Ok(SetPasswordPage {
            layout: ctx.layout(),
            form,
            name: account.name,
            invitation: purpose == LinkPurpose::Invitation,
        })),
        None => Ok(Err(Error::Gone(crate::messages::field_error(
            &FieldError::LinkExpired,
        )))),
    }
}

pub(super) async fn set_password_page(
    ctx: Ctx,
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Html<String>, Error> {
    let csrf = csrf_token(&ctx.session).await?;
    let page = link_page(
        &ctx,
        &state,
        &token,
        FormView::new(csrf, &FormData::default()),
    )
    .await??;
    Ok(Html(page.render()?))
}

pub(super) async fn set_password(
    ctx: Ctx,
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    form.check_csrf(&ctx.session).await?;
    let (new, repeated) = (
        form.get("new_password").to_owned(),
        form.get("new_password_again").to_owned(),
    );
    let result = match check_new_password(&new, &repeated) {
        Ok(()) => {
            let hash = tokio::task::spawn_blocking(move || store::hash_password(&new))
                .await
                .map_err(|e| Error::Internal(e.to_string()))?;
            store::link::redeem(&state.store, ctx.tenant.id, &token, hash)
                .await
                .map(drop)
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("new_password", e);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/prihlaseni?heslo=nastaveno").into_response()),
        Err(kpss_store::Error::Invalid(errors)) => {
            let csrf = csrf_token(&ctx.session).await?;
            let view = FormView::new(csrf, &FormData::default()).with_errors(&errors);
            let page = link_page(&ctx, &state, &token, view).await??;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(page.render()?),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
