//! Planning an event and changing it: its kind, measure, place, capacity and dates.

use kpss_domain::event::{DATE_ROWS, EventInput, EventKind, date_fields};

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
    /// (day, from, to) field names per date row.
    dates: Vec<[String; 3]>,
    conflict: Option<&'static str>,
}

/// The measures this actor may plan events for.
async fn choices(
    ctx: &Ctx,
    state: &AppState,
    actor: &kpss_domain::account::Actor,
) -> Result<Vec<(String, String)>, Error> {
    Ok(measure_choices(state, ctx)
        .await?
        .into_iter()
        .filter(|m| kpss_domain::event::may_run(actor, m.group.as_deref()))
        .map(|m| (m.id.to_string(), m.label))
        .collect())
}

fn form_page(
    ctx: &Ctx,
    form: FormView,
    editing: Option<i32>,
    measures: Vec<(String, String)>,
) -> FormPage {
    FormPage {
        layout: ctx.layout(),
        form,
        editing,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), k.name()))
            .collect(),
        measures,
        dates: (0..DATE_ROWS).map(date_fields).collect(),
        conflict: None,
    }
}

fn event_fields(e: &Event) -> FormData {
    let mut data = vec![
        ("kind".to_owned(), e.draft.kind.code().to_owned()),
        ("measure".to_owned(), e.measure.to_string()),
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

/// The posted event and the measure it serves.
fn parse_event(data: &FormData) -> Result<(i32, EventDraft), kpss_store::Error> {
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
    let measure = data.get("measure").trim().parse::<i32>();
    match (draft, measure) {
        (Ok(draft), Ok(measure)) => Ok((measure, draft)),
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

pub(super) async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    let actor = ctx.require_user()?.actor();
    let measures = choices(&ctx, &state, &actor).await?;
    if measures.is_empty() {
        return Err(Error::Forbidden);
    }
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(form_page(&ctx, form, None, measures).render()?))
}

pub(super) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let measures = choices(&ctx, &state, &actor).await?;
    if measures.is_empty() {
        return Err(Error::Forbidden);
    }
    data.check_csrf(&ctx.session).await?;
    let result = match parse_event(&data) {
        Ok((measure, draft)) => {
            store::create_event(&state.store, ctx.tenant.id, &actor, measure, &draft).await
        }
        Err(e) => Err(e),
    };
    saved(&ctx, &data, (None, measures), result).await
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let event = load(&state, ctx.tenant.id, &id).await?;
    let actor = runner(&ctx, &event)?;
    let measures = choices(&ctx, &state, &actor).await?;
    let form = FormView::new(ctx.csrf.clone(), &event_fields(&event));
    Ok(Html(
        form_page(&ctx, form, Some(event.id), measures).render()?,
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
    let measures = choices(&ctx, &state, &actor).await?;
    let result = match parse_event(&data) {
        Ok((measure, draft)) => {
            store::update_event(
                &state.store,
                ctx.tenant.id,
                &actor,
                (event.id, version),
                measure,
                &draft,
            )
            .await
        }
        Err(e) => Err(e),
    };
    saved(&ctx, &data, (Some(event.id), measures), result).await
}

async fn saved(
    ctx: &Ctx,
    data: &FormData,
    (editing, measures): (Option<i32>, Vec<(String, String)>),
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
            let mut page = form_page(ctx, form, editing, measures);
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
