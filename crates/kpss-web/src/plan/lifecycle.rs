//! A new draft, its title and period, the lifecycle with the council's approval, and new
//! versions.

use axum::extract::{Path, State};
use axum::response::{Html, Response};
use kpss_domain::plan::{PlanAction, PlanHeader, PlanStatus, Resolution};
use kpss_store::plan::{self, PlanTree};

use super::form::{
    Field, FormPage, Gate, Spec, checked, field, form_version, invalid, own_plan, rejected, render,
    show, submit, with_version,
};
use crate::auth::Ctx;
use crate::form::{FormData, FormView, version};
use crate::{AppState, Error};

fn header_fields() -> Vec<Field> {
    vec![
        field(
            "title",
            "Název plánu",
            true,
            "např. 7. komunitní plán sociálních služeb",
        ),
        field("period_from", "Období od (rok)", true, "např. 2027"),
        field("period_to", "Období do (rok)", true, "nejvýše deset let"),
    ]
}

fn header_page(ctx: &Ctx, data: &FormData) -> FormPage {
    FormPage {
        layout: ctx.layout(),
        title: "Nový komunitní plán".into(),
        back: Some(("/plany".into(), "Komunitní plány".into())),
        form: FormView::new(ctx.csrf.clone(), data),
        fields: header_fields(),
        submit: "Založit návrh plánu",
        conflict: None,
    }
}

pub async fn new_plan(ctx: Ctx) -> Result<Response, Error> {
    ctx.require_admin()?;
    render(
        header_page(&ctx, &FormData::default()),
        axum::http::StatusCode::OK,
    )
}

pub async fn create_plan(
    ctx: Ctx,
    State(state): State<AppState>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    data.check_csrf(&ctx.session).await?;
    let page = header_page(&ctx, &data);
    let header = match PlanHeader::parse(
        data.get("title"),
        data.get("period_from"),
        data.get("period_to"),
    ) {
        Ok(h) => h,
        Err(errors) => return rejected(&ctx, page, &data, invalid(errors)),
    };
    match plan::create_plan(&state.store, ctx.tenant.id, &actor, &header).await {
        Ok(created) => {
            let text = format!("Návrh plánu „{}“ byl založen.", created.title);
            crate::flash::redirect(&ctx.session, &format!("/plany/{}", created.id), text).await
        }
        Err(err) => rejected(&ctx, page, &data, err),
    }
}

/// `GET /plany/{id}/stav` – what archiving the approved plan means, before it is done (the
/// other steps take nothing away and need no confirmation).
pub async fn confirm_archive(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let tree = own_plan(&ctx, &state, &id).await?;
    if tree.plan.status != PlanStatus::Approved {
        return Err(Error::Conflict(crate::messages::TRANSITION.into()));
    }
    let plan = &tree.plan;
    crate::confirm::page(
        &ctx,
        crate::confirm::Confirmation {
            title: format!("Archivovat plán „{}“?", plan.title),
            consequences: vec![
                "Plán přestane být platným komunitním plánem; zůstane veřejně čitelný jako záznam \
                 i se svými akčními plány a zprávami."
                    .into(),
                "K archivovanému plánu už nelze zakládat akční plány.".into(),
            ],
            irreversible: "Archivovaný plán se mezi platné už nevrátí.".into(),
            action: format!("/plany/{}/stav", plan.id),
            fields: vec![
                ("version", plan.version.to_string()),
                ("action", "archiv".to_owned()),
            ],
            confirm: "Ano, archivovat plán",
            back: (format!("/plany/{}", plan.id), plan.title.clone()),
        },
    )
}

/// `POST /plany/{id}/stav` – open the consultation, return to the draft, or archive.
pub async fn transition(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (tree, actor) = checked(&ctx, &state, (&id, Gate::Coordinator), &data).await?;
    let action = match data.get("action") {
        "navrh" => PlanAction::ReturnToDraft,
        "archiv" => PlanAction::Archive,
        _ => {
            return Err(Error::BadRequest(
                "Neznámý krok; zvolte jej tlačítkem na stránce plánu.".into(),
            ));
        }
    };
    if action == PlanAction::Archive
        && let Some(ask) = crate::confirm::required(&data, &format!("/plany/{}/stav", tree.plan.id))
    {
        return Ok(ask);
    }
    plan::transition(
        &state.store,
        ctx.tenant.id,
        &actor,
        tree.plan.id,
        version(&data)?,
        &action,
    )
    .await?;
    let text = match action {
        PlanAction::OpenConsultation(_) => "Návrh plánu byl zveřejněn k připomínkám.",
        PlanAction::ReturnToDraft => "Plán byl vrácen do návrhu k zapracování připomínek.",
        PlanAction::Archive => "Plán byl archivován.",
        PlanAction::Approve(_) => "Schválení plánu bylo zapsáno.",
    };
    crate::flash::redirect(&ctx.session, &format!("/plany/{}", tree.plan.id), text).await
}

