//! `/sprava/registr`: the coordinator brings the national register of social services into the
//! catalogue. A file in the register's layout is uploaded and kept; its review shows the
//! services of the city that are new, those whose register fields changed and those the
//! register no longer lists, with the items it could not read; the chosen changes are applied
//! in one transaction with audit, and what the city keeps by hand stays untouched.

use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_domain::czech::{count, format_date, format_datetime};
use kpss_domain::open_data::Ruian;
use kpss_domain::register::{self, Change, MAX_FILE, Problem, RegisterService};
use kpss_store::catalogue::register as store;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sprava/registr",
            get(upload_page)
                .post(upload)
                .layer(crate::upload::body_limit(MAX_FILE)),
        )
        .route("/sprava/registr/{id}", get(review).post(apply))
}

#[derive(Template)]
#[template(path = "register/upload.html")]
struct UploadPage {
    layout: Layout,
    form: FormView,
    /// Why the file was refused.
    refused: Option<String>,
    /// (id, name, when) of earlier uploads.
    uploads: Vec<(i32, String, String)>,
    max_mb: usize,
}

async fn upload_page_with(
    ctx: &Ctx,
    state: &AppState,
    refused: Option<String>,
) -> Result<Html<String>, Error> {
    let uploads = store::uploads(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .map(|(id, name, at)| (id, name, format_datetime(at)))
        .collect();
    Ok(Html(
        UploadPage {
            form: FormView::new(ctx.csrf.clone(), &FormData::default()),
            layout: ctx.layout(),
            refused,
            uploads,
            max_mb: MAX_FILE / 1024 / 1024,
        }
        .render()?,
    ))
}

/// `GET /sprava/registr`.
async fn upload_page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    upload_page_with(&ctx, &state, None).await
}

/// `POST /sprava/registr` – a file is read whole before it is kept; a bad one is refused with
/// the reason and nothing is stored.
async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let upload = crate::upload::read(multipart, MAX_FILE).await?;
    upload.form.check_csrf(&ctx.session).await?;
    let problem = if upload.body.is_empty() {
        Some("Vyberte soubor registru poskytovatelů (JSON).".to_owned())
    } else {
        register::read(&upload.body).err().map(|e| e.to_string())
    };
    if let Some(problem) = problem {
        let page = upload_page_with(&ctx, &state, Some(problem)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let name = Some(kpss_domain::file::base_name(&upload.file_name))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "registr.json".to_owned());
    let id = store::save_upload(&state.store, ctx.tenant.id, &actor, &name, &upload.body).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/sprava/registr/{id}"),
        "Soubor registru byl načten; zkontrolujte změny a vyberte, které se použijí.",
    )
    .await
}

/// Changes of one kind: its heading, the id of the heading, and whether the catalogue's
/// values are shown beside the register's.
struct Group {
    title: &'static str,
    id: &'static str,
    before: bool,
    rows: Vec<ChangeView>,
}

