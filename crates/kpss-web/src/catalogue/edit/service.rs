//! Creating and editing services and related activities.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::catalogue::{
    CapacityUnit, CodeLists, LocationInput, ServiceDraft, ServiceForm, ServiceInput, service_types,
};
use kpss_store::catalogue::{self, Organisation, Service};
use kpss_store::tenant::ListItem;

use super::{rejection, version};
use crate::auth::{Ctx, Layout};
use crate::catalogue::{Lists, parse_id};
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Most location rows a service form takes.
const MAX_LOCATIONS: usize = 20;
#[derive(Template)]
#[template(path = "catalogue/service_form.html")]
struct ServiceFormPage {
    layout: Layout,
    form: FormView,
    organisation: Organisation,
    /// `None` for a new service.
    id: Option<i32>,
    /// The stored name of the service being edited, for the page title (empty for a new one).
    name: String,
    conflict: Option<&'static str>,
    service_types: Vec<(String, String)>,
    forms: Vec<(&'static str, &'static str)>,
    units: Vec<(&'static str, &'static str)>,
    target_groups: Vec<ListItem>,
    districts: Vec<ListItem>,
    location_rows: Vec<usize>,
}

fn service_data(s: &Service) -> FormData {
    let d = &s.draft;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<u8>| v.map(|n| n.to_string()).unwrap_or_default();
    let date = |v: Option<time::Date>| {
        v.map(kpss_domain::czech::format_date)
            .unwrap_or_default()
            .replace('\u{a0}', " ")
    };
    let mut data = vec![
        ("kind".into(), d.kind.code().to_owned()),
        ("name".into(), d.name.clone()),
        ("service_type".into(), opt(&d.service_type)),
        ("register_id".into(), opt(&d.register_id)),
        ("description".into(), opt(&d.description)),
        ("age_from".into(), num(d.age_from)),
        ("age_to".into(), num(d.age_to)),
        (
            "capacity".into(),
            d.capacity.map(|c| c.amount.to_string()).unwrap_or_default(),
        ),
        (
            "capacity_unit".into(),
            d.capacity
                .map(|c| c.unit.code().to_owned())
                .unwrap_or_default(),
        ),
        ("fees".into(), opt(&d.fees)),
        ("opening_hours".into(), opt(&d.opening_hours)),
        ("email".into(), opt(&d.email)),
        ("phone".into(), opt(&d.phone)),
        ("web".into(), opt(&d.web)),
        ("active_from".into(), date(d.active_from)),
        ("active_to".into(), date(d.active_to)),
        ("version".into(), s.version.to_string()),
    ];
    data.extend(
        d.forms
            .iter()
            .map(|f| ("forms".to_owned(), f.code().to_owned())),
    );
    data.extend(
        d.target_groups
            .iter()
            .map(|g| ("target_groups".to_owned(), g.clone())),
    );
    for (i, l) in d.locations.iter().enumerate() {
        data.push((format!("locations[{i}].address"), l.address.clone()));
        data.push((
            format!("locations[{i}].district"),
            l.district.clone().unwrap_or_default(),
        ));
        data.push((
            format!("locations[{i}].latitude"),
            l.latitude.map(|v| v.to_string()).unwrap_or_default(),
        ));
        data.push((
            format!("locations[{i}].longitude"),
            l.longitude.map(|v| v.to_string()).unwrap_or_default(),
        ));
    }
    FormData(data)
}

fn location_count(f: &FormData) -> usize {
    (0..MAX_LOCATIONS)
        .take_while(|i| {
            f.0.iter()
                .any(|(k, _)| k.starts_with(&format!("locations[{i}].")))
        })
        .count()
}

fn service_input(f: &FormData) -> ServiceInput {
    let locations = (0..location_count(f))
        .map(|i| LocationInput {
            address: f.get(&format!("locations[{i}].address")).into(),
            district: f.get(&format!("locations[{i}].district")).into(),
            latitude: f.get(&format!("locations[{i}].latitude")).into(),
            longitude: f.get(&format!("locations[{i}].longitude")).into(),
        })
        .collect();
    ServiceInput {
        kind: f.get("kind").into(),
        name: f.get("name").into(),
        service_type: f.get("service_type").into(),
        register_id: f.get("register_id").into(),
        description: f.get("description").into(),
        forms: f.all("forms"),
        target_groups: f.all("target_groups"),
        age_from: f.get("age_from").into(),
        age_to: f.get("age_to").into(),
        capacity: f.get("capacity").into(),
        capacity_unit: f.get("capacity_unit").into(),
        fees: f.get("fees").into(),
        opening_hours: f.get("opening_hours").into(),
        email: f.get("email").into(),
        phone: f.get("phone").into(),
        web: f.get("web").into(),
        active_from: f.get("active_from").into(),
        active_to: f.get("active_to").into(),
        locations,
    }
}

