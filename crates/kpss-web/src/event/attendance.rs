//! `/akce/{id}/ucast/{date}`: who of the registered came on one date, and how many came
//! without registering.

use super::*;

#[derive(Template)]
#[template(path = "event/attendance.html")]
pub(super) struct AttendancePage {
    layout: Layout,
    form: FormView,
    event: Event,
    when: String,
    /// (registration id, „Jana Nová (Charita Ostrava)“).
    people: Vec<(i32, String)>,
    conflict: Option<&'static str>,
}

/// The event and the date, both the tenant's, and the actor who may record it.
async fn checked(
    ctx: &Ctx,
    state: &AppState,
    (id, date): (&str, &str),
) -> Result<(Event, i32, String, kpss_domain::account::Actor), Error> {
    let event = load(state, ctx.tenant.id, id).await?;
    let actor = runner(ctx, &event)?;
    let date = parse_id(date)?;
    let when = event
        .dates
        .iter()
        .find(|d| d.id == date)
        .map(|d| super::when(&d.date))
        .ok_or(Error::NotFound)?;
    Ok((event, date, when, actor))
}

async fn attendance_page(
    ctx: &Ctx,
    state: &AppState,
    (event, when): (Event, String),
    form: FormView,
) -> Result<AttendancePage, Error> {
    let people = store::registrations(&state.store, ctx.tenant.id, event.id)
        .await?
        .into_iter()
        .map(|r| {
            let label = match r.draft.organisation {
                Some(o) => format!("{} ({o})", r.draft.name),
                None => r.draft.name,
            };
            (r.id, label)
        })
        .collect();
    Ok(AttendancePage {
        layout: ctx.layout(),
        form,
        event,
        when,
        people,
        conflict: None,
    })
}

pub(super) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, date)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    let (event, date, when, _) = checked(&ctx, &state, (&id, &date)).await?;
    let came = store::presence(&state.store, ctx.tenant.id, event.id).await?;
    let walk_ins = event
        .dates
        .iter()
        .find(|d| d.id == date)
        .and_then(|d| d.walk_ins);
    let mut data = vec![
        ("version".to_owned(), event.version.to_string()),
        (
            "walk_ins".to_owned(),
            walk_ins.map(|w| w.to_string()).unwrap_or_default(),
        ),
    ];
    data.extend(
        came.iter()
            .filter(|(_, d)| *d == date)
            .map(|(r, _)| ("present".to_owned(), r.to_string())),
    );
    let form = FormView::new(ctx.csrf.clone(), &FormData(data));
    Ok(Html(
        attendance_page(&ctx, &state, (event, when), form)
            .await?
            .render()?,
    ))
}

pub(super) async fn record(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, date)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let (event, date, when, actor) = checked(&ctx, &state, (&id, &date)).await?;
    data.check_csrf(&ctx.session).await?;
    let version = crate::form::version(&data)?;
    let mut errors = kpss_domain::FieldErrors::default();
    // Required, so that an empty form does not record that nobody came.
    let walk_ins = errors
        .take(
            "walk_ins",
            kpss_domain::field::optional_int(data.get("walk_ins"), 0, 100_000)
                .and_then(|w| w.ok_or(kpss_domain::FieldError::Required)),
        )
        .unwrap_or(0);
    let present: Vec<i32> = data
        .all("present")
        .iter()
        .filter_map(|p| match p.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("present", kpss_domain::FieldError::UnknownValue);
                None
            }
        })
        .collect();
    let result = if errors.is_empty() {
        let walk_ins = i32::try_from(walk_ins).unwrap_or(i32::MAX);
        store::record_attendance(
            &state.store,
            ctx.tenant.id,
            &actor,
            (event.id, version),
            (date, &present, walk_ins),
        )
        .await
    } else {
        Err(kpss_store::Error::Invalid(errors))
    };
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/akce/{}", event.id),
                format!("Účast na termínu {when} byla zapsána."),
            )
            .await
        }
        Err(err) => {
            let (status, form, conflict) = crate::form::rejection(&ctx, &data, err)?;
            let mut page = attendance_page(&ctx, &state, (event, when), form).await?;
            page.conflict = conflict;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
