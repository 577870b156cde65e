//! A group's evaluation of its part of the plan for the year, written by its manager (or the
//! coordinator) while the round is open.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::evaluation::parse_evaluation_text;
use kpss_store::action_plan::ActionPlan;
use kpss_store::evaluation;
use kpss_store::plan::PlanTree;

use super::{may_judge, with_round};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection, version};
use crate::plan::PlanView;
use crate::{AppState, Error, flash, messages};

#[derive(Template)]
#[template(path = "evaluation/group_text.html")]
struct GroupTextPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    code: String,
    name: String,
    form: FormView,
    notice: Option<&'static str>,
}

/// The round, the part and its stored text; only for those who may write it now.
async fn group_text_context(
    ctx: &Ctx,
    state: &AppState,
    (id, part): (&str, &str),
) -> Result<
    (
        ActionPlan,
        PlanTree,
        i32,
        Option<kpss_store::evaluation::GroupText>,
    ),
    Error,
> {
    let (ap, tree, round) = with_round(ctx, state, id).await?;
    let part_id = parse_id(part)?;
    let code = tree
        .parts
        .iter()
        .find(|p| p.id == part_id)
        .map(|p| p.group.clone())
        .ok_or(Error::NotFound)?;
    if round.closed {
        return Err(Error::Conflict(messages::ROUND_NOT_OPEN.into()));
    }
    if !may_judge(ctx, &ap, &round, &code) {
        return Err(Error::Forbidden);
    }
    let stored = evaluation::group_texts(&state.store, ctx.scope.clone(), &[ap.id])
        .await?
        .into_iter()
        .find(|t| t.part_id == part_id);
    Ok((ap, tree, part_id, stored))
}

fn group_text_page(
    ctx: &Ctx,
    ap: ActionPlan,
    tree: &PlanTree,
    part_id: i32,
    (form, notice): (FormView, Option<&'static str>),
) -> GroupTextPage {
    let part = tree.parts.iter().find(|p| p.id == part_id);
    GroupTextPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        action_plan: ap,
        code: part.map(|p| p.draft.code.clone()).unwrap_or_default(),
        name: part.map(|p| p.draft.name.clone()).unwrap_or_default(),
        form,
        notice,
    }
}

/// `GET /akcni-plany/{id}/hodnoceni/skupiny/{part}` – the group's evaluation of its part.
pub(crate) async fn group_text_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    ctx.require_user()?;
    let (ap, tree, part_id, stored) = group_text_context(&ctx, &state, (&id, &part)).await?;
    let data = FormData(vec![
        (
            "version".into(),
            stored.as_ref().map_or(0, |t| t.version).to_string(),
        ),
        ("text".into(), stored.map(|t| t.text).unwrap_or_default()),
    ]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(
        group_text_page(&ctx, ap, &tree, part_id, (form, None)).render()?,
    ))
}

/// `POST /akcni-plany/{id}/hodnoceni/skupiny/{part}` – saves it.
pub(crate) async fn group_text_save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let (ap, tree, part_id, _) = group_text_context(&ctx, &state, (&id, &part)).await?;
    data.check_csrf(&ctx.session).await?;
    let saved = match parse_evaluation_text(data.get("text")) {
        Ok(text) => {
            evaluation::save_group_text(
                &state.store,
                ctx.tenant.id,
                &actor,
                (ap.id, part_id, version(&data)?),
                &text,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => {
            let to = format!("/akcni-plany/{}/hodnoceni/opatreni", ap.id);
            flash::redirect(&ctx.session, &to, "Text hodnocení skupiny byl uložen.").await
        }
        Err(err) => {
            let (status, form, notice) = rejection(&ctx, &data, err)?;
            let page = group_text_page(&ctx, ap, &tree, part_id, (form, notice));
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
