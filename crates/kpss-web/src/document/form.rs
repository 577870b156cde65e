//! Keeping the library: a new document with its first file (`/dokumenty/novy`), its
//! description (`/dokumenty/{id}/upravit`), a new version (`/dokumenty/{id}/verze`) and its
//! removal (`/dokumenty/{id}/odstranit`). The coordinator keeps every document, a manager
//! those of the groups they lead.

use kpss_domain::document::{DocumentDraft, DocumentInput};
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::document::NewFile;

use super::*;
use crate::confirm::{self, Confirmation};
use crate::upload::Upload;

#[derive(Template)]
#[template(path = "document/form.html")]
struct FormPage {
    layout: Layout,
    form: FormView,
    /// The document edited: its id and title; `None` for a new one, whose form takes a file.
    document: Option<(i32, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    plans: Vec<(String, String)>,
    /// The groups the actor may file documents under.
    groups: Vec<(String, String)>,
    /// The coordinator may file a document under no group.
    any_group: bool,
}

fn require_adder(ctx: &Ctx) -> Result<Actor, Error> {
    ctx.require_user()?;
    actor(ctx).filter(rules::may_add).ok_or(Error::Forbidden)
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    (actor, document): (&Actor, Option<(i32, String)>),
    form: FormView,
) -> Result<FormPage, Error> {
    let names = Names::load(ctx, state).await?;
    Ok(FormPage {
        layout: ctx.layout(),
        form,
        document,
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| (k.code(), k.name()))
            .collect(),
        plans: names.plans,
        groups: names
            .groups
            .into_iter()
            .filter(|(code, _)| rules::may_manage(actor, Some(code)))
            .collect(),
        any_group: rules::may_manage(actor, None),
    })
}

/// The description as typed, checked; a plan that is no number is a forged form.
async fn parse(
    ctx: &Ctx,
    state: &AppState,
    data: &FormData,
) -> Result<Result<DocumentDraft, FieldErrors>, Error> {
    let groups: Vec<String> = kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .map(|g| g.draft.code)
        .collect();
    let plan = match data.get("plan") {
        "" => None,
        p => Some(
            p.parse::<i32>()
                .map_err(|_| Error::BadRequest("Neznámý plán.".into()))?,
        ),
    };
    Ok(DocumentDraft::parse(
        &DocumentInput {
            title: data.get("title"),
            kind: data.get("kind"),
            issued_on: data.get("issued_on"),
            description: data.get("description"),
            plan,
            group: data.get("group"),
            public: data.get("public") == "ano",
        },
        &groups,
    ))
}

/// The uploaded file as the library keeps it: checked by its content, size and the virus
/// scanner; its problem is the field `file`'s.
async fn checked_file<'a>(
    state: &AppState,
    upload: &'a Upload,
) -> Result<Result<NewFile<'a>, FieldError>, Error> {
    let body = &upload.body;
    let (name, media_type) = match kpss_domain::file::check(
        &upload.file_name,
        crate::upload::detected(body),
        body.len(),
        MAX_DOCUMENT,
    ) {
        Ok(checked) => checked,
        Err(e) => return Ok(Err(e)),
    };
    if let Err(e) = crate::upload::scan(state, body).await? {
        return Ok(Err(e));
    }
    let note = kpss_domain::field::optional_text(
        upload.form.get("note"),
        kpss_domain::document::MAX_DESCRIPTION,
    )
    .unwrap_or_default();
    Ok(Ok(NewFile {
        name,
        media_type,
        body,
        note,
    }))
}

