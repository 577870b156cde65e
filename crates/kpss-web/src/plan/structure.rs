//! Parts, goals and measures of a draft.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kpss_domain::FieldErrors;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft};
use kpss_store::plan::{self, PlanTree};

use super::form::{Field, chosen, field, invalid, own_plan, plan_page, rejected, render};
use crate::auth::Ctx;
use crate::form::FormData;
use crate::{AppState, Error};

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
