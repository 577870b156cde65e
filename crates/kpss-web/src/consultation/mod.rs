//! Připomínkové řízení on the web: the consulted draft section by section with its public
//! comment form (`public`), the settlement table (`settlement`), and for staff the queue and the
//! comments of other channels (`staff`) and a comment's moderation and settlement (`comment`).

mod comment;
mod public;
mod settlement;
mod staff;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::consultation::Section;
use kpss_domain::plan::PlanStatus;
use kpss_store::consultation::{self as store, Comment, Consultation, Subject};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/pripominkovani/{id}", get(public::overview))
        .route("/pripominkovani/{id}/vyporadani", get(settlement::table))
        .route(
            "/pripominkovani/{id}/vyporadani.xlsx",
            get(settlement::table_xlsx),
        )
        .route(
            "/pripominkovani/{id}/vyporadani.pdf",
            get(settlement::table_pdf),
        )
        .route("/pripominkovani/{id}/sprava", get(staff::queue))
        .route(
            "/pripominkovani/{id}/nova",
            get(staff::entry_form).post(staff::enter),
        )
        .route(
            "/pripominkovani/{id}/{section}",
            get(public::section).post(public::send),
        )
        .route("/pripominky/{id}", get(comment::comment))
        .route("/pripominky/{id}/moderace", post(comment::moderate))
        .route("/pripominky/{id}/vyporadani", post(comment::settle))
        .route(
            "/pripominky/{id}/sken",
            get(comment::download_scan)
                .post(comment::attach_scan)
                .layer(comment::scan_limit()),
        )
}

/// A link: its text and its address.
pub(crate) type Link = (String, String);

/// A consultation with the draft or the document it consults.
pub(crate) struct Consulted {
    pub consultation: Consultation,
    pub subject: Subject,
}

impl Consulted {
    /// The consulted plan's or document's title.
    pub fn title(&self) -> &str {
        self.subject.title()
    }

    /// „návrhu“ of a plan, „dokumentu“ of a library document: what pages call the subject.
    pub fn noun(&self) -> &'static str {
        match self.subject {
            Subject::Plan(_) => "návrhu",
            Subject::Document { .. } => "dokumentu",
        }
    }

    /// Whether its settlement table is final: the plan was approved (or archived since).
    pub fn is_final(&self) -> bool {
        self.subject
            .tree()
            .is_some_and(|t| matches!(t.plan.status, PlanStatus::Approved | PlanStatus::Archived))
    }

    /// The consulted document's version put to comments and the settled one, when newer:
    /// (label, address) each.
    pub fn document_versions(&self) -> Option<(Link, Option<Link>)> {
        let Subject::Document { document, .. } = &self.subject else {
            return None;
        };
        let link = |f: &kpss_store::document::FileInfo| {
            (
                format!("verze {} ({})", f.number, f.name),
                crate::document::file_href(document.id, f),
            )
        };
        let (put, newest) = self.subject.document_versions()?;
        Some((link(put), newest.map(link)))
    }

    /// Whether it takes comments online today.
    pub fn is_open(&self) -> bool {
        self.consultation
            .period
            .is_open(kpss_domain::czech::today())
    }

    /// „1. 10. 2026 – 31. 10. 2026“.
    pub fn period(&self) -> String {
        let p = &self.consultation.period;
        format!(
            "{} – {}",
            kpss_domain::czech::format_date(p.opens_on),
            kpss_domain::czech::format_date(p.closes_on)
        )
    }

    /// What a section is called, with its code; one removed from the draft since says so.
    pub fn label(&self, section: Section) -> String {
        let tree = match &self.subject {
            Subject::Plan(tree) => tree,
            Subject::Document { document, .. } => {
                return format!("Celý dokument: {}", document.draft.title);
            }
        };
        let found = match section {
            Section::Document => None,
            Section::Plan => Some(format!("Celý plán: {}", tree.plan.title)),
            Section::Part(id) => tree
                .parts
                .iter()
                .find(|p| p.id == id)
                .map(|p| format!("Část {} – {}", p.draft.code, p.draft.name)),
            Section::Goal(id) => tree
                .parts
                .iter()
                .flat_map(|p| &p.goals)
                .find(|g| g.id == id)
                .map(|g| format!("Cíl {} – {}", g.draft.code, g.draft.text)),
            Section::Measure(id) => tree
                .measures()
                .find(|m| m.id == id)
                .map(|m| format!("Opatření {} – {}", m.draft.code, m.draft.text)),
        };
        found.unwrap_or_else(|| "část návrhu, která už v něm není".to_owned())
    }

    /// Every section one may comment on, in the draft's order: (section, depth, label).
    pub fn sections(&self) -> Vec<(Section, usize, String)> {
        let Some(tree) = self.subject.tree() else {
            return vec![(Section::Document, 0, self.label(Section::Document))];
        };
        let mut out = vec![(Section::Plan, 0, self.label(Section::Plan))];
        for part in &tree.parts {
            out.push((
                Section::Part(part.id),
                0,
                self.label(Section::Part(part.id)),
            ));
            for goal in &part.goals {
                out.push((
                    Section::Goal(goal.id),
                    1,
                    self.label(Section::Goal(goal.id)),
                ));
                for m in &goal.measures {
                    out.push((
                        Section::Measure(m.id),
                        2,
                        self.label(Section::Measure(m.id)),
                    ));
                }
            }
        }
        out
    }
}

