//! The tenant's own lists on the web: the coordinator keeps the funding sources, the target
//! groups and the city districts (číselníky).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_domain::FieldErrors;
use kpss_store::tenant::{self, ListItem, ListKind};

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/sprava/ciselniky/{list}", get(page).post(save))
}

/// A list as its page names it: (address, kind, title, what it is for).
const LISTS: [(&str, ListKind, &str, &str); 3] = [
    (
        "zdroje",
        ListKind::FundingSources,
        "Zdroje financování",
        "Zdroje, ze kterých se plánují a vykazují náklady opatření a karet aktivit. \
         Zdroj, který už používá některá karta nebo opatření, nelze odebrat.",
    ),
    (
        "cilove-skupiny",
        ListKind::TargetGroups,
        "Cílové skupiny",
        "Cílové skupiny služeb v katalogu. Skupinu, kterou má některá služba, nelze odebrat.",
    ),
    (
        "obvody",
        ListKind::Districts,
        "Městské obvody",
        "Městské obvody pro místa poskytování služeb. Obvod, ve kterém služba působí, nelze \
         odebrat.",
    ),
];

#[derive(Template)]
#[template(path = "tenant/list.html")]
struct ListPage {
    layout: Layout,
    title: &'static str,
    purpose: &'static str,
    /// The other lists: (address, title).
    others: Vec<(&'static str, &'static str)>,
    form: FormView,
    /// Why a valid list was not saved: someone saved it meanwhile.
    conflict: Option<&'static str>,
}

fn list_of(slug: &str) -> Result<(&'static str, ListKind, &'static str, &'static str), Error> {
    LISTS
        .iter()
        .find(|(s, ..)| *s == slug)
        .copied()
        .ok_or(Error::NotFound)
}

async fn items(state: &AppState, tenant: i32, kind: ListKind) -> Result<Vec<ListItem>, Error> {
    Ok(match kind {
        ListKind::FundingSources => tenant::funding_sources(&state.store, tenant).await?,
        _ => tenant::list(&state.store, tenant, kind).await?,
    })
}

/// The list as the form shows it, one item per line, with the version it was read at.
async fn as_form(state: &AppState, tenant: i32, kind: ListKind) -> Result<FormData, Error> {
    let text = items(state, tenant, kind)
        .await?
        .iter()
        .map(|i| format!("{}; {}", i.code, i.name))
        .collect::<Vec<_>>()
        .join("\n");
    let version = tenant::list_version(&state.store, tenant, kind).await?;
    Ok(FormData(vec![
        ("list".into(), text),
        ("version".into(), version.to_string()),
    ]))
}

fn render(ctx: &Ctx, slug: &str, form: FormView) -> Result<ListPage, Error> {
    let (slug, _, title, purpose) = list_of(slug)?;
    Ok(ListPage {
        layout: ctx.layout(),
        title,
        purpose,
        others: LISTS
            .iter()
            .filter(|(s, ..)| *s != slug)
            .map(|(s, _, t, _)| (*s, *t))
            .collect(),
        form,
        conflict: None,
    })
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let (_, kind, ..) = list_of(&slug)?;
    let data = as_form(&state, ctx.tenant.id, kind).await?;
    let page = render(&ctx, &slug, FormView::new(ctx.csrf.clone(), &data))?;
    Ok(Html(page.render()?))
}

async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let (_, kind, ..) = list_of(&slug)?;
    let version = crate::form::version(&data)?;
    let result = match kpss_domain::funding::parse_code_list(data.get("list")) {
        Ok(parsed) => {
            let parsed: Vec<ListItem> = parsed
                .into_iter()
                .map(|(code, name)| ListItem { code, name })
                .collect();
            let list = (kind, version);
            tenant::set_list_checked(&state.store, ctx.tenant.id, &actor, list, &parsed).await
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("list", e);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(()) => {
            let (_, _, title, _) = list_of(&slug)?;
            crate::flash::redirect(
                &ctx.session,
                &format!("/sprava/ciselniky/{slug}"),
                format!("Číselník „{title}“ byl uložen."),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = render(&ctx, &slug, form)?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
