//! `/dotazniky`: the surveys; `/dotazniky/{id}`: a survey with its questions, and for the
//! coordinator the builder; `/dotazniky/novy` and `/dotazniky/{id}/upravit`: its settings.

use kpss_domain::survey::{Audience, SurveyDraft, SurveyInput};

use super::*;

/// A survey as the list shows it.
pub(super) struct ListRow {
    pub id: i32,
    pub title: String,
    pub audience: &'static str,
    pub period: String,
    pub state: String,
    /// „12 odpovědí“, for staff.
    pub answers: Option<String>,
}

#[derive(Template)]
#[template(path = "survey/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ListRow>,
    may_manage: bool,
}

pub(super) async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let actor = actor(&ctx);
    let staff = rules::may_read_results(actor.as_ref(), false);
    let counts = store::answer_counts(&state.store, ctx.tenant.id).await?;
    let mut rows = Vec::new();
    for s in store::surveys(&state.store, ctx.tenant.id).await? {
        let answers = staff.then(|| {
            let n = counts.get(&s.id).copied().unwrap_or_default();
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            kpss_domain::czech::count(
                n,
                "vyplněný dotazník",
                "vyplněné dotazníky",
                "vyplněných dotazníků",
            )
        });
        let d = &s.draft;
        rows.push(ListRow {
            id: s.id,
            title: d.title.clone(),
            audience: d.audience.name(),
            period: format!(
                "{} – {}",
                kpss_domain::czech::format_date(d.period.opens_on),
                kpss_domain::czech::format_date(d.period.closes_on)
            ),
            state: state_words(&s),
            answers,
        });
    }
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            rows,
            may_manage: rules::may_manage(actor.as_ref()),
        }
        .render()?,
    ))
}

/// A question as the survey's page lists it.
pub(super) struct QuestionRow {
    pub id: i32,
    pub number: usize,
    pub section: Option<String>,
    pub text: String,
    pub kind: &'static str,
    pub required: bool,
    pub options: Vec<String>,
    pub other: bool,
}

#[derive(Template)]
#[template(path = "survey/survey.html")]
struct SurveyPage {
    layout: Layout,
    s: Loaded,
    audience: &'static str,
    groups: Vec<String>,
    plan: Option<(i32, String)>,
    questions: Vec<QuestionRow>,
    answers: u64,
    may_manage: bool,
    may_read_results: bool,
    /// Questions may change: nobody has answered yet.
    editable: bool,
}

pub(super) async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let s = loaded(&ctx, &state, &id).await?;
    let actor = actor(&ctx);
    let answers = store::answer_count(&state.store, s.survey.id).await?;
    let d = &s.survey.draft;
    let groups = if d.groups.is_empty() {
        Vec::new()
    } else {
        kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .filter(|g| d.groups.contains(&g.id))
            .map(|g| format!("{} – {}", g.draft.code, g.draft.name))
            .collect()
    };
    let plan = match d.plan {
        Some(p) => kpss_store::plan::plans(&state.store, ctx.tenant.id, true)
            .await?
            .into_iter()
            .find(|x| x.id == p)
            .map(|x| (x.id, x.title)),
        None => None,
    };
    let questions = s
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionRow {
            id: q.id,
            number: i + 1,
            section: q.draft.section.clone(),
            text: q.draft.text.clone(),
            kind: q.draft.kind.name(),
            required: q.draft.required,
            options: q.draft.options.clone(),
            other: q.draft.other,
        })
        .collect();
    Ok(Html(
        SurveyPage {
            layout: ctx.layout(),
            audience: d.audience.name(),
            groups,
            plan,
            questions,
            answers,
            may_manage: rules::may_manage(actor.as_ref()),
            may_read_results: rules::may_read_results(actor.as_ref(), d.results_public),
            editable: answers == 0,
            s,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "survey/settings.html")]
struct SettingsPage {
    layout: Layout,
    form: FormView,
    /// `None` for a new survey.
    survey: Option<(i32, String)>,
    audiences: Vec<(&'static str, &'static str)>,
    groups: Vec<(String, String)>,
    plans: Vec<(String, String)>,
}

async fn settings_page(
    ctx: &Ctx,
    state: &AppState,
    survey: Option<(i32, String)>,
    form: FormView,
) -> Result<SettingsPage, Error> {
    let groups = kpss_store::work_group::work_groups(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .map(|g| {
            (
                g.id.to_string(),
                format!("{} – {}", g.draft.code, g.draft.name),
            )
        })
        .collect();
    let plans = kpss_store::plan::plans(&state.store, ctx.tenant.id, true)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), p.title))
        .collect();
    Ok(SettingsPage {
        layout: ctx.layout(),
        form,
        survey,
        audiences: Audience::ALL.iter().map(|a| (a.code(), a.name())).collect(),
        groups,
        plans,
    })
}

