//! `/schuzky/{id}/prilohy`: files attached to the minutes. Whoever runs the meeting adds and
//! removes them until the minutes are published; the public downloads them once they are.

use axum::extract::{DefaultBodyLimit, Multipart};
use kpss_domain::meeting::attachment::{MAX_ATTACHMENT, check};

use super::page::public_page;
use super::*;

/// The request around the largest file: its form fields and the multipart framing.
pub(super) fn body_limit() -> DefaultBodyLimit {
    crate::upload::body_limit(MAX_ATTACHMENT)
}

/// The meeting page again, with why the action was refused.
async fn refused(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    (status, problem): (axum::http::StatusCode, String),
) -> Result<Response, Error> {
    let (meeting, group) = load(state, ctx.tenant.id, id).await?;
    let page = public_page(ctx, state, (meeting, group), Some(problem)).await?;
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Error> {
    // Who may upload is decided before the body is read.
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    let actor = runner(&ctx, &group)?;
    let upload = crate::upload::read(multipart, MAX_ATTACHMENT).await?;
    upload.form.check_csrf(&ctx.session).await?;
    let body = upload.body;
    let detected = crate::upload::detected(&body);
    let checked = check(&upload.file_name, detected, body.len());
    let result = match checked {
        Ok((name, media_type)) => {
            store::attach(
                &state.store,
                ctx.tenant.id,
                &actor,
                meeting.id,
                (&name, media_type, body.to_vec()),
            )
            .await
        }
        Err(e) => {
            let mut errors = kpss_domain::FieldErrors::default();
            errors.add("attachment", e);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(a) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", meeting.id),
                format!("Příloha „{}“ byla přidána k zápisu.", a.name),
            )
            .await
        }
        Err(kpss_store::Error::Invalid(errors)) => {
            let message = crate::messages::summary(&errors);
            let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            refused(&ctx, &state, &id, (status, message)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, attachment, _name)): Path<(String, String, String)>,
) -> Result<Response, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    // Unpublished minutes and their files are for whoever runs the meeting only.
    if meeting.published_at.is_none() && !may_run(&ctx, &group) {
        return Err(Error::NotFound);
    }
    let (info, body) = store::attachment(
        &state.store,
        ctx.tenant.id,
        (meeting.id, parse_id(&attachment)?),
    )
    .await?;
    Ok(crate::upload::download(&info.name, info.media_type, body))
}

pub(super) async fn remove(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, attachment)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let key = (meeting.id, parse_id(&attachment)?);
    match store::detach(&state.store, ctx.tenant.id, &actor, key).await {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", meeting.id),
                "Příloha byla odebrána.",
            )
            .await
        }
        Err(kpss_store::Error::Invalid(errors)) => {
            let message = crate::messages::summary(&errors);
            let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            refused(&ctx, &state, &id, (status, message)).await
        }
        Err(e) => Err(e.into()),
    }
}
