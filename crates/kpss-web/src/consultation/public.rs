//! `/pripominkovani/{id}`: the consulted draft section by section with the number of published
//! comments on each; `/pripominkovani/{id}/{section}`: a section's text, its published comments
//! and settlements, and the form to comment while the consultation is open.

use std::collections::HashMap;

use axum::extract::RawQuery;
use kpss_domain::consultation::{COMMENTS_PER_ADDRESS, CommentDraft, CommentInput};

use super::*;
use crate::auth::ClientAddr;

/// The query of the page a comment leads to: the notice of a session would not reach a
/// visitor who is not logged in.
const THANKS: &str = "odeslano";

/// A section of the draft as the overview lists it.
pub(super) struct SectionRow {
    pub code: String,
    pub depth: usize,
    pub label: String,
    /// „3 připomínky“, or empty.
    pub comments: String,
}

#[derive(Template)]
#[template(path = "consultation/overview.html")]
struct OverviewPage {
    layout: Layout,
    c: Consulted,
    sections: Vec<SectionRow>,
    published: usize,
    /// Staff see the queue.
    may_manage: bool,
}

pub(super) async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let c = consulted(&ctx, &state, &id).await?;
    let per_section: HashMap<Section, usize> =
        store::published_counts(&state.store, ctx.tenant.id, c.consultation.id).await?;
    let sections = c
        .sections()
        .into_iter()
        .map(|(section, depth, label)| SectionRow {
            code: section.code(),
            depth,
            label,
            comments: per_section.get(&section).map_or_else(String::new, |n| {
                kpss_domain::czech::count(*n, "připomínka", "připomínky", "připomínek")
            }),
        })
        .collect();
    let may_manage = ctx.user.as_ref().is_some_and(|u| {
        let a = u.actor();
        a.is_admin() || a.leads_any()
    });
    Ok(Html(
        OverviewPage {
            layout: ctx.layout(),
            published: per_section.values().sum(),
            sections,
            may_manage,
            c,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "consultation/section.html")]
struct SectionPage {
    layout: Layout,
    form: FormView,
    c: Consulted,
    code: String,
    label: String,
    /// The wording of a goal or a measure, its rationale and who answers for it.
    details: Vec<(&'static str, String)>,
    comments: Vec<CommentRow>,
    /// The wording the public commented on, where the item changed since: „“ when it was added
    /// to the draft only after the consultation opened.
    consulted: Option<String>,
    thanks: bool,
    /// Why the comment was not taken, as a whole-form message.
    problem: Option<String>,
}

/// The section `code` of the consulted draft; not found unless it is in it.
fn section_of(c: &Consulted, code: &str) -> Result<Section, Error> {
    let section = Section::parse(code).ok_or(Error::NotFound)?;
    if !c.subject.holds(section) {
        return Err(Error::NotFound);
    }
    Ok(section)
}

/// The wording of a goal or measure in a logged state: its `text`, or every value when it has
/// none; „“ for none at all.
fn consulted_text(logged: Option<&str>) -> String {
    logged
        .and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok())
        .and_then(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .unwrap_or_else(|| crate::plan::writing::words(logged))
}

async fn section_page(
    ctx: &Ctx,
    state: &AppState,
    (c, section): (Consulted, Section),
    form: FormView,
) -> Result<SectionPage, Error> {
    let comments = store::comments(&state.store, ctx.tenant.id, c.consultation.id).await?;
    let numbered: Vec<(usize, &Comment)> = published(&comments)
        .into_iter()
        .filter(|(_, comment)| comment.section == section)
        .collect();
    let mut details = Vec::new();
    if let Section::Measure(id) = section
        && let Some(m) = c
            .subject
            .tree()
            .and_then(|t| t.measures().find(|m| m.id == id))
    {
        let d = &m.draft;
        for (label, value) in [
            ("Zdůvodnění", &d.rationale),
            ("Odpovědnost", &d.responsible),
            ("Partneři", &d.partners),
            ("Termín", &d.timing),
        ] {
            if let Some(v) = value {
                details.push((label, v.clone()));
            }
        }
    }
    let consulted = store::first_change(
        &state.store,
        ctx.tenant.id,
        (&c.consultation, &c.subject),
        section,
    )
    .await?
    .map(|e| consulted_text(e.before.as_deref()));
    Ok(SectionPage {
        layout: ctx.layout(),
        consulted,
        form,
        code: section.code(),
        label: c.label(section),
        details,
        comments: rows(
            &c,
            &numbered,
            &linked_changes(state, ctx.tenant.id, &numbered).await?,
        ),
        thanks: false,
        problem: None,
        c,
    })
}

pub(super) async fn section(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, Error> {
    let c = consulted(&ctx, &state, &id).await?;
    let section = section_of(&c, &code)?;
    // Visitors comment without logging in: their form needs a token of its own.
    let csrf = crate::form::csrf_token(&ctx.session).await?;
    let form = FormView::new(csrf, &FormData::default());
    let mut page = section_page(&ctx, &state, (c, section), form).await?;
    page.thanks = query.as_deref() == Some(THANKS);
    Ok(Html(page.render()?))
}

/// The confirmation to an author who gave an address, quoting the comment.
fn confirmation(
    ctx: &Ctx,
    (c, section, draft): (&Consulted, Section, &CommentDraft),
    url: String,
) -> Result<Option<kpss_domain::mail::MailDraft>, Error> {
    let Some(email) = draft.email.as_deref() else {
        return Ok(None);
    };
    let notice = crate::mail::notice::Notice {
        kind: "pripominka-prijata",
        cause: format!("pripominkovani-{}", c.consultation.id),
        subject: format!("Připomínka k {} „{}“ byla přijata", c.noun(), c.title()),
        lines: vec![
            format!(
                "děkujeme za připomínku k části „{}“. Zveřejní se po kontrole a pracovní \
                 skupina ji vypořádá; vypořádání najdete v tabulce na stránce řízení.",
                c.label(section)
            ),
            format!("Vaše připomínka: {}", draft.text),
        ],
        link: (url, "Stránka připomínkového řízení"),
        tenant: &ctx.tenant.name,
    };
    let name = draft.name.as_deref().unwrap_or_default();
    Ok(Some(notice.to_address(name, email, "autor")?))
}

pub(super) async fn send(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, code)): Path<(String, String)>,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let c = consulted(&ctx, &state, &id).await?;
    let section = section_of(&c, &code)?;
    data.check_csrf(&ctx.session).await?;
    let kept = |data: &FormData| {
        FormData(
            ["remark", "full_name", "organisation", "email", "consent"]
                .iter()
                .map(|f| ((*f).to_owned(), data.get(f).to_owned()))
                .collect(),
        )
    };
    if !data.get(crate::spam::HONEYPOT).is_empty() {
        let form = FormView::new(crate::form::csrf_token(&ctx.session).await?, &kept(&data));
        let mut page = section_page(&ctx, &state, (c, section), form).await?;
        page.problem =
            Some("Připomínku nelze přijmout: bylo vyplněno pole, které má zůstat prázdné.".into());
        let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok((status, Html(page.render()?)).into_response());
    }
    let source = crate::spam::source("kpss-pripominka", &ctx.tenant.slug, &addr);
    if store::recent_from(&state.store, &source).await? >= COMMENTS_PER_ADDRESS {
        let minutes = kpss_domain::consultation::COMMENT_WINDOW_MINUTES;
        return Err(Error::TooManyRequests(
            u64::try_from(minutes * 60).unwrap_or(600),
        ));
    }
    let parsed = CommentDraft::parse(&CommentInput {
        text: data.get("remark"),
        name: data.get("full_name"),
        organisation: data.get("organisation"),
        email: data.get("email"),
        consent: data.get("consent") == "ano",
    });
    let page_url = format!(
        "{}/pripominkovani/{}",
        crate::mail::base_url(&state, &headers),
        c.consultation.id
    );
    let result = match parsed {
        Ok(draft) => {
            let mail = confirmation(&ctx, (&c, section, &draft), page_url)?;
            store::add_online(
                &state.store,
                ctx.tenant.id,
                (c.consultation.id, &source),
                section,
                &draft,
                mail.as_ref(),
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match result {
        Ok(_) => {
            let to = format!(
                "/pripominkovani/{}/{}?{THANKS}",
                c.consultation.id,
                section.code()
            );
            Ok(axum::response::Redirect::to(&to).into_response())
        }
        Err(err) => {
            let (status, mut form, _) = crate::form::rejection(&ctx, &kept(&data), err)?;
            form.csrf = crate::form::csrf_token(&ctx.session).await?;
            let page = section_page(&ctx, &state, (c, section), form).await?;
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
