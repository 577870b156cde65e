//! Planning an event and changing it: its kind, measure or project, place, capacity and dates.

use axum::extract::RawQuery;
use kpss_domain::account::Actor;
use kpss_domain::event::{DATE_ROWS, EventInput, EventKind, date_fields};
use kpss_store::event::Serves;

use super::*;

#[derive(Template)]
#[template(path = "event/form.html")]
pub(super) struct FormPage {
    layout: Layout,
    form: FormView,
    /// The event being changed (`None`: a new one).
    editing: Option<i32>,
    kinds: Vec<(&'static str, &'static str)>,
    /// (id, label) of the measures the actor may plan events for.
    measures: Vec<(String, String)>,
    /// The project of the event, which fixes its measure.
    project: Option<ProjectView>,
    /// (day, from, to) field names per date row.
    dates: Vec<[String; 3]>,
    conflict: Option<&'static str>,
}

/// A project an event belongs to, as its form names it.
pub(super) struct ProjectView {
    pub card: i32,
    /// „Terénní služba – 2026 (akční plán 2026, opatření SEN 1.1)“.
    pub label: String,
}

/// What the form offers: the measures to choose from, or the project that fixes the measure.
type Serving = (Vec<(String, String)>, Option<ProjectView>);

/// The measures this actor may plan events for.
async fn choices(
    ctx: &Ctx,
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(String, String)>, Error> {
    Ok(measure_choices(state, ctx)
        .await?
        .into_iter()
        .filter(|m| {
            let owner = kpss_domain::event::EventOwner {
                group: m.group.as_deref(),
                organisation: None,
            };
            kpss_domain::event::may_run(actor, owner)
        })
        .map(|m| (m.id.to_string(), m.label))
        .collect())
}

/// The project of this card, if the actor may plan its events.
async fn project(
    ctx: &Ctx,
    state: &AppState,
    actor: &Actor,
    card: i32,
) -> Result<ProjectView, Error> {
    let served = store::served(&state.store, ctx.tenant.id, Serves::Card(card)).await?;
    if !kpss_domain::event::may_run(actor, served.owner()) {
        return Err(Error::Forbidden);
    }
    let p = served.project.ok_or(Error::NotFound)?;
    Ok(ProjectView {
        card,
        label: format!(
            "{} (akční plán {}, opatření {})",
            p.title, p.year, served.measure_code
        ),
    })
}

/// What the form offers for a new event or one being changed: the project of `card`, or the
/// measures; refused when the actor may plan no event there.
async fn serving(
    ctx: &Ctx,
    state: &AppState,
    actor: &Actor,
    card: Option<i32>,
) -> Result<Serving, Error> {
    match card {
        Some(card) => Ok((Vec::new(), Some(project(ctx, state, actor, card).await?))),
        None => {
            let measures = choices(ctx, state, actor).await?;
            if measures.is_empty() {
                return Err(Error::Forbidden);
            }
            Ok((measures, None))
        }
    }
}

fn form_page(ctx: &Ctx, form: FormView, editing: Option<i32>, serving: Serving) -> FormPage {
    FormPage {
        layout: ctx.layout(),
        form,
        editing,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), k.name()))
            .collect(),
        measures: serving.0,
        project: serving.1,
        dates: (0..DATE_ROWS).map(date_fields).collect(),
        conflict: None,
    }
}

/// The card a request names in `field`: none when empty, not found when it is no id.
fn card_of(raw: &str) -> Result<Option<i32>, Error> {
    match raw.trim() {
        "" => Ok(None),
        id => Ok(Some(parse_id(id)?)),
    }
}

