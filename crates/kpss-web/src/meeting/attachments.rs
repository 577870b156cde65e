//! `/schuzky/{id}/prilohy`: files attached to the minutes. Whoever runs the meeting adds and
//! removes them until the minutes are published; the public downloads them once they are.

use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::header;
use kpss_domain::meeting::attachment::{MAX_ATTACHMENT, check};

use super::page::public_page;
use super::*;

/// The request around the largest file: its form fields and the multipart framing.
pub(super) fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_ATTACHMENT + 64 * 1024)
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
    let mut multipart = multipart.map_err(|_| {
        Error::BadRequest("Formulář s přílohou nebyl odeslán celý; zkuste to prosím znovu.".into())
    })?;
    let too_big = || {
        Error::BadRequest(format!(
            "Soubor se nepodařilo přijmout: je větší než {} MB nebo byl přenos přerušen.",
            MAX_ATTACHMENT / 1024 / 1024
        ))
    };
    let (mut fields, mut file) = (Vec::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            file = Some((file_name, field.bytes().await.map_err(|_| too_big())?));
        } else {
            fields.push((name, field.text().await.map_err(|_| too_big())?));
        }
    }
    FormData(fields).check_csrf(&ctx.session).await?;
    let (file_name, body) = file.unwrap_or_default();
    // The type is what the content shows, whatever the name or the browser claim.
    let detected = infer::get(&body).map(|t| t.extension());
    let checked = check(&file_name, detected, body.len());
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
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        info.name.replace(
            |c: char| !c.is_ascii_alphanumeric() && !".-_".contains(c),
            "_"
        ),
        form_urlencoded::byte_serialize(info.name.as_bytes()).collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, info.media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        body,
    )
        .into_response())
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
