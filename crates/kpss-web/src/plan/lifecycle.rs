//! A new draft, its title and period, the lifecycle with the council's approval, and new
//! versions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kpss_domain::plan::{PlanAction, PlanHeader, Resolution};
use kpss_store::plan::{self, PlanTree};

use super::form::{Field, FormPage, field, invalid, own_plan, plan_page, rejected, render};
use crate::auth::Ctx;
use crate::form::{FormData, FormView, version};
use crate::{AppState, Error};

fn header_fields() -> Vec<Field> {
    vec![
        field(
            "title",
            "Název plánu",
            true,
            "např. 7. komunitní plán sociálních služeb",
        ),
        field("period_from", "Období od (rok)", true, "např. 2027"),
        field("period_to", "Období do (rok)", true, "nejvýše deset let"),
    ]
}

fn header_page(ctx: &Ctx, data: &FormData) -> FormPage {
    FormPage {
        layout: ctx.layout(),
        title: "Nový komunitní plán".into(),
        back: Some(("/plany".into(), "Komunitní plány".into())),
        form: FormView::new(ctx.csrf.clone(), data),
        fields: header_fields(),
        submit: "Založit návrh plánu",
    }
}

pub async fn new_plan(ctx: Ctx) -> Result<Response, Error> {
    ctx.require_admin()?;
    render(
        header_page(&ctx, &FormData::default()),
        axum::http::StatusCode::OK,
    )
}

pub async fn create_plan(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let page = header_page(&ctx, &data);
    let header = match PlanHeader::parse(
        data.get("title"),
        data.get("period_from"),
        data.get("period_to"),
    ) {
        Ok(h) => h,
        Err(errors) => return rejected(&ctx, page, &data, invalid(errors)),
    };
    match plan::create_plan(&state.store, ctx.tenant.id, &actor, &header).await {
        Ok(created) => Ok(Redirect::to(&format!("/plany/{}", created.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}

/// `POST /plany/{id}/stav` – open the consultation, return to the draft, or archive.
pub async fn transition(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let action = match data.get("action") {
        "konzultace" => PlanAction::OpenConsultation,
        "navrh" => PlanAction::ReturnToDraft,
        "archiv" => PlanAction::Archive,
        _ => {
            return Err(Error::BadRequest(
                "Neznámý krok; zvolte jej tlačítkem na stránce plánu.".into(),
            ));
        }
    };
    plan::transition(
        &state.store,
        ctx.tenant.id,
        &actor,
        tree.plan.id,
        version(&data)?,
        &action,
    )
    .await?;
    Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response())
}

fn edit_header_page(ctx: &Ctx, tree: &PlanTree, data: &FormData) -> FormPage {
    plan_page(
        ctx,
        tree,
        "Název a období plánu",
        data,
        header_fields(),
        "Uložit",
    )
}

pub async fn header_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let data = FormData(vec![
        ("title".into(), tree.plan.title.clone()),
        ("period_from".into(), tree.plan.period.from.to_string()),
        ("period_to".into(), tree.plan.period.to.to_string()),
        ("version".into(), tree.plan.version.to_string()),
    ]);
    render(
        edit_header_page(&ctx, &tree, &data),
        axum::http::StatusCode::OK,
    )
}

pub async fn update_header(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let page = edit_header_page(&ctx, &tree, &data);
    let header = match PlanHeader::parse(
        data.get("title"),
        data.get("period_from"),
        data.get("period_to"),
    ) {
        Ok(h) => h,
        Err(errors) => return rejected(&ctx, page, &data, invalid(errors)),
    };
    match plan::update_header(
        &state.store,
        ctx.tenant.id,
        &actor,
        tree.plan.id,
        version(&data)?,
        &header,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}

/// `POST /plany/{id}/nova-verze` – a new draft from an approved plan.
pub async fn new_version(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let created = plan::new_version(&state.store, ctx.tenant.id, &actor, tree.plan.id).await?;
    Ok(Redirect::to(&format!("/plany/{}", created.id)).into_response())
}

fn approval_fields() -> Vec<Field> {
    vec![
        field(
            "resolution_number",
            "Číslo usnesení",
            true,
            "např. 2238/ZM1822/36",
        ),
        field(
            "resolution_date",
            "Datum usnesení",
            true,
            "např. 14. 9. 2022",
        ),
        field(
            "resolution_body",
            "Schválil",
            true,
            "např. Zastupitelstvo města Ostravy",
        ),
    ]
}

pub async fn approval_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let data = FormData(vec![("version".into(), tree.plan.version.to_string())]);
    let page = plan_page(
        &ctx,
        &tree,
        "Schválení plánu",
        &data,
        approval_fields(),
        "Zapsat schválení",
    );
    render(page, axum::http::StatusCode::OK)
}

pub async fn approve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let page = plan_page(
        &ctx,
        &tree,
        "Schválení plánu",
        &data,
        approval_fields(),
        "Zapsat schválení",
    );
    let resolution = match Resolution::parse(
        data.get("resolution_number"),
        data.get("resolution_date"),
        data.get("resolution_body"),
    ) {
        Ok(r) => r,
        Err(errors) => return rejected(&ctx, page, &data, invalid(errors)),
    };
    let action = PlanAction::Approve(resolution);
    match plan::transition(
        &state.store,
        ctx.tenant.id,
        &actor,
        tree.plan.id,
        version(&data)?,
        &action,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}
