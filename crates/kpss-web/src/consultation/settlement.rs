//! `/pripominkovani/{id}/vyporadani` (and `.xlsx`, `.pdf`): the settlement table (vypořádání
//! připomínek) – every published comment with its decision and reasoning, and the counts by
//! channel, by part of the draft and by decision.

use std::collections::BTreeMap;

use kpss_domain::consultation::{Counted, Counts};

use super::*;

/// What the table shows, in every format.
struct Table {
    rows: Vec<CommentRow>,
    total: usize,
    /// (what, how many) by channel, by part of the draft and by decision.
    by_channel: Vec<(String, usize)>,
    by_part: Vec<(String, usize)>,
    by_decision: Vec<(String, usize)>,
}

#[derive(Template)]
#[template(path = "consultation/settlement.html")]
struct TablePage {
    layout: Layout,
    c: Consulted,
    t: Table,
}

/// The part of the draft a section lies in, for the counts, with its place in the draft's
/// order: (0, „celý plán“), (n, „SEN – Senioři“), or (0, „celý dokument“).
fn part_of(c: &Consulted, section: Section) -> (usize, String) {
    let Some(tree) = c.subject.tree() else {
        return (0, "celý dokument".to_owned());
    };
    match store::locate(tree, section) {
        Some(None) => (0, "celý plán".to_owned()),
        Some(Some(p)) => (
            1 + tree.parts.iter().position(|q| q.id == p.id).unwrap_or(0),
            p.label(),
        ),
        None => (usize::MAX, "části, které už v návrhu nejsou".to_owned()),
    }
}

async fn table_of(ctx: &Ctx, state: &AppState, id: &str) -> Result<(Consulted, Table), Error> {
    let c = consulted(ctx, state, id).await?;
    let comments = store::comments(&state.store, ctx.tenant.id, c.consultation.id).await?;
    let numbered = published(&comments);
    let counts = Counts::of(
        &numbered
            .iter()
            .map(|(_, comment)| Counted {
                channel: comment.channel,
                moderation: comment.moderation,
                decision: comment.settlement.as_ref().map(|s| s.decision),
            })
            .collect::<Vec<_>>(),
    );
    // In the draft's order: the whole plan, its parts, then what is no longer in it.
    let mut by_part: BTreeMap<usize, (String, usize)> = BTreeMap::new();
    for (_, comment) in &numbered {
        let (at, name) = part_of(&c, comment.section);
        by_part.entry(at).or_insert_with(|| (name, 0)).1 += 1;
    }
    let changes = linked_changes(state, ctx.tenant.id, &numbered).await?;
    let table = Table {
        rows: rows(&c, &numbered, &changes),
        total: counts.total,
        by_channel: counts
            .by_channel
            .iter()
            .map(|(ch, n)| (ch.name().to_owned(), *n))
            .collect(),
        by_part: by_part.into_values().collect(),
        by_decision: counts
            .by_decision
            .iter()
            .map(|(d, n)| (d.map_or(UNSETTLED, |d| d.name()).to_owned(), *n))
            .collect(),
    };
    Ok((c, table))
}

/// What an unsettled comment's decision says.
const UNSETTLED: &str = "čeká na vypořádání";

pub(super) async fn table(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (c, t) = table_of(&ctx, &state, &id).await?;
    Ok(Html(
        TablePage {
            layout: ctx.layout(),
            c,
            t,
        }
        .render()?,
    ))
}

/// The table as the documents print it.
fn view(c: &Consulted, t: Table) -> kpss_docs::settlement::SettlementView {
    kpss_docs::settlement::SettlementView {
        title: format!("Vypořádání připomínek k {} „{}“", c.noun(), c.title()),
        subtitle: format!("Připomínkové řízení {}", c.period()),
        total: t.total,
        total_text: kpss_domain::czech::count(t.total, "připomínka", "připomínky", "připomínek"),
        by_channel: t.by_channel,
        by_part: t.by_part,
        by_decision: t.by_decision,
        rows: t
            .rows
            .into_iter()
            .map(|r| kpss_docs::settlement::SettlementRow {
                number: r.number,
                section: r.section,
                received: format!("{}, {}", r.received, r.channel),
                author: r.author,
                text: r.text,
                decision: r.decision.unwrap_or(UNSETTLED).to_owned(),
                reasoning: match r.change {
                    Some(change) => format!("{} Změna v návrhu: {change}", r.reasoning),
                    None => r.reasoning,
                },
            })
            .collect(),
    }
}

/// How a document is made from the table: the maker, its media type and its extension.
type Format = (
    fn(&kpss_docs::settlement::SettlementView) -> Result<Vec<u8>, kpss_docs::Error>,
    &'static str,
    &'static str,
);

/// `…/vyporadani.xlsx` and `…/vyporadani.pdf`.
async fn document(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    (make, content_type, extension): Format,
) -> Result<Response, Error> {
    let (c, t) = table_of(ctx, state, id).await?;
    let view = view(&c, t);
    let bytes = tokio::task::spawn_blocking(move || make(&view))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    let file = format!(
        "vyporadani-pripominek-{}.{extension}",
        c.consultation.period.opens_on.year()
    );
    Ok(crate::report::download(bytes, content_type, file))
}

pub(super) async fn table_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let format: Format = (kpss_docs::settlement::xlsx, crate::report::XLSX, "xlsx");
    document(&ctx, &state, &id, format).await
}

pub(super) async fn table_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let format: Format = (kpss_docs::settlement::pdf, "application/pdf", "pdf");
    document(&ctx, &state, &id, format).await
}
