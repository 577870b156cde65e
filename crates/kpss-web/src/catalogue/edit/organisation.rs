//! Creating and editing organisations.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::catalogue::{OrganisationDraft, OrganisationInput};
use kpss_store::catalogue::{self, Organisation};

use super::{rejection, version};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

#[derive(Template)]
#[template(path = "catalogue/organisation_form.html")]
struct OrganisationForm {
    layout: Layout,
    form: FormView,
    /// `None` for a new organisation; else its id and `label`, for the page title.
    id: Option<(i32, String)>,
    conflict: Option<&'static str>,
}

fn organisation_data(o: &Organisation) -> FormData {
    let d = &o.draft;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    FormData(vec![
        ("name".into(), d.name.clone()),
        ("ico".into(), d.ico.to_string()),
        ("legal_form".into(), opt(&d.legal_form)),
        ("address".into(), opt(&d.address)),
        ("web".into(), opt(&d.web)),
        ("email".into(), opt(&d.email)),
        ("phone".into(), opt(&d.phone)),
        ("description".into(), opt(&d.description)),
        ("version".into(), o.version.to_string()),
    ])
}

fn organisation_input(f: &FormData) -> OrganisationInput {
    OrganisationInput {
        name: f.get("name").into(),
        ico: f.get("ico").into(),
        legal_form: f.get("legal_form").into(),
        address: f.get("address").into(),
        web: f.get("web").into(),
        email: f.get("email").into(),
        phone: f.get("phone").into(),
        description: f.get("description").into(),
    }
}

/// The stored name with the IČO: two organisations may share a name.
fn label(o: &Organisation) -> String {
    format!("{} (IČO {})", o.draft.name, o.draft.ico)
}

pub async fn new_organisation(ctx: Ctx) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        OrganisationForm {
            layout: ctx.layout(),
            form,
            id: None,
            conflict: None,
        }
        .render()?,
    ))
}
/// Answers a rejected organisation form with what the user typed.
fn organisation_rejected(
    ctx: &Ctx,
    form: &FormData,
    id: Option<(i32, String)>,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, form, conflict) = rejection(ctx, form, err)?;
    let page = OrganisationForm {
        layout: ctx.layout(),
        form,
        id,
        conflict,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn create_organisation(
    ctx: Ctx,
    State(state): State<AppState>,
    form: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    form.check_csrf(&ctx.session).await?;
    let draft = match OrganisationDraft::parse(&organisation_input(&form)) {
        Ok(d) => d,
        Err(errors) => {
            return organisation_rejected(&ctx, &form, None, kpss_store::Error::Invalid(errors));
        }
    };
    match catalogue::create_organisation(&state.store, ctx.tenant.id, &actor, &draft).await {
        Ok(created) => {
            let to = format!("/katalog/organizace/{}", created.id);
            let text = format!(
                "Organizace „{}“ byla přidána do katalogu.",
                created.draft.name
            );
            crate::flash::redirect(&ctx.session, &to, text).await
        }
        Err(err) => organisation_rejected(&ctx, &form, None, err),
    }
}

pub async fn organisation_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let id = parse_id(&id)?;
    if !ctx.require_user()?.actor().may_edit_organisation(id) {
        return Err(Error::Forbidden);
    }
    let organisation = catalogue::organisation(&state.store, ctx.tenant.id, id).await?;
    let form = FormView::new(ctx.csrf.clone(), &organisation_data(&organisation));
    Ok(Html(
        OrganisationForm {
            layout: ctx.layout(),
            form,
            id: Some((id, label(&organisation))),
            conflict: None,
        }
        .render()?,
    ))
}
pub async fn update_organisation(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let actor = ctx.require_user()?.actor();
    if !actor.may_edit_organisation(id) {
        return Err(Error::Forbidden);
    }
    let stored = catalogue::organisation(&state.store, ctx.tenant.id, id).await?;
    let editing = Some((id, label(&stored)));
    form.check_csrf(&ctx.session).await?;
    let version = version(&form)?;
    let draft = match OrganisationDraft::parse(&organisation_input(&form)) {
        Ok(d) => d,
        Err(errors) => {
            return organisation_rejected(&ctx, &form, editing, kpss_store::Error::Invalid(errors));
        }
    };
    match catalogue::update_organisation(&state.store, ctx.tenant.id, &actor, id, version, &draft)
        .await
    {
        Ok(_) => {
            // The organisation's name is part of its services' documents.
            for service in catalogue::organisation_services(&state.store, ctx.tenant.id, id).await?
            {
                state.index.upsert(&service)?;
            }
            let text = format!("Údaje organizace „{}“ byly uloženy.", draft.name);
            crate::flash::redirect(&ctx.session, &format!("/katalog/organizace/{id}"), text).await
        }
        Err(err) => organisation_rejected(&ctx, &form, editing, err),
    }
}
