//! A member's page: their details, memberships and login.

use super::*;

#[derive(Template)]
#[template(path = "member/form.html")]
pub(super) struct FormPage {
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
pub(super) struct SpanRow {
    id: i32,
    group: String,
    role: &'static str,
    function: &'static str,
    days: String,
    /// „trvá“, „začne“ or „skončilo“.
    state: &'static str,
}

pub(super) async fn render(
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
pub(super) fn days(m: &MembershipDraft) -> String {
    let f = kpss_domain::czech::format_date;
    match m.until {
        Some(u) => format!("{} – {}", f(m.since), f(u)),
        None => format!("od {}", f(m.since)),
    }
}

/// The member form's fields of a stored member.
pub(super) fn fields(m: &Member) -> FormData {
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

pub(super) async fn parse_member(
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

pub(super) async fn new_form(
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

pub(super) async fn create(
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

pub(super) async fn edit_form(
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

pub(super) async fn update(
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

/// Makes the member a login and sends them an invitation link; a one-time password, shown
/// once on the member's page, is the way in when the mail does not arrive.
pub(super) async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tenant = ctx.tenant.id;
    let found = store::member(&state.store, tenant, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let (password, hash) = crate::account::one_time_password().await?;
    let refused = |status: StatusCode, message: &'static str| (status, message);
    let outcome = match store::invite(&state.store, tenant, &actor, found.0.id, hash).await {
        Ok(account) => {
            let account = kpss_store::account::get(&state.store, tenant, account).await?;
            crate::account::invite(&ctx, &state, &headers, (actor.account_id, &account)).await?;
            Ok(account.id)
        }
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
