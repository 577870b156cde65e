//! Action plans on the web: the years of an approved plan, each with its activity cards
//! grouped by working group and measure, and the coordinator's controls for planning.

pub(crate) mod card;
mod import;
mod list;
mod take_over;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, Response};
use axum::routing::{get, post};
use kpss_domain::action_plan::{ActionPlanState, CardOwner};
use kpss_domain::czech::format_czk;
use kpss_domain::money::sum;
use kpss_store::action_plan::{self, ActionPlan, Card};
use kpss_store::plan::PlanTree;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, version};
use crate::plan::{PlanView, visible_plan};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plany/{id}/akcni-plany", post(create))
        .route("/akcni-plany/{id}", get(detail))
        .route("/akcni-plany/{id}/karty", get(list::page))
        .route("/akcni-plany/{id}/karty.csv", get(list::csv))
        .route("/akcni-plany/{id}/karty.xlsx", get(list::xlsx))
        .route(
            "/akcni-plany/{id}/prevzeti",
            get(take_over::page).post(take_over::take),
        )
        .route("/akcni-plany/{id}/stav", get(confirm_close).post(set_state))
        .route(
            "/akcni-plany/{id}/karty/nova",
            get(card::new_card).post(card::create_card),
        )
        .route("/karty/{id}", get(card::detail))
        .route(
            "/karty/{id}/upravit",
            get(card::edit_card).post(card::update_card),
        )
        .route(
            "/karty/{id}/smazat",
            get(card::confirm_delete).post(card::delete_card),
        )
        .merge(import::router())
}

/// A measure with the part (working group) and goal it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct MeasureInfo {
    pub id: i32,
    pub group: String,
    pub group_name: String,
    pub goal_code: String,
    pub goal_text: String,
    pub code: String,
    pub text: String,
}

/// Every measure of a plan, in the plan's order.
pub(crate) fn measures(tree: &PlanTree) -> Vec<MeasureInfo> {
    tree.parts
        .iter()
        .flat_map(|p| {
            p.goals.iter().flat_map(move |g| {
                g.measures.iter().map(move |m| MeasureInfo {
                    id: m.id,
                    group: p.group.clone(),
                    group_name: p.draft.name.clone(),
                    goal_code: g.draft.code.clone(),
                    goal_text: g.draft.text.clone(),
                    code: m.draft.code.clone(),
                    text: m.draft.text.clone(),
                })
            })
        })
        .collect()
}

/// An action plan with the plan it belongs to, readable by this request.
pub(crate) async fn visible_action_plan(
    ctx: &Ctx,
    state: &AppState,
    id: i32,
) -> Result<(ActionPlan, PlanTree), Error> {
    let ap = action_plan::action_plan(&state.store, ctx.scope.clone(), id).await?;
    let tree = visible_plan(ctx, state, &ap.plan_id.to_string()).await?;
    Ok((ap, tree))
}

/// The id of an action plan of this tenant, for a write: another tenant's is 404 before the
/// form is even read.
pub(crate) async fn own_action_plan(ctx: &Ctx, state: &AppState, id: &str) -> Result<i32, Error> {
    let id = parse_id(id)?;
    action_plan::action_plan(&state.store, ctx.tenant.id, id).await?;
    Ok(id)
}

/// A card as lists show it.
pub(crate) struct CardRow {
    pub id: i32,
    pub title: String,
    pub organisation: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub status: &'static str,
    pub planned_clients: String,
    pub planned_cost: String,
    pub actual_cost: String,
}

impl CardRow {
    pub fn new(card: &Card, organisations: &HashMap<i32, String>) -> Self {
        let actual: Vec<i64> = card.report.actual_costs.iter().map(|c| c.1).collect();
        Self {
            id: card.id,
            title: card.draft.title.clone(),
            organisation: organisations
                .get(&card.placement.organisation_id)
                .cloned()
                .unwrap_or_default(),
            state: card.report.state.name(),
            state_code: card.report.state.code(),
            status: card.report.status.map_or("", |s| s.name()),
            planned_clients: card
                .draft
                .planned_clients
                .map(|c| c.to_string())
                .unwrap_or_default(),
            planned_cost: format_czk(sum(card.draft.costs.iter().map(|c| c.1))),
            actual_cost: if actual.is_empty() {
                String::new()
            } else {
                format_czk(sum(actual))
            },
        }
    }
}

