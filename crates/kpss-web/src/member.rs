//! `/sprava/lide` – the people of community planning: the coordinator keeps each member, their
//! memberships in groups over time (KP role, function, days) and, when wanted, their login.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::member::{
    Function, KpRole, MemberDraft, MemberInput, MembershipDraft, MembershipInput,
};
use kpss_store::member::{self as store, Member, Membership};
use serde::Deserialize;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sprava/lide", get(list))
        .route("/sprava/lide/novy", get(new_form).post(create))
        .route("/sprava/lide/{id}", get(edit_form).post(update))
        .route("/sprava/lide/{id}/ucet", post(invite))
        .route(
            "/sprava/lide/{id}/clenstvi/nove",
            get(new_membership).post(add_membership),
        )
        .route(
            "/sprava/lide/{id}/clenstvi/{membership}",
            get(membership_form).post(update_membership),
        )
        .route(
            "/sprava/lide/{id}/clenstvi/{membership}/odebrat",
            post(remove_membership),
        )
}

/// Members shown on one page of the list.
const PER_PAGE: usize = 100;

/// The list's query: one group, one page.
#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    skupina: String,
    #[serde(default)]
    strana: String,
}

/// A member as the list shows them.
struct Row {
    id: i32,
    name: String,
    organisation: String,
    /// „SEN (manažer / vedoucí), ZP (člen)“: the memberships of today.
    groups: String,
    publish_contact: bool,
    has_account: bool,
}

#[derive(Template)]
#[template(path = "member/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    count: String,
    groups: Vec<(String, String)>,
    group: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The tenant's organisations by id, for showing a member's.
async fn organisation_names(
    state: &AppState,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, String>, Error> {
    Ok(kpss_store::catalogue::organisations(&state.store, tenant)
        .await?
        .into_iter()
        .map(|o| (o.id, o.draft.name))
        .collect())
}

async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let tenant = ctx.tenant.id;
    let groups = kpss_store::work_group::work_groups(&state.store, tenant).await?;
    let spans = store::memberships(&state.store, tenant).await?;
    let names = organisation_names(&state, tenant).await?;
    let today = kpss_domain::czech::today();
    let group = query.skupina.parse::<i32>().ok();
    let code_of = |id: i32| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map_or_else(String::new, |g| g.draft.code.clone())
    };
    let rows: Vec<Row> = store::members(&state.store, tenant)
        .await?
        .into_iter()
        .filter_map(|m| {
            let current: Vec<&Membership> = spans
                .iter()
                .filter(|s| s.member == m.id && s.draft.is_active(today))
                .collect();
            if group.is_some_and(|g| !current.iter().any(|s| s.draft.group == g)) {
                return None;
            }
            Some(Row {
                id: m.id,
                organisation: m.organisation(&names).map(|(_, n)| n).unwrap_or_default(),
                groups: current
                    .iter()
                    .map(|s| format!("{} ({})", code_of(s.draft.group), s.draft.function.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
                publish_contact: m.draft.publish_contact,
                has_account: m.account.is_some(),
                name: m.draft.name,
            })
        })
        .collect();
    let total = rows.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = query
        .strana
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=pages).contains(p))
        .unwrap_or(1);
    let link = |p: usize| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(g) = group {
            q.append_pair("skupina", &g.to_string());
        }
        q.append_pair("strana", &p.to_string());
        format!("/sprava/lide?{}", q.finish())
    };
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            count: kpss_domain::czech::count(total, "člověk", "lidé", "lidí"),
            rows: rows
                .into_iter()
                .skip((page - 1) * PER_PAGE)
                .take(PER_PAGE)
                .collect(),
            groups: groups
                .iter()
                .map(|g| (g.id.to_string(), g.draft.title()))
                .collect(),
            group: group.map(|g| g.to_string()).unwrap_or_default(),
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
        .render()?,
    ))
}

/// The choices a membership form offers.
struct Choices {
    groups: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    functions: Vec<(String, String)>,
}

