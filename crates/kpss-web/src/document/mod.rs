//! The document library on the web (`/dokumenty`): the public list with its filters and the
//! documents generated from the data, a document's page with its versions, downloads read
//! chunk by chunk, and the coordinator's and managers' forms (`form`).

mod form;
mod generated;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::account::Actor;
use kpss_domain::document::{self as rules, DocumentKind, DocumentQuery, MAX_DOCUMENT};
use kpss_store::document::{self as store, Document, FileInfo};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dokumenty", get(list))
        .route(
            "/dokumenty/novy",
            get(form::new_form)
                .post(form::create)
                .layer(crate::upload::body_limit(MAX_DOCUMENT)),
        )
        .route("/dokumenty/{id}", get(page))
        .route(
            "/dokumenty/{id}/upravit",
            get(form::edit_form).post(form::update),
        )
        .route(
            "/dokumenty/{id}/verze",
            post(form::add_version).layer(crate::upload::body_limit(MAX_DOCUMENT)),
        )
        .route(
            "/dokumenty/{id}/odstranit",
            get(form::remove_page).post(form::remove),
        )
        .route("/dokumenty/{id}/verze/{number}/{name}", get(download))
        .route("/dokumenty/{id}/pripominkovani", post(form::consult))
}

/// The logged-in actor, if any.
fn actor(ctx: &Ctx) -> Option<Actor> {
    ctx.user.as_ref().map(|u| u.actor())
}

/// Names of plans and working groups, for lists and forms.
pub(crate) struct Names {
    pub plans: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
}

impl Names {
    async fn load(ctx: &Ctx, state: &AppState) -> Result<Self, Error> {
        let plans = kpss_store::plan::plans(&state.store, ctx.tenant.id, true)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.title))
            .collect();
        let groups = kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .map(|g| (g.draft.code, g.draft.name))
            .collect();
        Ok(Self { plans, groups })
    }

    fn plan(&self, id: Option<i32>) -> Option<String> {
        let id = id?.to_string();
        self.plans
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, t)| t.clone())
    }

    fn group(&self, code: Option<&str>) -> Option<String> {
        let code = code?;
        self.groups
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
    }
}

/// A document as the list shows it.
struct Row {
    id: i32,
    title: String,
    kind: &'static str,
    issued_on: String,
    plan: Option<String>,
    group: Option<String>,
    file: String,
    href: String,
    public: bool,
}

/// The address of a version's file.
pub(crate) fn file_href(document: i32, f: &FileInfo) -> String {
    format!(
        "/dokumenty/{document}/verze/{}/{}",
        f.number,
        form_urlencoded::byte_serialize(f.name.as_bytes()).collect::<String>()
    )
}

fn row(names: &Names, d: &Document) -> Row {
    Row {
        id: d.id,
        title: d.draft.title.clone(),
        kind: d.draft.kind.name(),
        issued_on: kpss_domain::czech::format_date(d.draft.issued_on),
        plan: names.plan(d.draft.plan),
        group: names.group(d.draft.group.as_deref()),
        file: format!(
            "{}, {}",
            kpss_domain::file::kind_name(&d.current.media_type),
            crate::upload::size(d.current.size)
        ),
        href: file_href(d.id, &d.current),
        public: d.draft.public,
    }
}

/// The filters as asked, for the form to show them again.
struct Chosen {
    text: String,
    kind: String,
    plan: String,
    group: String,
    year: String,
}

#[derive(Template)]
#[template(path = "document/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    generated: Vec<generated::Generated>,
    kinds: Vec<(&'static str, &'static str)>,
    names: Names,
    years: Vec<i32>,
    chosen: Chosen,
    filtered: bool,
    may_add: bool,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, Error> {
    let pairs = kpss_domain::listing::pairs(&query.unwrap_or_default());
    let query = DocumentQuery::parse(&pairs).map_err(|e| Error::BadRequest(e.0))?;
    let names = Names::load(&ctx, &state).await?;
    let actor = actor(&ctx);
    let all = store::documents(&state.store, ctx.tenant.id).await?;
    let readable: Vec<&Document> = all
        .iter()
        .filter(|d| rules::may_read(actor.as_ref(), d.draft.public))
        .collect();
    let mut years: Vec<i32> = readable.iter().map(|d| d.draft.issued_on.year()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let rows = readable
        .into_iter()
        .filter(|d| query.keeps(&d.draft))
        .map(|d| row(&names, d))
        .collect();
    let generated = generated::documents(&ctx, &state, &query).await?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            rows,
            generated,
            kinds: DocumentKind::ALL
                .iter()
                .map(|k| (k.code(), k.name()))
                .collect(),
            names,
            years,
            chosen: Chosen {
                text: get("text"),
                kind: get("druh"),
                plan: get("plan"),
                group: get("skupina"),
                year: get("rok"),
            },
            filtered: query.is_filtered(),
            may_add: actor.as_ref().is_some_and(rules::may_add),
        }
        .render()?,
    ))
}