/// A change as the review shows it.
struct ChangeView {
    key: String,
    name: String,
    register_id: String,
    /// „Domovy pro seniory · Charita Ostrava (IČO 44990260)“.
    about: String,
    /// (field, before, after) for a changed service; the register's values for a new one.
    fields: Vec<(&'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "register/review.html")]
struct ReviewPage {
    layout: Layout,
    form: FormView,
    name: String,
    uploaded: String,
    exported: Option<String>,
    services: String,
    /// New, changed and withdrawn services, each group only when it has some.
    groups: Vec<Group>,
    problems: Vec<Problem>,
    /// Whether the city's territory is known (the open-data publisher), so that new services
    /// are those with a facility in it, not only those of known providers.
    territory: bool,
    error: Option<&'static str>,
}

/// The uploaded file compared with the catalogue today.
struct Review {
    upload: store::Upload,
    read: register::Read,
    changes: Vec<Change>,
    territory: bool,
}

async fn compare(ctx: &Ctx, state: &AppState, id: &str) -> Result<Review, Error> {
    ctx.require_admin()?;
    let upload = store::upload(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    // Only files that read were kept.
    let read = register::read(&upload.body).map_err(|e| Error::Internal(e.to_string()))?;
    let (current, icos) = store::current(&state.store, ctx.tenant.id).await?;
    let municipality = match kpss_store::open_data::publisher(&state.store, ctx.tenant.id)
        .await?
        .map(|p| p.ruian)
    {
        Some(Ruian::Municipality(code)) => Some(code),
        _ => None,
    };
    let ours = |s: &RegisterService| {
        icos.iter().any(|i| i == s.provider.ico.as_str())
            || municipality.is_some_and(|m| s.places.iter().any(|p| p.municipality == Some(m)))
    };
    let today = kpss_domain::czech::today();
    let changes = register::diff(&read.services, &current, ours, today);
    Ok(Review {
        upload,
        read,
        changes,
        territory: municipality.is_some(),
    })
}

fn view(change: &Change) -> ChangeView {
    let kind = |code: &str| {
        kpss_domain::catalogue::service_type(code).map_or_else(|_| code.to_owned(), |t| t.label())
    };
    let about = |s: &RegisterService| {
        format!(
            "{} · {} (IČO {})",
            kind(&s.service_type),
            s.provider.name,
            s.provider.ico.as_str()
        )
    };
    match change {
        Change::New(s) => ChangeView {
            key: change.key(),
            name: s.name.clone(),
            register_id: s.register_id.clone(),
            about: about(s),
            fields: vec![
                (
                    "Formy",
                    String::new(),
                    s.forms
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "Kapacita",
                    String::new(),
                    s.capacity
                        .map_or_else(String::new, |c| format!("{} {}", c.amount, c.unit.name())),
                ),
                (
                    "Místa poskytování",
                    String::new(),
                    s.places
                        .iter()
                        .map(|p| p.address.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ],
        },
        Change::Changed {
            service, fields, ..
        } => ChangeView {
            key: change.key(),
            name: service.name.clone(),
            register_id: service.register_id.clone(),
            about: about(service),
            fields: fields
                .iter()
                .map(|f| (f.field, f.before.clone(), f.after.clone()))
                .collect(),
        },
        Change::Withdrawn {
            name,
            register_id,
            on,
            ..
        } => ChangeView {
            key: change.key(),
            name: name.clone(),
            register_id: register_id.clone(),
            about: format!("Poskytování skončí {}", format_date(*on)),
            fields: Vec::new(),
        },
    }
}

fn review_page(
    ctx: &Ctx,
    r: &Review,
    form: FormView,
    error: Option<&'static str>,
) -> Result<Html<String>, Error> {
    let group = |title, id, before, pick: fn(&Change) -> bool| Group {
        title,
        id,
        before,
        rows: r.changes.iter().filter(|c| pick(c)).map(view).collect(),
    };
    let groups = [
        group("Nové služby", "nove", false, |c| {
            matches!(c, Change::New(_))
        }),
        group("Změněné služby", "zmenene", true, |c| {
            matches!(c, Change::Changed { .. })
        }),
        group(
            "Služby, které registr už neuvádí",
            "ukoncene",
            false,
            |c| matches!(c, Change::Withdrawn { .. }),
        ),
    ]
    .into_iter()
    .filter(|g| !g.rows.is_empty())
    .collect();
    Ok(Html(
        ReviewPage {
            layout: ctx.layout(),
            form,
            name: r.upload.name.clone(),
            uploaded: format_datetime(r.upload.created_at),
            exported: r.read.exported.map(format_date),
            services: count(r.read.services.len(), "služba", "služby", "služeb"),
            groups,
            problems: r.read.problems.clone(),
            territory: r.territory,
            error,
        }
        .render()?,
    ))
}

/// `GET /sprava/registr/{id}` – every change offered; new and changed services chosen, an end
/// of a service left for the coordinator to choose, since a partial file lists few.
async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let r = compare(&ctx, &state, &id).await?;
    let chosen = FormData(
        r.changes
            .iter()
            .filter(|c| !matches!(c, Change::Withdrawn { .. }))
            .map(|c| ("zmena".to_owned(), c.key()))
            .collect(),
    );
    review_page(&ctx, &r, FormView::new(ctx.csrf.clone(), &chosen), None)
}

/// `POST /sprava/registr/{id}` – the chosen changes, as the catalogue stands now.
async fn apply(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let r = compare(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let chosen = data.all("zmena");
    let changes: Vec<Change> = r
        .changes
        .iter()
        .filter(|c| chosen.contains(&c.key()))
        .cloned()
        .collect();
    if changes.is_empty() {
        let page = review_page(
            &ctx,
            &r,
            FormView::new(ctx.csrf.clone(), &data),
            Some("Vyberte alespoň jednu změnu, která se má použít."),
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let today = kpss_domain::czech::today();
    let applied = store::apply(&state.store, ctx.tenant.id, &actor, &changes, today).await?;
    state.index.upsert_many(&applied.services)?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/sprava/registr/{}", r.upload.id),
        format!(
            "Z registru použito: nové {}, změněné {}, ukončené {}.",
            count(applied.new, "služba", "služby", "služeb"),
            count(applied.changed, "služba", "služby", "služeb"),
            count(applied.withdrawn, "služba", "služby", "služeb"),
        ),
    )
    .await
}