impl Choices {
    async fn load(state: &AppState, tenant: i32) -> Result<Self, Error> {
        let today = kpss_domain::czech::today();
        Ok(Self {
            // A dissolved group stays on offer, so its memberships can be ended or corrected.
            groups: kpss_store::work_group::work_groups(&state.store, tenant)
                .await?
                .iter()
                .map(|g| {
                    let title = g.draft.title();
                    let title = if g.draft.is_active(today) {
                        title
                    } else {
                        format!("{title} (zrušena)")
                    };
                    (g.id.to_string(), title)
                })
                .collect(),
            roles: KpRole::ALL
                .iter()
                .map(|r| (r.code().to_owned(), r.name().to_owned()))
                .collect(),
            functions: Function::ALL
                .iter()
                .map(|f| (f.code().to_owned(), f.name().to_owned()))
                .collect(),
        })
    }
}

#[derive(Template)]
#[template(path = "member/form.html")]
struct FormPage {
    layout: Layout,
    form: FormView,
    /// The member being changed (`None`: a new one).
    editing: Option<Member>,
    /// The member's memberships, newest first, as rows.
    spans: Vec<SpanRow>,
    organisations: Vec<(String, String)>,
    choices: Choices,
    conflict: Option<&'static str>,
    /// A one-time password of the login just made, shown once.
    password: Option<(String, String)>,
    /// Whether `conflict` tells why no login was made.
    refused_login: bool,
}

/// A membership as the member's page lists it.
struct SpanRow {
    id: i32,
    group: String,
    role: &'static str,
    function: &'static str,
    days: String,
    /// „trvá“, „začne“ or „skončilo“.
    state: &'static str,
}

async fn render(
    ctx: &Ctx,
    state: &AppState,
    form: FormView,
    editing: Option<(Member, Vec<Membership>)>,
) -> Result<FormPage, Error> {
    let tenant = ctx.tenant.id;
    let groups = kpss_store::work_group::work_groups(&state.store, tenant).await?;
    let today = kpss_domain::czech::today();
    let (editing, spans) = match editing {
        Some((m, spans)) => {
            let rows = spans
                .iter()
                .map(|s| SpanRow {
                    id: s.id,
                    group: groups
                        .iter()
                        .find(|g| g.id == s.draft.group)
                        .map(|g| g.draft.title())
                        .unwrap_or_default(),
                    role: s.draft.kp_role.map_or("neuvedena", KpRole::name),
                    function: s.draft.function.name(),
                    days: days(&s.draft),
                    state: if s.draft.is_active(today) {
                        "trvá"
                    } else if s.draft.since > today {
                        "začne"
                    } else {
                        "skončilo"
                    },
                })
                .collect();
            (Some(m), rows)
        }
        None => (None, Vec::new()),
    };
    Ok(FormPage {
        layout: ctx.layout(),
        form,
        editing,
        spans,
        organisations: kpss_store::catalogue::organisations(&state.store, tenant)
            .await?
            .into_iter()
            .map(|o| (o.id.to_string(), o.draft.name))
            .collect(),
        choices: Choices::load(state, tenant).await?,
        conflict: None,
        password: None,
        refused_login: false,
    })
}

/// „od 1. 1. 2024“ or „1. 1. 2024 – 31. 12. 2025“.
fn days(m: &MembershipDraft) -> String {
    let f = kpss_domain::czech::format_date;
    match m.until {
        Some(u) => format!("{} – {}", f(m.since), f(u)),
        None => format!("od {}", f(m.since)),
    }
}

/// The member form's fields of a stored member.
fn fields(m: &Member) -> FormData {
    let d = &m.draft;
    FormData(vec![
        ("full_name".into(), d.name.clone()),
        ("email".into(), d.email.clone().unwrap_or_default()),
        ("phone".into(), d.phone.clone().unwrap_or_default()),
        (
            "organisation".into(),
            d.organisation.map(|o| o.to_string()).unwrap_or_default(),
        ),
        (
            "organisation_name".into(),
            d.organisation_name.clone().unwrap_or_default(),
        ),
        (
            "publish_contact".into(),
            if d.publish_contact { "ano" } else { "" }.into(),
        ),
        ("version".into(), m.version.to_string()),
    ])
}