/// The tenant's consultation `id` with its draft; anyone may read it, through the whole
/// consultation and after it.
async fn consulted(ctx: &Ctx, state: &AppState, id: &str) -> Result<Consulted, Error> {
    consulted_by_id(ctx, state, parse_id(id)?).await
}

/// Like [`consulted`], by the consultation's id.
async fn consulted_by_id(ctx: &Ctx, state: &AppState, id: i32) -> Result<Consulted, Error> {
    let consultation = store::consultation(&state.store, ctx.tenant.id, id).await?;
    let subject = store::subject(&state.store, ctx.tenant.id, &consultation).await?;
    Ok(Consulted {
        consultation,
        subject,
    })
}

/// A comment as lists show it to the public.
pub(crate) struct CommentRow {
    pub number: usize,
    pub section: String,
    pub section_code: String,
    pub received: String,
    pub channel: &'static str,
    /// „Jana Nová, Charita Ostrava“, or „anonymně“.
    pub author: String,
    pub text: String,
    pub decision: Option<&'static str>,
    pub reasoning: String,
    /// The change of the draft the comment caused, in words.
    pub change: Option<String>,
}

/// A logged change of the draft in words: „úprava opatření 14. 10. 2026 9:05: … (dříve …)“.
pub(crate) fn change_words(e: &kpss_store::audit::Entry) -> String {
    // A new version of a document is logged as (number, file name, size in bytes).
    if e.action == "add_version"
        && let Some((number, name, size)) = e
            .after
            .as_deref()
            .and_then(|a| serde_json::from_str::<(i32, String, usize)>(a).ok())
    {
        return format!(
            "{} {}: verze {number} ({name}, {})",
            crate::plan::writing::what(&e.action),
            crate::plan::writing::stamp(e.at),
            crate::upload::size(size)
        );
    }
    let after = crate::plan::writing::words(e.after.as_deref());
    let before = crate::plan::writing::words(e.before.as_deref());
    let mut text = format!(
        "{} {}: {}",
        crate::plan::writing::what(&e.action),
        crate::plan::writing::stamp(e.at),
        if after.is_empty() {
            "odebráno"
        } else {
            &after
        }
    );
    if !before.is_empty() {
        text.push_str(&format!(" (dříve: {before})"));
    }
    text
}

/// The changes these comments link, in words, by the log entry's id.
async fn linked_changes(
    state: &AppState,
    tenant: i32,
    comments: &[(usize, &Comment)],
) -> Result<std::collections::HashMap<i32, String>, Error> {
    let ids: Vec<i32> = comments.iter().filter_map(|(_, c)| c.change).collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(kpss_store::audit::by_ids(&state.store, tenant, &ids)
        .await?
        .iter()
        .map(|e| (e.id, change_words(e)))
        .collect())
}

/// The rows of these numbered comments, with the changes they caused.
fn rows(
    consulted: &Consulted,
    comments: &[(usize, &Comment)],
    changes: &std::collections::HashMap<i32, String>,
) -> Vec<CommentRow> {
    comments
        .iter()
        .map(|(number, c)| {
            let author: Vec<&str> = [c.draft.name.as_deref(), c.draft.organisation.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            CommentRow {
                number: *number,
                section: consulted.label(c.section),
                section_code: c.section.code(),
                received: kpss_domain::czech::format_date(c.received_on),
                channel: c.channel.name(),
                author: if author.is_empty() {
                    "anonymně".to_owned()
                } else {
                    author.join(", ")
                },
                text: c.draft.text.clone(),
                decision: c.settlement.as_ref().map(|s| s.decision.name()),
                reasoning: c
                    .settlement
                    .as_ref()
                    .map(|s| s.reasoning.clone())
                    .unwrap_or_default(),
                change: c.change.and_then(|id| changes.get(&id).cloned()),
            }
        })
        .collect()
}

/// The published comments, numbered in the order they came: their numbers in the
/// settlement table.
fn published(comments: &[Comment]) -> Vec<(usize, &Comment)> {
    comments
        .iter()
        .filter(|c| c.moderation.is_public())
        .enumerate()
        .map(|(i, c)| (i + 1, c))
        .collect()
}
