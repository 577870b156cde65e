//! The coordinator's editor of the plain-language version: a text per plan, part and goal,
//! each with its readability hint (sentence length, long words) and the numbers the leaflet
//! fills in beside it.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kpss_domain::FieldErrors;
use kpss_domain::plan::plain::{Readability, Section, parse_text};
use kpss_store::plan::PlanTree;

use super::PlanView;
use super::form::own_plan;
use crate::auth::{Ctx, Layout};
use crate::form::{FormData, FormView, rejection, version};
use crate::publication::plain::{goal_numbers, part_numbers, plan_numbers};
use crate::{AppState, Error};

/// One text of the editor.
struct SectionView {
    key: String,
    label: String,
    /// Heading level of the section: the plan 2, a part 2, a goal 3.
    level: u8,
    /// The readability of what the field holds now; none while empty.
    hint: Option<String>,
    plain: bool,
    /// What the leaflet prints beside the text.
    numbers: String,
}

#[derive(Template)]
#[template(path = "plan/plain.html")]
struct EditorPage {
    layout: Layout,
    plan: PlanView,
    form: FormView,
    notice: Option<&'static str>,
    sections: Vec<SectionView>,
}

/// Every section of the plan in reading order, with its label and numbers.
fn sections(tree: &PlanTree) -> Vec<(Section, String, u8, String)> {
    let mut out = vec![(
        Section::Plan,
        "Úvod – o čem plán je".to_owned(),
        2,
        plan_numbers(tree),
    )];
    for part in &tree.parts {
        out.push((
            Section::Part(part.id),
            format!("Část {} – {}", part.draft.code, part.draft.name),
            2,
            part_numbers(part, tree),
        ));
        for goal in &part.goals {
            let numbers = goal_numbers(goal, tree.plan.period)
                .into_iter()
                .map(|(label, value)| format!("{label}: {value}"))
                .collect::<Vec<_>>()
                .join(". ");
            out.push((
                Section::Goal(goal.id),
                format!("Cíl {}: {}", goal.draft.code, goal.draft.text),
                3,
                numbers,
            ));
        }
    }
    out
}

fn page(ctx: &Ctx, tree: &PlanTree, form: FormView, notice: Option<&'static str>) -> EditorPage {
    let sections = sections(tree)
        .into_iter()
        .map(|(section, label, level, numbers)| {
            let key = section.key();
            let readability = Readability::of(form.value(&key));
            SectionView {
                hint: readability.hint(),
                plain: readability.is_plain(),
                key,
                label,
                level,
                numbers,
            }
        })
        .collect();
    EditorPage {
        layout: ctx.layout(),
        plan: PlanView::new(&tree.plan),
        form,
        notice,
        sections,
    }
}

/// `GET /plany/{id}/srozumitelna-verze/upravit`
pub(super) async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let tree = own_plan(&ctx, &state, &id).await?;
    let stored = kpss_store::plan::plain::texts(&state.store, ctx.tenant.id, tree.plan.id).await?;
    let mut data = vec![("version".to_owned(), stored.version.to_string())];
    data.extend(stored.texts);
    let form = FormView::new(ctx.csrf.clone(), &FormData(data));
    Ok(Html(page(&ctx, &tree, form, None).render()?))
}

/// `POST /plany/{id}/srozumitelna-verze/upravit` – saves every text at once.
pub(super) async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tree = own_plan(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let mut errors = FieldErrors::default();
    let mut texts = BTreeMap::new();
    for (section, ..) in sections(&tree) {
        let key = section.key();
        match parse_text(data.get(&key)) {
            Ok(Some(text)) => {
                texts.insert(key, text);
            }
            Ok(None) => {}
            Err(e) => errors.0.push((key, e)),
        }
    }
    let saved = if errors.0.is_empty() {
        kpss_store::plan::plain::save(
            &state.store,
            ctx.tenant.id,
            &actor,
            tree.plan.id,
            version(&data)?,
            &texts,
        )
        .await
    } else {
        Err(kpss_store::Error::Invalid(errors))
    };
    match saved {
        Ok(()) => {
            let to = format!("/plany/{}/srozumitelna-verze/upravit", tree.plan.id);
            crate::flash::redirect(&ctx.session, &to, "Srozumitelná verze byla uložena.").await
        }
        Err(err) => {
            let (status, mut form, notice) = rejection(&ctx, &data, err)?;
            // The error summary names each text by its section, not by a generic field.
            let labels = sections(&tree);
            for (field, label, _) in &mut form.errors {
                if let Some((.., l, _, _)) = labels.iter().find(|(s, ..)| s.key() == *field) {
                    label.clone_from(l);
                }
            }
            Ok((status, Html(page(&ctx, &tree, form, notice).render()?)).into_response())
        }
    }
}
