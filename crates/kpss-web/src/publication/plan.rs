//! The community plan of any version as a document: cover with the council's resolution,
//! introduction, the working structure, SWOT and needs where the cycle has them, every part
//! with its priorities, goals and measures (indicators, expected costs by source and year),
//! and a financial summary.

use std::collections::{BTreeMap, HashMap};

use kpss_docs::publication::{Block, Item, Paper, Publication, Row, Table, by_source_and_year};
use kpss_domain::czech::{count, format_czk, format_date};
use kpss_domain::money::sum;
use kpss_domain::swot::Quadrant;
use kpss_store::plan::{Part, PlanTree};
use kpss_store::tenant::{ListKind, list};

use super::{Made, heading};
use crate::auth::Ctx;
use crate::plan::visible_plan;
use crate::{AppState, Error};

/// The plan `id` as this request may read it.
pub(super) async fn make(ctx: &Ctx, state: &AppState, id: &str, base: &str) -> Result<Made, Error> {
    let tree = visible_plan(ctx, state, id).await?;
    let tenant = tree.plan.tenant_id;
    let sources = super::sources(state, tenant).await?;
    let groups: HashMap<i32, String> = kpss_store::work_group::work_groups(&state.store, tenant)
        .await?
        .into_iter()
        .map(|g| (g.id, g.draft.name))
        .collect();
    let swot = kpss_store::swot::items(&state.store, tenant, tree.plan.id, None).await?;
    let target_groups: HashMap<String, String> = list(&state.store, tenant, ListKind::TargetGroups)
        .await?
        .into_iter()
        .map(|g| (g.code, g.name))
        .collect();
    let needs: Vec<_> = kpss_store::need::needs(&state.store, tenant)
        .await?
        .into_iter()
        .filter(|n| n.draft.plan == Some(tree.plan.id))
        .collect();

    let plan = &tree.plan;
    let mut blocks = vec![heading(1, "Úvod", Some("uvod"))];
    blocks.push(Block::Text {
        text: introduction(&ctx.tenant.name, &tree),
    });

    blocks.extend(structure(&tree, &groups));
    blocks.extend(swot_blocks(&swot, &groups));
    blocks.extend(needs_blocks(&needs, &target_groups));
    let years: Vec<i32> = plan.period.years().collect();
    let mut number = 0;
    for part in &tree.parts {
        part_blocks(
            part,
            &tree,
            base,
            &sources,
            &years,
            &mut number,
            &mut blocks,
        );
    }

    blocks.extend(finance(&tree, &sources, &years));
    Ok(Made {
        tenant,
        crumb: "Dokument".to_owned(),
        publication: Publication {
            title: plan.title.clone(),
            subtitle: format!(
                "{} · období {}–{}",
                ctx.tenant.name, plan.period.from, plan.period.to
            ),
            cover: cover(ctx, plan),
            paper: Paper::A4,
            contents: true,
            new_page: 1,
            blocks,
        },
        back: (format!("/plany/{}", plan.id), plan.title.clone()),
        href: format!("/plany/{}/dokument", plan.id),
        file: format!(
            "komunitni-plan-{}-{}-verze-{}",
            plan.period.from, plan.period.to, plan.version
        ),
    })
}

/// Who prepared the plan: its parts with their working groups and sizes.
fn structure(tree: &PlanTree, groups: &HashMap<i32, String>) -> Vec<Block> {
    let mut blocks = Vec::new();
    blocks.push(heading(1, "Organizační struktura", Some("struktura")));
    blocks.push(Block::Text {
        text: "Plán připravily pracovní skupiny komunitního plánování; každá odpovídá za svou \
               část. Skupiny sdružují zadavatele, poskytovatele a uživatele služeb a veřejnost."
            .to_owned(),
    });
    blocks.push(Block::Table(Table {
        caption: None,
        header: ["Část", "Pracovní skupina", "Priority", "Cíle", "Opatření"]
            .map(String::from)
            .to_vec(),
        rows: tree
            .parts
            .iter()
            .map(|p| {
                Row::new(vec![
                    p.label(),
                    p.work_group
                        .and_then(|g| groups.get(&g).cloned())
                        .unwrap_or_else(|| "–".to_owned()),
                    p.priorities.len().to_string(),
                    p.goals.len().to_string(),
                    p.measures().count().to_string(),
                ])
            })
            .collect(),
        footer: None,
        left: 2,
        widths: vec![2, 2, 0, 0, 0],
    }));

    blocks
}

