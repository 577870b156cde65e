//! `/schuzky/{id}/zapis`: the minutes and their tasks, saved as a draft or approved and
//! published; and marking a task done.

use super::*;

/// Task rows the minutes form offers beyond those written.
pub(super) const SPARE_TASK_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "meeting/minutes.html")]
pub(super) struct MinutesPage {
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

pub(super) async fn minutes_page(
    ctx: &Ctx,
    state: &AppState,
    (meeting, group): (Meeting, WorkGroup),
    (form, rows): (FormView, usize),
) -> Result<MinutesPage, Error> {
    let owners = people_at(state, ctx.tenant.id, &meeting)
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

pub(super) async fn minutes_form(
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
pub(super) fn task_row_count(data: &FormData) -> usize {
    data.0
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("task_text_")?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .min(200)
}

pub(super) async fn save_minutes(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group, actor, version) = writing(&ctx, &state, &id, &data).await?;
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
    let owners: Vec<i32> = people_at(&state, tenant, &meeting)
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
pub(super) async fn task_done(
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
