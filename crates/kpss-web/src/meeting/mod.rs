//! Meetings of a group: `/schuzky/{id}` for everyone (with the published minutes), and for the
//! coordinator and the group's manager the forms to plan a meeting, record who came and write
//! and publish the minutes with their tasks; `.ics` calendars of a group and of one meeting.

mod calendar;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::czech::{format_date, format_time};
use kpss_domain::mail::{Attachment, MailDraft};
use kpss_domain::meeting::{MeetingDraft, MeetingInput, Presence, TaskDraft, TaskInput};
use kpss_store::meeting::{self as store, Meeting};
use kpss_store::work_group::WorkGroup;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/skupiny/{id}/schuzky.ics", get(calendar::group))
        .route("/skupiny/{id}/schuzky/nova", get(new_form).post(create))
        .route("/schuzky/{id}", get(page))
        .route("/schuzky/{id}/pozvanka.ics", get(calendar::one))
        .route("/schuzky/{id}/upravit", get(edit_form).post(update))
        .route(
            "/schuzky/{id}/dochazka",
            get(attendance_form).post(record_attendance),
        )
        .route("/schuzky/{id}/zapis", get(minutes_form).post(save_minutes))
        .route("/schuzky/{id}/pozvat", post(invite))
        .route("/ukoly/{id}", post(task_done))
}

/// „čtvrtek 3. 12. 2026, 14:00–15:30“.
pub(crate) fn when(m: &Meeting) -> String {
    const DAYS: [&str; 7] = [
        "pondělí",
        "úterý",
        "středa",
        "čtvrtek",
        "pátek",
        "sobota",
        "neděle",
    ];
    let day = m.draft.starts.date();
    format!(
        "{} {}, {}–{}",
        DAYS[usize::from(day.weekday().number_days_from_monday())],
        format_date(day),
        format_time(m.draft.starts.time()),
        format_time(m.draft.ends.time())
    )
}

/// The meeting and its group, checked to be the tenant's.
async fn load(state: &AppState, tenant: i32, id: &str) -> Result<(Meeting, WorkGroup), Error> {
    let meeting = store::meeting(&state.store, tenant, parse_id(id)?).await?;
    let group = kpss_store::work_group::work_group(&state.store, tenant, meeting.group).await?;
    Ok((meeting, group))
}

/// The actor, if they may run the group's meetings; a refusal otherwise.
fn runner(ctx: &Ctx, group: &WorkGroup) -> Result<kpss_domain::account::Actor, Error> {
    let actor = ctx.require_user()?.actor();
    if kpss_domain::meeting::may_run(&actor, &group.draft.code) {
        Ok(actor)
    } else {
        Err(Error::Forbidden)
    }
}

/// Whether the visitor may run the group's meetings (for showing the links).
pub(crate) fn may_run(ctx: &Ctx, group: &WorkGroup) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| kpss_domain::meeting::may_run(&u.actor(), &group.draft.code))
}

// --- the public page ------------------------------------------------------------------------

/// A task as a page lists it.
pub(crate) struct TaskRow {
    pub id: i32,
    pub text: String,
    pub owner: String,
    pub deadline: String,
    pub done: bool,
    pub overdue: bool,
    /// Whether the visitor may mark it done or open.
    pub may_mark: bool,
    /// The meeting it comes from: (id, „3. 12. 2026“).
    pub meeting: (i32, String),
}