fn event_fields(e: &Event) -> FormData {
    let mut data = vec![
        ("kind".to_owned(), e.draft.kind.code().to_owned()),
        ("measure".to_owned(), e.measure.to_string()),
        (
            "card".to_owned(),
            e.card.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("title".to_owned(), e.draft.title.clone()),
        ("organiser".to_owned(), e.draft.organiser.clone()),
        ("place".to_owned(), e.draft.place.clone()),
        (
            "capacity".to_owned(),
            e.draft.capacity.map(|c| c.to_string()).unwrap_or_default(),
        ),
        (
            "description".to_owned(),
            e.draft.description.clone().unwrap_or_default(),
        ),
        ("version".to_owned(), e.version.to_string()),
    ];
    for (position, date) in &e.draft.dates {
        let [day, from, to] = date_fields(*position);
        data.push((day, format_date(date.starts.date())));
        data.push((from, format_time(date.starts.time())));
        data.push((to, format_time(date.ends.time())));
    }
    FormData(data)
}

/// The posted event and what it serves: the project the form names, or the chosen measure.
fn parse_event(
    data: &FormData,
    card: Option<i32>,
) -> Result<(Serves, EventDraft), kpss_store::Error> {
    let rows: Vec<[String; 3]> = (0..DATE_ROWS).map(date_fields).collect();
    let draft = EventDraft::parse(&EventInput {
        kind: data.get("kind"),
        title: data.get("title"),
        organiser: data.get("organiser"),
        place: data.get("place"),
        capacity: data.get("capacity"),
        description: data.get("description"),
        dates: rows
            .iter()
            .map(|[d, f, t]| (data.get(d), data.get(f), data.get(t)))
            .collect(),
    });
    if let Some(card) = card {
        return draft
            .map(|d| (Serves::Card(card), d))
            .map_err(kpss_store::Error::Invalid);
    }
    let measure = data.get("measure").trim().parse::<i32>();
    match (draft, measure) {
        (Ok(draft), Ok(measure)) => Ok((Serves::Measure(measure), draft)),
        (draft, measure) => {
            let mut errors = draft.err().unwrap_or_default();
            if measure.is_err() {
                let error = if data.get("measure").trim().is_empty() {
                    kpss_domain::FieldError::Required
                } else {
                    kpss_domain::FieldError::UnknownValue
                };
                errors.add("measure", error);
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    }
}

/// `/akce/nova`, or `/akce/nova?karta={id}` for an event of that project.
pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, Error> {
    let actor = ctx.require_user()?.actor();
    let card = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "karta")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let card = card_of(&card)?;
    let serving = serving(&ctx, &state, &actor, card).await?;
    let mut data = FormData::default();
    if let Some(p) = &serving.1 {
        data.0.push(("card".to_owned(), p.card.to_string()));
    }
    let form = FormView::new(ctx.csrf.clone(), &data);
    Ok(Html(form_page(&ctx, form, None, serving).render()?))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let card = card_of(data.get("card"))?;
    let serving = serving(&ctx, &state, &actor, card).await?;
    data.check_csrf(&ctx.session).await?;
    let result = match parse_event(&data, card) {
        Ok((serves, draft)) => {
            store::create_event(&state.store, ctx.tenant.id, &actor, serves, &draft).await
        }
        Err(e) => Err(e),
    };
    saved(&ctx, &data, (None, serving), result).await
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let event = load(&state, ctx.tenant.id, &id).await?;
    let actor = runner(&ctx, &event)?;
    let serving = serving(&ctx, &state, &actor, event.card).await?;
    let form = FormView::new(ctx.csrf.clone(), &event_fields(&event));
    Ok(Html(
        form_page(&ctx, form, Some(event.id), serving).render()?,
    ))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let event = load(&state, ctx.tenant.id, &id).await?;
    let actor = runner(&ctx, &event)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    // The project stays the event's: its form cannot move it elsewhere.
    let serving = serving(&ctx, &state, &actor, event.card).await?;
    let result = match parse_event(&data, event.card) {
        Ok((serves, draft)) => {
            store::update_event(
                &state.store,
                ctx.tenant.id,
                &actor,
                (event.id, version),
                serves,
                &draft,
            )
            .await
        }
        Err(e) => Err(e),
    };
    saved(&ctx, &data, (Some(event.id), serving), result).await
}

async fn saved(
    ctx: &Ctx,
    data: &FormData,
    (editing, serving): (Option<i32>, Serving),
    result: Result<Event, kpss_store::Error>,
) -> Result<Response, Error> {
    match result {
        Ok(e) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/akce/{}", e.id),
                format!("Akce „{}“ byla uložena.", e.draft.title),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(ctx, data, err)?;
            let mut page = form_page(ctx, form, editing, serving);
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
