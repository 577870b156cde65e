//! The action plan of a year as a document („Akční plán – karty aktivit na rok X“): the
//! activity cards grouped by the plan's parts and measures, each with its costs by source,
//! and the totals of the year.

use std::collections::BTreeMap;

use kpss_docs::publication::{Block, Item, Paper, Publication, Row, Table, by_source_and_year};
use kpss_domain::czech::{count, format_czk, group_thousands};
use kpss_domain::money::sum;
use kpss_store::action_plan::Card;

use super::{Made, heading};
use crate::action_plan::visible_action_plan;
use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::{AppState, Error};

/// The action plan `id` as this request may read it.
pub(super) async fn make(ctx: &Ctx, state: &AppState, id: &str, base: &str) -> Result<Made, Error> {
    let (ap, tree) = visible_action_plan(ctx, state, parse_id(id)?).await?;
    let tenant = ap.tenant_id;
    let sources = super::sources(state, tenant).await?;
    let names = kpss_store::catalogue::organisation_names(&state.store, tenant).await?;
    let cards = kpss_store::action_plan::cards(&state.store, ctx.scope.clone(), ap.id).await?;
    let year = ap.year;
    let years = [year];

    let planned = |cards: &[&Card]| -> BTreeMap<(String, i32), i64> {
        by_source_and_year(
            cards
                .iter()
                .flat_map(|c| &c.draft.costs)
                .map(|(source, amount)| (source.as_str(), year, *amount)),
        )
    };
    let clients = |cards: &[&Card]| sum(cards.iter().filter_map(|c| c.draft.planned_clients));
    let all: Vec<&Card> = cards.iter().collect();
    let total = planned(&all);

    let mut blocks = vec![heading(1, "Úvod", Some("uvod"))];
    let organisations: std::collections::BTreeSet<i32> =
        cards.iter().map(|c| c.placement.organisation_id).collect();
    blocks.push(Block::Text {
        text: format!(
            "Akční plán na rok {year} naplňuje {plan} kartami aktivit: každá karta říká, co \
             organizace v roce {year} udělá, pro kolik klientů a za kolik peněz z kterých \
             zdrojů. Akční plán obsahuje {cards} od {orgs} s plánovanými náklady {money} \
             a plánovaným počtem klientů {clients}.",
            plan = tree.plan.title,
            cards = count(cards.len(), "kartu", "karty", "karet"),
            orgs = count(
                organisations.len(),
                "organizace",
                "organizací",
                "organizací"
            ),
            money = format_czk(sum(total.values().copied())),
            clients = group_thousands(clients(&all)),
        ),
    });
    blocks.push(heading(2, "Souhrn", None));
    if let Some(t) = Table::costs(
        Some("Plánované náklady podle zdrojů".to_owned()),
        &sources,
        &years,
        &total,
    ) {
        blocks.push(Block::Table(t));
    }

    let mut parts = Vec::new();
    let mut number = 0;
    let mut part_blocks = Vec::new();
    for part in &tree.parts {
        let in_part: Vec<&Card> = cards
            .iter()
            .filter(|c| part.measures().any(|m| m.id == c.placement.measure_id))
            .collect();
        parts.push(Row::new(vec![
            part.label(),
            in_part.len().to_string(),
            group_thousands(clients(&in_part)),
            format_czk(sum(planned(&in_part).values().copied())),
        ]));
        part_blocks.push(heading(
            1,
            &part.label(),
            Some(&format!("cast-{}", part.id)),
        ));
        if in_part.is_empty() {
            part_blocks.push(Block::Note {
                text: "Pro tuto část nejsou v akčním plánu žádné karty aktivit.".to_owned(),
            });
        }
        for goal in &part.goals {
            for m in &goal.measures {
                let of_measure: Vec<&Card> = in_part
                    .iter()
                    .copied()
                    .filter(|c| c.placement.measure_id == m.id)
                    .collect();
                if of_measure.is_empty() {
                    continue;
                }
                part_blocks.push(heading(
                    2,
                    &format!("Opatření {}: {}", m.draft.code, m.draft.text),
                    Some(&format!("opatreni-{}", m.id)),
                ));
                part_blocks.push(Block::Note {
                    text: format!("Cíl {}: {}", goal.draft.code, goal.draft.text),
                });
                for c in &of_measure {
                    number += 1;
                    part_blocks.push(Block::Item(card_item(c, number, base, &names, &sources)));
                }
                if let Some(t) = Table::costs(
                    Some(format!("Náklady karet opatření {}", m.draft.code)),
                    &sources,
                    &years,
                    &planned(&of_measure),
                ) {
                    part_blocks.push(Block::Table(t));
                }
            }
        }
    }
    blocks.push(Block::Table(Table {
        caption: Some("Podle částí plánu".to_owned()),
        header: ["Část", "Karty", "Plánovaní klienti", "Plánované náklady"]
            .map(String::from)
            .to_vec(),
        rows: parts,
        footer: Some(vec![
            "Celkem".to_owned(),
            cards.len().to_string(),
            group_thousands(clients(&all)),
            format_czk(sum(total.values().copied())),
        ]),
        left: 1,
        widths: vec![1, 0, 0, 0],
    }));
    blocks.extend(part_blocks);

    let title = format!("Akční plán – karty aktivit na rok {year}");
    Ok(Made {
        tenant,
        crumb: "Dokument".to_owned(),
        publication: Publication {
            title: title.clone(),
            subtitle: format!("{} · {}", tree.plan.title, ctx.tenant.name),
            cover: vec![
                format!("Stav akčního plánu: {}.", ap.state.name()),
                super::publisher(ctx),
            ],
            paper: Paper::A4,
            contents: true,
            new_page: 1,
            blocks,
        },
        back: (
            format!("/akcni-plany/{}", ap.id),
            format!("Akční plán {year}"),
        ),
        href: format!("/akcni-plany/{}/dokument", ap.id),
        file: format!("akcni-plan-{year}"),
    })
}

/// A card as an item: organisation, what and for whom, costs by source.
fn card_item(
    c: &Card,
    number: usize,
    base: &str,
    names: &std::collections::HashMap<i32, String>,
    sources: &[(String, String)],
) -> Item {
    let d = &c.draft;
    let costs: Vec<String> = d
        .costs
        .iter()
        .map(|(code, amount)| {
            let name = sources
                .iter()
                .find(|(s, _)| s == code)
                .map_or(code.as_str(), |(_, n)| n.as_str());
            format!("{name} {}", format_czk(*amount))
        })
        .collect();
    let total = sum(d.costs.iter().map(|(_, a)| *a));
    let mut item = Item::new(number, 3, d.title.clone(), format!("{base}/karty/{}", c.id))
        .fact(
            "Organizace",
            names
                .get(&c.placement.organisation_id)
                .cloned()
                .unwrap_or_default(),
        )
        .fact(
            "Nová služba nebo aktivita",
            d.new_activity.clone().unwrap_or_default(),
        )
        .fact("Období", d.period.clone().unwrap_or_default())
        .fact(
            "Kapacita",
            d.planned_capacity.map_or_else(String::new, group_thousands),
        )
        .fact(
            "Plánovaní klienti",
            d.planned_clients.map_or_else(String::new, group_thousands),
        );
    if !costs.is_empty() {
        item = item.fact(
            "Plánované náklady",
            format!("{} (celkem {})", costs.join("; "), format_czk(total)),
        );
    }
    item.text.clone_from(&d.description);
    item
}
