//! `/skupiny/{id}/editori`: the group's manager names the members who write the group's part of
//! a draft plan with them.

use super::*;

/// A member of the group who could be named.
struct Candidate {
    id: i32,
    name: String,
    function: &'static str,
    /// Without a login the member could not write anything.
    has_login: bool,
}

#[derive(Template)]
#[template(path = "work_group/editors.html")]
struct EditorsPage {
    layout: Layout,
    group: WorkGroup,
    people: Vec<Candidate>,
    form: FormView,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    group: WorkGroup,
    form: FormView,
) -> Result<EditorsPage, Error> {
    let today = kpss_domain::czech::today();
    let people = kpss_store::member::group_people(&state.store, ctx.tenant.id, group.id, today)
        .await?
        .into_iter()
        .map(|(m, s)| Candidate {
            id: m.id,
            name: m.draft.name,
            function: s.draft.function.name(),
            has_login: m.account.is_some(),
        })
        .collect();
    Ok(EditorsPage {
        layout: ctx.layout(),
        group,
        people,
        form,
    })
}

/// The group, if the visitor leads it (or coordinates).
async fn led(ctx: &Ctx, state: &AppState, id: &str) -> Result<WorkGroup, Error> {
    let group = store::work_group(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    if crate::meeting::may_run(ctx, &group) {
        Ok(group)
    } else {
        ctx.require_user()?;
        Err(Error::Forbidden)
    }
}

pub(super) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let group = led(&ctx, &state, &id).await?;
    let today = kpss_domain::czech::today();
    let named: Vec<(String, String)> =
        kpss_store::member::group_people(&state.store, ctx.tenant.id, group.id, today)
            .await?
            .into_iter()
            .filter(|(_, s)| s.edits_plan)
            .map(|(m, _)| ("editors".to_owned(), m.id.to_string()))
            .collect();
    let form = FormView::new(ctx.csrf.clone(), &FormData(named));
    Ok(Html(page(&ctx, &state, group, form).await?.render()?))
}

pub(super) async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let group = led(&ctx, &state, &id).await?;
    let actor = ctx.require_user()?.actor();
    data.check_csrf(&ctx.session).await?;
    let ids: Result<Vec<i32>, _> = data.all("editors").iter().map(|v| v.parse()).collect();
    let result = match ids {
        Ok(ids) => {
            kpss_store::plan::writing::set_editors(
                &state.store,
                ctx.tenant.id,
                &actor,
                group.id,
                &ids,
            )
            .await
        }
        Err(_) => {
            let mut errors = kpss_domain::FieldErrors::default();
            errors.add("editors", kpss_domain::FieldError::UnknownValue);
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/skupiny/{}", group.id),
                "Editoři návrhu plánu byli uloženi.",
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = page(&ctx, &state, group, form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
