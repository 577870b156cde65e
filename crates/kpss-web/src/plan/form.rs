//! The one form page every plan form uses, and what the plan forms share.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::FieldErrors;
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
}

pub(super) fn render(page: FormPage, status: axum::http::StatusCode) -> Result<Response, Error> {
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
    if conflict.is_some() {
        return Err(Error::Conflict(crate::messages::STALE.into()));
    }
    render(page, status)
}

pub(super) fn invalid(errors: FieldErrors) -> kpss_store::Error {
    kpss_store::Error::Invalid(errors)
}

/// The coordinator's own draft, for a structural change.
pub(super) async fn own_plan(ctx: &Ctx, state: &AppState, id: &str) -> Result<PlanTree, Error> {
    ctx.require_admin()?;
    let tree = visible_plan(ctx, state, id).await?;
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::Forbidden);
    }
    Ok(tree)
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
