//! `/pripominkovani/{id}/vyporadani`: the settlement table (vypořádání připomínek) – every
//! published comment with its decision and reasoning, and the counts by channel, by part of the
//! draft and by decision.

use std::collections::BTreeMap;

use kpss_domain::consultation::{Counted, Counts};

use super::*;

#[derive(Template)]
#[template(path = "consultation/settlement.html")]
struct TablePage {
    layout: Layout,
    c: Consulted,
    rows: Vec<CommentRow>,
    total: usize,
    /// (what, how many) by channel, by part of the draft and by decision.
    by_channel: Vec<(&'static str, usize)>,
    by_part: Vec<(String, usize)>,
    by_decision: Vec<(&'static str, usize)>,
}

/// The part of the draft a section lies in, for the counts: „SEN – Senioři“ or „celý plán“.
fn part_of(c: &Consulted, section: Section) -> String {
    let part = c.tree.parts.iter().find(|p| match section {
        Section::Plan => false,
        Section::Part(id) => p.id == id,
        Section::Goal(id) => p.goals.iter().any(|g| g.id == id),
        Section::Measure(id) => p.measures().any(|m| m.id == id),
    });
    match (section, part) {
        (Section::Plan, _) => "celý plán".to_owned(),
        (_, Some(p)) => format!("{} – {}", p.draft.code, p.draft.name),
        (_, None) => "části, které už v návrhu nejsou".to_owned(),
    }
}

pub(super) async fn table(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let c = consulted(&ctx, &state, &id).await?;
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
    // In the draft's order: by the position of the part's first section.
    let order: Vec<String> = c
        .sections()
        .into_iter()
        .map(|(s, _, _)| part_of(&c, s))
        .collect();
    let mut by_part: BTreeMap<usize, (String, usize)> = BTreeMap::new();
    for (_, comment) in &numbered {
        let part = part_of(&c, comment.section);
        let at = order.iter().position(|p| *p == part).unwrap_or(usize::MAX);
        by_part.entry(at).or_insert((part, 0)).1 += 1;
    }
    let page = TablePage {
        layout: ctx.layout(),
        rows: rows(&c, &numbered),
        total: counts.total,
        by_channel: counts
            .by_channel
            .iter()
            .map(|(ch, n)| (ch.name(), *n))
            .collect(),
        by_part: by_part.into_values().collect(),
        by_decision: counts
            .by_decision
            .iter()
            .map(|(d, n)| (d.map_or("čeká na vypořádání", |d| d.name()), *n))
            .collect(),
        c,
    };
    Ok(Html(page.render()?))
}
