//! Meetings of a group: `/schuzky/{id}` for everyone (with the published minutes), and for the
//! coordinator and the group's manager the forms to plan a meeting, record who came and write
//! and publish the minutes with their tasks; `.ics` calendars of a group and of one meeting.

mod attachments;
mod attendance;
mod calendar;
mod invitation;
mod minutes;
mod page;
mod planning;

use attendance::{attendance_form, record_attendance};
use invitation::invite;
use minutes::{minutes_form, save_minutes, task_done};
use page::page;
use planning::{create, edit_form, new_form, update};

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
        .route(
            "/schuzky/{id}/prilohy",
            post(attachments::upload).layer(attachments::body_limit()),
        )
        .route(
            "/schuzky/{id}/prilohy/{attachment}/{name}",
            get(attachments::download),
        )
        .route(
            "/schuzky/{id}/prilohy/{attachment}/odebrat",
            post(attachments::remove),
        )
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

/// What every write on a meeting begins with: the meeting and its group, the actor who may run
/// them, the token checked, and the version the form was opened on.
async fn writing(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    data: &FormData,
) -> Result<(Meeting, WorkGroup, kpss_domain::account::Actor, i32), Error> {
    let (meeting, group) = load(state, ctx.tenant.id, id).await?;
    let actor = runner(ctx, &group)?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(data)?;
    Ok((meeting, group, actor, version))
}

/// The group's members on the meeting's day, with their membership.
async fn people_at(
    state: &AppState,
    tenant: i32,
    meeting: &Meeting,
) -> Result<Vec<(kpss_store::member::Member, kpss_store::member::Membership)>, Error> {
    Ok(
        kpss_store::member::group_people(&state.store, tenant, meeting.group, meeting.day())
            .await?,
    )
}

/// Whether the visitor may run the group's meetings (for showing the links).
pub(crate) fn may_run(ctx: &Ctx, group: &WorkGroup) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| kpss_domain::meeting::may_run(&u.actor(), &group.draft.code))
}

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

/// Where an attachment downloads from: its name ends the path, so a browser and a crawler see
/// what the file is.
pub(crate) fn attachment_href(meeting: i32, id: i32, name: &str) -> String {
    let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!(
        "/schuzky/{meeting}/prilohy/{id}/{}",
        name.replace('+', "%20")
    )
}
