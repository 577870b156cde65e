//! Needs on the web: the list and a need's page with the chain from the need to the measures,
//! cards, money and clients that answer it (`/potreby`), the forms (`form`), and the map of
//! needs and services by target group and district (`map`).

mod form;
mod map;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::account::Actor;
use kpss_domain::consultation::Section;
use kpss_domain::need::{self as rules, NeedState};
use kpss_store::need::{self as store, Need};
use kpss_store::tenant::ListKind;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/potreby", get(list))
        .route("/potreby/nova", get(form::new_form).post(form::create))
        .route("/potreby/{id}", get(page))
        .route(
            "/potreby/{id}/upravit",
            get(form::edit_form).post(form::update),
        )
        .route("/potreby/{id}/propojeni", post(form::link))
        .route("/mapa-potreb", get(map::overview))
        .route("/mapa-potreb/{group}", get(map::group))
}

/// The tenant's target groups and districts: code → name.
pub(crate) struct Names {
    pub target_groups: Vec<(String, String)>,
    pub districts: Vec<(String, String)>,
}

impl Names {
    async fn load(ctx: &Ctx, state: &AppState) -> Result<Self, Error> {
        let list = |kind| kpss_store::tenant::list(&state.store, ctx.tenant.id, kind);
        let pairs = |items: Vec<kpss_store::tenant::ListItem>| {
            items.into_iter().map(|i| (i.code, i.name)).collect()
        };
        Ok(Self {
            target_groups: pairs(list(ListKind::TargetGroups).await?),
            districts: pairs(list(ListKind::Districts).await?),
        })
    }

    fn name<'a>(list: &'a [(String, String)], code: &'a str) -> &'a str {
        list.iter()
            .find(|(c, _)| c == code)
            .map_or(code, |(_, n)| n.as_str())
    }

    /// The target group's name.
    pub fn target_group<'a>(&'a self, code: &'a str) -> &'a str {
        Self::name(&self.target_groups, code)
    }

    /// The districts' names, or „celé město“.
    pub fn districts(&self, codes: &[String]) -> String {
        if codes.is_empty() {
            "celé město".to_owned()
        } else {
            codes
                .iter()
                .map(|c| Self::name(&self.districts, c))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// A need as lists show it.
pub(crate) struct NeedRow {
    pub id: i32,
    pub title: String,
    pub target_group: String,
    pub districts: String,
    pub size: String,
    pub state: &'static str,
    pub answered_by: usize,
}

pub(crate) fn row(names: &Names, n: &Need) -> NeedRow {
    NeedRow {
        id: n.id,
        title: n.draft.title.clone(),
        target_group: names.target_group(&n.draft.target_group).to_owned(),
        districts: names.districts(&n.draft.districts),
        size: n
            .draft
            .size
            .map(|s| {
                kpss_domain::czech::count(usize::try_from(s).unwrap_or(0), "osoba", "osoby", "osob")
            })
            .unwrap_or_else(|| "neznámý".to_owned()),
        state: n.draft.state.name(),
        answered_by: n.links.len(),
    }
}

/// The logged-in actor who may record needs, if any.
fn editor(ctx: &Ctx) -> Option<Actor> {
    ctx.user.as_ref().map(|u| u.actor()).filter(rules::may_edit)
}

#[derive(Template)]
#[template(path = "need/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<NeedRow>,
    target_groups: Vec<(String, String)>,
    states: Vec<(&'static str, &'static str)>,
    chosen: (String, String),
    may_edit: bool,
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, Error> {
    let pairs = kpss_domain::listing::pairs(&query.unwrap_or_default());
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (group, wanted) = (get("skupina"), get("stav"));
    let names = Names::load(&ctx, &state).await?;
    if !group.is_empty() && !names.target_groups.iter().any(|(c, _)| *c == group) {
        return Err(Error::BadRequest("Neznámá cílová skupina.".into()));
    }
    let wanted_state = match wanted.as_str() {
        "" => None,
        code => Some(
            NeedState::parse(code)
                .map_err(|_| Error::BadRequest("Neznámý stav potřeby.".into()))?,
        ),
    };
    let rows = store::needs(&state.store, ctx.tenant.id)
        .await?
        .iter()
        .filter(|n| group.is_empty() || n.draft.target_group == group)
        .filter(|n| wanted_state.is_none_or(|s| n.draft.state == s))
        .map(|n| row(&names, n))
        .collect();
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            rows,
            target_groups: names.target_groups,
            states: NeedState::ALL
                .iter()
                .map(|s| (s.code(), s.name()))
                .collect(),
            chosen: (group, wanted),
            may_edit: editor(&ctx).is_some(),
        }
        .render()?,
    ))
}

