//! Groups writing their parts of a draft: the coordinator's view of a part's changes since the
//! last look (taken over with one button) and its lock, and the internal thread on a measure.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::plan::PlanStatus;
use kpss_store::plan::PlanTree;
use kpss_store::plan::writing as store;

use super::PlanView;
use super::form::{Gate, gated};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// A change as the coordinator reads it.
struct ChangeRow {
    at: String,
    by: String,
    what: &'static str,
    before: String,
    after: String,
}

#[derive(Template)]
#[template(path = "plan/part_changes.html")]
struct ChangesPage {
    layout: Layout,
    plan: PlanView,
    part: (i32, String),
    rows: Vec<ChangeRow>,
    locked: Option<String>,
    /// When the coordinator last took the changes over.
    reviewed: Option<String>,
}

/// Words for an action of the audit log.
pub(crate) fn what(action: &str) -> &'static str {
    match action {
        "add_goal" => "nový cíl",
        "update_goal" => "úprava cíle",
        "add_measure" => "nové opatření",
        "update_measure" => "úprava opatření",
        "measure_funding" => "indikátory a náklady opatření",
        "remove" => "odebrání",
        "add_version" => "nová verze dokumentu",
        _ => "změna",
    }
}

/// A stored JSON value as plain words: its strings and numbers, without the braces.
pub(crate) fn words(json: Option<&str>) -> String {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if !s.is_empty() => out.push(s.clone()),
            serde_json::Value::Number(n) => out.push(n.to_string()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(v) = json.and_then(|j| serde_json::from_str(j).ok()) {
        walk(&v, &mut out);
    }
    out.join(" · ")
}

fn part_name(tree: &PlanTree, part: i32) -> Result<(i32, String), Error> {
    tree.parts
        .iter()
        .find(|p| p.id == part)
        .map(|p| (p.id, p.label()))
        .ok_or(Error::NotFound)
}

/// „14. 10. 2026 9:05“ in Prague time.
pub(crate) fn stamp(t: time::OffsetDateTime) -> String {
    let local = kpss_domain::czech::to_prague(t);
    format!(
        "{} {}",
        kpss_domain::czech::format_date(local.date()),
        kpss_domain::czech::format_time(local.time())
    )
}

/// `GET /plany/{id}/casti/{part}/zmeny`: what the group changed since the coordinator's last
/// look.
pub async fn changes(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    let (tree, actor) = gated(&ctx, &state, &id, Gate::Coordinator).await?;
    let part = part_name(&tree, parse_id(&part)?)?;
    let rights = store::part_rights(&state.store, ctx.tenant.id, &actor, part.0).await?;
    let rows = store::changes_since_review(&state.store, ctx.tenant.id, part.0)
        .await?
        .into_iter()
        .map(|e| ChangeRow {
            at: stamp(e.at),
            by: e.by.unwrap_or_else(|| "kpss".to_owned()),
            what: what(&e.action),
            before: words(e.before.as_deref()),
            after: words(e.after.as_deref()),
        })
        .collect();
    Ok(Html(
        ChangesPage {
            layout: ctx.layout(),
            plan: PlanView::new(&tree.plan),
            part,
            rows,
            locked: rights.locked_at.map(stamp),
            reviewed: rights.reviewed_at.map(stamp),
        }
        .render()?,
    ))
}

/// `POST /plany/{id}/casti/{part}/prevzit`: the coordinator takes the shown changes over.
pub async fn take_over(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let (tree, actor) = gated(&ctx, &state, &id, Gate::Coordinator).await?;
    data.check_csrf(&ctx.session).await?;
    let part = part_name(&tree, parse_id(&part)?)?;
    store::take_over_changes(&state.store, ctx.tenant.id, &actor, part.0).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/plany/{}#cast-{}", tree.plan.id, part.0),
        format!("Změny části {} jsou převzaté do návrhu.", part.1),
    )
    .await
}

