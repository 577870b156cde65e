//! `/sprava/skupiny` – the groups community planning meets in: the steering group, working
//! groups and subgroups, which the coordinator keeps and a plan's parts are assigned to; and
//! `/skupiny`, where the public sees them with their people.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_domain::work_group::{GroupKind, WorkGroupDraft, WorkGroupInput};
use kpss_store::work_group::{self as store, WorkGroup};

use crate::auth::{Ctx, Layout};
use crate::catalogue::{Lists, parse_id};
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

mod editors;
mod public;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/skupiny", get(public::list))
        .route("/skupiny/{id}", get(public::group))
        .route(
            "/skupiny/{id}/editori",
            get(editors::form).post(editors::save),
        )
        .route("/sprava/skupiny", get(list))
        .route("/sprava/skupiny/nova", get(new_form).post(create))
        .route("/sprava/skupiny/{id}", get(edit_form).post(update))
}

/// A group as the list shows it.
struct Row {
    id: i32,
    code: String,
    name: String,
    kind: &'static str,
    /// The code of the working group a subgroup belongs to.
    parent: Option<String>,
    target_groups: String,
    /// „zrušena 30. 6. 2024“, empty while the group meets.
    dissolved: String,
}

#[derive(Template)]
#[template(path = "work_group/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    count: String,
}

async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let lists = Lists::load(&state, ctx.tenant.id).await?;
    let groups = store::work_groups(&state.store, ctx.tenant.id).await?;
    let today = kpss_domain::czech::today();
    let rows = groups
        .iter()
        .map(|g| {
            let d = &g.draft;
            Row {
                id: g.id,
                code: d.code.clone(),
                name: d.name.clone(),
                kind: d.kind.name(),
                parent: d
                    .parent
                    .and_then(|p| groups.iter().find(|g| g.id == p))
                    .map(|g| g.draft.code.clone()),
                target_groups: d
                    .target_groups
                    .iter()
                    .map(|c| lists.target_group_name(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                dissolved: match d.dissolved {
                    Some(day) if !d.is_active(today) => {
                        format!("zrušena {}", kpss_domain::czech::format_date(day))
                    }
                    Some(day) => format!("bude zrušena {}", kpss_domain::czech::format_date(day)),
                    None => String::new(),
                },
            }
        })
        .collect();
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            count: kpss_domain::czech::count(groups.len(), "skupina", "skupiny", "skupin"),
            rows,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "work_group/form.html")]
struct FormPage {
    layout: Layout,
    form: FormView,
    /// The group being changed (`None`: a new one).
    editing: Option<(i32, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    target_groups: Vec<(String, String)>,
    /// The working groups a subgroup may belong to: (id, „SEN – Senioři“).
    parents: Vec<(i32, String)>,
    conflict: Option<&'static str>,
}

async fn render(
    ctx: &Ctx,
    state: &AppState,
    form: FormView,
    editing: Option<&WorkGroup>,
) -> Result<FormPage, Error> {
    let lists = Lists::load(state, ctx.tenant.id).await?;
    let parents = store::work_groups(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|g| g.draft.kind == GroupKind::Working && editing.is_none_or(|e| e.id != g.id))
        .map(|g| (g.id, g.draft.title()))
        .collect();
    Ok(FormPage {
        layout: ctx.layout(),
        form,
        editing: editing.map(|g| (g.id, g.draft.title())),
        kinds: GroupKind::ALL
            .iter()
            .map(|k| (k.code(), k.name()))
            .collect(),
        target_groups: lists
            .target_groups
            .iter()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect(),
        parents,
        conflict: None,
    })
}

/// The form's fields of a stored group.
fn fields(g: &WorkGroup) -> FormData {
    let d = &g.draft;
    let date = |d: Option<time::Date>| d.map(kpss_domain::czech::format_date).unwrap_or_default();
    let mut data = vec![
        ("kind".to_owned(), d.kind.code().to_owned()),
        ("code".to_owned(), d.code.clone()),
        ("name".to_owned(), d.name.clone()),
        (
            "description".to_owned(),
            d.description.clone().unwrap_or_default(),
        ),
        (
            "parent".to_owned(),
            d.parent.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("founded".to_owned(), date(d.founded)),
        ("dissolved".to_owned(), date(d.dissolved)),
        ("version".to_owned(), g.version.to_string()),
    ];
    data.extend(
        d.target_groups
            .iter()
            .map(|t| ("target_groups".to_owned(), t.clone())),
    );
    FormData(data)
}

async fn new_form(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let data = FormData(vec![("kind".into(), GroupKind::Working.code().into())]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(render(&ctx, &state, form, None).await?.render()?))
}

async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let group = store::work_group(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let form = FormView::new(ctx.csrf.clone(), &fields(&group));
    Ok(Html(
        render(&ctx, &state, form, Some(&group)).await?.render()?,
    ))
}

/// The group the form describes, checked against the tenant's lists.
async fn parse(
    state: &AppState,
    tenant: i32,
    data: &FormData,
) -> Result<Result<WorkGroupDraft, kpss_domain::FieldErrors>, Error> {
    let lists = Lists::load(state, tenant).await?;
    let codes: Vec<String> = lists.target_groups.iter().map(|i| i.code.clone()).collect();
    let working: Vec<i32> = store::work_groups(&state.store, tenant)
        .await?
        .iter()
        .filter(|g| g.draft.kind == GroupKind::Working)
        .map(|g| g.id)
        .collect();
    let targets = data.all("target_groups");
    let input = WorkGroupInput {
        kind: data.get("kind"),
        code: data.get("code"),
        name: data.get("name"),
        description: data.get("description"),
        target_groups: targets.iter().map(String::as_str).collect(),
        parent: data.get("parent"),
        founded: data.get("founded"),
        dissolved: data.get("dissolved"),
    };
    Ok(WorkGroupDraft::parse(&input, &codes, &working))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let result = match parse(&state, ctx.tenant.id, &data).await? {
        Ok(draft) => store::create_work_group(&state.store, ctx.tenant.id, &actor, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    saved(&ctx, &state, &data, None, result).await
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let group = store::work_group(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let result = match parse(&state, ctx.tenant.id, &data).await? {
        Ok(draft) => {
            store::update_work_group(
                &state.store,
                ctx.tenant.id,
                &actor,
                (group.id, version),
                &draft,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    saved(&ctx, &state, &data, Some(&group), result).await
}

/// To the list with a notice once stored; the form again with what was typed when refused.
async fn saved(
    ctx: &Ctx,
    state: &AppState,
    data: &FormData,
    editing: Option<&WorkGroup>,
    result: Result<WorkGroup, kpss_store::Error>,
) -> Result<Response, Error> {
    match result {
        Ok(group) => {
            crate::flash::redirect(
                &ctx.session,
                "/sprava/skupiny",
                format!(
                    "{} {} – {} byla uložena.",
                    group.draft.kind.name(),
                    group.draft.code,
                    group.draft.name
                ),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(ctx, data, err)?;
            let mut page = render(ctx, state, form, editing).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
