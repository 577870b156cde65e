//! Changing and removing the parts, goals and measures of a draft.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, Response};
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanStatus, PriorityDraft};
use kpss_store::plan::{self, Item, PlanTree};

use super::form::{
    Field, Gate, Spec, checked, field, form_version, gated, invalid, render, spec_page, submit,
};
use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::form::FormData;
use crate::{AppState, Error};

fn part_form(_: &PlanTree) -> Spec {
    Spec {
        title: "Úprava části plánu".into(),
        fields: vec![
            field("code", "Kód části", true, "velká písmena, např. SEN"),
            field("name", "Název části", true, ""),
            // The tenant's groups are filled in by `with_groups`.
            field(
                "work_group",
                "Pracovní skupina",
                false,
                "skupina, která část plánuje a hodnotí; její manažer má k části práva",
            ),
        ],
        submit: "Uložit část",
        done: "Část plánu byla uložena.",
    }
}

fn priority_form(_: &PlanTree) -> Spec {
    Spec {
        title: "Úprava priority".into(),
        fields: vec![
            field("code", "Kód priority", true, "např. P1"),
            field("name", "Název priority", true, ""),
        ],
        submit: "Uložit prioritu",
        done: "Priorita byla uložena.",
    }
}

fn goal_form(tree: &PlanTree) -> Spec {
    Spec {
        title: "Úprava cíle".into(),
        fields: vec![
            Field {
                options: super::structure::priority_options(tree),
                ..field("priority", "Priorita", false, "")
            },
            field("code", "Kód cíle", true, "např. SEN 1"),
            Field {
                long: true,
                ..field("text", "Znění cíle", true, "")
            },
        ],
        submit: "Uložit cíl",
        done: "Cíl byl uložen.",
    }
}

fn measure_form(_: &PlanTree) -> Spec {
    Spec {
        title: "Úprava opatření".into(),
        fields: vec![
            field("code", "Kód opatření", true, "v plánu jedinečný"),
            Field {
                long: true,
                ..field("text", "Znění opatření", true, "")
            },
            Field {
                long: true,
                ..field("rationale", "Zdůvodnění", false, "")
            },
            field("responsible", "Odpovědnost", false, ""),
            Field {
                long: true,
                ..field("partners", "Partneři", false, "")
            },
            field("timing", "Termín", false, ""),
        ],
        submit: "Uložit opatření",
        done: "Opatření bylo uloženo.",
    }
}

