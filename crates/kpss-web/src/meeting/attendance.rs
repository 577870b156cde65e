//! `/schuzky/{id}/dochazka`: who of the group's members came, and the guests.

use super::*;

/// A member on the attendance form.
pub(super) struct Attendee {
    id: i32,
    name: String,
    function: &'static str,
}

#[derive(Template)]
#[template(path = "meeting/attendance.html")]
pub(super) struct AttendancePage {
    layout: Layout,
    form: FormView,
    meeting: Meeting,
    group: WorkGroup,
    when: String,
    people: Vec<Attendee>,
    presences: Vec<(&'static str, &'static str)>,
    conflict: Option<&'static str>,
}

pub(super) async fn attendance_page(
    ctx: &Ctx,
    state: &AppState,
    (meeting, group): (Meeting, WorkGroup),
    form: FormView,
) -> Result<AttendancePage, Error> {
    let people = people_at(state, ctx.tenant.id, &meeting)
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

pub(super) async fn attendance_form(
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

pub(super) async fn record_attendance(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group, actor, version) = writing(&ctx, &state, &id, &data).await?;
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