/// The SWOT of each working group, where the cycle has one.
fn swot_blocks(swot: &[kpss_store::swot::SwotItem], groups: &HashMap<i32, String>) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !swot.is_empty() {
        blocks.push(heading(1, "Analýza SWOT", Some("swot")));
        let mut by_group: BTreeMap<String, Vec<&kpss_store::swot::SwotItem>> = BTreeMap::new();
        for item in swot {
            let name = groups
                .get(&item.group)
                .cloned()
                .unwrap_or_else(|| "Pracovní skupina".to_owned());
            by_group.entry(name).or_default().push(item);
        }
        for (group, items) in by_group {
            blocks.push(heading(2, &group, None));
            let facts = Quadrant::ALL
                .iter()
                .filter_map(|q| {
                    let texts: Vec<&str> = items
                        .iter()
                        .filter(|i| i.draft.quadrant == *q)
                        .map(|i| i.draft.text.as_str())
                        .collect();
                    (!texts.is_empty()).then(|| (q.name().to_owned(), texts.join("; ")))
                })
                .collect();
            blocks.push(Block::Facts { facts });
        }
    }

    blocks
}

/// The needs the plan's cycle found, where there are any.
fn needs_blocks(
    needs: &[kpss_store::need::Need],
    target_groups: &HashMap<String, String>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !needs.is_empty() {
        blocks.push(heading(1, "Zjištěné potřeby", Some("potreby")));
        blocks.push(Block::Table(Table {
            caption: None,
            header: ["Potřeba", "Cílová skupina", "Zdroj", "Počet osob"]
                .map(String::from)
                .to_vec(),
            rows: needs
                .iter()
                .map(|n| {
                    Row::new(vec![
                        n.draft.title.clone(),
                        target_groups
                            .get(&n.draft.target_group)
                            .cloned()
                            .unwrap_or_else(|| n.draft.target_group.clone()),
                        n.draft.source_note.clone().unwrap_or_default(),
                        n.draft
                            .size
                            .map_or_else(String::new, kpss_domain::czech::group_thousands),
                    ])
                })
                .collect(),
            footer: None,
            left: 3,
            widths: vec![3, 2, 2, 0],
        }));
    }

    blocks
}

/// The expected costs by source and year, and by part.
fn finance(tree: &PlanTree, sources: &[(String, String)], years: &[i32]) -> Vec<Block> {
    let mut blocks = Vec::new();
    blocks.push(heading(1, "Finanční souhrn", Some("financni-souhrn")));
    let all: BTreeMap<(String, i32), i64> = amounts(tree.measures().map(|m| &m.funding.costs));
    blocks.push(Block::Note {
        text: "Očekávané náklady opatření podle zdrojů financování a let, v Kč.".to_owned(),
    });
    if let Some(t) = Table::costs(Some("Podle zdrojů".to_owned()), sources, years, &all) {
        blocks.push(Block::Table(t));
    }
    let mut header = vec!["Část".to_owned()];
    header.extend(years.iter().map(ToString::to_string));
    header.push("Celkem".to_owned());
    let per_part: Vec<Vec<i64>> = tree
        .parts
        .iter()
        .map(|p| {
            let a = amounts(p.measures().map(|m| &m.funding.costs));
            years
                .iter()
                .map(|y| sum(a.iter().filter(|((_, yy), _)| yy == y).map(|(_, v)| *v)))
                .collect()
        })
        .collect();
    let line = |label: String, per_year: &[i64], strong: bool| {
        let mut cells = vec![label];
        cells.extend(per_year.iter().map(|a| format_czk(*a)));
        cells.push(format_czk(sum(per_year.iter().copied())));
        if strong {
            Row::strong(cells)
        } else {
            Row::new(cells)
        }
    };
    let totals: Vec<i64> = (0..years.len())
        .map(|i| sum(per_part.iter().map(|p| p[i])))
        .collect();
    blocks.push(Block::Table(Table {
        caption: Some("Podle částí plánu".to_owned()),
        widths: std::iter::once(1)
            .chain(header.iter().skip(1).map(|_| 0))
            .collect(),
        header,
        rows: tree
            .parts
            .iter()
            .zip(&per_part)
            .map(|(p, a)| line(p.label(), a, false))
            .collect(),
        footer: Some(line("Celkem".to_owned(), &totals, true).cells),
        left: 1,
    }));

    blocks
}

/// The cover's lines: the council's resolution or the state of the draft, the version, who
/// publishes it.
fn cover(ctx: &Ctx, plan: &kpss_store::plan::Plan) -> Vec<String> {
    let mut cover = vec![match &plan.resolution {
        Some(r) => format!(
            "Schváleno usnesením č.\u{a0}{} ze dne {} ({}).",
            r.number,
            format_date(r.date),
            r.body
        ),
        None => format!(
            "Stav: {} – dokument dosud nebyl schválen.",
            plan.status.name()
        ),
    }];
    cover.push(format!("Verze {}.", plan.version));
    cover.push(super::publisher(ctx));
    cover
}