/// The tasks as rows: owners named from `names`, marking offered to whom `may_mark` allows.
pub(crate) fn task_rows(
    tasks: Vec<store::TaskOf>,
    names: &std::collections::HashMap<i32, String>,
    may_mark: impl Fn(&store::TaskOf) -> bool,
) -> Vec<TaskRow> {
    let today = kpss_domain::czech::today();
    tasks
        .into_iter()
        .map(|t| TaskRow {
            may_mark: may_mark(&t),
            id: t.task.id,
            owner: t
                .task
                .draft
                .owner
                .and_then(|o| names.get(&o).cloned())
                .unwrap_or_default(),
            deadline: t.task.draft.deadline.map(format_date).unwrap_or_default(),
            overdue: t.task.draft.is_overdue(t.task.done, today),
            done: t.task.done,
            meeting: (t.meeting.id, format_date(t.meeting.day())),
            text: t.task.draft.text,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meeting/page.html")]
struct Page {
    layout: Layout,
    meeting: Meeting,
    group: WorkGroup,
    when: String,
    /// „3. 12. 2026“.
    day: String,
    /// Where a task's button returns: this page.
    back: String,
    /// The published minutes as HTML; for whom runs the meeting, the draft too.
    minutes: Option<String>,
    published: Option<String>,
    tasks: Vec<TaskRow>,
    /// „přítomnost: 12, omluvená neúčast: 3, …“, once recorded.
    attendance: Vec<(&'static str, usize)>,
    guests: usize,
    may_run: bool,
    /// Whether invitations can still be sent: the meeting has not begun.
    may_invite: bool,
    /// Why the last action on the page was refused.
    problem: Option<String>,
}

async fn page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    Ok(Html(
        public_page(&ctx, &state, (meeting, group), None)
            .await?
            .render()?,
    ))
}

async fn public_page(
    ctx: &Ctx,
    state: &AppState,
    (meeting, group): (Meeting, WorkGroup),
    problem: Option<String>,
) -> Result<Page, Error> {
    let tenant = ctx.tenant.id;
    let may_run = may_run(ctx, &group);
    let shown = meeting.published_at.is_some() || may_run;
    let recorded = store::attendance(&state.store, ctx.tenant.id, meeting.id).await?;
    let attendance = Presence::ALL
        .iter()
        .map(|p| (p.name(), recorded.values().filter(|x| *x == p).count()))
        .filter(|_| !recorded.is_empty())
        .collect();
    let tasks = if shown {
        let names = if may_run {
            member_names(state, tenant).await?
        } else {
            public_names(state, tenant, group.id).await?
        };
        let tasks = store::tasks(&state.store, ctx.tenant.id, meeting.id).await?;
        task_rows(
            tasks
                .into_iter()
                .map(|task| store::TaskOf {
                    task,
                    meeting: meeting.clone(),
                })
                .collect(),
            &names,
            |_| false,
        )
    } else {
        Vec::new()
    };
    Ok(Page {
        layout: ctx.layout(),
        may_invite: may_run && meeting.starts_at > time::OffsetDateTime::now_utc(),
        problem,
        when: when(&meeting),
        day: format_date(meeting.day()),
        back: format!("/schuzky/{}", meeting.id),
        minutes: meeting
            .minutes
            .as_deref()
            .filter(|_| shown)
            .map(crate::markdown::to_html),
        published: meeting
            .published_at
            .map(kpss_domain::czech::format_datetime),
        tasks,
        attendance,
        guests: meeting.guests.len(),
        may_run,
        meeting,
        group,
    })
}

// --- invitations ----------------------------------------------------------------------------

/// What an invitation tells, for its plain-text and its HTML part.
macro_rules! invitation {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            group: &'a str,
            when: &'a str,
            place: &'a str,
            agenda: &'a str,
            url: &'a str,
            tenant: &'a str,
        }
    };
}
invitation!(InvitationText, "mail/meeting_invitation.txt");
invitation!(InvitationHtml, "mail/meeting_invitation.html");

/// The address kpss is reached at, for links in mail: the configured public address, else as
/// the request came.
fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// Queues an invitation, with the meeting as an `.ics` attachment, to every member of the group
/// with an e-mail; refused once the meeting has begun.
async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group) = load(&state, tenant, &id).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let url = format!("{}/schuzky/{}", base_url(&state, &headers), meeting.id);
    let when = when(&meeting);
    let agenda = meeting.draft.agenda.as_deref().unwrap_or("bude upřesněn");
    let (text, html) = {
        let (group, place, tenant) = (
            group.draft.name.as_str(),
            meeting.draft.place.as_str(),
            ctx.tenant.name.as_str(),
        );
        let (when, url) = (when.as_str(), url.as_str());
        (
            InvitationText {
                group,
                when,
                place,
                agenda,
                url,
                tenant,
            }
            .render()?,
            InvitationHtml {
                group,
                when,
                place,
                agenda,
                url,
                tenant,
            }
            .render()?,
        )
    };
    let ics = calendar::ics(&ctx.tenant.slug, &group, std::slice::from_ref(&meeting));
    let people =
        kpss_store::member::group_people(&state.store, tenant, group.id, meeting.day()).await?;
    let drafts: Vec<MailDraft> = people
        .iter()
        .filter_map(|(m, _)| {
            let to = m.draft.email.clone()?;
            Some(MailDraft {
                kind: "pozvanka-schuzka",
                // One invitation per member and version of the meeting: a second click sends
                // nothing, a changed meeting can be announced again.
                key: format!("schuzka-{}-v{}-clen-{}", meeting.id, meeting.version, m.id),
                to,
                subject: format!("Pozvánka: {} – {when}", group.draft.name),
                text: text.clone(),
                html: html.clone(),
                attachment: Some(Attachment {
                    name: "schuzka.ics".to_owned(),
                    content_type: "text/calendar; method=PUBLISH; charset=utf-8".to_owned(),
                    body: ics.clone(),
                }),
            })
        })
        .collect();
    let problem = |text: &str| Some(text.to_owned());
    let refused = match store::invite(&state.store, tenant, &actor, (meeting.id, version), &drafts)
        .await
    {
        Ok(queued) => {
            let notice = if drafts.is_empty() {
                "Nikdo ze členů skupiny nemá uvedený e-mail; pozvánky nebylo komu poslat."
                    .to_owned()
            } else if queued == 0 {
                "Pozvánky na schůzku v této podobě už byly zařazeny k odeslání; po její změně je \
                 lze rozeslat znovu."
                    .to_owned()
            } else {
                format!(
                    "Zařazeno k odeslání: {}.",
                    kpss_domain::czech::count(queued, "pozvánka", "pozvánky", "pozvánek")
                )
            };
            return crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", meeting.id),
                notice,
            )
            .await;
        }
        Err(kpss_store::Error::Invalid(errors)) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            problem(&crate::messages::summary(&errors)),
        ),
        Err(kpss_store::Error::Conflict(_)) => (
            axum::http::StatusCode::CONFLICT,
            problem(
                "Schůzka se mezitím změnila. Zkontrolujte její novou podobu a pozvánky rozešlete \
                 znovu.",
            ),
        ),
        Err(e) => return Err(e.into()),
    };
    let (meeting, group) = load(&state, tenant, &id).await?;
    let page = public_page(&ctx, &state, (meeting, group), refused.1).await?;
    Ok((refused.0, Html(page.render()?)).into_response())
}

