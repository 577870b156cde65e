//! The questionnaire: filled in online by its audience (`/dotazniky/{id}/vyplnit`), or typed
//! in by the coordinator from paper (`/dotazniky/{id}/papirovy`).

use kpss_domain::FieldError;
use kpss_domain::survey::{
    ANSWERS_PER_ADDRESS, Audience, OTHER, QuestionKind, Respondent, SCALE, field, paper_respondent,
    parse_answers, respondent,
};
use kpss_store::survey::{Answering, Channel};

use super::*;
use crate::auth::ClientAddr;

/// The query of the page an online answer leads to: the notice of a session would not reach
/// a visitor who is not logged in.
const THANKS: &str = "odeslano";

/// A choice or point as the form shows it.
pub(super) struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A statement of a matrix with its points.
pub(super) struct Statement {
    pub field: String,
    pub label: String,
    pub points: Vec<Choice>,
}

/// A question as the form shows it, with what was typed and what was wrong.
pub(super) struct Asked {
    pub number: usize,
    pub field: String,
    /// The heading of the section the question starts.
    pub section: Option<String>,
    pub text: String,
    pub help: Option<String>,
    pub required: bool,
    pub kind: &'static str,
    pub choices: Vec<Choice>,
    /// „jiné“ offered, whether chosen, and its text.
    pub other: Option<(bool, String)>,
    pub value: String,
    pub statements: Vec<Statement>,
    pub error: Option<String>,
}

