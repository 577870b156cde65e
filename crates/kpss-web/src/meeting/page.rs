//! `/schuzky/{id}`: a meeting for everyone, with its published minutes and tasks; the draft
//! too for whom runs the group's meetings.

use super::*;

#[derive(Template)]
#[template(path = "meeting/page.html")]
pub(super) struct Page {
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
    /// Files of the minutes: (id, link, name, „1,2 MB“), shown with the minutes.
    attachments: Vec<(i32, String, String, String)>,
}

pub(super) async fn page(
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

pub(super) async fn public_page(
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
        let tasks = store::tasks(&state.store, ctx.tenant.id, meeting.id).await?;
        let names = if may_run {
            let owners: Vec<i32> = tasks.iter().filter_map(|t| t.draft.owner).collect();
            kpss_store::member::members_by_id(&state.store, tenant, &owners)
                .await?
                .into_iter()
                .map(|m| (m.id, m.draft.name))
                .collect()
        } else {
            public_names(state, tenant, group.id).await?
        };
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
    let attachments = if shown {
        store::attachments(&state.store, tenant, meeting.id)
            .await?
            .into_iter()
            .map(|a| {
                let href = attachment_href(meeting.id, a.id, &a.name);
                (a.id, href, a.name, crate::upload::size(a.size))
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Page {
        attachments,
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