/// The names of the group's people a public page may show (see
/// [`kpss_domain::member::named_publicly`]), by member id.
pub(crate) async fn public_names(
    state: &AppState,
    tenant: i32,
    group: i32,
) -> Result<std::collections::HashMap<i32, String>, Error> {
    let today = kpss_domain::czech::today();
    Ok(
        kpss_store::member::group_people(&state.store, tenant, group, today)
            .await?
            .into_iter()
            .filter(|(m, s)| kpss_domain::member::named_publicly(&s.draft, m.draft.publish_contact))
            .map(|(m, _)| (m.id, m.draft.name))
            .collect(),
    )
}

/// The tenant's members' names by id.
pub(crate) async fn member_names(
    state: &AppState,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, String>, Error> {
    Ok(kpss_store::member::members(&state.store, tenant)
        .await?
        .into_iter()
        .map(|m| (m.id, m.draft.name))
        .collect())
}

// --- planning -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "meeting/form.html")]
struct FormPage {
    layout: Layout,
    form: FormView,
    group: WorkGroup,
    /// The meeting being changed (`None`: a new one).
    editing: Option<i32>,
    conflict: Option<&'static str>,
}

fn meeting_fields(m: &Meeting) -> FormData {
    FormData(vec![
        ("day".into(), format_date(m.draft.starts.date())),
        ("from".into(), format_time(m.draft.starts.time())),
        ("to".into(), format_time(m.draft.ends.time())),
        ("place".into(), m.draft.place.clone()),
        ("agenda".into(), m.draft.agenda.clone().unwrap_or_default()),
        ("version".into(), m.version.to_string()),
    ])
}

fn parse_meeting(data: &FormData) -> Result<MeetingDraft, kpss_domain::FieldErrors> {
    MeetingDraft::parse(&MeetingInput {
        day: data.get("day"),
        from: data.get("from"),
        to: data.get("to"),
        place: data.get("place"),
        agenda: data.get("agenda"),
    })
}

async fn new_form(
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

async fn create(
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

async fn edit_form(
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

async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group) = load(&state, tenant, &id).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let result = match parse_meeting(&data) {
        Ok(draft) => {
            store::update_meeting(&state.store, tenant, &actor, (meeting.id, version), &draft).await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    meeting_saved(&ctx, &data, group, Some(meeting.id), result).await
}

async fn meeting_saved(
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

// --- attendance -----------------------------------------------------------------------------

/// A member on the attendance form.
struct Attendee {
    id: i32,
    name: String,
    function: &'static str,
}

#[derive(Template)]
#[template(path = "meeting/attendance.html")]
struct AttendancePage {
    layout: Layout,
    form: FormView,
    meeting: Meeting,
    group: WorkGroup,
    when: String,
    people: Vec<Attendee>,
    presences: Vec<(&'static str, &'static str)>,
    conflict: Option<&'static str>,
}

async fn attendance_page(
    ctx: &Ctx,
    state: &AppState,
    (meeting, group): (Meeting, WorkGroup),
    form: FormView,
) -> Result<AttendancePage, Error> {
    let people =
        kpss_store::member::group_people(&state.store, ctx.tenant.id, group.id, meeting.day())
            .await?
            .into_iter()
            .map(|(m, s)| Attendee {
                id: m.id,
                name: m.draft.name,
                function: s.draft.function.name(),
            })
            .collect();
    Ok(AttendancePage {
        layout: ctx.layout(),
        form,
        when: when(&meeting),
        meeting,
        group,
        people,
        presences: Presence::ALL.iter().map(|p| (p.code(), p.name())).collect(),
        conflict: None,
    })
}

async fn attendance_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    runner(&ctx, &group)?;
    let recorded = store::attendance(&state.store, ctx.tenant.id, meeting.id).await?;
    let mut data = vec![
        ("guests".to_owned(), meeting.guests.join("\n")),
        ("version".to_owned(), meeting.version.to_string()),
    ];
    data.extend(
        recorded
            .iter()
            .map(|(m, p)| (format!("clen_{m}"), p.code().to_owned())),
    );
    let form = FormView::new(ctx.csrf.clone(), &FormData(data));
    Ok(Html(
        attendance_page(&ctx, &state, (meeting, group), form)
            .await?
            .render()?,
    ))
}

async fn record_attendance(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group) = load(&state, tenant, &id).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let mut errors = kpss_domain::FieldErrors::default();
    let mut entries = Vec::new();
    for (name, value) in &data.0 {
        let Some(member) = name.strip_prefix("clen_") else {
            continue;
        };
        match (member.parse::<i32>(), Presence::parse(value)) {
            (Ok(member), Some(p)) => entries.push((member, p)),
            // Not chosen: nothing recorded for that member.
            (Ok(_), None) if value.is_empty() => {}
            _ => errors.add("attendance", kpss_domain::FieldError::UnknownValue),
        }
    }
    let guests = errors.take(
        "guests",
        kpss_domain::meeting::parse_guests(data.get("guests")),
    );
    // Nobody marked and no guest is a form sent by mistake, not a meeting nobody came to.
    if entries.is_empty() && guests.as_ref().is_some_and(Vec::is_empty) && errors.is_empty() {
        errors.add("attendance", kpss_domain::FieldError::Required);
    }
    let result = match guests {
        Some(guests) if errors.is_empty() => {
            store::record_attendance(
                &state.store,
                tenant,
                &actor,
                (meeting.id, version),
                (&entries, &guests),
            )
            .await
        }
        _ => Err(kpss_store::Error::Invalid(errors)),
    };
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", meeting.id),
                "Docházka byla uložena.",
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = attendance_page(&ctx, &state, (meeting, group), form).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

// --- minutes and tasks ----------------------------------------------------------------------

/// Task rows the minutes form offers beyond those written.
const SPARE_TASK_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "meeting/minutes.html")]
struct MinutesPage {
    layout: Layout,
    form: FormView,
    meeting: Meeting,
    group: WorkGroup,
    when: String,
    /// Row numbers of the task rows.
    rows: Vec<usize>,
    /// Who may own a task: the group's members on the meeting's day.
    owners: Vec<(String, String)>,
    conflict: Option<&'static str>,
}

async fn minutes_page(
    ctx: &Ctx,
    state: &AppState,
    (meeting, group): (Meeting, WorkGroup),
    (form, rows): (FormView, usize),
) -> Result<MinutesPage, Error> {
    let owners =
        kpss_store::member::group_people(&state.store, ctx.tenant.id, group.id, meeting.day())
            .await?
            .into_iter()
            .map(|(m, _)| (m.id.to_string(), m.draft.name))
            .collect();
    Ok(MinutesPage {
        layout: ctx.layout(),
        form,
        when: when(&meeting),
        meeting,
        group,
        rows: (0..rows).collect(),
        owners,
        conflict: None,
    })
}

async fn minutes_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (meeting, group) = load(&state, ctx.tenant.id, &id).await?;
    runner(&ctx, &group)?;
    let tasks = store::tasks(&state.store, ctx.tenant.id, meeting.id).await?;
    let mut data = vec![
        (
            "minutes".to_owned(),
            meeting.minutes.clone().unwrap_or_default(),
        ),
        ("version".to_owned(), meeting.version.to_string()),
    ];
    for (i, t) in tasks.iter().enumerate() {
        data.push((format!("task_text_{i}"), t.draft.text.clone()));
        data.push((
            format!("task_owner_{i}"),
            t.draft.owner.map(|o| o.to_string()).unwrap_or_default(),
        ));
        data.push((
            format!("task_deadline_{i}"),
            t.draft.deadline.map(format_date).unwrap_or_default(),
        ));
    }
    let form = FormView::new(ctx.csrf.clone(), &FormData(data));
    let rows = tasks.len() + SPARE_TASK_ROWS;
    Ok(Html(
        minutes_page(&ctx, &state, (meeting, group), (form, rows))
            .await?
            .render()?,
    ))
}

/// How many task rows the form sent.
fn task_row_count(data: &FormData) -> usize {
    data.0
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("task_text_")?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .min(200)
}

async fn save_minutes(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group) = load(&state, tenant, &id).await?;
    let actor = runner(&ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let publish = data.get("action") == "zverejnit";
    let rows = task_row_count(&data);
    let keys: Vec<[String; 3]> = (0..rows)
        .map(|i| {
            [
                format!("task_text_{i}"),
                format!("task_owner_{i}"),
                format!("task_deadline_{i}"),
            ]
        })
        .collect();
    let inputs: Vec<TaskInput<'_>> = keys
        .iter()
        .map(|[text, owner, deadline]| TaskInput {
            text: data.get(text),
            owner: data.get(owner),
            deadline: data.get(deadline),
        })
        .collect();
    let owners: Vec<i32> =
        kpss_store::member::group_people(&state.store, tenant, group.id, meeting.day())
            .await?
            .iter()
            .map(|(m, _)| m.id)
            .collect();
    let mut errors = kpss_domain::FieldErrors::default();
    let minutes = errors.take(
        "minutes",
        kpss_domain::meeting::parse_minutes(data.get("minutes")),
    );
    let tasks = match TaskDraft::parse_rows(&inputs, &owners) {
        Ok(tasks) => tasks,
        Err(e) => {
            errors.0.extend(e.0);
            Vec::new()
        }
    };
    let result = match minutes {
        Some(minutes) if errors.is_empty() => {
            store::save_minutes(
                &state.store,
                tenant,
                &actor,
                (meeting.id, version),
                (&minutes, &tasks),
                publish,
            )
            .await
        }
        _ => Err(kpss_store::Error::Invalid(errors)),
    };
    match result {
        Ok(m) => {
            let notice = if publish {
                "Zápis byl schválen a zveřejněn; úkoly jsou na stránce skupiny."
            } else {
                "Rozpracovaný zápis byl uložen; veřejnost jej uvidí po schválení."
            };
            crate::flash::redirect(&ctx.session, &format!("/schuzky/{}", m.id), notice).await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = minutes_page(
                &ctx,
                &state,
                (meeting, group),
                (form, rows.max(SPARE_TASK_ROWS)),
            )
            .await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

/// Marks a task done (`hotovo=ano`) or open again, then back to where it was marked.
async fn task_done(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let task = parse_id(&id)?;
    store::may_mark_task(&state.store, ctx.tenant.id, &actor, task).await?;
    data.check_csrf(&ctx.session).await?;
    let done = data.get("hotovo") == "ano";
    store::set_task_done(&state.store, ctx.tenant.id, &actor, task, done).await?;
    // Back to the page the button was on, if it is one of ours.
    // Only a path of ours: no scheme, no host, nothing a browser reads as one (`//`, `/\`).
    let back = match data.get("zpet") {
        to if to.starts_with('/')
            && !to.contains("//")
            && to
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_".contains(c)) =>
        {
            to.to_owned()
        }
        _ => "/".to_owned(),
    };
    crate::flash::redirect(
        &ctx.session,
        &back,
        if done {
            "Úkol je splněný."
        } else {
            "Úkol je znovu otevřený."
        },
    )
    .await
}