async fn parse_member(
    state: &AppState,
    tenant: i32,
    data: &FormData,
) -> Result<Result<MemberDraft, kpss_domain::FieldErrors>, Error> {
    let organisations: Vec<i32> = kpss_store::catalogue::organisations(&state.store, tenant)
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    Ok(MemberDraft::parse(
        &MemberInput {
            name: data.get("full_name"),
            email: data.get("email"),
            phone: data.get("phone"),
            organisation: data.get("organisation"),
            organisation_name: data.get("organisation_name"),
            publish_contact: data.get("publish_contact"),
        },
        &organisations,
    ))
}

async fn parse_membership(
    state: &AppState,
    tenant: i32,
    data: &FormData,
) -> Result<Result<MembershipDraft, kpss_domain::FieldErrors>, Error> {
    let groups: Vec<i32> = kpss_store::work_group::work_groups(&state.store, tenant)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    Ok(MembershipDraft::parse(
        &MembershipInput {
            group: data.get("group"),
            kp_role: data.get("kp_role"),
            function: data.get("function"),
            since: data.get("since"),
            until: data.get("until"),
        },
        &groups,
    ))
}

async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let data = FormData(vec![
        ("group".into(), query.skupina),
        ("function".into(), Function::Member.code().into()),
        (
            "since".into(),
            kpss_domain::czech::format_date(kpss_domain::czech::today()),
        ),
    ]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(render(&ctx, &state, form, None).await?.render()?))
}