fn header_form_spec(_: &PlanTree) -> Spec {
    Spec {
        title: "Název a období plánu".into(),
        fields: header_fields(),
        submit: "Uložit",
        done: "Název a období plánu byly uloženy.",
    }
}

fn current_header(tree: &PlanTree) -> FormData {
    FormData(vec![
        ("title".into(), tree.plan.title.clone()),
        ("period_from".into(), tree.plan.period.from.to_string()),
        ("period_to".into(), tree.plan.period.to.to_string()),
        ("version".into(), tree.plan.version.to_string()),
    ])
}

pub async fn header_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        header_form_spec,
        current_header,
    )
    .await
}

pub async fn update_header(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    submit(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        data,
        header_form_spec,
        async |actor, tree, data| {
            let version = form_version(data)?;
            let header = PlanHeader::parse(
                data.get("title"),
                data.get("period_from"),
                data.get("period_to"),
            )
            .map_err(invalid)?;
            plan::update_header(
                &state.store,
                tree.plan.tenant_id,
                actor,
                tree.plan.id,
                version,
                &header,
            )
            .await
            .map(drop)
        },
    )
    .await
}

/// `POST /plany/{id}/nova-verze` – a new draft from an approved plan.
pub async fn new_version(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let (tree, actor) = checked(&ctx, &state, (&id, Gate::Coordinator), &data).await?;
    let created = plan::new_version(&state.store, ctx.tenant.id, &actor, tree.plan.id).await?;
    let text = "Nová verze plánu byla založena jako návrh; schválený plán zůstává beze změny.";
    crate::flash::redirect(&ctx.session, &format!("/plany/{}", created.id), text).await
}

fn consultation_form_spec(_: &PlanTree) -> Spec {
    Spec {
        title: "Otevřít připomínkové řízení".into(),
        fields: vec![
            field("opens_on", "Připomínky od", true, "např. 1. 10. 2026"),
            field(
                "closes_on",
                "Připomínky do",
                true,
                "včetně tohoto dne; obvykle 30 dní",
            ),
        ],
        submit: "Zveřejnit návrh k připomínkám",
        done: "Návrh plánu byl zveřejněn k připomínkám.",
    }
}

/// Today and a month from today, the usual length of a consultation.
fn consultation_defaults(tree: &PlanTree) -> FormData {
    let today = kpss_domain::czech::today();
    let mut data = with_version(tree);
    data.0
        .push(("opens_on".into(), kpss_domain::czech::format_date(today)));
    data.0.push((
        "closes_on".into(),
        kpss_domain::czech::format_date(today + time::Duration::days(30)),
    ));
    data
}

/// `GET /plany/{id}/pripominkove-rizeni` – the days a draft takes public comments.
pub async fn consultation_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        consultation_form_spec,
        consultation_defaults,
    )
    .await
}

/// `POST /plany/{id}/pripominkove-rizeni` – the draft goes to consultation.
pub async fn open_consultation(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    step(ctx, &state, (&id, data), consultation_form_spec, |data| {
        kpss_domain::consultation::ConsultationPeriod::parse(
            data.get("opens_on"),
            data.get("closes_on"),
        )
        .map(PlanAction::OpenConsultation)
    })
    .await
}

/// A step of the lifecycle sent by a form of `spec`: the action the form describes, taken from
/// the version the form was opened on.
async fn step(
    ctx: Ctx,
    state: &AppState,
    (id, data): (&str, FormData),
    spec: fn(&PlanTree) -> Spec,
    action: fn(&FormData) -> Result<PlanAction, kpss_domain::FieldErrors>,
) -> Result<Response, Error> {
    submit(
        ctx,
        state,
        (id, Gate::Coordinator),
        data,
        spec,
        async |actor, tree, data| {
            let version = form_version(data)?;
            let action = action(data).map_err(invalid)?;
            plan::transition(
                &state.store,
                tree.plan.tenant_id,
                actor,
                tree.plan.id,
                version,
                &action,
            )
            .await
            .map(drop)
        },
    )
    .await
}

fn approval_form_spec(_: &PlanTree) -> Spec {
    Spec {
        title: "Schválení plánu".into(),
        fields: vec![
            field(
                "resolution_number",
                "Číslo usnesení",
                true,
                "např. 2238/ZM1822/36",
            ),
            field(
                "resolution_date",
                "Datum usnesení",
                true,
                "např. 14. 9. 2022",
            ),
            field(
                "resolution_body",
                "Schválil",
                true,
                "např. Zastupitelstvo města Ostravy",
            ),
        ],
        submit: "Zapsat schválení",
        done: "Schválení plánu bylo zapsáno; plán je teď platný.",
    }
}

pub async fn approval_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    show(
        ctx,
        &state,
        (&id, Gate::Coordinator),
        approval_form_spec,
        with_version,
    )
    .await
}

pub async fn approve(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    step(ctx, &state, (&id, data), approval_form_spec, |data| {
        Resolution::parse(
            data.get("resolution_number"),
            data.get("resolution_date"),
            data.get("resolution_body"),
        )
        .map(PlanAction::Approve)
    })
    .await
}