/// The settings as typed, checked; a group or plan that is no number is a forged form.
fn parse(data: &FormData) -> Result<Result<SurveyDraft, kpss_domain::FieldErrors>, Error> {
    let groups: Vec<i32> = data
        .all("groups")
        .iter()
        .map(|g| g.parse::<i32>())
        .collect::<Result<_, _>>()
        .map_err(|_| Error::BadRequest("Neznámá pracovní skupina.".into()))?;
    let plan = match data.get("plan") {
        "" => None,
        p => Some(
            p.parse::<i32>()
                .map_err(|_| Error::BadRequest("Neznámý plán.".into()))?,
        ),
    };
    Ok(SurveyDraft::parse(&SurveyInput {
        title: data.get("title"),
        intro: data.get("intro"),
        audience: data.get("audience"),
        groups: &groups,
        opens_on: data.get("opens"),
        closes_on: data.get("closes"),
        plan,
        results_public: data.get("results_public") == "ano",
    }))
}

/// Shows a refused settings form again with what was typed.
async fn refused(
    ctx: &Ctx,
    state: &AppState,
    (survey, data): (Option<(i32, String)>, &FormData),
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, form, _) = crate::form::rejection(ctx, data, err)?;
    let page = settings_page(ctx, state, survey, form).await?;
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![("audience".into(), Audience::Public.code().into())]),
    );
    Ok(Html(
        settings_page(&ctx, &state, None, form).await?.render()?,
    ))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    data.check_csrf(&ctx.session).await?;
    let created = match parse(&data)? {
        Ok(draft) => store::create(&state.store, ctx.tenant.id, &actor, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match created {
        Ok(id) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dotazniky/{id}"),
                "Dotazník byl založen. Přidejte do něj otázky.".to_owned(),
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
    coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let d = &s.survey.draft;
    let mut values = vec![
        ("title".to_owned(), d.title.clone()),
        ("intro".to_owned(), d.intro.clone().unwrap_or_default()),
        ("audience".to_owned(), d.audience.code().to_owned()),
        (
            "opens".to_owned(),
            kpss_domain::czech::format_date(d.period.opens_on),
        ),
        (
            "closes".to_owned(),
            kpss_domain::czech::format_date(d.period.closes_on),
        ),
        (
            "plan".to_owned(),
            d.plan.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("version".to_owned(), s.survey.version.to_string()),
    ];
    if d.results_public {
        values.push(("results_public".into(), "ano".into()));
    }
    values.extend(
        d.groups
            .iter()
            .map(|g| ("groups".to_owned(), g.to_string())),
    );
    let form = FormView::new(ctx.csrf.clone(), &FormData(values));
    let survey = Some((s.survey.id, d.title.clone()));
    Ok(Html(
        settings_page(&ctx, &state, survey, form).await?.render()?,
    ))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let key = (s.survey.id, version);
    let updated = match parse(&data)? {
        Ok(draft) => store::update(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    let survey = Some((s.survey.id, s.survey.draft.title.clone()));
    match updated {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dotazniky/{}", s.survey.id),
                "Nastavení dotazníku bylo uloženo.".to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, &state, (survey, &data), err).await,
    }
}