/// Names of the tenant's organisations by id.
pub(crate) async fn organisation_names(
    state: &AppState,
    tenant: i32,
) -> Result<HashMap<i32, String>, Error> {
    Ok(kpss_store::catalogue::organisation_names(&state.store, tenant).await?)
}

/// The cards of one measure.
struct MeasureCards {
    code: String,
    text: String,
    cards: Vec<CardRow>,
}

/// The measures of one working group.
struct GroupCards {
    code: String,
    name: String,
    measures: Vec<MeasureCards>,
    count: usize,
}

#[derive(Template)]
#[template(path = "action_plan/detail.html")]
struct DetailPage {
    layout: Layout,
    plan: PlanView,
    action_plan: ActionPlan,
    is_open: bool,
    groups: Vec<GroupCards>,
    group_codes: Vec<(String, String)>,
    chosen_group: String,
    only_mine: bool,
    total: usize,
    shown: usize,
    may_add: bool,
    /// May plan or report on some cards: the import page is theirs.
    may_import: bool,
    is_admin: bool,
    has_round: bool,
    /// Reports or reviews in the evaluation, so follows its dashboard.
    may_follow_round: bool,
    /// The plan has an action plan of the year before: the two can be evaluated together.
    has_previous: bool,
}

async fn detail(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    let (ap, tree) = visible_action_plan(&ctx, &state, parse_id(&id)?).await?;
    let query = FormData::parse(raw.unwrap_or_default().as_bytes());
    let chosen_group = query.get("skupina").to_owned();
    let only_mine = query.get("moje") == "1";
    let cards = action_plan::cards(&state.store, ctx.scope.clone(), ap.id).await?;
    let names = organisation_names(&state, ap.tenant_id).await?;
    let actor = ctx.user.as_ref().map(kpss_store::account::Account::actor);
    let measures = measures(&tree);
    let mut groups: Vec<GroupCards> = Vec::new();
    let mut shown = 0;
    for m in &measures {
        if !chosen_group.is_empty() && m.group != chosen_group {
            continue;
        }
        let rows: Vec<CardRow> = cards
            .iter()
            .filter(|c| c.placement.measure_id == m.id)
            .filter(|c| {
                !only_mine
                    || actor.as_ref().is_some_and(|a| {
                        a.may_edit_card(CardOwner {
                            organisation: c.placement.organisation_id,
                            group: &m.group,
                        })
                    })
            })
            .map(|c| CardRow::new(c, &names))
            .collect();
        shown += rows.len();
        if groups.last().is_none_or(|g| g.code != m.group) {
            groups.push(GroupCards {
                code: m.group.clone(),
                name: m.group_name.clone(),
                measures: Vec::new(),
                count: 0,
            });
        }
        if let Some(group) = groups.last_mut() {
            group.count += rows.len();
            group.measures.push(MeasureCards {
                code: m.code.clone(),
                text: m.text.clone(),
                cards: rows,
            });
        }
    }
    let is_open = ap.state == ActionPlanState::Open;
    let may_import = ap.tenant_id == ctx.tenant.id
        && actor
            .as_ref()
            .is_some_and(|a| a.is_admin() || !a.organisations.is_empty() || a.leads_any());
    let may_add = is_open && may_import;
    let is_admin = ap.tenant_id == ctx.tenant.id && actor.as_ref().is_some_and(|a| a.is_admin());
    let has_round = kpss_store::evaluation::round(&state.store, ctx.scope.clone(), ap.id)
        .await?
        .is_some();
    let has_previous = action_plan::action_plans(&state.store, ctx.scope.clone(), tree.plan.id)
        .await?
        .iter()
        .any(|a| a.year == ap.year - 1);
    let page = DetailPage {
        has_previous,
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        group_codes: tree
            .parts
            .iter()
            .map(|p| (p.group.clone(), p.draft.name.clone()))
            .collect(),
        chosen_group,
        only_mine,
        total: cards.len(),
        shown,
        action_plan: ap,
        is_open,
        groups,
        may_add,
        may_import,
        is_admin,
        has_round,
        may_follow_round: ctx
            .user
            .as_ref()
            .is_some_and(|u| u.actor().may_follow_round()),
    };
    Ok(Html(page.render()?))
}

