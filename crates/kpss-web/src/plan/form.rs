//! The one form page every plan form uses, and what the plan forms share.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::FieldErrors;
use kpss_domain::account::Actor;
use kpss_store::plan::PlanTree;

use super::visible_plan;
use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView, rejection};
use crate::{AppState, Error};

/// One input of a plan form.
pub(super) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub hint: &'static str,
    /// A multi-line text.
    pub long: bool,
    /// A choice from these (value, label) pairs instead of free text.
    pub options: Vec<(String, String)>,
}

pub(super) const fn field(
    name: &'static str,
    label: &'static str,
    required: bool,
    hint: &'static str,
) -> Field {
    Field {
        name,
        label,
        required,
        hint,
        long: false,
        options: Vec::new(),
    }
}

#[derive(Template)]
#[template(path = "plan/form.html")]
pub(super) struct FormPage {
    pub(super) layout: Layout,
    pub(super) title: String,
    /// Where „back“ leads and what the breadcrumbs show before the form.
    pub(super) back: Option<(String, String)>,
    pub(super) form: FormView,
    pub(super) fields: Vec<Field>,
    pub(super) submit: &'static str,
    /// Why the form was not saved although it was valid: someone saved the record meanwhile.
    pub(super) conflict: Option<&'static str>,
}

pub(super) fn render(page: FormPage, status: StatusCode) -> Result<Response, Error> {
    Ok((status, Html(page.render()?)).into_response())
}

/// Answers a rejected form with what the user typed, or passes other errors on.
pub(super) fn rejected(
    ctx: &Ctx,
    mut page: FormPage,
    data: &FormData,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, form, conflict) = rejection(ctx, data, err)?;
    page.form = form;
    page.conflict = conflict;
    render(page, status)
}

/// The version of the record the form was opened on, read inside `submit` (after the
/// permission and token checks); a form without one cannot have come from kpss.
pub(super) fn form_version(data: &FormData) -> Result<i32, kpss_store::Error> {
    data.get("version").parse().map_err(|_| {
        let mut errors = FieldErrors::default();
        errors.add("version", kpss_domain::FieldError::Required);
        invalid(errors)
    })
}

pub(super) fn invalid(errors: FieldErrors) -> kpss_store::Error {
    kpss_store::Error::Invalid(errors)
}

/// The coordinator's own draft, for a structural change.
pub(super) async fn own_plan(ctx: &Ctx, state: &AppState, id: &str) -> Result<PlanTree, Error> {
    Ok(gated(ctx, state, id, Gate::Coordinator).await?.0)
}

/// Who may open a form on a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gate {
    /// The coordinator only: the plan's header, lifecycle, parts and priorities.
    Coordinator,
    /// Whoever writes this part (see [`kpss_domain::plan::writing`]).
    Part(i32),
    /// Whoever writes some part; the form then offers only the parts they write.
    SomePart,
}

/// The tenant's plan and the actor, if the gate lets them through. For [`Gate::SomePart`] the
/// tree keeps only the parts the actor writes, so a form lists no other.
pub(super) async fn gated(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    gate: Gate,
) -> Result<(PlanTree, Actor), Error> {
    let actor = ctx.require_user()?.actor();
    if gate == Gate::Coordinator {
        ctx.require_admin()?;
    }
    let mut tree = visible_plan(ctx, state, id).await?;
    // A region reads its municipalities' plans but writes only its own.
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    let rights = || {
        kpss_store::plan::writing::plan_rights(&state.store, ctx.tenant.id, &actor, tree.plan.id)
    };
    match gate {
        Gate::Coordinator => {}
        Gate::Part(part) => {
            let rights = rights().await?;
            let found = rights.get(&part).ok_or(Error::NotFound)?;
            if !found.access().may_write(&actor) {
                return Err(if found.locked_at.is_some() && found.group.is_some() {
                    Error::Conflict(crate::messages::field_error(
                        &kpss_domain::FieldError::PartLocked,
                    ))
                } else {
                    Error::Forbidden
                });
            }
        }
        Gate::SomePart if actor.is_admin() => {}
        Gate::SomePart => {
            let rights = rights().await?;
            tree.parts.retain(|p| {
                rights
                    .get(&p.id)
                    .is_some_and(|r| r.access().may_write(&actor))
            });
            if tree.parts.is_empty() {
                return Err(Error::Forbidden);
            }
        }
    }
    Ok((tree, actor))
}