/// `POST /plany/{id}/casti/{part}/zamek`: locks the part as final (`zamknout=ano`) or opens it
/// to its group again.
pub async fn lock(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let (tree, actor) = gated(&ctx, &state, &id, Gate::Coordinator).await?;
    data.check_csrf(&ctx.session).await?;
    let part = part_name(&tree, parse_id(&part)?)?;
    let locked = match data.get("zamknout") {
        "ano" => true,
        "ne" => false,
        _ => {
            return Err(Error::BadRequest(
                "Formulář neříká, zda část uzamknout, nebo odemknout.".into(),
            ));
        }
    };
    store::lock_part(&state.store, ctx.tenant.id, &actor, part.0, locked).await?;
    let text = if locked {
        format!("Část {} je uzamčená jako konečná.", part.1)
    } else {
        format!("Část {} je znovu otevřená své skupině.", part.1)
    };
    crate::flash::redirect(
        &ctx.session,
        &format!("/plany/{}#cast-{}", tree.plan.id, part.0),
        text,
    )
    .await
}

/// A comment as the thread shows it.
struct CommentRow {
    by: String,
    at: String,
    text: String,
}

#[derive(Template)]
#[template(path = "plan/discussion.html")]
struct DiscussionPage {
    layout: Layout,
    plan: PlanView,
    measure: (i32, String, String),
    comments: Vec<CommentRow>,
    form: FormView,
    /// New comments are taken while the plan is a draft.
    open: bool,
}

/// The tenant's plan, the measure and the actor, if the actor takes part in its thread.
async fn thread_of(
    ctx: &Ctx,
    state: &AppState,
    (id, measure): (&str, &str),
) -> Result<(PlanTree, i32, kpss_domain::account::Actor), Error> {
    let actor = ctx.require_user()?.actor();
    let tree = super::visible_plan(ctx, state, id).await?;
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    let measure = parse_id(measure)?;
    if !tree.measures().any(|m| m.id == measure) {
        return Err(Error::NotFound);
    }
    store::require_discussant(&state.store, ctx.tenant.id, &actor, measure).await?;
    Ok((tree, measure, actor))
}

async fn discussion_page(
    ctx: &Ctx,
    state: &AppState,
    (id, measure): (&str, &str),
    form: FormView,
) -> Result<DiscussionPage, Error> {
    let (tree, measure_id, actor) = thread_of(ctx, state, (id, measure)).await?;
    let found = tree
        .measures()
        .find(|m| m.id == measure_id)
        .ok_or(Error::NotFound)?;
    let comments = store::comments(&state.store, ctx.tenant.id, &actor, measure_id)
        .await?
        .into_iter()
        .map(|c| CommentRow {
            by: c.by,
            at: stamp(c.at),
            text: c.text,
        })
        .collect();
    Ok(DiscussionPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        measure: (found.id, found.draft.code.clone(), found.draft.text.clone()),
        comments,
        form,
        open: tree.plan.status == PlanStatus::Draft,
    })
}

/// `GET /plany/{id}/opatreni/{measure}/diskuse`: the group's internal thread on a measure.
pub async fn discussion(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    let page = discussion_page(&ctx, &state, (&id, &measure), form).await?;
    Ok(Html(page.render()?))
}

/// `POST /plany/{id}/opatreni/{measure}/diskuse`: adds a comment.
pub async fn comment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, measure)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let (_, measure_id, actor) = thread_of(&ctx, &state, (&id, &measure)).await?;
    data.check_csrf(&ctx.session).await?;
    let result = match kpss_domain::plan::writing::parse_comment(data.get("comment")) {
        Ok(text) => store::add_comment(&state.store, ctx.tenant.id, &actor, measure_id, &text)
            .await
            .map(drop),
        Err(e) => {
            let mut errors = kpss_domain::FieldErrors::default();
            errors.add("comment", e);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/plany/{id}/opatreni/{measure_id}/diskuse"),
                "Komentář byl přidán.",
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = discussion_page(&ctx, &state, (&id, &measure), form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
