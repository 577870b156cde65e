//! Planning a meeting and changing its day, time, place or agenda.

use super::*;

#[derive(Template)]
#[template(path = "meeting/form.html")]
pub(super) struct FormPage {
    layout: Layout,
    form: FormView,
    group: WorkGroup,
    /// The meeting being changed (`None`: a new one).
    editing: Option<i32>,
    conflict: Option<&'static str>,
}

pub(super) fn meeting_fields(m: &Meeting) -> FormData {
    FormData(vec![
        ("day".into(), format_date(m.draft.starts.date())),
        ("from".into(), format_time(m.draft.starts.time())),
        ("to".into(), format_time(m.draft.ends.time())),
        ("place".into(), m.draft.place.clone()),
        ("agenda".into(), m.draft.agenda.clone().unwrap_or_default()),
        ("version".into(), m.version.to_string()),
    ])
}

pub(super) fn parse_meeting(data: &FormData) -> Result<MeetingDraft, kpss_domain::FieldErrors> {
    MeetingDraft::parse(&MeetingInput {
        day: data.get("day"),
        from: data.get("from"),
        to: data.get("to"),
        place: data.get("place"),
        agenda: data.get("agenda"),
    })
}

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let group =
        kpss_store::work_group::work_group(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    runner(&ctx, &group)?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        FormPage {
            layout: ctx.layout(),
            form,
            group,
            editing: None,
            conflict: None,
        }
        .render()?,
    ))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let group = kpss_store::work_group::work_group(&state.store, tenant, parse_id(&id)?).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let result = match parse_meeting(&data) {
        Ok(draft) => store::create_meeting(&state.store, tenant, &actor, group.id, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    meeting_saved(&ctx, &data, group, None, result).await
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    runner(&ctx, &group)?;
    let form = FormView::new(ctx.csrf.clone(), &meeting_fields(&meeting));
    Ok(Html(
        FormPage {
            layout: ctx.layout(),
            form,
            group,
            editing: Some(meeting.id),
            conflict: None,
        }
        .render()?,
    ))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group, actor, version) = writing(&ctx, &state, &id, &data).await?;
    let result = match parse_meeting(&data) {
        Ok(draft) => {
            store::update_meeting(&state.store, tenant, &actor, (meeting.id, version), &draft).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    meeting_saved(&ctx, &data, group, Some(meeting.id), result).await
}

pub(super) async fn meeting_saved(
    ctx: &Ctx,
    data: &FormData,
    group: WorkGroup,
    editing: Option<i32>,
    result: Result<Meeting, kpss_store::Error>,
) -> Result<Response, Error> {
    match result {
        Ok(m) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", m.id),
                format!("Schůzka {} byla uložena.", when(&m)),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(ctx, data, err)?;
            let page = FormPage {
                layout: ctx.layout(),
                form,
                group,
                editing,
                conflict,
            };
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