pub(super) fn plan_page(
    ctx: &Ctx,
    tree: &PlanTree,
    title: &str,
    data: &FormData,
    fields: Vec<Field>,
    submit: &'static str,
) -> FormPage {
    FormPage {
        layout: ctx.layout(),
        title: title.to_owned(),
        back: Some((format!("/plany/{}", tree.plan.id), tree.plan.title.clone())),
        form: FormView::new(ctx.csrf.clone(), data),
        fields,
        submit,
        conflict: None,
    }
}

/// What a form on a plan asks for: its title, fields (which may list the plan's parts or
/// goals) and button.
pub(super) struct Spec {
    pub title: String,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    /// What the notice after a successful save says.
    pub done: &'static str,
}

pub(super) fn spec_page(ctx: &Ctx, tree: &PlanTree, spec: Spec, data: &FormData) -> FormPage {
    plan_page(ctx, tree, &spec.title, data, spec.fields, spec.submit)
}

/// `GET` of a form on a plan, filled by `initial`, for whom `gate` lets through.
pub(super) async fn show(
    ctx: Ctx,
    state: &AppState,
    (id, gate): (&str, Gate),
    spec: fn(&PlanTree) -> Spec,
    initial: fn(&PlanTree) -> FormData,
) -> Result<Response, Error> {
    let (tree, _) = gated(&ctx, state, id, gate).await?;
    let data = initial(&tree);
    render(spec_page(&ctx, &tree, spec(&tree), &data), StatusCode::OK)
}

/// `POST` of a form on a plan: checks who sends it (by `gate`) and its CSRF token, then `save`
/// parses and stores. Success shows the plan; a rejection shows the form again with what the
/// user typed.
pub(super) async fn submit(
    ctx: Ctx,
    state: &AppState,
    (id, gate): (&str, Gate),
    data: FormData,
    spec: impl Fn(&PlanTree) -> Spec,
    save: impl AsyncFnOnce(&Actor, &PlanTree, &FormData) -> Result<(), kpss_store::Error>,
) -> Result<Response, Error> {
    let (tree, actor) = gated(&ctx, state, id, gate).await?;
    data.check_csrf(&ctx.session).await?;
    match save(&actor, &tree, &data).await {
        Ok(()) => {
            let to = format!("/plany/{}", tree.plan.id);
            crate::flash::redirect(&ctx.session, &to, spec(&tree).done).await
        }
        Err(err) => rejected(&ctx, spec_page(&ctx, &tree, spec(&tree), &data), &data, err),
    }
}

/// The plan and the actor `gate` lets through, for a form that carries this session's CSRF
/// token.
pub(super) async fn checked(
    ctx: &Ctx,
    state: &AppState,
    (id, gate): (&str, Gate),
    data: &FormData,
) -> Result<(PlanTree, Actor), Error> {
    let found = gated(ctx, state, id, gate).await?;
    data.check_csrf(&ctx.session).await?;
    Ok(found)
}

/// An empty form.
pub(super) fn empty(_: &PlanTree) -> FormData {
    FormData::default()
}

/// A form carrying only the plan's version.
pub(super) fn with_version(tree: &PlanTree) -> FormData {
    FormData(vec![("version".into(), tree.plan.version.to_string())])
}

/// A choice from a list and the rest of a form, both valid, or all their problems at once.
pub(super) fn both<T>(
    choice: Option<i32>,
    parsed: Result<T, FieldErrors>,
    mut errors: FieldErrors,
) -> Result<(i32, T), kpss_store::Error> {
    match (choice, parsed) {
        (Some(id), Ok(value)) if errors.is_empty() => Ok((id, value)),
        (_, parsed) => {
            if let Err(more) = parsed {
                errors.0.extend(more.0);
            }
            Err(invalid(errors))
        }
    }
}

/// The id the user chose from a list, checked against the list.
pub(super) fn chosen(
    data: &FormData,
    name: &str,
    valid: impl Iterator<Item = i32>,
    errors: &mut FieldErrors,
) -> Option<i32> {
    let id = data
        .get(name)
        .parse::<i32>()
        .ok()
        .filter(|id| valid.into_iter().any(|v| v == *id));
    if id.is_none() {
        errors.add(name, kpss_domain::FieldError::UnknownValue);
    }
    id
}