/// A version as the document's page lists it.
struct VersionRow {
    number: i32,
    name: String,
    href: String,
    file: String,
    note: Option<String>,
    by: Option<String>,
    at: String,
}

#[derive(Template)]
#[template(path = "document/page.html")]
struct DocumentPage {
    layout: Layout,
    d: Row,
    description: Option<String>,
    versions: Vec<VersionRow>,
    may_manage: bool,
    /// The coordinator puts a public document to consultation.
    may_consult: bool,
    /// The document's consultations: (id, period, whether it runs today).
    consultations: Vec<(i32, String, bool)>,
    /// The forms for a new version and a consultation, with what was refused.
    form: FormView,
}

/// The document if `ctx` may read it; an internal one is not found for anyone else.
async fn readable(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(Document, Vec<FileInfo>), Error> {
    let (document, versions) = store::document(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    if !rules::may_read(actor(ctx).as_ref(), document.draft.public) {
        return Err(Error::NotFound);
    }
    Ok((document, versions))
}

async fn document_page(
    ctx: &Ctx,
    state: &AppState,
    (document, versions): (Document, Vec<FileInfo>),
    form: FormView,
) -> Result<DocumentPage, Error> {
    let names = Names::load(ctx, state).await?;
    let may_manage =
        actor(ctx).is_some_and(|a| rules::may_manage(&a, document.draft.group.as_deref()));
    let today = kpss_domain::czech::today();
    let consultations =
        kpss_store::consultation::of_document(&state.store, ctx.tenant.id, document.id)
            .await?
            .into_iter()
            .map(|c| {
                let p = c.period;
                let dates = format!(
                    "{} – {}",
                    kpss_domain::czech::format_date(p.opens_on),
                    kpss_domain::czech::format_date(p.closes_on)
                );
                (c.id, dates, p.is_open(today))
            })
            .collect();
    Ok(DocumentPage {
        layout: ctx.layout(),
        d: row(&names, &document),
        description: document.draft.description.clone(),
        versions: versions
            .iter()
            .map(|f| VersionRow {
                number: f.number,
                name: f.name.clone(),
                href: file_href(document.id, f),
                file: format!(
                    "{}, {}",
                    kpss_domain::file::kind_name(&f.media_type),
                    crate::upload::size(f.size)
                ),
                note: f.note.clone(),
                by: f.uploaded_by.clone(),
                at: kpss_domain::czech::format_datetime(f.created_at),
            })
            .collect(),
        may_manage,
        may_consult: document.draft.public && actor(ctx).is_some_and(|a| a.is_admin()),
        consultations,
        form,
    })
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let found = readable(&ctx, &state, &id).await?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        document_page(&ctx, &state, found, form).await?.render()?,
    ))
}

/// A version's file, streamed one stored chunk at a time.
async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, number, _name)): Path<(String, String, String)>,
) -> Result<Response, Error> {
    let (_, versions) = readable(&ctx, &state, &id).await?;
    let number: i32 = number.parse().map_err(|_| Error::NotFound)?;
    let file = versions
        .into_iter()
        .find(|f| f.number == number)
        .ok_or(Error::NotFound)?;
    let store = state.store.clone();
    let file_id = file.id;
    let chunks = futures_util::stream::unfold(0, move |seq| {
        let store = store.clone();
        async move {
            match store::chunk(&store, file_id, seq).await {
                Ok(Some(body)) => Some((Ok(axum::body::Bytes::from(body)), seq + 1)),
                Ok(None) => None,
                // The answer breaks off: a short file must not pass for a whole one.
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), i32::MAX)),
            }
        }
    });
    let mut response = crate::upload::download(
        &file.name,
        file.media_type,
        axum::body::Body::from_stream(chunks),
    );
    response.headers_mut().insert(
        axum::http::header::CONTENT_LENGTH,
        axum::http::HeaderValue::from(file.size),
    );
    Ok(response)
}