async fn refused(
    ctx: &Ctx,
    state: &AppState,
    (actor, document, data): (&Actor, Option<(i32, String)>, &FormData),
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, form, _) = crate::form::rejection(ctx, data, err)?;
    let page = form_page(ctx, state, (actor, document), form).await?;
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    let actor = require_adder(&ctx)?;
    let today = kpss_domain::czech::format_date(kpss_domain::czech::today());
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![
            ("issued_on".into(), today),
            ("public".into(), "ano".into()),
        ]),
    );
    Ok(Html(
        form_page(&ctx, &state, (&actor, None), form)
            .await?
            .render()?,
    ))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Error> {
    let actor = require_adder(&ctx)?;
    let upload = crate::upload::read(multipart, MAX_DOCUMENT).await?;
    let data = &upload.form;
    data.check_csrf(&ctx.session).await?;
    let draft = parse(&ctx, &state, data).await?;
    let file = checked_file(&state, &upload).await?;
    let created = match (draft, file) {
        (Ok(draft), Ok(file)) => {
            store::create(&state.store, ctx.tenant.id, &actor, &draft, &file).await
        }
        (draft, file) => {
            let mut errors = draft.err().unwrap_or_default();
            if let Err(e) = file {
                errors.add("file", e);
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match created {
        Ok(id) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dokumenty/{id}"),
                "Dokument byl uložen do knihovny.".to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, &state, (&actor, None, data), err).await,
    }
}

/// The document for a change by `ctx`: found, and theirs to keep.
async fn managed(ctx: &Ctx, state: &AppState, id: &str) -> Result<(Actor, Document), Error> {
    ctx.require_user()?;
    let (document, _) = readable(ctx, state, id).await?;
    let actor = actor(ctx)
        .filter(|a| rules::may_manage(a, document.draft.group.as_deref()))
        .ok_or(Error::Forbidden)?;
    Ok((actor, document))
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (actor, document) = managed(&ctx, &state, &id).await?;
    let d = &document.draft;
    let mut fields = vec![
        ("title".to_owned(), d.title.clone()),
        ("kind".to_owned(), d.kind.code().to_owned()),
        (
            "issued_on".to_owned(),
            kpss_domain::czech::format_date(d.issued_on),
        ),
        (
            "description".to_owned(),
            d.description.clone().unwrap_or_default(),
        ),
        (
            "plan".to_owned(),
            d.plan.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("group".to_owned(), d.group.clone().unwrap_or_default()),
        ("version".to_owned(), document.version.to_string()),
    ];
    if d.public {
        fields.push(("public".to_owned(), "ano".to_owned()));
    }
    let form = FormView::new(ctx.csrf.clone(), &FormData(fields));
    let key = Some((document.id, d.title.clone()));
    Ok(Html(
        form_page(&ctx, &state, (&actor, key), form)
            .await?
            .render()?,
    ))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (actor, document) = managed(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let key = (document.id, version);
    let updated = match parse(&ctx, &state, &data).await? {
        Ok(draft) => store::update(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match updated {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dokumenty/{}", document.id),
                "Popis dokumentu byl uložen.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let edited = Some((document.id, document.draft.title.clone()));
            refused(&ctx, &state, (&actor, edited, &data), err).await
        }
    }
}

pub(super) async fn add_version(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Error> {
    let (actor, document) = managed(&ctx, &state, &id).await?;
    let upload = crate::upload::read(multipart, MAX_DOCUMENT).await?;
    upload.form.check_csrf(&ctx.session).await?;
    let added = match checked_file(&state, &upload).await? {
        Ok(file) => {
            store::add_version(&state.store, ctx.tenant.id, &actor, document.id, &file).await
        }
        Err(e) => Err(kpss_store::Error::field("file", e)),
    };
    match added {
        Ok(number) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dokumenty/{}", document.id),
                format!("Nahrána verze {number} dokumentu."),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &upload.form, err)?;
            let found = readable(&ctx, &state, &id).await?;
            let page = document_page(&ctx, &state, found, form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

fn removal(document: &Document, versions: usize) -> Confirmation {
    Confirmation {
        title: format!("Odstranit dokument „{}“?", document.draft.title),
        consequences: vec![
            format!(
                "Z knihovny zmizí dokument i {}.",
                kpss_domain::czech::count(
                    versions,
                    "jeho verze",
                    "všechny jeho verze",
                    "všech jeho verzí"
                )
            ),
            "Odkazy na dokument přestanou fungovat.".to_owned(),
        ],
        irreversible: "Odstranění nelze vrátit; v záznamu změn zůstane jen popis dokumentu."
            .to_owned(),
        action: format!("/dokumenty/{}/odstranit", document.id),
        fields: Vec::new(),
        confirm: "Ano, odstranit dokument",
        back: (
            format!("/dokumenty/{}", document.id),
            document.draft.title.clone(),
        ),
    }
}

pub(super) async fn remove_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (_, document) = managed(&ctx, &state, &id).await?;
    let (_, versions) = readable(&ctx, &state, &id).await?;
    confirm::page(&ctx, removal(&document, versions.len()))
}

pub(super) async fn remove(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (actor, document) = managed(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    if let Some(ask) = confirm::required(&data, &format!("/dokumenty/{}/odstranit", document.id)) {
        return Ok(ask);
    }
    store::remove(&state.store, ctx.tenant.id, &actor, document.id).await?;
    crate::flash::redirect(
        &ctx.session,
        "/dokumenty",
        format!("Dokument „{}“ byl odstraněn.", document.draft.title),
    )
    .await
}

/// `POST /dokumenty/{id}/pripominkovani`: the coordinator puts the document's current version
/// to public consultation from one day to another.
pub(super) async fn consult(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    ctx.require_user()?;
    let actor = actor(&ctx)
        .filter(Actor::is_admin)
        .ok_or(Error::Forbidden)?;
    let (document, _) = readable(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let opened = match kpss_domain::consultation::ConsultationPeriod::parse(
        data.get("opens_on"),
        data.get("closes_on"),
    ) {
        Ok(period) => {
            kpss_store::consultation::open_document(
                &state.store,
                ctx.tenant.id,
                &actor,
                document.id,
                &period,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match opened {
        Ok(consultation) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/pripominkovani/{consultation}"),
                format!(
                    "Dokument „{}“ byl předložen k připomínkám.",
                    document.draft.title
                ),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let found = readable(&ctx, &state, &id).await?;
            let page = document_page(&ctx, &state, found, form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
