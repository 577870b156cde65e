//! The planning form of a card: new, edit, and removal, while the action plan is open.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::FieldErrors;
use kpss_domain::account::Actor;
use kpss_domain::action_plan::{
    ActionPlanState, CardDraft, CardInput, INDICATOR_ROWS, cost_field, indicator_fields,
};
use kpss_domain::czech::format_czk;
use kpss_store::action_plan::{self, ActionPlan, Card, CardPlacement};

use super::choices::{Choices, choices};
use super::{card_context, rejected_form};
use crate::action_plan::{MeasureInfo, measures, visible_action_plan};
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, version};
use crate::plan::PlanView;
use crate::{AppState, Error, flash};

#[derive(Template)]
#[template(path = "action_plan/card_form.html")]
struct FormPage {
    layout: Layout,
    title: String,
    action_plan: ActionPlan,
    plan: PlanView,
    back: String,
    form: FormView,
    choices: Choices,
    indicator_rows: Vec<[String; 4]>,
    /// (code, name) of what can count a card's indicator.
    feeds: Vec<(&'static str, &'static str)>,
    submit: &'static str,
    /// The planned costs of the form added up („1 250 000 Kč“); the script keeps it current.
    planned_total: String,
}

/// What a form page is called, where it leads back to, and what its button says.
struct Heading {
    title: String,
    back: String,
    submit: &'static str,
}

impl Heading {
    fn new_card(ap: &ActionPlan) -> Self {
        Self {
            title: format!("Nová karta aktivity – akční plán {}", ap.year),
            back: format!("/akcni-plany/{}", ap.id),
            submit: "Uložit kartu",
        }
    }

    /// The title names year, organisation and measure: cards of the same name are common.
    fn edit(c: &super::CardContext) -> Self {
        Self {
            title: format!(
                "Úprava karty {}: {} – {}, opatření {}",
                c.action_plan.year, c.card.draft.title, c.organisation, c.measure.code
            ),
            back: format!("/karty/{}", c.card.id),
            submit: "Uložit změny",
        }
    }
}