/// `POST /plany/{id}/akcni-plany` – the coordinator starts the action plan of a year.
async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tree = visible_plan(&ctx, &state, &id).await?;
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    data.check_csrf(&ctx.session).await?;
    let year =
        kpss_domain::action_plan::parse_year(data.get("year"), tree.plan.period).map_err(|e| {
            Error::BadRequest(format!(
                "Rok akčního plánu: {}",
                crate::messages::field_error(&e)
            ))
        })?;
    match action_plan::create_action_plan(&state.store, ctx.tenant.id, &actor, tree.plan.id, year)
        .await
    {
        Ok(created) => {
            let text = format!(
                "Akční plán na rok {} byl založen; poskytovatelé do něj mohou plánovat karty.",
                created.year
            );
            crate::flash::redirect(&ctx.session, &format!("/akcni-plany/{}", created.id), text)
                .await
        }
        Err(kpss_store::Error::Conflict(kpss_store::Conflict::NotEditable)) => Err(
            Error::Conflict(crate::messages::ACTION_PLAN_NEEDS_APPROVAL.into()),
        ),
        Err(e) => Err(e.into()),
    }
}

/// `GET /akcni-plany/{id}/stav` – what closing planning means, before it is done (reopening
/// needs no confirmation: it takes nothing away).
async fn confirm_close(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let ap = action_plan::action_plan(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let id = ap.id;
    if ap.state != ActionPlanState::Open {
        return Err(Error::Conflict("Plánování karet je už uzavřené.".into()));
    }
    let year = ap.year;
    crate::confirm::page(
        &ctx,
        crate::confirm::Confirmation {
            title: format!("Uzavřít plánování akčního plánu {year}?"),
            consequences: vec![
                "Poskytovatelé, manažeři ani koordinátor už nebudou moci karty aktivit přidávat, \
                 měnit ani mazat."
                    .into(),
                format!(
                    "Karty akčního plánu {year} zůstanou tak, jak jsou teď; podle nich se pak \
                     otevře hodnocení."
                ),
            ],
            irreversible: "Plánování lze znovu otevřít jen do chvíle, kdy se otevře hodnocení; \
                           potom už ne."
                .into(),
            action: format!("/akcni-plany/{id}/stav"),
            fields: vec![
                ("version", ap.version.to_string()),
                ("action", "uzavrit".to_owned()),
            ],
            confirm: "Ano, uzavřít plánování",
            back: (format!("/akcni-plany/{id}"), format!("Akční plán {year}")),
        },
    )
}

/// `POST /akcni-plany/{id}/stav` – the coordinator closes or reopens planning.
async fn set_state(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let id = own_action_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let target = match data.get("action") {
        "otevrit" => ActionPlanState::Open,
        "uzavrit" => ActionPlanState::Closed,
        _ => return Err(Error::BadRequest("Neznámý krok akčního plánu.".into())),
    };
    if target == ActionPlanState::Closed
        && let Some(ask) = crate::confirm::required(&data, &format!("/akcni-plany/{id}/stav"))
    {
        return Ok(ask);
    }
    action_plan::set_state(
        &state.store,
        ctx.tenant.id,
        &actor,
        id,
        version(&data)?,
        target,
    )
    .await?;
    let text = match target {
        ActionPlanState::Open => "Plánování karet bylo znovu otevřeno.",
        ActionPlanState::Closed => {
            "Plánování karet bylo uzavřeno; karty už nelze přidávat ani měnit."
        }
    };
    crate::flash::redirect(&ctx.session, &format!("/akcni-plany/{id}"), text).await
}