fn pairs(values: &[(&str, &str)]) -> FormData {
    FormData(
        values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

/// The item's current values, or 404 when the plan has no such item.
fn current(tree: &PlanTree, item: Item) -> Result<FormData, Error> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let goals = || tree.parts.iter().flat_map(|p| &p.goals);
    match item {
        Item::Part(id) => tree.parts.iter().find(|p| p.id == id).map(|p| {
            let group = p.work_group.map(|g| g.to_string()).unwrap_or_default();
            pairs(&[
                ("code", &p.draft.code),
                ("name", &p.draft.name),
                ("work_group", &group),
                ("version", &p.version.to_string()),
            ])
        }),
        Item::Priority(id) => tree
            .parts
            .iter()
            .flat_map(|p| &p.priorities)
            .find(|r| r.id == id)
            .map(|r| {
                pairs(&[
                    ("code", &r.draft.code),
                    ("name", &r.draft.name),
                    ("version", &r.version.to_string()),
                ])
            }),
        Item::Goal(id) => goals().find(|g| g.id == id).map(|g| {
            let priority = g.priority_id.map(|p| p.to_string()).unwrap_or_default();
            pairs(&[
                ("code", &g.draft.code),
                ("text", &g.draft.text),
                ("priority", &priority),
                ("version", &g.version.to_string()),
            ])
        }),
        Item::Measure(id) => goals()
            .flat_map(|g| &g.measures)
            .find(|m| m.id == id)
            .map(|m| {
                let d = &m.draft;
                pairs(&[
                    ("code", &d.code),
                    ("text", &d.text),
                    ("rationale", &opt(&d.rationale)),
                    ("responsible", &opt(&d.responsible)),
                    ("partners", &opt(&d.partners)),
                    ("timing", &opt(&d.timing)),
                    ("version", &m.version.to_string()),
                ])
            }),
    }
    .ok_or(Error::NotFound)
}

fn item(kind: &str, id: &str) -> Result<Item, Error> {
    let id = parse_id(id)?;
    match kind {
        "casti" => Ok(Item::Part(id)),
        "priority" => Ok(Item::Priority(id)),
        "cile" => Ok(Item::Goal(id)),
        "opatreni" => Ok(Item::Measure(id)),
        _ => Err(Error::NotFound),
    }
}

/// Who may change or remove an item: the writers of its part for a goal or a measure, the
/// coordinator for a part or a priority.
pub(super) async fn item_gate(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    item: Item,
) -> Result<Gate, Error> {
    if matches!(item, Item::Part(_) | Item::Priority(_)) {
        return Ok(Gate::Coordinator);
    }
    let tree = super::visible_plan(ctx, state, id).await?;
    let part = tree
        .parts
        .iter()
        .find(|p| match item {
            Item::Goal(g) => p.goals.iter().any(|x| x.id == g),
            Item::Measure(m) => p.measures().any(|x| x.id == m),
            Item::Part(_) | Item::Priority(_) => false,
        })
        .ok_or(Error::NotFound)?;
    Ok(Gate::Part(part.id))
}

fn spec_of(item: Item) -> fn(&PlanTree) -> Spec {
    match item {
        Item::Part(_) => part_form,
        Item::Priority(_) => priority_form,
        Item::Goal(_) => goal_form,
        Item::Measure(_) => measure_form,
    }
}

/// The item's form, titled with the item's stored code: a plan has many goals to edit.
fn titled_spec(item: Item) -> impl Fn(&PlanTree) -> Spec {
    move |tree| {
        let mut spec = spec_of(item)(tree);
        if let Ok(stored) = current(tree, item) {
            spec.title = format!("{} {}", spec.title, stored.get("code"));
        }
        spec
    }
}

/// The spec with the tenant's groups offered where a part's group is chosen.
async fn with_groups<F: Fn(&PlanTree) -> Spec>(
    state: &AppState,
    tenant: i32,
    spec: F,
) -> Result<impl Fn(&PlanTree) -> Spec + use<F>, Error> {
    let groups: Vec<(String, String)> = kpss_store::work_group::work_groups(&state.store, tenant)
        .await?
        .into_iter()
        .filter(|g| g.draft.kind != kpss_domain::work_group::GroupKind::Steering)
        .map(|g| (g.id.to_string(), g.draft.title()))
        .collect();
    Ok(move |tree: &PlanTree| {
        let mut spec = spec(tree);
        for f in spec.fields.iter_mut().filter(|f| f.name == "work_group") {
            f.options = std::iter::once((String::new(), "– žádná –".to_owned()))
                .chain(groups.iter().cloned())
                .collect();
        }
        spec
    })
}

/// `GET /plany/{id}/{casti|cile|opatreni}/{item}/upravit`
pub async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, kind, item_id)): Path<(String, String, String)>,
) -> Result<Response, Error> {
    let item = item(&kind, &item_id)?;
    let gate = item_gate(&ctx, &state, &id, item).await?;
    let (tree, _) = gated(&ctx, &state, &id, gate).await?;
    let data = current(&tree, item)?;
    let spec = with_groups(&state, ctx.tenant.id, titled_spec(item)).await?;
    render(spec_page(&ctx, &tree, spec(&tree), &data), StatusCode::OK)
}

