//! Adding, changing and removing a member's membership of a group.

use super::*;

#[derive(Template)]
#[template(path = "member/membership.html")]
pub(super) struct MembershipPage {
    layout: Layout,
    form: FormView,
    member: Member,
    /// The membership being changed (`None`: a new one).
    editing: Option<i32>,
    choices: Choices,
}

pub(super) async fn membership_page(
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
pub(super) fn span_fields(s: &MembershipDraft) -> FormData {
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

pub(super) async fn new_membership(
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

pub(super) async fn membership_form(
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

pub(super) async fn add_membership(
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

pub(super) async fn update_membership(
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

pub(super) async fn remove_membership(
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
pub(super) async fn span_saved(
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