/// A goal or measure answering a need: its plan, code and words.
pub(crate) struct Answer {
    pub plan: (i32, String),
    pub code: String,
    pub label: String,
    pub href: String,
}

/// The goals and measures of the plans this visitor may see, by their section code.
async fn plan_items(
    ctx: &Ctx,
    state: &AppState,
) -> Result<(HashMap<String, Answer>, Vec<(String, String)>), Error> {
    let mut found = HashMap::new();
    let mut choices = Vec::new();
    let plans = kpss_store::plan::plans(
        &state.store,
        ctx.tenant.id,
        crate::plan::may_see_drafts(ctx),
    )
    .await?;
    for p in plans
        .iter()
        .filter(|p| p.status != kpss_domain::plan::PlanStatus::Archived)
    {
        let tree = kpss_store::plan::plan(&state.store, ctx.tenant.id, p.id).await?;
        for part in &tree.parts {
            for goal in &part.goals {
                let code = Section::Goal(goal.id).code();
                let label = format!("cíl {} – {}", goal.draft.code, goal.draft.text);
                choices.push((code.clone(), format!("{}: {label}", p.title)));
                found.insert(
                    code.clone(),
                    Answer {
                        plan: (p.id, p.title.clone()),
                        code: code.clone(),
                        label,
                        href: format!("/plany/{}#{}", p.id, code),
                    },
                );
                for m in &goal.measures {
                    let code = Section::Measure(m.id).code();
                    let label = format!("opatření {} – {}", m.draft.code, m.draft.text);
                    choices.push((code.clone(), format!("{}: {label}", p.title)));
                    found.insert(
                        code.clone(),
                        Answer {
                            plan: (p.id, p.title.clone()),
                            code: code.clone(),
                            label,
                            href: format!("/plany/{}#{}", p.id, code),
                        },
                    );
                }
            }
        }
    }
    Ok((found, choices))
}

/// A card answering the need, as its page lists it.
pub(crate) struct CardRow {
    pub id: i32,
    pub title: String,
    pub year: i32,
    pub organisation: String,
    pub cost: String,
    pub clients: String,
}

#[derive(Template)]
#[template(path = "need/page.html")]
struct NeedPage {
    layout: Layout,
    need: NeedRow,
    source: String,
    description: Option<String>,
    answers: Vec<Answer>,
    cards: Vec<CardRow>,
    /// Planned and actual money, planned and actual clients, summed.
    totals: (String, String, String, String),
    may_edit: bool,
    choices: Vec<(String, String)>,
    form: FormView,
}

pub(super) async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let need = store::need(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    Ok(Html(need_page(&ctx, &state, need, None).await?.render()?))
}

async fn need_page(
    ctx: &Ctx,
    state: &AppState,
    need: Need,
    form: Option<FormView>,
) -> Result<NeedPage, Error> {
    let names = Names::load(ctx, state).await?;
    let (mut items, choices) = plan_items(ctx, state).await?;
    let answers: Vec<Answer> = need
        .links
        .iter()
        .filter_map(|l| items.remove(&l.code()))
        .collect();
    let cards = store::cards_answering(&state.store, ctx.tenant.id, &need).await?;
    let sum = |f: &dyn Fn(&kpss_store::need::AnsweringCard) -> Option<i64>| -> Option<i64> {
        let values: Vec<i64> = cards.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let money = |v: Option<i64>| v.map_or_else(|| "–".to_owned(), kpss_domain::czech::format_czk);
    let people =
        |v: Option<i64>| v.map_or_else(|| "–".to_owned(), kpss_domain::czech::group_thousands);
    let totals = (
        money(sum(&|c| Some(c.planned_cost))),
        money(sum(&|c| c.actual_cost)),
        people(sum(&|c| c.planned_clients)),
        people(sum(&|c| c.actual_clients)),
    );
    let cards = cards
        .iter()
        .map(|c| CardRow {
            id: c.id,
            title: c.title.clone(),
            year: c.year,
            organisation: c.organisation.clone(),
            cost: format!(
                "{} / {}",
                kpss_domain::czech::format_czk(c.planned_cost),
                money(c.actual_cost)
            ),
            clients: format!(
                "{} / {}",
                people(c.planned_clients),
                people(c.actual_clients)
            ),
        })
        .collect();
    let source = match &need.draft.source_note {
        Some(note) => format!("{} – {note}", need.draft.source.name()),
        None => need.draft.source.name().to_owned(),
    };
    Ok(NeedPage {
        layout: ctx.layout(),
        need: row(&names, &need),
        source,
        description: need.draft.description.clone(),
        answers,
        cards,
        totals,
        may_edit: editor(ctx).is_some(),
        choices,
        form: form.unwrap_or_else(|| FormView::new(ctx.csrf.clone(), &FormData::default())),
    })
}