/// `POST /plany/{id}/{casti|cile|opatreni}/{item}/upravit`
pub async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, kind, item_id)): Path<(String, String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let item = item(&kind, &item_id)?;
    let spec = with_groups(&state, ctx.tenant.id, titled_spec(item)).await?;
    let gate = item_gate(&ctx, &state, &id, item).await?;
    submit(
        ctx,
        &state,
        (&id, gate),
        data,
        spec,
        async |actor, tree, data| {
            current(tree, item).map_err(|_| kpss_store::Error::NotFound)?;
            let tenant = tree.plan.tenant_id;
            let version = form_version(data)?;
            match item {
                Item::Part(part) => {
                    let draft =
                        PartDraft::parse(data.get("code"), data.get("name")).map_err(invalid)?;
                    let group = match data.get("work_group") {
                        "" => None,
                        raw => Some(raw.parse::<i32>().map_err(|_| {
                            invalid(kpss_domain::FieldErrors(vec![(
                                "work_group".into(),
                                kpss_domain::FieldError::UnknownValue,
                            )]))
                        })?),
                    };
                    let key = (part, version, group);
                    plan::update_part(&state.store, tenant, actor, key, &draft).await
                }
                Item::Priority(priority) => {
                    let draft = PriorityDraft::parse(data.get("code"), data.get("name"))
                        .map_err(invalid)?;
                    plan::update_priority(&state.store, tenant, actor, (priority, version), &draft)
                        .await
                }
                Item::Goal(goal) => {
                    let draft =
                        GoalDraft::parse(data.get("code"), data.get("text")).map_err(invalid)?;
                    let priority = super::structure::chosen_priority(data)?;
                    let key = (goal, version, priority);
                    plan::update_goal(&state.store, tenant, actor, key, &draft).await
                }
                Item::Measure(measure) => {
                    let draft = MeasureDraft::parse(
                        data.get("code"),
                        data.get("text"),
                        data.get("rationale"),
                        data.get("responsible"),
                        data.get("partners"),
                        data.get("timing"),
                    )
                    .map_err(invalid)?;
                    plan::update_measure(&state.store, tenant, actor, (measure, version), &draft)
                        .await
                }
            }
        },
    )
    .await
}

/// `GET /plany/{id}/{casti|priority|cile|opatreni}/{item}/smazat` – what removing the item
/// takes with it, before it is done.
pub async fn confirm_remove(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, kind, item_id)): Path<(String, String, String)>,
) -> Result<Html<String>, Error> {
    let item = item(&kind, &item_id)?;
    let gate = item_gate(&ctx, &state, &id, item).await?;
    let (tree, _) = gated(&ctx, &state, &id, gate).await?;
    let values = current(&tree, item)?;
    if tree.plan.status != PlanStatus::Draft {
        return Err(Error::Conflict(crate::messages::NOT_EDITABLE.into()));
    }
    let code = values.get("code");
    let (title, consequence) = match item {
        Item::Part(_) => (
            format!("Odebrat část {code} – {}?", values.get("name")),
            "Odebere se i se všemi svými prioritami, cíli, opatřeními a jejich financováním.",
        ),
        Item::Priority(_) => (
            format!("Odebrat prioritu {code}?"),
            "Odebere se jen priorita; její cíle zůstanou v části plánu bez priority.",
        ),
        Item::Goal(_) => (
            format!("Odebrat cíl {code}?"),
            "Odebere se i se svými opatřeními a jejich financováním.",
        ),
        Item::Measure(_) => (
            format!("Odebrat opatření {code}?"),
            "Odebere se i s indikátory a plánovaným financováním.",
        ),
    };
    crate::confirm::page(
        &ctx,
        crate::confirm::Confirmation {
            title,
            consequences: vec![consequence.into()],
            irreversible:
                "Odebrané položky nelze obnovit; do návrhu by je bylo třeba zapsat znovu.".into(),
            action: format!("/plany/{}/{kind}/{item_id}/smazat", tree.plan.id),
            fields: Vec::new(),
            confirm: "Ano, odebrat",
            back: (format!("/plany/{}", tree.plan.id), tree.plan.title.clone()),
        },
    )
}

/// `POST /plany/{id}/{casti|cile|opatreni}/{item}/smazat` – removes the item with everything
/// under it.
pub async fn remove(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, kind, item_id)): Path<(String, String, String)>,
    data: FormData,
) -> Result<Response, Error> {
    let item = item(&kind, &item_id)?;
    let gate = item_gate(&ctx, &state, &id, item).await?;
    let (tree, actor) = checked(&ctx, &state, (&id, gate), &data).await?;
    current(&tree, item)?;
    let ask = format!("/plany/{}/{kind}/{item_id}/smazat", tree.plan.id);
    if let Some(ask) = crate::confirm::required(&data, &ask) {
        return Ok(ask);
    }
    plan::remove(&state.store, tree.plan.tenant_id, &actor, item).await?;
    let text = match item {
        Item::Part(_) => "Část plánu byla odstraněna i se vším, co pod ní bylo.",
        Item::Priority(_) => "Priorita byla odstraněna i se vším, co pod ní bylo.",
        Item::Goal(_) => "Cíl byl odstraněn i s jeho opatřeními.",
        Item::Measure(_) => "Opatření bylo odstraněno.",
    };
    crate::flash::redirect(&ctx.session, &format!("/plany/{}", tree.plan.id), text).await
}
