//! Parts, goals and measures of a draft.

use axum::extract::{Path, State};
use axum::response::Response;
use kpss_domain::FieldErrors;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PriorityDraft};
use kpss_store::plan::{self, PlanTree};

use super::form::{Field, Gate, Spec, both, chosen, empty, field, invalid, show, submit};
use crate::auth::Ctx;
use crate::form::FormData;
use crate::{AppState, Error};

fn part_form(_: &PlanTree) -> Spec {
    Spec {
        title: "Nová část plánu".into(),
        fields: vec![
            field("code", "Kód části", true, "velká písmena, např. SEN"),
            field("name", "Název části", true, "např. Senioři"),
        ],
        submit: "Přidat část",
        done: "Část plánu byla přidána.",
    }
}

pub async fn new_part(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(ctx, &state, (&id, Gate::Coordinator), part_form, empty).await
}

pub async fn create_part(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    submit(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        data,
        part_form,
        async |actor, tree, data| {
            let part = PartDraft::parse(data.get("code"), data.get("name")).map_err(invalid)?;
            plan::add_part(
                &state.store,
                tree.plan.tenant_id,
                actor,
                tree.plan.id,
                &part,
            )
            .await
            .map(drop)
        },
    )
    .await
}

/// The plan's parts for a select.
fn part_options(tree: &PlanTree) -> Vec<(String, String)> {
    tree.parts
        .iter()
        .map(|p| (p.id.to_string(), p.label()))
        .collect()
}

/// The plan's priorities for a goal's select: none, or one of some part.
pub(super) fn priority_options(tree: &PlanTree) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "– bez priority –".to_owned())];
    for part in &tree.parts {
        for r in &part.priorities {
            options.push((
                r.id.to_string(),
                format!("{} · {} – {}", part.draft.code, r.draft.code, r.draft.name),
            ));
        }
    }
    options
}

/// The priority a goal form names, if any; a value that is not a number is refused.
pub(super) fn chosen_priority(
    data: &crate::form::FormData,
) -> Result<Option<i32>, kpss_store::Error> {
    match data.get("priority") {
        "" => Ok(None),
        raw => raw.parse::<i32>().map(Some).map_err(|_| {
            let mut errors = FieldErrors::default();
            errors.add("priority", kpss_domain::FieldError::UnknownValue);
            invalid(errors)
        }),
    }
}

fn priority_form(tree: &PlanTree) -> Spec {
    let parts = part_options(tree);
    Spec {
        title: "Nová priorita".into(),
        fields: vec![
            Field {
                options: parts,
                ..field("part", "Část plánu", true, "")
            },
            field("code", "Kód priority", true, "v části jedinečný, např. P1"),
            field("name", "Název priority", true, "např. Podpora pečujících"),
        ],
        submit: "Přidat prioritu",
        done: "Priorita byla přidána.",
    }
}

pub async fn new_priority(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(ctx, &state, (&id, Gate::Coordinator), priority_form, empty).await
}

pub async fn create_priority(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    submit(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        data,
        priority_form,
        async |actor, tree, data| {
            let mut errors = FieldErrors::default();
            let part = chosen(data, "part", tree.parts.iter().map(|p| p.id), &mut errors);
            let (part, priority) = both(
                part,
                PriorityDraft::parse(data.get("code"), data.get("name")),
                errors,
            )?;
            plan::add_priority(&state.store, tree.plan.tenant_id, actor, part, &priority)
                .await
                .map(drop)
        },
    )
    .await
}

fn goal_form(tree: &PlanTree) -> Spec {
    let parts = part_options(tree);
    Spec {
        title: "Nový cíl".into(),
        fields: vec![
            Field {
                options: parts,
                ..field("part", "Část plánu", true, "")
            },
            Field {
                options: priority_options(tree),
                ..field(
                    "priority",
                    "Priorita (nepovinná, musí patřit zvolené části)",
                    false,
                    "",
                )
            },
            field("code", "Kód cíle", true, "např. SEN 1"),
            Field {
                long: true,
                ..field("text", "Znění cíle", true, "")
            },
        ],
        submit: "Přidat cíl",
        done: "Cíl byl přidán.",
    }
}

pub async fn new_goal(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(ctx, &state, (&id, Gate::SomePart), goal_form, empty).await
}

pub async fn create_goal(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    submit(
        ctx,
        &state,
        (&id, Gate::SomePart),
        data,
        goal_form,
        async |actor, tree, data| {
            let mut errors = FieldErrors::default();
            let part = chosen(data, "part", tree.parts.iter().map(|p| p.id), &mut errors);
            let (part, goal) = both(
                part,
                GoalDraft::parse(data.get("code"), data.get("text")),
                errors,
            )?;
            let priority = chosen_priority(data)?;
            plan::add_goal_in(
                &state.store,
                tree.plan.tenant_id,
                actor,
                (part, priority),
                &goal,
            )
            .await
            .map(drop)
        },
    )
    .await
}

fn measure_form(tree: &PlanTree) -> Spec {
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
    Spec {
        title: "Nové opatření".into(),
        fields: vec![
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
        ],
        submit: "Přidat opatření",
        done: "Opatření bylo přidáno.",
    }
}

pub async fn new_measure(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(ctx, &state, (&id, Gate::SomePart), measure_form, empty).await
}

pub async fn create_measure(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    submit(
        ctx,
        &state,
        (&id, Gate::SomePart),
        data,
        measure_form,
        async |actor, tree, data| {
            let mut errors = FieldErrors::default();
            let goals = tree.parts.iter().flat_map(|p| &p.goals).map(|g| g.id);
            let goal = chosen(data, "goal", goals, &mut errors);
            let measure = MeasureDraft::parse(
                data.get("code"),
                data.get("text"),
                data.get("rationale"),
                data.get("responsible"),
                data.get("partners"),
                data.get("timing"),
            );
            let (goal, measure) = both(goal, measure, errors)?;
            plan::add_measure(&state.store, tree.plan.tenant_id, actor, goal, &measure)
                .await
                .map(drop)
        },
    )
    .await
}