async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let tenant = ctx.tenant.id;
    let person = parse_member(&state, tenant, &data).await?;
    // The first membership is optional: no group chosen, none is made.
    let first = if data.get("group").trim().is_empty() {
        Ok(None)
    } else {
        parse_membership(&state, tenant, &data).await?.map(Some)
    };
    let result = match (person, first) {
        (Ok(person), Ok(first)) => {
            store::create_member(&state.store, tenant, &actor, &person, first.as_ref()).await
        }
        (person, first) => {
            let mut errors = person.err().unwrap_or_default();
            errors.0.extend(first.err().unwrap_or_default().0);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(m) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/sprava/lide/{}", m.id),
                format!("{} je mezi lidmi komunitního plánování.", m.draft.name),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = render(&ctx, &state, form, None).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let found = store::member(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let form = FormView::new(ctx.csrf.clone(), &fields(&found.0));
    Ok(Html(
        render(&ctx, &state, form, Some(found)).await?.render()?,
    ))
}

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let found = store::member(&state.store, tenant, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let result = match parse_member(&state, tenant, &data).await? {
        Ok(draft) => {
            store::update_member(&state.store, tenant, &actor, (found.0.id, version), &draft).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match result {
        Ok(m) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/sprava/lide/{}", m.id),
                format!("Údaje byly uloženy: {}.", m.draft.name),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = render(&ctx, &state, form, Some(found)).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

/// Makes the member a login with a one-time password, shown once on the member's page.
async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let found = store::member(&state.store, tenant, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let (password, hash) = crate::account::one_time_password().await?;
    let refused = |status: StatusCode, message: &'static str| (status, message);
    let outcome = match store::invite(&state.store, tenant, &actor, found.0.id, hash).await {
        Ok(account) => Ok(account),
        Err(kpss_store::Error::Invalid(_)) => Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Účet nelze vytvořit: člen nemá vyplněný e-mail. Doplňte jej a uložte.",
        )),
        Err(kpss_store::Error::Conflict(kpss_store::Conflict::Duplicate)) => Err(refused(
            StatusCode::CONFLICT,
            "Účet s tímto e-mailem už existuje; najdete jej v seznamu uživatelů.",
        )),
        Err(kpss_store::Error::Conflict(_)) => Err(refused(
            StatusCode::CONFLICT,
            "Člen už přihlašovací účet má.",
        )),
        Err(e) => return Err(e.into()),
    };
    let found = store::member(&state.store, tenant, found.0.id).await?;
    let form = FormView::new(ctx.csrf.clone(), &fields(&found.0));
    let mut page = render(&ctx, &state, form, Some(found)).await?;
    match outcome {
        Ok(_) => {
            let email = page
                .editing
                .as_ref()
                .and_then(|m| m.draft.email.clone())
                .unwrap_or_default();
            page.password = Some((email, password));
            Ok(Html(page.render()?).into_response())
        }
        Err((status, message)) => {
            page.conflict = Some(message);
            page.refused_login = true;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "member/membership.html")]
struct MembershipPage {
    layout: Layout,
    form: FormView,
    member: Member,
    /// The membership being changed (`None`: a new one).
    editing: Option<i32>,
    choices: Choices,
}

async fn membership_page(
    ctx: &Ctx,
    state: &AppState,
    form: FormView,
    member: Member,
    editing: Option<i32>,
) -> Result<MembershipPage, Error> {
    Ok(MembershipPage {
        layout: ctx.layout(),
        form,
        member,
        editing,
        choices: Choices::load(state, ctx.tenant.id).await?,
    })
}

/// The membership form's fields of a stored membership.
fn span_fields(s: &MembershipDraft) -> FormData {
    let f = kpss_domain::czech::format_date;
    FormData(vec![
        ("group".into(), s.group.to_string()),
        (
            "kp_role".into(),
            s.kp_role.map(|r| r.code().to_owned()).unwrap_or_default(),
        ),
        ("function".into(), s.function.code().into()),
        ("since".into(), f(s.since)),
        ("until".into(), s.until.map(f).unwrap_or_default()),
    ])
}

async fn new_membership(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let (member, _) = store::member(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let data = FormData(vec![
        ("function".into(), Function::Member.code().into()),
        (
            "since".into(),
            kpss_domain::czech::format_date(kpss_domain::czech::today()),
        ),
    ]);
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(
        membership_page(&ctx, &state, form, member, None)
            .await?
            .render()?,
    ))
}

async fn membership_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, span)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let (member, spans) = store::member(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let span = parse_id(&span)?;
    let found = spans.iter().find(|s| s.id == span).ok_or(Error::NotFound)?;
    let form = FormView::new(ctx.csrf.clone(), &span_fields(&found.draft));
    Ok(Html(
        membership_page(&ctx, &state, form, member, Some(span))
            .await?
            .render()?,
    ))
}

async fn add_membership(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let (member, _) = store::member(&state.store, tenant, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let result = match parse_membership(&state, tenant, &data).await? {
        Ok(draft) => store::add_membership(&state.store, tenant, &actor, member.id, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    span_saved(&ctx, &state, &data, member, None, result.map(|_| ())).await
}

async fn update_membership(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, span)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let (member, spans) = store::member(&state.store, tenant, parse_id(&id)?).await?;
    let span = parse_id(&span)?;
    if !spans.iter().any(|s| s.id == span) {
        return Err(Error::NotFound);
    }
    data.check_csrf(&ctx.session).await?;
    let result = match parse_membership(&state, tenant, &data).await? {
        Ok(draft) => {
            store::update_membership(&state.store, tenant, &actor, (member.id, span), &draft).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    span_saved(&ctx, &state, &data, member, Some(span), result.map(|_| ())).await
}

async fn remove_membership(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, span)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let (member, _) = store::member(&state.store, tenant, parse_id(&id)?).await?;
    let span = parse_id(&span)?;
    data.check_csrf(&ctx.session).await?;
    store::remove_membership(&state.store, tenant, &actor, (member.id, span)).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/sprava/lide/{}", member.id),
        "Členství bylo odebráno; záznam o něm zůstává v historii změn.",
    )
    .await
}

/// To the member's page once stored; the form again with what was typed when refused.
async fn span_saved(
    ctx: &Ctx,
    state: &AppState,
    data: &FormData,
    member: Member,
    editing: Option<i32>,
    result: Result<(), kpss_store::Error>,
) -> Result<Response, Error> {
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/sprava/lide/{}", member.id),
                "Členství bylo uloženo.",
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(ctx, data, err)?;
            let page = membership_page(ctx, state, form, member, editing).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
