//! Recording a need (`/potreby/nova`, `/potreby/{id}/upravit`) and linking the goals and
//! measures that answer it (`/potreby/{id}/propojeni`).

use kpss_domain::need::{NeedDraft, NeedInput, NeedSource};

use super::*;

#[derive(Template)]
#[template(path = "need/form.html")]
struct FormPage {
    layout: Layout,
    form: FormView,
    /// The need edited: its id and title; `None` for a new one.
    need: Option<(i32, String)>,
    target_groups: Vec<(String, String)>,
    districts: Vec<(String, String)>,
    sources: Vec<(&'static str, &'static str)>,
    states: Vec<(&'static str, &'static str)>,
    plans: Vec<(String, String)>,
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    need: Option<(i32, String)>,
    form: FormView,
) -> Result<FormPage, Error> {
    let names = Names::load(ctx, state).await?;
    let plans = kpss_store::plan::plans(&state.store, ctx.tenant.id, true)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), p.title))
        .collect();
    Ok(FormPage {
        layout: ctx.layout(),
        form,
        need,
        target_groups: names.target_groups,
        districts: names.districts,
        sources: NeedSource::ALL
            .iter()
            .map(|s| (s.code(), s.name()))
            .collect(),
        states: NeedState::ALL
            .iter()
            .map(|s| (s.code(), s.name()))
            .collect(),
        plans,
    })
}

/// The need as typed, checked; a plan that is no number is a forged form.
async fn parse(
    ctx: &Ctx,
    state: &AppState,
    data: &FormData,
) -> Result<Result<NeedDraft, kpss_domain::FieldErrors>, Error> {
    let names = Names::load(ctx, state).await?;
    let plan = match data.get("plan") {
        "" => None,
        p => Some(
            p.parse::<i32>()
                .map_err(|_| Error::BadRequest("Neznámý plán.".into()))?,
        ),
    };
    let codes = |l: &[(String, String)]| l.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
    let districts = data.all("districts");
    Ok(NeedDraft::parse(
        &NeedInput {
            title: data.get("title"),
            description: data.get("description"),
            target_group: data.get("target_group"),
            districts: &districts,
            source: data.get("source"),
            source_note: data.get("source_note"),
            size: data.get("size"),
            state: data.get("state"),
            plan,
        },
        (&codes(&names.target_groups), &codes(&names.districts)),
    ))
}

fn require_editor(ctx: &Ctx) -> Result<Actor, Error> {
    ctx.require_user()?;
    editor(ctx).ok_or(Error::Forbidden)
}

async fn refused(
    ctx: &Ctx,
    state: &AppState,
    (need, data): (Option<(i32, String)>, &FormData),
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, form, _) = crate::form::rejection(ctx, data, err)?;
    let page = form_page(ctx, state, need, form).await?;
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    require_editor(&ctx)?;
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![("state".into(), NeedState::Identified.code().into())]),
    );
    Ok(Html(form_page(&ctx, &state, None, form).await?.render()?))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = require_editor(&ctx)?;
    data.check_csrf(&ctx.session).await?;
    let created = match parse(&ctx, &state, &data).await? {
        Ok(draft) => store::create(&state.store, ctx.tenant.id, &actor, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match created {
        Ok(id) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/potreby/{id}"),
                "Potřeba byla zapsána. Propojte ji s cíli a opatřeními, které na ni odpovídají."
                    .to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, &state, (None, &data), err).await,
    }
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    require_editor(&ctx)?;
    let need = store::need(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let d = &need.draft;
    let mut values = vec![
        ("title".to_owned(), d.title.clone()),
        (
            "description".to_owned(),
            d.description.clone().unwrap_or_default(),
        ),
        ("target_group".to_owned(), d.target_group.clone()),
        ("source".to_owned(), d.source.code().to_owned()),
        (
            "source_note".to_owned(),
            d.source_note.clone().unwrap_or_default(),
        ),
        (
            "size".to_owned(),
            d.size.map(|s| s.to_string()).unwrap_or_default(),
        ),
        ("state".to_owned(), d.state.code().to_owned()),
        (
            "plan".to_owned(),
            d.plan.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("version".to_owned(), need.version.to_string()),
    ];
    values.extend(
        d.districts
            .iter()
            .map(|c| ("districts".to_owned(), c.clone())),
    );
    let form = FormView::new(ctx.csrf.clone(), &FormData(values));
    let page = form_page(&ctx, &state, Some((need.id, d.title.clone())), form).await?;
    Ok(Html(page.render()?))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = require_editor(&ctx)?;
    let need = store::need(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let key = (need.id, crate::form::version(&data)?);
    let updated = match parse(&ctx, &state, &data).await? {
        Ok(draft) => store::update(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match updated {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/potreby/{}", need.id),
                "Potřeba byla uložena.".to_owned(),
            )
            .await
        }
        Err(err) => {
            refused(
                &ctx,
                &state,
                (Some((need.id, need.draft.title)), &data),
                err,
            )
            .await
        }
    }
}

pub(super) async fn link(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = require_editor(&ctx)?;
    let need = store::need(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let linked = match data.get("akce") {
        "pridat" => true,
        "odebrat" => false,
        _ => return Err(Error::BadRequest("Neznámá akce propojení.".into())),
    };
    let item = match Section::parse(data.get("item")) {
        Some(s @ (Section::Goal(_) | Section::Measure(_))) => Ok(s),
        _ => Err(kpss_store::Error::Invalid(kpss_domain::FieldErrors(vec![
            ("item".into(), kpss_domain::FieldError::Required),
        ]))),
    };
    let done = match item {
        Ok(item) => store::link(&state.store, ctx.tenant.id, &actor, (need.id, item), linked).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => {
            let notice = if linked {
                "Potřeba byla propojena s cílem nebo opatřením."
            } else {
                "Propojení bylo zrušeno."
            };
            crate::flash::redirect(
                &ctx.session,
                &format!("/potreby/{}", need.id),
                notice.to_owned(),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = need_page(&ctx, &state, need, Some(form)).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