impl ServiceFormPage {
    fn new(
        ctx: &Ctx,
        lists: Lists,
        organisation: Organisation,
        id: Option<i32>,
        form: FormView,
        rows: usize,
    ) -> Self {
        Self {
            layout: ctx.layout(),
            form,
            organisation,
            id,
            name: String::new(),
            conflict: None,
            service_types: service_types()
                .iter()
                .map(|t| (t.code.clone(), t.label()))
                .collect(),
            forms: ServiceForm::ALL
                .iter()
                .map(|f| (f.code(), f.name()))
                .collect(),
            units: CapacityUnit::ALL
                .iter()
                .map(|u| (u.code(), u.name()))
                .collect(),
            target_groups: lists.target_groups,
            districts: lists.districts,
            // Every existing place plus one empty row to add another.
            location_rows: (0..(rows + 1).min(MAX_LOCATIONS)).collect(),
        }
    }
}
/// Answers a rejected service form with what the user typed.
async fn service_rejected(
    ctx: &Ctx,
    state: &AppState,
    form: &FormData,
    organisation: Organisation,
    editing: Option<(i32, &str)>,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let lists = Lists::load(state, ctx.tenant.id).await?;
    let (status, view, conflict) = rejection(ctx, form, err)?;
    let id = editing.map(|(id, _)| id);
    let mut page = ServiceFormPage::new(ctx, lists, organisation, id, view, location_count(form));
    page.name = editing.map(|(_, name)| name.to_owned()).unwrap_or_default();
    page.conflict = conflict;
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn new_service(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let organisation_id = parse_id(&id)?;
    if !ctx
        .require_user()?
        .actor()
        .may_edit_organisation(organisation_id)
    {
        return Err(Error::Forbidden);
    }
    let organisation =
        catalogue::organisation(&state.store, ctx.tenant.id, organisation_id).await?;
    let lists = Lists::load(&state, ctx.tenant.id).await?;
    let data = FormData(vec![("kind".into(), "sluzba".into())]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(
        ServiceFormPage::new(&ctx, lists, organisation, None, form, 0).render()?,
    ))
}

async fn parse_service(
    state: &AppState,
    tenant: i32,
    form: &FormData,
) -> Result<Result<ServiceDraft, kpss_domain::FieldErrors>, Error> {
    let lists = Lists::load(state, tenant).await?;
    let groups = Lists::codes(&lists.target_groups);
    let districts = Lists::codes(&lists.districts);
    Ok(ServiceDraft::parse(
        &service_input(form),
        CodeLists {
            target_groups: &groups,
            districts: &districts,
        },
    ))
}

pub async fn create_service(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let organisation_id = parse_id(&id)?;
    let actor = ctx.require_user()?.actor();
    if !actor.may_edit_organisation(organisation_id) {
        return Err(Error::Forbidden);
    }
    let organisation =
        catalogue::organisation(&state.store, ctx.tenant.id, organisation_id).await?;
    form.check_csrf(&ctx.session).await?;
    let draft = match parse_service(&state, ctx.tenant.id, &form).await? {
        Ok(d) => d,
        Err(errors) => {
            return service_rejected(
                &ctx,
                &state,
                &form,
                organisation,
                None,
                kpss_store::Error::Invalid(errors),
            )
            .await;
        }
    };
    match catalogue::create_service(&state.store, ctx.tenant.id, &actor, organisation_id, &draft)
        .await
    {
        Ok(created) => {
            state.index.upsert(&created)?;
            let to = format!("/katalog/sluzby/{}", created.id);
            let text = format!("„{}“ je v katalogu.", created.draft.name);
            crate::flash::redirect(&ctx.session, &to, text).await
        }
        Err(err) => service_rejected(&ctx, &state, &form, organisation, None, err).await,
    }
}

pub async fn service_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let id = parse_id(&id)?;
    let actor = ctx.require_user()?.actor();
    let service = catalogue::service(&state.store, ctx.tenant.id, id).await?;
    if !actor.may_edit_organisation(service.organisation_id) {
        return Err(Error::Forbidden);
    }
    let organisation =
        catalogue::organisation(&state.store, ctx.tenant.id, service.organisation_id).await?;
    let lists = Lists::load(&state, ctx.tenant.id).await?;
    let form = FormView::new(ctx.csrf.clone(), &service_data(&service));
    let mut page = ServiceFormPage::new(
        &ctx,
        lists,
        organisation,
        Some(id),
        form,
        service.draft.locations.len(),
    );
    page.name = service.draft.name;
    Ok(Html(page.render()?))
}

pub async fn update_service(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let actor = ctx.require_user()?.actor();
    let current = catalogue::service(&state.store, ctx.tenant.id, id).await?;
    if !actor.may_edit_organisation(current.organisation_id) {
        return Err(Error::Forbidden);
    }
    form.check_csrf(&ctx.session).await?;
    let version = version(&form)?;
    let organisation =
        catalogue::organisation(&state.store, ctx.tenant.id, current.organisation_id).await?;
    let draft = match parse_service(&state, ctx.tenant.id, &form).await? {
        Ok(d) => d,
        Err(errors) => {
            return service_rejected(
                &ctx,
                &state,
                &form,
                organisation,
                Some((id, &current.draft.name)),
                kpss_store::Error::Invalid(errors),
            )
            .await;
        }
    };
    match catalogue::update_service(&state.store, ctx.tenant.id, &actor, id, version, &draft).await
    {
        Ok(updated) => {
            state.index.upsert(&updated)?;
            let text = format!("Změny „{}“ byly uloženy.", updated.draft.name);
            crate::flash::redirect(&ctx.session, &format!("/katalog/sluzby/{id}"), text).await
        }
        Err(err) => {
            service_rejected(
                &ctx,
                &state,
                &form,
                organisation,
                Some((id, &current.draft.name)),
                err,
            )
            .await
        }
    }
}
