//! `/pripominky/{id}`: a comment for staff, with its moderation (the coordinator's) and its
//! settlement (the coordinator's, or the manager's of the group whose part it concerns).

use kpss_domain::account::Actor;
use kpss_domain::consultation::{
    Decision, Moderation, Settlement, may_moderate, may_settle, parse_moderation,
};

use super::staff::staff;
use super::*;

#[derive(Template)]
#[template(path = "consultation/comment.html")]
struct CommentPage {
    layout: Layout,
    form: FormView,
    c: Consulted,
    comment: Comment,
    section: String,
    may_moderate: bool,
    may_settle: bool,
    moderations: Vec<(&'static str, &'static str)>,
    decisions: Vec<(&'static str, &'static str)>,
    /// (log entry id, the change in words) a settlement may link.
    changes: Vec<(String, String)>,
    /// The change the settlement links, in words.
    linked: Option<String>,
    conflict: Option<&'static str>,
    /// The scan of a comment that came on paper or by another channel.
    scan: Option<kpss_store::consultation::ScanInfo>,
}

/// The comment `id` with its consultation, and whether the actor settles comments on its
/// section.
async fn loaded(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(Actor, Consulted, Comment, bool), Error> {
    let actor = staff(ctx)?;
    let comment = store::comment(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    if !actor.is_admin() && !comment.moderation.is_public() {
        return Err(Error::Forbidden);
    }
    let c = consulted_by_id(ctx, state, comment.consultation).await?;
    let group = c.subject.group(comment.section);
    let settles = may_settle(&actor, group.as_deref());
    Ok((actor, c, comment, settles))
}

async fn comment_page(
    ctx: &Ctx,
    state: &AppState,
    (actor, c, comment, settles): (Actor, Consulted, Comment, bool),
    form: FormView,
) -> Result<CommentPage, Error> {
    let changes: Vec<kpss_store::audit::Entry> = if settles {
        store::changes(&state.store, ctx.tenant.id, &comment).await?
    } else {
        Vec::new()
    };
    let linked = match comment.change {
        Some(id) => kpss_store::audit::by_ids(&state.store, ctx.tenant.id, &[id])
            .await?
            .first()
            .map(super::change_words),
        None => None,
    };
    let scan = store::scan_info(&state.store, ctx.tenant.id, comment.id).await?;
    Ok(CommentPage {
        scan,
        changes: changes
            .iter()
            .map(|e| (e.id.to_string(), super::change_words(e)))
            .collect(),
        linked,
        layout: ctx.layout(),
        form,
        section: c.label(comment.section),
        may_moderate: may_moderate(&actor),
        // The form only where a settlement can be saved; the store refuses the rest.
        may_settle: settles && comment.moderation == Moderation::Published && !c.is_final(),
        moderations: [
            Moderation::Published,
            Moderation::OffTopic,
            Moderation::Abusive,
        ]
        .iter()
        .map(|m| (m.code(), m.name()))
        .collect(),
        decisions: Decision::ALL.iter().map(|d| (d.code(), d.name())).collect(),
        conflict: None,
        comment,
        c,
    })
}

/// What the forms of a comment's page start with: its moderation, its settlement, its version.
fn current(comment: &Comment) -> FormData {
    let mut data = vec![
        ("version".to_owned(), comment.version.to_string()),
        (
            "moderation".to_owned(),
            comment.moderation.code().to_owned(),
        ),
        (
            "note".to_owned(),
            comment.moderation_note.clone().unwrap_or_default(),
        ),
    ];
    if let Some(s) = &comment.settlement {
        data.push(("decision".to_owned(), s.decision.code().to_owned()));
        data.push(("reasoning".to_owned(), s.reasoning.clone()));
    }
    if let Some(change) = comment.change {
        data.push(("change".to_owned(), change.to_string()));
    }
    FormData(data)
}

pub(super) async fn comment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let loaded = loaded(&ctx, &state, &id).await?;
    let form = FormView::new(ctx.csrf.clone(), &current(&loaded.2));
    Ok(Html(
        comment_page(&ctx, &state, loaded, form).await?.render()?,
    ))
}

/// Answers a moderation or a settlement: back to the queue, or the page with the problems.
async fn answered(
    ctx: &Ctx,
    state: &AppState,
    (id, data): (&str, &FormData),
    result: Result<(), kpss_store::Error>,
    done: &str,
) -> Result<Response, Error> {
    let loaded = loaded(ctx, state, id).await?;
    match result {
        Ok(()) => {
            let to = format!("/pripominkovani/{}/sprava", loaded.1.consultation.id);
            crate::flash::redirect(&ctx.session, &to, done.to_owned()).await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(ctx, data, err)?;
            let mut page = comment_page(ctx, state, loaded, form).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

pub(super) async fn moderate(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (actor, _, comment, _) = loaded(&ctx, &state, &id).await?;
    if !may_moderate(&actor) {
        return Err(Error::Forbidden);
    }
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let result = match parse_moderation(data.get("moderation"), data.get("note")) {
        Ok(m) => {
            store::moderate(
                &state.store,
                ctx.tenant.id,
                &actor,
                (comment.id, version),
                m,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    answered(
        &ctx,
        &state,
        (&id, &data),
        result,
        "Moderace připomínky byla uložena.",
    )
    .await
}

pub(super) async fn settle(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (actor, _, comment, settles) = loaded(&ctx, &state, &id).await?;
    if !settles {
        return Err(Error::Forbidden);
    }
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let change = match data.get("change").trim() {
        "" => Ok(None),
        id => id.parse::<i32>().map(Some),
    };
    let parsed = Settlement::parse(data.get("decision"), data.get("reasoning"));
    let result = match (parsed, change) {
        (Ok(s), Ok(change)) => {
            let key = (comment.id, version);
            store::settle(&state.store, ctx.tenant.id, &actor, key, (&s, change)).await
        }
        (parsed, change) => {
            let mut errors = parsed.err().unwrap_or_default();
            if change.is_err() {
                errors.add("change", kpss_domain::FieldError::UnknownValue);
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    answered(
        &ctx,
        &state,
        (&id, &data),
        result,
        "Vypořádání připomínky bylo uloženo.",
    )
    .await
}

/// The request around the largest scan: its form fields and the multipart framing.
pub(super) fn scan_limit() -> axum::extract::DefaultBodyLimit {
    crate::upload::body_limit(kpss_domain::meeting::attachment::MAX_ATTACHMENT)
}

/// `POST /pripominky/{id}/sken`: the coordinator attaches the scan of a comment that came by
/// another channel; the file's type is what its content shows.
pub(super) async fn attach_scan(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Error> {
    let (actor, _, comment, _) = loaded(&ctx, &state, &id).await?;
    if !may_moderate(&actor) {
        return Err(Error::Forbidden);
    }
    let upload =
        crate::upload::read(multipart, kpss_domain::meeting::attachment::MAX_ATTACHMENT).await?;
    let data = upload.form;
    data.check_csrf(&ctx.session).await?;
    let body = upload.body;
    let (file_name, detected) = (upload.file_name, crate::upload::detected(&body));
    let checked = kpss_domain::meeting::attachment::check(&file_name, detected, body.len())
        .and_then(|(name, media_type)| {
            // A scan is a picture or a PDF, not an office document.
            if matches!(media_type, "application/pdf" | "image/jpeg" | "image/png") {
                Ok((name, media_type))
            } else {
                Err(kpss_domain::FieldError::FileType)
            }
        });
    let result = match checked {
        Ok((name, media_type)) => {
            store::attach_scan(
                &state.store,
                ctx.tenant.id,
                &actor,
                comment.id,
                (&name, media_type, body.to_vec()),
            )
            .await
        }
        Err(e) => Err(kpss_store::Error::Invalid(kpss_domain::FieldErrors(vec![
            ("scan".into(), e),
        ]))),
    };
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/pripominky/{}", comment.id),
                "Sken byl přiložen k připomínce.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let loaded = loaded(&ctx, &state, &id).await?;
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = comment_page(&ctx, &state, loaded, form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

/// `GET /pripominky/{id}/sken`: the scan, for staff.
pub(super) async fn download_scan(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (_, _, comment, _) = loaded(&ctx, &state, &id).await?;
    let (info, body) = store::scan(&state.store, ctx.tenant.id, comment.id).await?;
    let name = format!(
        "pripominka-{}-sken.{}",
        comment.id,
        info.name.rsplit('.').next().unwrap_or("pdf")
    );
    Ok(crate::upload::download(&name, info.media_type, body))
}
