//! The community plan on the web: the list of plans, a plan with its parts, goals and
//! measures, and the coordinator's forms for drafts and the lifecycle.

mod edit;
mod form;
mod funding;
mod lifecycle;
mod plain;
mod structure;
pub(crate) mod writing;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::{get, post};
use kpss_domain::czech::format_date;
use kpss_domain::plan::PlanStatus;
use kpss_store::plan::{self, Plan, PlanTree};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plany", get(list))
        .route(
            "/plany/novy",
            get(lifecycle::new_plan).post(lifecycle::create_plan),
        )
        .route("/plany/{id}", get(detail))
        .route(
            "/plany/{id}/srozumitelna-verze/upravit",
            get(plain::form).post(plain::save),
        )
        .route(
            "/plany/{id}/stav",
            get(lifecycle::confirm_archive).post(lifecycle::transition),
        )
        .route("/plany/{id}/nova-verze", post(lifecycle::new_version))
        .route(
            "/plany/{id}/upravit",
            get(lifecycle::header_form).post(lifecycle::update_header),
        )
        .route("/plany/{id}/porovnani", get(compare))
        .route(
            "/plany/{id}/pripominkove-rizeni",
            get(lifecycle::consultation_form).post(lifecycle::open_consultation),
        )
        .route(
            "/plany/{id}/schvaleni",
            get(lifecycle::approval_form).post(lifecycle::approve),
        )
        .route(
            "/plany/{id}/casti/nova",
            get(structure::new_part).post(structure::create_part),
        )
        .route(
            "/plany/{id}/priority/nova",
            get(structure::new_priority).post(structure::create_priority),
        )
        .route(
            "/plany/{id}/cile/novy",
            get(structure::new_goal).post(structure::create_goal),
        )
        .route(
            "/plany/{id}/opatreni/nove",
            get(structure::new_measure).post(structure::create_measure),
        )
        .route(
            "/plany/{id}/opatreni/{measure}/financovani",
            get(funding::form).post(funding::save),
        )
        .route("/plany/{id}/casti/{part}/zmeny", get(writing::changes))
        .route("/plany/{id}/casti/{part}/prevzit", post(writing::take_over))
        .route("/plany/{id}/casti/{part}/zamek", post(writing::lock))
        .route(
            "/plany/{id}/opatreni/{measure}/diskuse",
            get(writing::discussion).post(writing::comment),
        )
        .route(
            "/plany/{id}/{kind}/{item}/upravit",
            get(edit::form).post(edit::save),
        )
        .route(
            "/plany/{id}/{kind}/{item}/smazat",
            get(edit::confirm_remove).post(edit::remove),
        )
}

/// A plan as lists and headings show it.
pub(crate) struct PlanView {
    pub id: i32,
    pub title: String,
    pub period: String,
    pub status: &'static str,
    pub is_draft: bool,
    pub in_consultation: bool,
    pub is_approved: bool,
    pub resolution: Option<String>,
    pub version: i32,
    pub based_on: Option<i32>,
}

impl PlanView {
    pub fn new(p: &Plan) -> Self {
        Self {
            id: p.id,
            title: p.title.clone(),
            period: format!("{}–{}", p.period.from, p.period.to),
            status: p.status.name(),
            is_draft: p.status == PlanStatus::Draft,
            in_consultation: p.status == PlanStatus::InConsultation,
            is_approved: p.status == PlanStatus::Approved,
            resolution: p.resolution.as_ref().map(|r| {
                format!(
                    "usnesení č. {} ze dne {} ({})",
                    r.number,
                    format_date(r.date),
                    r.body
                )
            }),
            version: p.version,
            based_on: p.based_on,
        }
    }
}

/// Drafts are working material: the public sees plans from the consultation on.
pub(crate) fn may_see_drafts(ctx: &Ctx) -> bool {
    ctx.user.is_some()
}