/// The questions of `s` as the form shows them, filled with `form`'s values and errors.
fn asked(s: &Loaded, form: &FormView) -> Vec<Asked> {
    s.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let name = field(q.id);
            let d = &q.draft;
            let choice = |value: String, label: String, name: &str| Choice {
                checked: form.has(name, &value),
                value,
                label,
            };
            let choices = match d.kind {
                QuestionKind::Single | QuestionKind::Multiple => d
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| choice(i.to_string(), o.clone(), &name))
                    .collect(),
                QuestionKind::Scale => SCALE
                    .map(|p| choice(p.to_string(), p.to_string(), &name))
                    .collect(),
                _ => Vec::new(),
            };
            let statements = if d.kind == QuestionKind::Matrix {
                d.options
                    .iter()
                    .enumerate()
                    .map(|(row, label)| {
                        let field = format!("{name}-{row}");
                        Statement {
                            points: SCALE
                                .map(|p| choice(p.to_string(), p.to_string(), &field))
                                .collect(),
                            field,
                            label: label.clone(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Asked {
                number: i + 1,
                section: d.section.clone(),
                text: d.text.clone(),
                help: d.help.clone(),
                required: d.required,
                kind: d.kind.code(),
                choices,
                other: d.other.then(|| {
                    (
                        form.has(&name, OTHER),
                        form.value(format!("{name}-{OTHER}")).to_owned(),
                    )
                }),
                value: form.value(&name).to_owned(),
                statements,
                error: form
                    .errors
                    .iter()
                    .find(|(f, _, _)| *f == name)
                    .map(|(_, _, m)| m.clone()),
                field: name,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "survey/answer.html")]
struct AnswerPage {
    layout: Layout,
    form: FormView,
    s: Loaded,
    questions: Vec<Asked>,
    /// Typed in from paper by staff.
    paper: bool,
    /// The organisations one may answer for, when there is a choice.
    organisations: Vec<(String, String)>,
    thanks: bool,
    /// Why the questionnaire cannot be answered or was not taken, as a whole-form message.
    problem: Option<String>,
}

impl AnswerPage {
    /// Whether the questions are shown to be answered.
    fn open(&self) -> bool {
        self.paper || (self.s.is_open() && !self.thanks)
    }
}

/// Names the questions in the error summary instead of the fields' codes.
fn label_errors(s: &Loaded, mut form: FormView) -> FormView {
    for (field_name, label, _) in &mut form.errors {
        if let Some((i, q)) = s
            .questions
            .iter()
            .enumerate()
            .find(|(_, q)| *field_name == field(q.id))
        {
            *label = format!("Otázka {} – {}", i + 1, q.draft.text);
        }
    }
    form
}

/// The organisations the provider may answer for, by name.
async fn own_organisations(
    state: &AppState,
    ctx: &Ctx,
    ids: &[i32],
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for id in ids {
        let o = kpss_store::catalogue::organisation(&state.store, ctx.tenant.id, *id).await?;
        out.push((id.to_string(), o.draft.name));
    }
    Ok(out)
}

/// Who answers online and why they may not; `Ok(None)` when the visitor must log in first.
async fn online_respondent(
    ctx: &Ctx,
    state: &AppState,
    s: &Loaded,
    organisation: Option<i32>,
) -> Result<Result<Respondent, FieldError>, Error> {
    let actor = actor(ctx);
    let d = &s.survey.draft;
    let in_groups = match (&actor, d.audience) {
        (Some(a), Audience::Groups) => match a.account_id {
            Some(account) => {
                kpss_store::survey::in_groups(&state.store, ctx.tenant.id, account, &d.groups)
                    .await?
            }
            None => false,
        },
        _ => false,
    };
    Ok(respondent(
        d.audience,
        actor.as_ref(),
        (organisation, in_groups),
    ))
}

/// What keeps this visitor from answering, in words: another audience, an answer already
/// given, the survey closed.
async fn obstacle(ctx: &Ctx, state: &AppState, s: &Loaded) -> Result<Option<String>, Error> {
    if !s.is_open() {
        return Ok(Some(format!(
            "Dotazník teď odpovědi nepřijímá ({}).",
            s.state()
        )));
    }
    let who = online_respondent(ctx, state, s, None).await?;
    Ok(match (who, s.survey.draft.audience) {
        (Err(FieldError::NotPermitted), _) if ctx.user.is_none() => Some(
            "Dotazník je určen přihlášeným poskytovatelům nebo členům pracovních skupin. \
             Přihlaste se, prosím."
                .to_owned(),
        ),
        (Err(FieldError::NotPermitted), Audience::Providers) => Some(
            "Dotazník vyplňují poskytovatelé za svou organizaci; váš účet žádnou organizaci \
             nezastupuje."
                .to_owned(),
        ),
        (Err(FieldError::NotPermitted), _) => {
            Some("Dotazník vyplňují jen členové vybraných pracovních skupin.".to_owned())
        }
        (Ok(r), _) if kpss_store::survey::has_answered(&state.store, s.survey.id, r).await? => {
            Some(crate::messages::field_error(&FieldError::AlreadyAnswered))
        }
        _ => None,
    })
}

async fn answer_page(
    ctx: &Ctx,
    state: &AppState,
    s: Loaded,
    (form, paper): (FormView, bool),
) -> Result<AnswerPage, Error> {
    let form = label_errors(&s, form);
    let organisations = match (paper, s.survey.draft.audience, &ctx.user) {
        (true, Audience::Providers, _) => {
            kpss_store::catalogue::organisations(&state.store, ctx.tenant.id)
                .await?
                .into_iter()
                .map(|o| (o.id.to_string(), o.draft.name))
                .collect()
        }
        (false, Audience::Providers, Some(user)) if user.actor().organisations.len() > 1 => {
            own_organisations(state, ctx, &user.actor().organisations).await?
        }
        _ => Vec::new(),
    };
    Ok(AnswerPage {
        layout: ctx.layout(),
        questions: asked(&s, &form),
        form,
        paper,
        organisations,
        thanks: false,
        problem: None,
        s,
    })
}

pub(super) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Html<String>, Error> {
    let s = loaded(&ctx, &state, &id).await?;
    // Visitors answer without logging in: their form needs a token of its own.
    let csrf = crate::form::csrf_token(&ctx.session).await?;
    let thanks = query.as_deref() == Some(THANKS);
    let problem = if thanks {
        None
    } else {
        obstacle(&ctx, &state, &s).await?
    };
    let mut page = answer_page(
        &ctx,
        &state,
        s,
        (FormView::new(csrf, &FormData::default()), false),
    )
    .await?;
    page.thanks = thanks;
    page.problem = problem;
    Ok(Html(page.render()?))
}

/// The organisation chosen in the form; one that is no number is a forged form.
fn chosen_organisation(data: &FormData) -> Result<Option<i32>, Error> {
    match data.get("organisation") {
        "" => Ok(None),
        o => o
            .parse()
            .map(Some)
            .map_err(|_| Error::BadRequest("Neznámá organizace.".into())),
    }
}

/// Shows the questionnaire again with what was typed and what was wrong.
async fn refused(
    ctx: &Ctx,
    state: &AppState,
    (s, paper): (Loaded, bool),
    data: &FormData,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    // A whole-form refusal (closed, answered already) is told at the top.
    let whole = match &err {
        kpss_store::Error::Invalid(e) => e.get("survey").cloned(),
        _ => None,
    };
    let (status, mut form, stale) = crate::form::rejection(ctx, data, err)?;
    form.csrf = crate::form::csrf_token(&ctx.session).await?;
    let mut page = answer_page(ctx, state, s, (form, paper)).await?;
    if let Some(e) = whole {
        page.form.errors.clear();
        page.problem = Some(crate::messages::field_error(&e));
    }
    if let Some(stale) = stale {
        page.problem = Some(stale.to_owned());
    }
    let status = if page.problem.is_some() && status.is_success() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        status
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn send(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, Error> {
    let s = loaded(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    if !data.get(crate::spam::HONEYPOT).is_empty() {
        let errors = kpss_domain::FieldErrors(vec![("survey".into(), FieldError::NotPermitted)]);
        return refused(
            &ctx,
            &state,
            (s, false),
            &data,
            kpss_store::Error::Invalid(errors),
        )
        .await;
    }
    let source = crate::spam::source("kpss-dotaznik", &ctx.tenant.slug, &addr);
    if kpss_store::survey::recent_from(&state.store, &source).await? >= ANSWERS_PER_ADDRESS {
        let minutes = kpss_domain::survey::ANSWER_WINDOW_MINUTES;
        return Err(Error::TooManyRequests(
            u64::try_from(minutes * 60).unwrap_or(3600),
        ));
    }
    let organisation = chosen_organisation(&data)?;
    let who = match online_respondent(&ctx, &state, &s, organisation).await? {
        Ok(who) => who,
        Err(FieldError::Required) => {
            let errors =
                kpss_domain::FieldErrors(vec![("organisation".into(), FieldError::Required)]);
            return refused(
                &ctx,
                &state,
                (s, false),
                &data,
                kpss_store::Error::Invalid(errors),
            )
            .await;
        }
        Err(_) => return Err(Error::Forbidden),
    };
    let values = |name: &str| data.all(name);
    let actor = actor(&ctx);
    let result = match parse_answers(&s.questions, &values) {
        Ok(answers) => {
            let by = Answering {
                respondent: who,
                channel: Channel::Online,
                source: Some(&source),
                actor: actor.as_ref(),
            };
            kpss_store::survey::answer(&state.store, ctx.tenant.id, s.survey.id, by, &answers).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match result {
        Ok(_) => {
            let to = format!("/dotazniky/{}/vyplnit?{THANKS}", s.survey.id);
            Ok(axum::response::Redirect::to(&to).into_response())
        }
        Err(err) => refused(&ctx, &state, (s, false), &data, err).await,
    }
}

pub(super) async fn paper_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        answer_page(&ctx, &state, s, (form, true)).await?.render()?,
    ))
}

pub(super) async fn paper(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let s = loaded(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let organisation = chosen_organisation(&data)?;
    let values = |name: &str| data.all(name);
    let parsed = parse_answers(&s.questions, &values);
    let who = paper_respondent(s.survey.draft.audience, organisation);
    let result = match (who, parsed) {
        (Ok(who), Ok(answers)) => {
            let by = Answering {
                respondent: who,
                channel: Channel::Paper,
                source: None,
                actor: Some(&actor),
            };
            kpss_store::survey::answer(&state.store, ctx.tenant.id, s.survey.id, by, &answers).await
        }
        (who, parsed) => {
            let mut errors = parsed.err().unwrap_or_default();
            if let Err(e) = who {
                errors.0.insert(0, ("organisation".into(), e));
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(_) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/dotazniky/{}/papirovy", s.survey.id),
                "Papírový dotazník byl zapsán. Můžete zapsat další.".to_owned(),
            )
            .await
        }
        Err(err) => refused(&ctx, &state, (s, true), &data, err).await,
    }
}
