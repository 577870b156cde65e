//! The documents kpss makes from its data, listed on „Dokumenty“ beside the library: for every
//! plan out of draft the plan itself and its summary report, for every action plan of it the
//! action plan, its evaluation and the combined evaluation with the year before, and for every
//! consultation its settlement table – each with its page and downloads.

use kpss_domain::document::{DocumentKind, DocumentQuery};
use kpss_domain::plan::PlanStatus;
use kpss_store::tenant::ListKind;

use super::*;

/// A generated document: its title, kind, plan and year, and its forms (label, address).
pub(crate) struct Generated {
    pub title: String,
    pub kind: DocumentKind,
    /// The plan it belongs to; none for a document's consultation.
    pub plan: Option<i32>,
    pub year: i32,
    pub links: Vec<(&'static str, String)>,
}

impl Generated {
    fn new(
        title: String,
        kind: DocumentKind,
        (plan, year): (Option<i32>, i32),
        href: &str,
    ) -> Self {
        Self {
            title,
            kind,
            plan,
            year,
            links: vec![
                ("stránka", href.to_owned()),
                ("PDF", format!("{href}.pdf")),
                ("XLSX", format!("{href}.xlsx")),
            ],
        }
    }

    /// A publication: its page and its PDF.
    fn publication(
        title: String,
        kind: DocumentKind,
        (plan, year): (Option<i32>, i32),
        href: &str,
    ) -> Self {
        Self {
            title,
            kind,
            plan,
            year,
            links: vec![("stránka", href.to_owned()), ("PDF", format!("{href}.pdf"))],
        }
    }

    /// Whether the list asked for it; generated documents belong to no working group.
    fn asked(&self, query: &DocumentQuery) -> bool {
        query.kind.is_none_or(|k| k == self.kind)
            && query.plan.is_none_or(|p| self.plan == Some(p))
            && query.group.is_none()
            && query.year.is_none_or(|y| y == self.year)
            && kpss_domain::listing::matches(&query.text, &[&self.title])
    }
}

/// The generated documents the public may read, as the query narrows them.
pub(crate) async fn documents(
    ctx: &Ctx,
    state: &AppState,
    query: &DocumentQuery,
) -> Result<Vec<Generated>, Error> {
    let plans = kpss_store::plan::plans(&state.store, ctx.tenant.id, true).await?;
    let mut out = Vec::new();
    for plan in plans.iter().filter(|p| p.status != PlanStatus::Draft) {
        out.push(Generated::publication(
            plan.title.clone(),
            DocumentKind::Plan,
            (Some(plan.id), plan.period.from),
            &format!("/plany/{}/dokument", plan.id),
        ));
        let plain = kpss_store::plan::plain::texts(&state.store, ctx.tenant.id, plan.id).await?;
        if !plain.texts.is_empty() {
            out.push(Generated::publication(
                format!("{} – srozumitelně", plan.title),
                DocumentKind::Guide,
                (Some(plan.id), plan.period.from),
                &format!("/plany/{}/srozumitelna-verze", plan.id),
            ));
        }
        if plan.status == PlanStatus::Approved {
            out.push(Generated::new(
                format!("Souhrnná zpráva o plnění – {}", plan.title),
                DocumentKind::Report,
                (Some(plan.id), plan.period.to),
                &format!("/plany/{}/souhrnna-zprava", plan.id),
            ));
        }
        let action_plans =
            kpss_store::action_plan::action_plans(&state.store, ctx.tenant.id, plan.id).await?;
        for ap in &action_plans {
            out.push(Generated::publication(
                format!("Akční plán – karty aktivit na rok {}", ap.year),
                DocumentKind::Plan,
                (Some(plan.id), ap.year),
                &format!("/akcni-plany/{}/dokument", ap.id),
            ));
            if action_plans.iter().any(|a| a.year == ap.year - 1) {
                out.push(Generated::publication(
                    format!("Vyhodnocení AP {} a AP {}", ap.year - 1, ap.year),
                    DocumentKind::Report,
                    (Some(plan.id), ap.year),
                    &format!("/akcni-plany/{}/vyhodnoceni-dvou-let", ap.id),
                ));
            }
            out.push(Generated::new(
                format!("Vyhodnocení akčního plánu {}", ap.year),
                DocumentKind::Report,
                (Some(plan.id), ap.year),
                &format!("/akcni-plany/{}/zprava", ap.id),
            ));
        }
    }
    let consultations = kpss_store::consultation::all(&state.store, ctx.tenant.id).await?;
    let titles =
        kpss_store::consultation::titles(&state.store, ctx.tenant.id, &consultations).await?;
    for (c, title) in consultations.iter().zip(titles) {
        out.push(Generated::new(
            format!("Vypořádání připomínek – {title}"),
            DocumentKind::Report,
            (c.plan_id, c.period.closes_on.year()),
            &format!("/pripominkovani/{}/vyporadani", c.id),
        ));
    }
    // The catalogue book of this year and the year before, and a guide per target group
    // the catalogue serves.
    let year = kpss_domain::czech::today().year();
    for y in [year, year - 1] {
        out.push(Generated::publication(
            format!("Katalog sociálních služeb a souvisejících aktivit {y}"),
            DocumentKind::Guide,
            (None, y),
            &format!("/katalog/kniha/{y}"),
        ));
    }
    let used = kpss_store::catalogue::used_target_groups(&state.store, ctx.tenant.id).await?;
    for group in kpss_store::tenant::list(&state.store, ctx.tenant.id, ListKind::TargetGroups)
        .await?
        .into_iter()
        .filter(|g| used.contains(&g.code))
    {
        out.push(Generated::publication(
            format!("Kam se obrátit: {} – informační průvodce", group.name),
            DocumentKind::Guide,
            (None, year),
            &format!("/katalog/pruvodce/{}", group.code),
        ));
    }
    out.retain(|g| g.asked(query));
    out.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.title.cmp(&b.title)));
    Ok(out)
}