#[derive(Template)]
#[template(path = "plan/list.html")]
struct ListPage {
    layout: Layout,
    plans: Vec<PlanView>,
    is_admin: bool,
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let plans = plan::plans(&state.store, ctx.scope.clone(), may_see_drafts(&ctx)).await?;
    let is_admin = ctx.user.as_ref().is_some_and(|u| u.actor().is_admin());
    let page = ListPage {
        layout: ctx.layout(),
        plans: plans.iter().map(PlanView::new).collect(),
        is_admin,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "plan/detail.html")]
struct DetailPage {
    layout: Layout,
    plan: PlanView,
    tree: PlanTree,
    /// The coordinator may change this draft and move its lifecycle.
    may_edit: bool,
    measure_count: usize,
    action_plans: Vec<kpss_store::action_plan::ActionPlan>,
    /// Years of the period without an action plan, which the coordinator may start.
    free_years: Vec<i32>,
    /// What events gave the indicators they feed, by (measure, indicator's position).
    counted: std::collections::HashMap<(i32, usize), String>,
    /// Parts of this draft the visitor writes, and parts whose threads they read.
    writable: std::collections::HashSet<i32>,
    discussed: std::collections::HashSet<i32>,
    /// Parts locked as final.
    locked: std::collections::HashSet<i32>,
    /// Changes of each part waiting for the coordinator.
    pending: std::collections::HashMap<i32, usize>,
    /// The plan's consultations, the latest first: (id, „1. 10. 2026 – 31. 10. 2026“, open?).
    consultations: Vec<(i32, String, bool)>,
    /// The needs each goal and measure answers, by its section code („opatreni-12“).
    needs: std::collections::HashMap<String, Vec<(i32, String)>>,
}

/// The needs the plan's goals and measures answer, by the item's section code.
async fn needs_answered(
    state: &AppState,
    tree: &PlanTree,
) -> Result<std::collections::HashMap<String, Vec<(i32, String)>>, Error> {
    use kpss_domain::consultation::Section;
    let mut items: Vec<Section> = tree.measures().map(|m| Section::Measure(m.id)).collect();
    items.extend(
        tree.parts
            .iter()
            .flat_map(|p| &p.goals)
            .map(|g| Section::Goal(g.id)),
    );
    let mut out: std::collections::HashMap<String, Vec<(i32, String)>> =
        std::collections::HashMap::new();
    for need in kpss_store::need::linked_to(&state.store, tree.plan.tenant_id, &items).await? {
        for link in need.links.iter().filter(|l| items.contains(l)) {
            out.entry(link.code())
                .or_default()
                .push((need.id, need.draft.title.clone()));
        }
    }
    Ok(out)
}

/// Loads a plan the request may see: drafts only for logged-in people.
pub(crate) async fn visible_plan(ctx: &Ctx, state: &AppState, id: &str) -> Result<PlanTree, Error> {
    let tree = plan::plan(&state.store, ctx.scope.clone(), parse_id(id)?).await?;
    if tree.plan.status == PlanStatus::Draft && !may_see_drafts(ctx) {
        return Err(Error::NotFound);
    }
    Ok(tree)
}