/// What the plan is and what it holds, in numbers.
fn introduction(city: &str, tree: &PlanTree) -> String {
    let plan = &tree.plan;
    let priorities: usize = tree.parts.iter().map(|p| p.priorities.len()).sum();
    let goals: usize = tree.parts.iter().map(|p| p.goals.len()).sum();
    let measures = tree.measures().count();
    format!(
        "{title} je střednědobý dokument, kterým {city} na období {from}–{to} stanoví, jak se \
         budou rozvíjet sociální služby a související aktivity. Vznikl metodou komunitního \
         plánování: společně jej připravili zadavatelé, poskytovatelé a uživatelé služeb.\n\n\
         Plán má {parts}, v nich {priorities}, {goals} a {measures}. Ke každému opatření uvádí \
         zdůvodnění, odpovědnost, termín, indikátory s cílovými hodnotami a očekávané náklady \
         podle zdrojů financování. Opatření se každý rok naplňují kartami aktivit akčního plánu; \
         jejich plnění se každoročně vyhodnocuje.",
        title = plan.title,
        from = plan.period.from,
        to = plan.period.to,
        parts = count(tree.parts.len(), "část", "části", "částí"),
        priorities = count(priorities, "prioritu", "priority", "priorit"),
        goals = count(goals, "cíl", "cíle", "cílů"),
        measures = count(measures, "opatření", "opatření", "opatření"),
    )
}

/// (source, year) → amount over some measures' expected costs.
fn amounts<'a>(
    costs: impl Iterator<Item = &'a Vec<(String, i32, i64)>>,
) -> BTreeMap<(String, i32), i64> {
    by_source_and_year(costs.flatten().map(|(s, y, a)| (s.as_str(), *y, *a)))
}

/// A part: its priorities with their goals, goals without a priority, every measure an item.
fn part_blocks(
    part: &Part,
    tree: &PlanTree,
    base: &str,
    sources: &[(String, String)],
    years: &[i32],
    number: &mut usize,
    blocks: &mut Vec<Block>,
) {
    blocks.push(heading(
        1,
        &part.label(),
        Some(&format!("cast-{}", part.id)),
    ));
    let mut sections: Vec<(Option<String>, Vec<&kpss_store::plan::Goal>)> = part
        .priorities
        .iter()
        .map(|pr| {
            (
                Some(format!("Priorita {}: {}", pr.draft.code, pr.draft.name)),
                part.goals
                    .iter()
                    .filter(|g| g.priority_id == Some(pr.id))
                    .collect(),
            )
        })
        .collect();
    let loose: Vec<_> = part
        .goals
        .iter()
        .filter(|g| {
            g.priority_id
                .is_none_or(|id| !part.priorities.iter().any(|p| p.id == id))
        })
        .collect();
    if !loose.is_empty() {
        let title = (!part.priorities.is_empty()).then(|| "Cíle mimo priority".to_owned());
        sections.push((title, loose));
    }
    for (title, goals) in sections {
        let goal_level = if let Some(title) = title {
            blocks.push(heading(2, &title, None));
            3
        } else {
            2
        };
        for goal in goals {
            blocks.push(heading(
                goal_level,
                &format!("Cíl {}: {}", goal.draft.code, goal.draft.text),
                Some(&format!("cil-{}", goal.id)),
            ));
            for m in &goal.measures {
                *number += 1;
                let d = &m.draft;
                blocks.push(Block::Item(
                    Item::new(
                        *number,
                        goal_level + 1,
                        format!("Opatření {}: {}", d.code, d.text),
                        format!("{base}/plany/{}#opatreni-{}", tree.plan.id, m.id),
                    )
                    .fact("Zdůvodnění", d.rationale.clone().unwrap_or_default())
                    .fact("Odpovědnost", d.responsible.clone().unwrap_or_default())
                    .fact("Partneři", d.partners.clone().unwrap_or_default())
                    .fact("Termín", d.timing.clone().unwrap_or_default()),
                ));
                if !m.funding.indicators.is_empty() {
                    let mut header = vec!["Indikátor".to_owned(), "Výchozí hodnota".to_owned()];
                    header.extend(years.iter().map(|y| format!("Cíl {y}")));
                    blocks.push(Block::Table(Table {
                        caption: Some(format!("Indikátory opatření {}", d.code)),
                        widths: std::iter::once(1)
                            .chain(header.iter().skip(1).map(|_| 0))
                            .collect(),
                        header,
                        rows: m
                            .funding
                            .indicators
                            .iter()
                            .map(|i| {
                                let mut cells = vec![
                                    format!("{} ({})", i.name, i.unit),
                                    i.baseline.map_or_else(String::new, |b| b.to_string()),
                                ];
                                cells.extend(years.iter().map(|y| {
                                    i.targets
                                        .iter()
                                        .find(|(ty, _)| ty == y)
                                        .map_or_else(String::new, |(_, t)| t.to_string())
                                }));
                                Row::new(cells)
                            })
                            .collect(),
                        footer: None,
                        left: 1,
                    }));
                }
                if let Some(t) = Table::costs(
                    Some(format!("Očekávané náklady opatření {}", d.code)),
                    sources,
                    years,
                    &amounts(std::iter::once(&m.funding.costs)),
                ) {
                    blocks.push(Block::Table(t));
                }
            }
        }
    }
}
