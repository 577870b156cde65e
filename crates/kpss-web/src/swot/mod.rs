//! SWOT of the working groups for a plan cycle: `/plany/{id}/swot` lists every group's four
//! lists; `/plany/{id}/swot/{group}` shows one group's with, for its editors, the forms to add,
//! change, move and remove items, each optionally resting on evidence.

mod items;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::swot::{Evidence, Quadrant, SwotItemDraft};
use kpss_store::plan::PlanTree;
use kpss_store::swot::{self as store, SwotItem};
use kpss_store::work_group::WorkGroup;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plany/{id}/swot", get(overview))
        .route("/plany/{id}/swot/{group}", get(group_page).post(add))
        .route("/swot/{item}", get(items::edit_form).post(items::update))
        .route("/swot/{item}/smazat", post(items::delete))
        .route("/swot/{item}/posunout", post(items::shift))
}

/// An item as a list shows it.
pub(crate) struct ItemView {
    pub id: i32,
    pub text: String,
    /// Where its evidence is shown, and its name.
    pub evidence: Option<(String, String)>,
}

/// One list of a group's SWOT.
pub(crate) struct QuadrantView {
    pub code: &'static str,
    pub name: &'static str,
    pub items: Vec<ItemView>,
}

/// A group's SWOT.
pub(crate) struct GroupSwot {
    pub id: i32,
    pub name: String,
    pub quadrants: Vec<QuadrantView>,
    pub count: usize,
}

/// What evidence the plan's cycle offers a group: its code, where it is shown and its name.
async fn evidence_offered(
    ctx: &Ctx,
    state: &AppState,
    plan: i32,
    group: Option<i32>,
) -> Result<Vec<(String, String, String)>, Error> {
    let mut out = Vec::new();
    for s in kpss_store::survey::of_plan(&state.store, ctx.tenant.id, plan).await? {
        for (i, q) in kpss_store::survey::questions(&state.store, s.id)
            .await?
            .into_iter()
            .enumerate()
        {
            out.push((
                Evidence::SurveyQuestion(q.id).code(),
                format!("/dotazniky/{}/vysledky#vysledek-{}", s.id, q.id),
                format!("{}, otázka {}: {}", s.draft.title, i + 1, q.draft.text),
            ));
        }
    }
    for n in kpss_store::need::needs(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|n| n.draft.plan == Some(plan))
    {
        out.push((
            Evidence::Need(n.id).code(),
            format!("/potreby/{}", n.id),
            format!("potřeba: {}", n.draft.title),
        ));
    }
    let groups: Vec<i32> = match group {
        Some(g) => vec![g],
        None => kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
            .await?
            .iter()
            .map(|g| g.id)
            .collect(),
    };
    for g in groups {
        // Only minutes that were published record anything.
        for m in kpss_store::meeting::meetings(&state.store, ctx.tenant.id, g)
            .await?
            .into_iter()
            .filter(|m| m.published_at.is_some())
        {
            out.push((
                Evidence::Meeting(m.id).code(),
                format!("/schuzky/{}", m.id),
                format!(
                    "zápis ze schůzky {} {}",
                    m.group_code,
                    kpss_domain::czech::format_datetime(m.starts_at)
                ),
            ));
        }
    }
    Ok(out)
}

