//! The coordinator's forms: a new draft, its parts, goals and measures, and the lifecycle.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kpss_domain::FieldErrors;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanAction, PlanHeader, Resolution};
use kpss_store::plan::{self, PlanTree};

use super::visible_plan;
use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView, rejection, version};
use crate::{AppState, Error};

/// One input of a plan form.
pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub hint: &'static str,
    /// A multi-line text.
    pub long: bool,
    /// A choice from these (value, label) pairs instead of free text.
    pub options: Vec<(String, String)>,
}

const fn field(
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
struct FormPage {
    layout: Layout,
    title: String,
    /// Where „back“ leads and what the breadcrumbs show before the form.
    back: Option<(String, String)>,
    form: FormView,
    fields: Vec<Field>,
    submit: &'static str,
}

fn render(page: FormPage, status: axum::http::StatusCode) -> Result<Response, Error> {
    Ok((status, Html(page.render()?)).into_response())
}

/// Answers a rejected form with what the user typed, or passes other errors on.
fn rejected(
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

fn invalid(errors: FieldErrors) -> kpss_store::Error {
    kpss_store::Error::Invalid(errors)
}

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

/// The coordinator's own draft, for a structural change.
async fn own_plan(ctx: &Ctx, state: &AppState, id: &str) -> Result<PlanTree, Error> {
    ctx.require_admin()?;
    let tree = visible_plan(ctx, state, id).await?;
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::Forbidden);
    }
    Ok(tree)
}

fn plan_page(
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

fn part_fields() -> Vec<Field> {
    vec![
        field("code", "Kód části", true, "velká písmena, např. SEN"),
        field("name", "Název části", true, "např. Senioři"),
    ]
}

pub async fn new_part(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let page = plan_page(
        &ctx,
        &tree,
        "Nová část plánu",
        &FormData::default(),
        part_fields(),
        "Přidat část",
    );
    render(page, axum::http::StatusCode::OK)
}

pub async fn create_part(
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
        "Nová část plánu",
        &data,
        part_fields(),
        "Přidat část",
    );
    let part = match PartDraft::parse(data.get("code"), data.get("name")) {
        Ok(p) => p,
        Err(errors) => return rejected(&ctx, page, &data, invalid(errors)),
    };
    match plan::add_part(&state.store, ctx.tenant.id, &actor, tree.plan.id, &part).await {
        Ok(_) => Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}

fn goal_fields(tree: &PlanTree) -> Vec<Field> {
    let parts = tree
        .parts
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} – {}", p.draft.code, p.draft.name),
            )
        })
        .collect();
    vec![
        Field {
            options: parts,
            ..field("part", "Část plánu", true, "")
        },
        field("code", "Kód cíle", true, "např. SEN 1"),
        Field {
            long: true,
            ..field("text", "Znění cíle", true, "")
        },
    ]
}

pub async fn new_goal(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let page = plan_page(
        &ctx,
        &tree,
        "Nový cíl",
        &FormData::default(),
        goal_fields(&tree),
        "Přidat cíl",
    );
    render(page, axum::http::StatusCode::OK)
}

/// The id the user chose from a list, checked against the list.
fn chosen(
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

pub async fn create_goal(
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
        "Nový cíl",
        &data,
        goal_fields(&tree),
        "Přidat cíl",
    );
    let mut errors = FieldErrors::default();
    let part = chosen(&data, "part", tree.parts.iter().map(|p| p.id), &mut errors);
    let goal = GoalDraft::parse(data.get("code"), data.get("text"));
    let (Some(part), Ok(goal), true) = (part, &goal, errors.is_empty()) else {
        if let Err(more) = goal {
            errors.0.extend(more.0);
        }
        return rejected(&ctx, page, &data, invalid(errors));
    };
    match plan::add_goal(&state.store, ctx.tenant.id, &actor, part, goal).await {
        Ok(_) => Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}

fn measure_fields(tree: &PlanTree) -> Vec<Field> {
    let goals = tree
        .parts
        .iter()
        .flat_map(|p| &p.goals)
        .map(|g| {
            (
                g.id.to_string(),
                format!("{} {}", g.draft.code, g.draft.text),
            )
        })
        .collect();
    vec![
        Field {
            options: goals,
            ..field("goal", "Cíl", true, "")
        },
        field(
            "code",
            "Kód opatření",
            true,
            "např. SEN 1.1; v plánu jedinečný",
        ),
        Field {
            long: true,
            ..field("text", "Znění opatření", true, "")
        },
        Field {
            long: true,
            ..field("rationale", "Zdůvodnění", false, "")
        },
        field("responsible", "Odpovědnost", false, "např. PS Senioři"),
        Field {
            long: true,
            ..field("partners", "Partneři", false, "")
        },
        field("timing", "Termín", false, "např. 2024–2026"),
    ]
}

pub async fn new_measure(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    let page = plan_page(
        &ctx,
        &tree,
        "Nové opatření",
        &FormData::default(),
        measure_fields(&tree),
        "Přidat opatření",
    );
    render(page, axum::http::StatusCode::OK)
}

pub async fn create_measure(
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
        "Nové opatření",
        &data,
        measure_fields(&tree),
        "Přidat opatření",
    );
    let mut errors = FieldErrors::default();
    let goal = chosen(
        &data,
        "goal",
        tree.parts.iter().flat_map(|p| &p.goals).map(|g| g.id),
        &mut errors,
    );
    let measure = MeasureDraft::parse(
        data.get("code"),
        data.get("text"),
        data.get("rationale"),
        data.get("responsible"),
        data.get("partners"),
        data.get("timing"),
    );
    let (Some(goal), Ok(measure), true) = (goal, &measure, errors.is_empty()) else {
        if let Err(more) = measure {
            errors.0.extend(more.0);
        }
        return rejected(&ctx, page, &data, invalid(errors));
    };
    match plan::add_measure(&state.store, ctx.tenant.id, &actor, goal, measure).await {
        Ok(_) => Ok(Redirect::to(&format!("/plany/{}", tree.plan.id)).into_response()),
        Err(err) => rejected(&ctx, page, &data, err),
    }
}