/// The form page rendered, with `status`.
fn form_page(
    ctx: &Ctx,
    (action_plan, plan): (ActionPlan, PlanView),
    heading: Heading,
    (status, form): (StatusCode, FormView),
    choices: Choices,
) -> Result<Response, Error> {
    let planned = choices
        .sources
        .iter()
        .filter_map(|s| kpss_domain::money::parse_czk(form.value(cost_field(&s.code))).ok());
    let page = FormPage {
        planned_total: format_czk(kpss_domain::money::sum(planned)),
        layout: ctx.layout(),
        title: heading.title,
        action_plan,
        plan,
        back: heading.back,
        form,
        choices,
        indicator_rows: (0..INDICATOR_ROWS).map(indicator_fields).collect(),
        feeds: kpss_domain::event::IndicatorFeed::ALL
            .iter()
            .map(|f| (f.code(), f.name_for_card()))
            .collect(),
        submit: heading.submit,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The placement and draft a form describes, or every problem with it.
fn parse(
    data: &FormData,
    choices: &Choices,
) -> Result<(CardPlacement, CardDraft), kpss_store::Error> {
    let mut errors = FieldErrors::default();
    let measure = data
        .get("measure")
        .parse::<i32>()
        .ok()
        .filter(|id| choices.measures.iter().any(|m| m.id == *id));
    if measure.is_none() {
        errors.add("measure", kpss_domain::FieldError::UnknownValue);
    }
    let organisation = choices.chosen;
    if organisation.is_none() {
        errors.add("organisation", kpss_domain::FieldError::UnknownValue);
    }
    let service = match data.get("service") {
        "" => None,
        raw => {
            let found = raw
                .parse::<i32>()
                .ok()
                .filter(|id| choices.services.iter().any(|(s, _)| s == id));
            if found.is_none() {
                errors.add("service", kpss_domain::FieldError::UnknownValue);
            }
            found
        }
    };
    let cost_fields: Vec<(String, String)> = choices
        .sources
        .iter()
        .map(|s| (s.code.clone(), cost_field(&s.code)))
        .collect();
    let indicator_names: Vec<[String; 4]> = (0..INDICATOR_ROWS).map(indicator_fields).collect();
    let input = CardInput {
        title: data.get("title"),
        description: data.get("description"),
        new_activity: data.get("new_activity"),
        period: data.get("period"),
        planned_capacity: data.get("planned_capacity"),
        planned_clients: data.get("planned_clients"),
        responsible_person: data.get("responsible_person"),
        costs: cost_fields
            .iter()
            .map(|(code, field)| (code.as_str(), data.get(field)))
            .collect(),
        indicators: indicator_names
            .iter()
            .map(|[n, u, t, f]| (data.get(n), data.get(u), data.get(t), data.get(f)))
            .collect(),
    };
    let sources: Vec<String> = choices.sources.iter().map(|s| s.code.clone()).collect();
    let draft = CardDraft::parse(&input, &sources);
    match (measure, organisation, draft) {
        (Some(measure_id), Some(organisation_id), Ok(draft)) if errors.is_empty() => Ok((
            CardPlacement {
                measure_id,
                organisation_id,
                service_id: service,
            },
            draft,
        )),
        (_, _, draft) => {
            if let Err(more) = draft {
                errors.0.extend(more.0);
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    }
}

/// Whether the form was sent to find an organisation or list its services, not to save:
/// the two-step form that works without JavaScript.
fn is_step(data: &FormData) -> bool {
    !data.get("step").is_empty()
}

/// The form's fields filled from a card.
fn card_data(card: &Card) -> FormData {
    let d = &card.draft;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut data = vec![
        ("version".to_owned(), card.version.to_string()),
        ("measure".to_owned(), card.placement.measure_id.to_string()),
        (
            "organisation".to_owned(),
            card.placement.organisation_id.to_string(),
        ),
        (
            "service".to_owned(),
            card.placement
                .service_id
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
        ("title".to_owned(), d.title.clone()),
        ("description".to_owned(), opt(&d.description)),
        ("new_activity".to_owned(), opt(&d.new_activity)),
        ("period".to_owned(), opt(&d.period)),
        ("planned_capacity".to_owned(), num(d.planned_capacity)),
        ("planned_clients".to_owned(), num(d.planned_clients)),
        ("responsible_person".to_owned(), opt(&d.responsible_person)),
    ];
    for (source, amount) in &d.costs {
        data.push((cost_field(source), amount.to_string()));
    }
    for (i, ind) in d.indicators.iter().enumerate() {
        let [n, u, t, f] = indicator_fields(i);
        data.push((n, ind.name.clone()));
        data.push((u, ind.unit.clone()));
        data.push((t, ind.target.to_string()));
        if let Some(feed) = ind.feed {
            data.push((f, feed.code().to_owned()));
        }
    }
    FormData(data)
}

/// Whether the visitor may change this card at all (its organisation's provider, its group's
/// manager, the coordinator), and it is this tenant's: checked before its state or the form.
pub(super) fn may_edit(ctx: &Ctx, c: &super::CardContext) -> Result<(), Error> {
    let actor = ctx.require_user()?.actor();
    if c.action_plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    if !actor.may_edit_card(c.owner()) {
        return Err(Error::Forbidden);
    }
    Ok(())
}

/// An open action plan of this tenant and the actor who may plan cards in it.
async fn planning(
    ctx: &Ctx,
    state: &AppState,
    id: i32,
) -> Result<(ActionPlan, PlanView, Vec<MeasureInfo>, Actor), Error> {
    let actor = ctx.require_user()?.actor();
    // Who may, then whose record, then the record's state.
    if !(actor.is_admin() || !actor.organisations.is_empty() || actor.leads_any()) {
        return Err(Error::Forbidden);
    }
    let (ap, tree) = visible_action_plan(ctx, state, id).await?;
    if ap.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    if ap.state != ActionPlanState::Open {
        return Err(Error::Conflict(crate::messages::PLANNING_CLOSED.into()));
    }
    Ok((ap, PlanView::new(&tree.plan), measures(&tree), actor))
}

pub async fn new_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (ap, plan, all, actor) = planning(&ctx, &state, parse_id(&id)?).await?;
    let mut initial = FormData::default();
    let mut choices = choices(&state, ctx.tenant.id, &actor, all.clone(), &initial).await?;
    if let ([only], false) = (choices.organisations.as_slice(), choices.search) {
        initial.0.push(("organisation".into(), only.id.to_string()));
        choices = self::choices(&state, ctx.tenant.id, &actor, all, &initial).await?;
    }
    let form = FormView::new(ctx.csrf.clone(), &initial);
    let heading = Heading::new_card(&ap);
    form_page(&ctx, (ap, plan), heading, (StatusCode::OK, form), choices)
}

pub async fn create_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (ap, plan, all, actor) = planning(&ctx, &state, parse_id(&id)?).await?;
    data.check_csrf(&ctx.session).await?;
    let choices = choices(&state, ctx.tenant.id, &actor, all, &data).await?;
    let heading = Heading::new_card(&ap);
    if is_step(&data) {
        let form = (StatusCode::OK, FormView::new(ctx.csrf.clone(), &data));
        return form_page(&ctx, (ap, plan), heading, form, choices);
    }
    let saved = match parse(&data, &choices) {
        Ok((placement, draft)) => action_plan::create_card(
            &state.store,
            ctx.tenant.id,
            &actor,
            ap.id,
            placement,
            &draft,
        )
        .await
        .map(|card| (card, draft.title)),
        Err(e) => Err(e),
    };
    match saved {
        Ok((card, title)) => {
            let text = format!("Karta „{title}“ byla založena.");
            flash::redirect(&ctx.session, &format!("/karty/{card}"), text).await
        }
        Err(err) => {
            let form = rejected_form(&ctx, &data, err)?;
            form_page(&ctx, (ap, plan), heading, form, choices)
        }
    }
}

pub async fn edit_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let c = card_context(&ctx, &state, &id).await?;
    may_edit(&ctx, &c)?;
    let (ap, plan, all, actor) = planning(&ctx, &state, c.action_plan.id).await?;
    let data = card_data(&c.card);
    let choices = choices(&state, ctx.tenant.id, &actor, all, &data).await?;
    let form = (StatusCode::OK, FormView::new(ctx.csrf.clone(), &data));
    form_page(&ctx, (ap, plan), Heading::edit(&c), form, choices)
}

pub async fn update_card(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let c = card_context(&ctx, &state, &id).await?;
    may_edit(&ctx, &c)?;
    let (ap, plan, all, actor) = planning(&ctx, &state, c.action_plan.id).await?;
    data.check_csrf(&ctx.session).await?;
    let choices = choices(&state, ctx.tenant.id, &actor, all, &data).await?;
    if is_step(&data) {
        let form = (StatusCode::OK, FormView::new(ctx.csrf.clone(), &data));
        return form_page(&ctx, (ap, plan), Heading::edit(&c), form, choices);
    }
    let saved = match parse(&data, &choices) {
        Ok((placement, draft)) => action_plan::update_card(
            &state.store,
            ctx.tenant.id,
            &actor,
            (c.card.id, version(&data)?),
            placement,
            &draft,
        )
        .await
        .map(|()| draft.title),
        Err(e) => Err(e),
    };
    match saved {
        Ok(title) => {
            let text = format!("Karta „{title}“ byla uložena.");
            flash::redirect(&ctx.session, &format!("/karty/{}", c.card.id), text).await
        }
        Err(err) => {
            let form = rejected_form(&ctx, &data, err)?;
            form_page(&ctx, (ap, plan), Heading::edit(&c), form, choices)
        }
    }
}