fn views(
    items: &[SwotItem],
    group: i32,
    offered: &[(String, String, String)],
) -> (Vec<QuadrantView>, usize) {
    let mut count = 0;
    let quadrants = Quadrant::ALL
        .iter()
        .map(|q| QuadrantView {
            code: q.code(),
            name: q.name(),
            items: items
                .iter()
                .filter(|i| i.group == group && i.draft.quadrant == *q)
                .map(|i| {
                    count += 1;
                    ItemView {
                        id: i.id,
                        text: i.draft.text.clone(),
                        evidence: i.draft.evidence.map(|e| {
                            let code = e.code();
                            offered
                                .iter()
                                .find(|(c, _, _)| *c == code)
                                .map(|(_, href, name)| (href.clone(), name.clone()))
                                .unwrap_or_else(|| (String::new(), "podklad, který už není".into()))
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    (quadrants, count)
}

fn group_name(g: &WorkGroup) -> String {
    format!("{} – {}", g.draft.code, g.draft.name)
}

#[derive(Template)]
#[template(path = "swot/overview.html")]
struct OverviewPage {
    layout: Layout,
    tree: PlanTree,
    groups: Vec<GroupSwot>,
}

async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let tree = crate::plan::visible_plan(&ctx, &state, &id).await?;
    let items = store::items(&state.store, ctx.tenant.id, tree.plan.id, None).await?;
    let offered = evidence_offered(&ctx, &state, tree.plan.id, None).await?;
    let groups = kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
        .await?
        .iter()
        .map(|g| {
            let (quadrants, count) = views(&items, g.id, &offered);
            GroupSwot {
                id: g.id,
                name: group_name(g),
                quadrants,
                count,
            }
        })
        .collect();
    Ok(Html(
        OverviewPage {
            layout: ctx.layout(),
            tree,
            groups,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "swot/group.html")]
pub(super) struct GroupPage {
    layout: Layout,
    form: FormView,
    tree: PlanTree,
    group: GroupSwot,
    may_edit: bool,
    quadrants: Vec<(&'static str, &'static str)>,
    evidence: Vec<(String, String)>,
}

/// Whether the logged-in person may edit this group's SWOT of this plan.
async fn may_edit(
    ctx: &Ctx,
    state: &AppState,
    tree: &PlanTree,
    group: &WorkGroup,
) -> Result<bool, Error> {
    let Some(user) = &ctx.user else {
        return Ok(false);
    };
    let parent = match group.draft.parent {
        Some(p) => Some(
            kpss_store::work_group::work_group(&state.store, ctx.tenant.id, p)
                .await?
                .draft
                .code,
        ),
        None => None,
    };
    let codes: Vec<&str> = std::iter::once(group.draft.code.as_str())
        .chain(parent.as_deref())
        .collect();
    Ok(tree.plan.status == kpss_domain::plan::PlanStatus::Draft
        && kpss_domain::swot::may_edit(&user.actor(), &codes))
}

pub(super) async fn group_view(
    ctx: &Ctx,
    state: &AppState,
    (id, group): (&str, &str),
    form: Option<FormView>,
) -> Result<GroupPage, Error> {
    let tree = crate::plan::visible_plan(ctx, state, id).await?;
    let group =
        kpss_store::work_group::work_group(&state.store, ctx.tenant.id, parse_id(group)?).await?;
    let items = store::items(&state.store, ctx.tenant.id, tree.plan.id, Some(group.id)).await?;
    let offered = evidence_offered(ctx, state, tree.plan.id, Some(group.id)).await?;
    let (quadrants, count) = views(&items, group.id, &offered);
    let may_edit = may_edit(ctx, state, &tree, &group).await?;
    Ok(GroupPage {
        layout: ctx.layout(),
        form: form.unwrap_or_else(|| FormView::new(ctx.csrf.clone(), &FormData::default())),
        group: GroupSwot {
            id: group.id,
            name: group_name(&group),
            quadrants,
            count,
        },
        may_edit,
        quadrants: Quadrant::ALL.iter().map(|q| (q.code(), q.name())).collect(),
        evidence: offered
            .into_iter()
            .map(|(code, _, name)| (code, name))
            .collect(),
        tree,
    })
}

async fn group_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, group)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    Ok(Html(
        group_view(&ctx, &state, (&id, &group), None)
            .await?
            .render()?,
    ))
}

/// The item as typed, checked against the evidence the form offered.
pub(super) fn parse(
    data: &FormData,
    offered: &[(String, String)],
) -> Result<SwotItemDraft, kpss_domain::FieldErrors> {
    let codes: Vec<String> = offered.iter().map(|(c, _)| c.clone()).collect();
    SwotItemDraft::parse(
        (data.get("quadrant"), data.get("text"), data.get("evidence")),
        &codes,
    )
}

async fn add(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, group)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let page = group_view(&ctx, &state, (&id, &group), None).await?;
    if !page.may_edit {
        return Err(Error::Forbidden);
    }
    data.check_csrf(&ctx.session).await?;
    let key = (page.tree.plan.id, page.group.id);
    let added = match parse(&data, &page.evidence) {
        Ok(draft) => store::add(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match added {
        Ok(item) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/plany/{}/swot/{}#polozka-{item}", key.0, key.1),
                "Položka byla přidána do analýzy SWOT.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = group_view(&ctx, &state, (&id, &group), Some(form)).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
