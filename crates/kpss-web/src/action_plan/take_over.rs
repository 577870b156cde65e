//! `/akcni-plany/{id}/prevzeti`: a new year's action plan takes over last year's cards in
//! bulk – the coordinator any, a manager its groups', a provider its own.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::action_plan::{ActionPlanState, CardOwner};
use kpss_domain::czech::{count, format_czk};
use kpss_store::action_plan::{self, ActionPlan, TakeOver};

use super::measures;
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::FormData;
use crate::{AppState, Error, flash};

/// A card of last year as the list offers it.
struct Row {
    id: i32,
    group: String,
    measure: String,
    organisation: String,
    title: String,
    costs: String,
    /// Already in this year's action plan.
    taken: bool,
}

#[derive(Template)]
#[template(path = "action_plan/take_over.html")]
struct TakeOverPage {
    layout: Layout,
    action_plan: ActionPlan,
    from_year: i32,
    rows: Vec<Row>,
    /// Why the sent form was not taken (nothing chosen).
    problem: Option<&'static str>,
}

/// The open action plan of this tenant and last year's cards the person may take over.
async fn offer(ctx: &Ctx, state: &AppState, id: &str) -> Result<TakeOverPage, Error> {
    let actor = ctx.require_user()?.actor();
    if !(actor.is_admin() || actor.leads_any() || !actor.organisations.is_empty()) {
        return Err(Error::Forbidden);
    }
    let ap = action_plan::action_plan(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    if ap.state != ActionPlanState::Open {
        return Err(Error::Conflict(crate::messages::PLANNING_CLOSED.into()));
    }
    let Some((source, cards, taken)) =
        action_plan::candidates(&state.store, ctx.tenant.id, &ap).await?
    else {
        return Err(Error::Conflict(format!(
            "Akční plán {} nemá v tomto komunitním plánu předchozí rok, ze kterého by šlo karty \
             převzít.",
            ap.year
        )));
    };
    let tree = kpss_store::plan::plan(&state.store, ctx.tenant.id, ap.plan_id).await?;
    let infos: HashMap<i32, _> = measures(&tree).into_iter().map(|m| (m.id, m)).collect();
    let names = super::organisation_names(state, ctx.tenant.id).await?;
    let rows = cards
        .iter()
        .filter_map(|c| {
            let info = infos.get(&c.placement.measure_id)?;
            let owner = CardOwner {
                organisation: c.placement.organisation_id,
                group: &info.group,
            };
            actor.may_edit_card(owner).then(|| Row {
                id: c.id,
                group: info.group.clone(),
                measure: info.code.clone(),
                organisation: names
                    .get(&c.placement.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                title: c.draft.title.clone(),
                costs: format_czk(c.draft.costs.iter().map(|(_, a)| a).sum()),
                taken: taken.contains(&c.id),
            })
        })
        .collect();
    Ok(TakeOverPage {
        layout: ctx.layout(),
        action_plan: ap,
        from_year: source.year,
        rows,
        problem: None,
    })
}

/// `GET` – last year's cards, every one not yet taken over chosen.
pub(super) async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    Ok(Html(offer(&ctx, &state, &id).await?.render()?))
}

/// `POST` – takes the chosen cards over, all or none.
pub(super) async fn take(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let mut page = offer(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let chosen = data
        .all("karta")
        .iter()
        .map(|v| parse_id(v))
        .collect::<Result<Vec<i32>, _>>()?;
    let chosen: Vec<i32> = {
        let mut seen = HashSet::new();
        chosen.into_iter().filter(|id| seen.insert(*id)).collect()
    };
    if chosen.is_empty() {
        page.problem = Some("Vyberte alespoň jednu kartu, kterou chcete převzít.");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let actor = ctx.require_user()?.actor();
    let (ap, year) = (page.action_plan.id, page.action_plan.year);
    match action_plan::take_over(&state.store, ctx.tenant.id, &actor, ap, &chosen)
        .await
        .map_err(|e| match e {
            kpss_store::Error::Conflict(kpss_store::Conflict::NotEditable) => {
                Error::Conflict(crate::messages::PLANNING_CLOSED.into())
            }
            kpss_store::Error::Invalid(_) => Error::Conflict(
                "Některou z vybraných karet nelze převzít: její služba, organizace nebo opatření \
                 mezitím z katalogu či plánu zmizely. Nic nebylo převzato."
                    .into(),
            ),
            other => other.into(),
        })? {
        TakeOver::Done(created) => {
            let text = format!(
                "Do akčního plánu {year} {} {}; upravte v nich, co se letos mění.",
                kpss_domain::czech::noun(
                    created.len(),
                    "byla převzata",
                    "byly převzaty",
                    "bylo převzato"
                ),
                count(created.len(), "karta", "karty", "karet")
            );
            flash::redirect(&ctx.session, &format!("/akcni-plany/{ap}"), text).await
        }
        TakeOver::Clashes(clashes) => Err(Error::Conflict(format!(
            "Tyto karty už v akčním plánu {year} jsou, nic nebylo převzato: {}. Načtěte \
             stránku převzetí znovu; převzaté karty už nabízet nebude.",
            clashes
                .iter()
                .map(|c| format!("„{}“", c.title))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
