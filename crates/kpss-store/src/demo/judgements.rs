//! What the demo city's working groups wrote: their judgements of every measure for 2023 and
//! 2024 (approved), half of the groups' judgements for 2025, their evaluations of their parts,
//! and the coordinator's interim summary of the plan.

use std::collections::HashMap;

use kpss_domain::account::Actor;
use kpss_domain::evaluation::{CardStatus, Fulfilment, Judgement, ReportState, propose};
use kpss_domain::event::IndicatorFeed;
use kpss_domain::plan::funding::{MeasureFunding, MeasureIndicator};
use kpss_domain::quantity::Quantity;

use super::Sequence;
use crate::plan::PlanTree;
use crate::{Result, Store, evaluation};

/// What the plan expects of the `n`-th demo measure: its indicator (name, unit) per year and
/// costs from the city, the state and the region.
pub(super) fn measure_funding(n: usize, (name, unit): (&str, &str)) -> MeasureFunding {
    let n = i64::try_from(n).unwrap_or(0);
    let base = 700 + (n * 37) % 260;
    MeasureFunding {
        indicators: std::iter::once(MeasureIndicator {
            name: name.into(),
            unit: unit.into(),
            baseline: Some(Quantity::whole(base - 40)),
            targets: (2023..=2026)
                .map(|y| (y, Quantity::whole(base + 25 * i64::from(y - 2023))))
                .collect(),
            feed: None,
        })
        // Every fourth measure also counts the people its events reached.
        .chain(n.rem_euclid(4).eq(&0).then(|| {
            MeasureIndicator {
                name: "Účastníci akcí opatření".into(),
                unit: "osoba".into(),
                baseline: None,
                targets: (2023..=2026)
                    .map(|y| (y, Quantity::whole(60 + 10 * i64::from(y - 2023))))
                    .collect(),
                feed: Some(IndicatorFeed::Participants),
            }
        }))
        .collect(),
        costs: (2023..=2026)
            .flat_map(|y| {
                let grow = i64::from(y - 2023) * 150_000;
                [
                    ("mesto".to_owned(), y, 4_200_000 + (n % 5) * 350_000 + grow),
                    ("mpsv".to_owned(), y, 3_100_000 + (n % 3) * 400_000 + grow),
                    ("kraj".to_owned(), y, 900_000 + (n % 4) * 120_000),
                ]
            })
            .collect(),
    }
}

/// How far a demo group got with the year: judged and approved, only submitted, or nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Approved,
    Submitted,
    Untouched,
}

/// Which groups (by their index in the plan) judged which year: every group 2023 and 2024;
/// in 2025 four groups, two of them approved already. The seniors' group (the demo manager's)
/// is left for the manager to judge.
pub(super) fn stage(year: i32, part: usize) -> Stage {
    match (year, part) {
        (..=2024, _) => Stage::Approved,
        (2025, 1 | 2) => Stage::Approved,
        (2025, 3 | 4) => Stage::Submitted,
        _ => Stage::Untouched,
    }
}

const SHORTFALLS: [&str; 4] = [
    "Část kapacity zůstala neobsazena, protože poskytovatelé dlouhodobě nemohli obsadit místa pracovníků v přímé péči.",
    "Rozšíření terénní formy do okrajových obvodů se posunulo: kraj snížil dotaci a obvody nenašly prostory.",
    "Jedna z plánovaných aktivit byla zrušena, poskytovatel nezískal dotaci MPSV v plné výši.",
    "Služby běžely, ale počet podpořených osob zůstal pod cílovou hodnotou; zájem klesl po zvýšení úhrad.",
];

const ACHIEVEMENTS: [&str; 4] = [
    "Síť služeb byla udržena v plném rozsahu, čekací doby se nezvýšily.",
    "Terénní služba začala pravidelně dojíždět do Hošťálkovic a Lhotky.",
    "Poskytovatelé sjednotili postup při přijímání zájemců a zkrátili čekání na první schůzku.",
    "Vznikla společná informační kampaň poskytovatelů a městských obvodů.",
];

