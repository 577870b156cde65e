//! One SWOT item's own page and actions: `/swot/{item}` to change it, and removing and moving
//! it; for the editors of its group's SWOT only.

use super::*;

#[derive(Template)]
#[template(path = "swot/item.html")]
struct ItemPage {
    layout: Layout,
    form: FormView,
    item: SwotItem,
    group: GroupPage,
}

/// An item with its group's page, for its editors only.
async fn editable_item(
    ctx: &Ctx,
    state: &AppState,
    item: &str,
) -> Result<(SwotItem, GroupPage), Error> {
    let item = store::item(&state.store, ctx.tenant.id, parse_id(item)?).await?;
    let page = group_view(
        ctx,
        state,
        (&item.plan.to_string(), &item.group.to_string()),
        None,
    )
    .await?;
    if !page.may_edit {
        return Err(Error::Forbidden);
    }
    Ok((item, page))
}

pub(super) async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(item): Path<String>,
) -> Result<Html<String>, Error> {
    let (item, group) = editable_item(&ctx, &state, &item).await?;
    let d = &item.draft;
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![
            ("quadrant".into(), d.quadrant.code().into()),
            ("text".into(), d.text.clone()),
            (
                "evidence".into(),
                d.evidence.map(Evidence::code).unwrap_or_default(),
            ),
            ("version".into(), item.version.to_string()),
        ]),
    );
    Ok(Html(
        ItemPage {
            layout: ctx.layout(),
            form,
            item,
            group,
        }
        .render()?,
    ))
}

pub(super) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(item): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let (item, group) = editable_item(&ctx, &state, &item).await?;
    data.check_csrf(&ctx.session).await?;
    let key = (item.id, crate::form::version(&data)?);
    let updated = match parse(&data, &group.evidence) {
        Ok(draft) => store::update(&state.store, ctx.tenant.id, &actor, key, &draft).await,
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match updated {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!(
                    "/plany/{}/swot/{}#polozka-{}",
                    item.plan, item.group, item.id
                ),
                "Položka analýzy SWOT byla uložena.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            let page = ItemPage {
                layout: ctx.layout(),
                form,
                item,
                group,
            };
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

pub(super) async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(item): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let (item, _) = editable_item(&ctx, &state, &item).await?;
    data.check_csrf(&ctx.session).await?;
    store::delete(&state.store, ctx.tenant.id, &actor, item.id).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!("/plany/{}/swot/{}", item.plan, item.group),
        "Položka byla z analýzy SWOT odebrána.".to_owned(),
    )
    .await
}

pub(super) async fn shift(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(item): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_user()?.actor();
    let (item, _) = editable_item(&ctx, &state, &item).await?;
    data.check_csrf(&ctx.session).await?;
    let up = match data.get("smer") {
        "nahoru" => true,
        "dolu" => false,
        _ => return Err(Error::BadRequest("Neznámý směr posunu položky.".into())),
    };
    store::shift(&state.store, ctx.tenant.id, &actor, item.id, up).await?;
    crate::flash::redirect(
        &ctx.session,
        &format!(
            "/plany/{}/swot/{}#polozka-{}",
            item.plan, item.group, item.id
        ),
        "Položka byla posunuta.".to_owned(),
    )
    .await
}