async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let tree = visible_plan(&ctx, &state, &id).await?;
    let may_edit = tree.plan.tenant_id == ctx.tenant.id
        && ctx.user.as_ref().is_some_and(|u| u.actor().is_admin());
    let measure_count = tree
        .parts
        .iter()
        .flat_map(|p| &p.goals)
        .map(|g| g.measures.len())
        .sum();
    let action_plans =
        kpss_store::action_plan::action_plans(&state.store, ctx.scope.clone(), tree.plan.id)
            .await?;
    let free_years = if may_edit && tree.plan.status == PlanStatus::Approved {
        tree.plan
            .period
            .years()
            .filter(|y| !action_plans.iter().any(|a| a.year == *y))
            .collect()
    } else {
        Vec::new()
    };
    let counted = crate::event::counted(&state, tree.plan.tenant_id, tree.measures()).await?;
    let own_draft = tree.plan.tenant_id == ctx.tenant.id && tree.plan.status == PlanStatus::Draft;
    let mut writable = std::collections::HashSet::new();
    let mut discussed = std::collections::HashSet::new();
    let mut locked = std::collections::HashSet::new();
    let mut pending = std::collections::HashMap::new();
    if let Some(user) = ctx.user.as_ref().filter(|_| own_draft) {
        let actor = user.actor();
        let rights = kpss_store::plan::writing::plan_rights(
            &state.store,
            ctx.tenant.id,
            &actor,
            tree.plan.id,
        )
        .await?;
        for (part, r) in &rights {
            if r.access().may_write(&actor) {
                writable.insert(*part);
            }
            if r.access().may_discuss(&actor) {
                discussed.insert(*part);
            }
            if r.locked_at.is_some() {
                locked.insert(*part);
            }
        }
        if actor.is_admin() {
            pending = kpss_store::plan::writing::pending_changes(
                &state.store,
                ctx.tenant.id,
                tree.plan.id,
            )
            .await?;
        }
    }
    let today = kpss_domain::czech::today();
    let consultations =
        kpss_store::consultation::of_plan(&state.store, tree.plan.tenant_id, tree.plan.id)
            .await?
            .into_iter()
            .map(|c| {
                let p = c.period;
                let days = format!(
                    "{} – {}",
                    kpss_domain::czech::format_date(p.opens_on),
                    kpss_domain::czech::format_date(p.closes_on)
                );
                (c.id, days, p.is_open(today))
            })
            .collect();
    let needs = needs_answered(&state, &tree).await?;
    let page = DetailPage {
        needs,
        consultations,
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        counted,
        writable,
        discussed,
        locked,
        pending,
        tree,
        may_edit,
        measure_count,
        action_plans,
        free_years,
    };
    Ok(Html(page.render()?))
}

/// One row of a comparison, worded for people.
pub(crate) struct ChangeRow {
    pub code: String,
    pub change: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "plan/compare.html")]
struct ComparePage {
    layout: Layout,
    older: PlanView,
    newer: PlanView,
    rows: Vec<ChangeRow>,
    changed: usize,
}

/// `/plany/{id}/porovnani[?s=ID]` – this plan against the one it was based on (or `s`).
async fn compare(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Html<String>, Error> {
    use kpss_domain::plan::{Change, compare};
    let newer = visible_plan(&ctx, &state, &id).await?;
    let query = crate::form::FormData::parse(raw.unwrap_or_default().as_bytes());
    let other = match query.get("s") {
        "" => newer
            .plan
            .based_on
            .map(|b| b.to_string())
            .ok_or(Error::NotFound)?,
        given => given.to_owned(),
    };
    let older = visible_plan(&ctx, &state, &other).await?;
    let rows: Vec<ChangeRow> = compare(&older.coded_items(), &newer.coded_items())
        .into_iter()
        .map(|c| match c {
            Change::Added { code, text } => ChangeRow {
                code,
                change: "nové",
                before: String::new(),
                after: text,
            },
            Change::Removed { code, text } => ChangeRow {
                code,
                change: "vypuštěno",
                before: text,
                after: String::new(),
            },
            Change::Changed {
                code,
                before,
                after,
            } => ChangeRow {
                code,
                change: "změněno",
                before,
                after,
            },
            Change::Same { code, text } => ChangeRow {
                code,
                change: "beze změny",
                before: text.clone(),
                after: text,
            },
        })
        .collect();
    let changed = rows.iter().filter(|r| r.change != "beze změny").count();
    let page = ComparePage {
        layout: ctx.layout(),
        older: PlanView::new(&older.plan),
        newer: PlanView::new(&newer.plan),
        rows,
        changed,
    };
    Ok(Html(page.render()?))
}