fn texts(rng: &mut Sequence, fulfilment: Fulfilment, year: i32) -> (Option<String>, String) {
    let achieved = (*rng.pick(&ACHIEVEMENTS)).to_owned();
    let reasoning = match fulfilment {
        Fulfilment::Fulfilled => None,
        Fulfilment::NotImplemented => Some(format!(
            "V roce {year} se k opatření nepřihlásil žádný poskytovatel. Skupina opatření zařadí do akčního plánu {} a hledá partnera mezi městskými obvody.",
            year + 1
        )),
        _ => Some((*rng.pick(&SHORTFALLS)).to_owned()),
    };
    let achieved = if fulfilment == Fulfilment::NotImplemented {
        "Skupina připravila zadání pro nového poskytovatele.".to_owned()
    } else {
        achieved
    };
    (reasoning, achieved)
}

/// Evidence per measure: the statuses of its approved cards and the people they served.
pub(super) type Evidence = HashMap<i32, (Vec<CardStatus>, i64)>;

/// Writes the groups' judgements and evaluations of one year while its round is open.
pub(super) async fn judge_year(
    store: &Store,
    tenant: i32,
    system: &Actor,
    (tree, action_plan, year): (&PlanTree, i32, i32),
    evidence: &Evidence,
) -> Result<()> {
    let mut rng = Sequence(0x0051_0DE5_0000 + u64::try_from(year).unwrap_or(0));
    for (p, part) in tree.parts.iter().enumerate() {
        let stage = stage(year, p);
        if stage == Stage::Untouched {
            continue;
        }
        let mut counts = [0usize; 4];
        for measure in part.goals.iter().flat_map(|g| &g.measures) {
            let (statuses, clients) = evidence.get(&measure.id).cloned().unwrap_or_default();
            let target = measure
                .funding
                .indicators
                .first()
                .and_then(|i| i.targets.iter().find(|(y, _)| *y == year))
                .map(|(_, t)| *t);
            let actual = (clients > 0).then(|| Quantity::whole(clients));
            let percents: Vec<i64> = actual
                .zip(target)
                .and_then(|(a, t)| a.percent_of(t))
                .into_iter()
                .collect();
            let fulfilment = propose(statuses, &percents);
            if let Some(i) = Fulfilment::ALL.iter().position(|f| *f == fulfilment) {
                counts[i] += 1;
            }
            let (reasoning, achieved) = texts(&mut rng, fulfilment, year);
            let judgement = Judgement {
                fulfilment,
                reasoning,
                achieved: Some(achieved),
                indicator_actuals: vec![actual],
            };
            evaluation::save_judgement(
                store,
                tenant,
                system,
                (action_plan, measure.id, 0),
                &judgement,
                true,
            )
            .await?;
        }
        let text = format!(
            "Skupina {} posoudila {} opatření: splněno {}, částečně splněno {}, nesplněno {}, nerealizováno {}. {} Pro další rok skupina doporučuje udržet financování stávajících služeb a soustředit se na opatření, která zůstala pozadu.",
            part.draft.name,
            counts.iter().sum::<usize>(),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            rng.pick(&ACHIEVEMENTS),
        );
        evaluation::save_group_text(store, tenant, system, (action_plan, part.id, 0), &text)
            .await?;
    }
    let approved_parts: Vec<i32> = tree
        .parts
        .iter()
        .enumerate()
        .filter(|(p, _)| stage(year, *p) == Stage::Approved)
        .flat_map(|(_, part)| part.goals.iter().flat_map(|g| &g.measures).map(|m| m.id))
        .collect();
    for j in evaluation::judgements(store, tenant, &[action_plan]).await? {
        if j.state == ReportState::Submitted && approved_parts.contains(&j.measure_id) {
            evaluation::review_judgement(
                store,
                tenant,
                system,
                (action_plan, j.measure_id, j.version),
                &kpss_domain::evaluation::ReportAction::Approve,
            )
            .await?;
        }
    }
    Ok(())
}

/// The coordinator's interim summary of the plan, written in its last year.
pub(super) const CONCLUSION: &str = "Plán se v letech 2023–2025 dařilo plnit: většina opatření byla splněna nebo splněna částečně a síť registrovaných služeb se udržela v plném rozsahu. \
Nejvíce zaostává rozšíření terénních služeb do okrajových obvodů, kde chybí pracovníci i prostory, a opatření, ke kterým se nepřihlásil žádný poskytovatel. \
Skutečné náklady zůstaly pod plánem karet, protože část dotací přišla později nebo v nižší výši. \
Pro 7. komunitní plán doporučujeme zachovat financování stávajících služeb a opatření bez realizace buď nově zadat, nebo vypustit.";
