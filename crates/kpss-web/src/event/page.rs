//! `/akce` and `/akce/{id}`: the events as the public sees them, with the registration form
//! while an event takes registrations; the registrations and the attendance links for whoever
//! runs the event.

use std::collections::HashSet;

use axum::extract::RawQuery;

use super::*;

#[derive(Template)]
#[template(path = "event/list.html")]
struct ListPage {
    layout: Layout,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    may_plan: bool,
}

pub(super) async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let events = store::events(&state.store, ctx.tenant.id, None).await?;
    let (mut upcoming, past): (Vec<EventRow>, Vec<EventRow>) =
        rows(&events).into_iter().partition(|r| r.open);
    // The next event first; past ones the latest first, as stored.
    upcoming.reverse();
    let may_plan = ctx.user.as_ref().is_some_and(|u| {
        let actor = u.actor();
        actor.is_admin() || actor.leads_any()
    });
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            upcoming,
            past,
            may_plan,
        }
        .render()?,
    ))
}

/// A date of the event as its page shows it.
pub(super) struct DateRow {
    pub id: i32,
    pub when: String,
    /// „18 osob“ once the attendance is recorded.
    pub attendance: Option<String>,
    pub begun: bool,
}

/// A registration as the organiser sees it.
pub(super) struct RegistrationRow {
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub registered: String,
}

#[derive(Template)]
#[template(path = "event/page.html")]
pub(super) struct EventPage {
    pub layout: Layout,
    pub form: FormView,
    pub event: Event,
    pub kind: &'static str,
    pub dates: Vec<DateRow>,
    /// The measure served: (plan id, measure id, „SEN 1.1 …“).
    pub measure: (i32, i32, String),
    /// The project (activity card) of the event: (card id, its title).
    pub project: Option<(i32, String)>,
    pub room: String,
    pub open: bool,
    pub full: bool,
    pub may_run: bool,
    pub registrations: Vec<RegistrationRow>,
    /// Why the registration was not taken, as a whole-form message.
    pub problem: Option<String>,
    /// The visitor has just registered.
    pub thanks: bool,
}

/// The page of an event, with `form` in the registration form.
pub(super) async fn event_page(
    ctx: &Ctx,
    state: &AppState,
    event: Event,
    mut form: FormView,
) -> Result<EventPage, Error> {
    let tenant = ctx.tenant.id;
    // Visitors register without logging in: their form needs a token of its own.
    form.csrf = crate::form::csrf_token(&ctx.session).await?;
    let may_run = may_run(ctx, &event);
    let now = time::OffsetDateTime::now_utc();
    let came: HashSet<(i32, i32)> = if may_run {
        store::presence(&state.store, tenant, event.id).await?
    } else {
        HashSet::new()
    };
    let dates = event
        .dates
        .iter()
        .map(|d| DateRow {
            id: d.id,
            when: when(&d.date),
            attendance: d.walk_ins.map(|w| {
                let registered = came.iter().filter(|(_, date)| *date == d.id).count();
                let n = registered + usize::try_from(w).unwrap_or_default();
                kpss_domain::czech::count(n, "osoba", "osoby", "osob")
            }),
            begun: d.starts_at <= now,
        })
        .collect();
    let registrations = if may_run {
        store::registrations(&state.store, tenant, event.id)
            .await?
            .into_iter()
            .map(|r| RegistrationRow {
                name: r.draft.name,
                organisation: r.draft.organisation.unwrap_or_default(),
                email: r.draft.email,
                registered: format_date(kpss_domain::czech::to_prague(r.created_at).date()),
            })
            .collect()
    } else {
        Vec::new()
    };
    let served = store::served(&state.store, tenant, event.serves()).await?;
    let text: String = served.measure_text.chars().take(90).collect();
    let measure = (
        served.plan,
        served.measure,
        format!("{} {text}", served.measure_code),
    );
    let project = served.project.map(|p| (p.card, p.title));
    let prague_now = kpss_domain::czech::to_prague(now);
    Ok(EventPage {
        layout: ctx.layout(),
        form,
        kind: event.draft.kind.name(),
        dates,
        measure,
        project,
        room: room(&event),
        open: kpss_domain::event::registration_open(event.last_start(), prague_now),
        full: !kpss_domain::event::has_room(event.draft.capacity, event.registered),
        may_run,
        registrations,
        problem: None,
        thanks: false,
        event,
    })
}

pub(super) async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, Error> {
    let event = load(&state, ctx.tenant.id, &id).await?;
    let form = FormView::new(String::new(), &FormData::default());
    let mut page = event_page(&ctx, &state, event, form).await?;
    page.thanks = query.as_deref() == Some(THANKS);
    Ok(Html(page.render()?))
}

/// The query of the page a registration leads to: the notice of a session would not reach a
/// visitor who is not logged in.
pub(super) const THANKS: &str = "prihlaseno";
