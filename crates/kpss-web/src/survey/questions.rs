//! The builder's question form (`/dotazniky/{id}/otazky/nova`, `/dotazniky/{id}/otazky/{q}`),
//! and removing and moving a question; all only before the first answer.

use kpss_domain::survey::{QuestionDraft, QuestionInput, QuestionKind};

use super::*;

#[derive(Template)]
#[template(path = "survey/question.html")]
struct QuestionPage {
    layout: Layout,
    form: FormView,
    s: Loaded,
    /// The question edited; `None` for a new one.
    question: Option<i32>,
    kinds: Vec<(&'static str, &'static str)>,
    /// Why the form cannot be used, as a whole-form message.
    problem: Option<String>,
}

fn question_page(ctx: &Ctx, s: Loaded, question: Option<i32>, form: FormView) -> QuestionPage {
    QuestionPage {
        layout: ctx.layout(),
        form,
        s,
        question,
        kinds: QuestionKind::ALL
            .iter()
            .map(|k| (k.code(), k.name()))
            .collect(),
        problem: None,
    }
}

fn parse(data: &FormData) -> Result<QuestionDraft, kpss_domain::FieldErrors> {
    QuestionDraft::parse(&QuestionInput {
        section: data.get("section"),
        text: data.get("text"),
        help: data.get("help"),
        kind: data.get("kind"),
        required: data.get("required") == "ano",
        options: data.get("options"),
        other: data.get("other") == "ano",
    })
}

/// The question `question` of survey `s`; another survey's is not found here.
fn question_of<'a>(s: &'a Loaded, question: &str) -> Result<&'a Question, Error> {
    let id = parse_id(question)?;
    s.questions
        .iter()
        .find(|q| q.id == id)
        .ok_or(Error::NotFound)
}

/// Shows the refused form again with what was typed; an answered survey says so at the top.
fn refused(
    ctx: &Ctx,
    (s, question): (Loaded, Option<i32>),
    data: &FormData,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let answered = matches!(&err, kpss_store::Error::Invalid(e)
        if e.get("text") == Some(&kpss_domain::FieldError::Answered));
    let (status, form, stale) = crate::form::rejection(ctx, data, err)?;
    let mut page = question_page(ctx, s, question, form);
    if answered {
        page.form.errors.clear();
        page.problem = Some(crate::messages::field_error(
            &kpss_domain::FieldError::Answered,
        ));
    }
    if let Some(stale) = stale {
        page.problem = Some(stale.to_owned());
    }
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![
            ("kind".into(), QuestionKind::Single.code().into()),
            ("required".into(), "ano".into()),
        ]),
    );
    Ok(Html(question_page(&ctx, s, None, form).render()?))
}

pub(super) async fn add(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let added = match parse(&data) {
        Ok(draft) => {
            store::add_question(&state.store, ctx.tenant.id, &actor, s.survey.id, &draft).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match added {
        Ok(question) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dotazniky/{}#otazka-{question}", s.survey.id),
                "Otázka byla přidána.".to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, (s, None), &data, err),
    }
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, question)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let q = question_of(&s, &question)?;
    let d = &q.draft;
    let mut values = vec![
        ("section".to_owned(), d.section.clone().unwrap_or_default()),
        ("text".to_owned(), d.text.clone()),
        ("help".to_owned(), d.help.clone().unwrap_or_default()),
        ("kind".to_owned(), d.kind.code().to_owned()),
        ("options".to_owned(), d.options.join("\n")),
        ("version".to_owned(), q.version.to_string()),
    ];
    for (flag, on) in [("required", d.required), ("other", d.other)] {
        if on {
            values.push((flag.to_owned(), "ano".to_owned()));
        }
    }
    let form = FormView::new(ctx.csrf.clone(), &FormData(values));
    let id = q.id;
    Ok(Html(question_page(&ctx, s, Some(id), form).render()?))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, question)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let q = question_of(&s, &question)?.id;
    data.check_csrf(&ctx.session).await?;
    let key = (q, crate::form::version(&data)?);
    let updated = match parse(&data) {
        Ok(draft) => store::update_question(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match updated {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dotazniky/{}#otazka-{q}", s.survey.id),
                "Otázka byla uložena.".to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, (s, Some(q)), &data, err),
    }
}

pub(super) async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, question)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let q = question_of(&s, &question)?.id;
    data.check_csrf(&ctx.session).await?;
    store::delete_question(&state.store, ctx.tenant.id, &actor, q).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/dotazniky/{}", s.survey.id),
        "Otázka byla smazána.".to_owned(),
    )
    .await
}

pub(super) async fn shift(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, question)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let q = question_of(&s, &question)?.id;
    data.check_csrf(&ctx.session).await?;
    let up = match data.get("smer") {
        "nahoru" => true,
        "dolu" => false,
        _ => return Err(Error::BadRequest("Neznámý směr posunu otázky.".into())),
    };
    store::move_question(&state.store, ctx.tenant.id, &actor, q, up).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/dotazniky/{}#otazka-{q}", s.survey.id),
        "Otázka byla posunuta.".to_owned(),
    )
    .await
}
