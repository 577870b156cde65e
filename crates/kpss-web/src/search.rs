//! `/sprava/slovnik` – the coordinator's own thesaurus for the catalogue search: words people
//! of this city use for target groups and needs, added to the groups kpss ships with.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_search::czech::thesaurus::{GROUPS, check_groups};

use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/sprava/slovnik", get(page).post(save))
}

/// Longest thesaurus a form takes: a few hundred groups of a few words.
const MAX_CHARS: usize = 50_000;

#[derive(Template)]
#[template(path = "search/thesaurus.html")]
struct ThesaurusPage {
    layout: Layout,
    form: FormView,
    /// Why a valid thesaurus was not saved: someone saved it meanwhile.
    conflict: Option<&'static str>,
    /// The groups kpss ships with, each as one line.
    builtin: Vec<String>,
}

fn render(ctx: &Ctx, form: FormView) -> ThesaurusPage {
    ThesaurusPage {
        layout: ctx.layout(),
        form,
        conflict: None,
        builtin: GROUPS.iter().map(|g| g.join(", ")).collect(),
    }
}

async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let own = kpss_store::search::thesaurus(&state.store, ctx.tenant.id).await?;
    let data = FormData(vec![
        ("synonyms".into(), own.groups),
        ("version".into(), own.version.to_string()),
    ]);
    Ok(Html(
        render(&ctx, FormView::new(ctx.csrf.clone(), &data)).render()?,
    ))
}

async fn save(ctx: Ctx, State(state): State<AppState>, data: FormData) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let text = data.get("synonyms").replace("\r\n", "\n");
    let checked = if text.chars().count() > MAX_CHARS {
        Err(kpss_domain::FieldError::TooLong { max: MAX_CHARS })
    } else {
        check_groups(&text)
    };
    let result = match &checked {
        Ok(groups) => {
            // Stored one group a line, expressions as the coordinator wrote them.
            let kept: Vec<String> = groups.iter().map(|g| g.join(", ")).collect();
            kpss_store::search::save_thesaurus(
                &state.store,
                ctx.tenant.id,
                &actor,
                &kept.join("\n"),
                version,
            )
            .await
        }
        Err(e) => {
            let mut errors = kpss_domain::FieldErrors::default();
            errors.add("synonyms", e.clone());
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(_) => {
            let groups = checked.unwrap_or_default();
            state.index.set_thesaurus(ctx.tenant.id, &groups);
            crate::flash::redirect(
                &ctx.session,
                "/sprava/slovnik",
                format!(
                    "Slovník vyhledávání byl uložen: {}.",
                    kpss_domain::czech::count(
                        groups.len(),
                        "vlastní skupina",
                        "vlastní skupiny",
                        "vlastních skupin"
                    )
                ),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = render(&ctx, form);
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
