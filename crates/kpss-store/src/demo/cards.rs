//! The demo city's action plans 2023–2025: activity cards for every measure but one (which
//! nobody took up), some of them new services; the rounds 2023 and 2024 evaluated, judged by
//! the groups and approved, and the 2025 round open with reports and judgements in every state.

use kpss_domain::account::Actor;
use kpss_domain::action_plan::{CardDraft, IndicatorDraft};
use kpss_domain::evaluation::{Actuals, CardStatus, ReportAction, ReportState, RoundDraft};
use kpss_domain::quantity::Quantity;
use time::macros::date;

use super::Sequence;
use super::names::TARGET_GROUPS;
use super::plan_texts::{MeasureKind, PARTS};
use crate::action_plan::{self, CardPlacement};
use crate::{Result, Store, evaluation};

/// A catalogue entry a card can point to.
pub(super) struct DemoService {
    pub id: i32,
    pub organisation: i32,
    pub name: String,
    pub target_groups: Vec<String>,
    /// A registered social service, not a related activity.
    pub registered: bool,
}

/// The sources demo cards are paid from, most common first.
const SOURCES: [&str; 8] = [
    "mesto", "mpsv", "kraj", "uhrady", "zp", "obvod", "eu", "dary",
];

/// New services providers start under the development measures of a target group.
const NEW_SERVICES: [(&str, &str); 9] = [
    ("seniori", "Odlehčovací služba pro pečující v Porubě"),
    (
        "zdravotni-postizeni",
        "Tlumočení do znakového jazyka na dálku",
    ),
    ("dusevni-onemocneni", "Sdílené chráněné bydlení v Zábřehu"),
    ("deti-rodina", "Krizová linka pro rodiny s dětmi"),
    ("bez-pristresi", "Tréninkové byty Housing First"),
    ("romske-etnikum", "Předškolní klub v Přednádraží"),
    ("delikvence", "Mentoring pro mladistvé v probaci"),
    ("drogy", "Poradna pro rodiče a blízké závislých"),
    ("socialni-vylouceni", "Komunitní centrum v Hrušově"),
];

fn round_thousands(amount: u64) -> i64 {
    i64::try_from(amount / 1000 * 1000).unwrap_or(0)
}

/// What a provider reports on a card: mostly fulfilled, sometimes short or cancelled.
fn actuals(rng: &mut Sequence, card: &CardDraft) -> Actuals {
    let status = match rng.below(20) {
        0..=13 => CardStatus::Fulfilled,
        14..=16 => CardStatus::PartlyFulfilled,
        17 => CardStatus::NotFulfilled,
        18 => CardStatus::InProgress,
        _ => CardStatus::Cancelled,
    };
    let (low, spread) = match status {
        CardStatus::Fulfilled => (90, 40),
        CardStatus::PartlyFulfilled | CardStatus::InProgress => (50, 35),
        CardStatus::NotFulfilled => (10, 30),
        _ => (0, 1),
    };
    let mut scale = |v: i64| v * i64::try_from(low + rng.below(spread)).unwrap_or(100) / 100;
    let comment = status.needs_comment().then(|| {
        match status {
            CardStatus::Cancelled => "Aktivita se nekonala, poskytovatel nezískal financování.",
            CardStatus::NotFulfilled => "Nepodařilo se obsadit pracovní místa v přímé péči.",
            _ => "Kapacitu omezila dlouhodobá nemocnost pracovníků; část klientů převzala jiná služba.",
        }
        .to_owned()
    });
    Actuals {
        status,
        actual_clients: card.planned_clients.map(&mut scale),
        actual_capacity: card.planned_capacity,
        comment,
        costs: card
            .costs
            .iter()
            .map(|(s, planned)| (s.clone(), scale(*planned) / 1000 * 1000))
            .collect(),
        indicator_actuals: card
            .indicators
            .iter()
            .map(|i| Some(Quantity::from_hundredths(scale(i.target.hundredths()))))
            .collect(),
    }
}

fn card_for(rng: &mut Sequence, service: &DemoService, year: i32) -> CardDraft {
    let clients = i64::try_from(20 + rng.below(380)).unwrap_or(100);
    let sources = 2 + rng.below(3);
    let costs = SOURCES[..sources + rng.below(SOURCES.len() - sources)]
        .iter()
        .take(sources)
        .map(|s| {
            let amount = match *s {
                "mesto" | "mpsv" => 300_000 + rng.next() % 2_700_000,
                "kraj" | "zp" | "eu" => 100_000 + rng.next() % 900_000,
                _ => 20_000 + rng.next() % 280_000,
            };
            ((*s).to_owned(), round_thousands(amount))
        })
        .collect();
    let mut indicators = vec![IndicatorDraft {
        name: "počet podpořených osob".into(),
        unit: "osob".into(),
        target: Quantity::whole(clients),
        feed: None,
    }];
    if rng.below(3) == 0 {
        indicators.push(IndicatorDraft {
            name: "počet uskutečněných akcí".into(),
            unit: "akcí".into(),
            target: Quantity::whole(i64::try_from(5 + rng.below(25)).unwrap_or(7)),
            feed: None,
        });
    }
    CardDraft {
        title: format!("{} – {year}", service.name),
        description: Some(
            "Zajištění provozu služby v plánovaném rozsahu pro cílovou skupinu opatření.".into(),
        ),
        new_activity: None,
        period: Some(format!("1. 1. – 31. 12. {year}")),
        planned_capacity: Some(clients / 2 + 1),
        planned_clients: Some(clients),
        responsible_person: Some("vedoucí služby (demo)".into()),
        costs,
        indicators,
    }
}

/// Action plans 2023–2025 of the approved plan with about 400 cards, each under a measure of
/// its service's target group; one card of every year belongs to the demo provider, so its
/// journey always finds something to report on.
pub(super) async fn fill_cards(
    store: &Store,
    tenant: i32,
    system: &Actor,
    plan_id: i32,
    services: &[DemoService],
    provider_organisation: i32,
) -> Result<()> {
    let tree = crate::plan::plan(store, tenant, plan_id).await?;
    let mut rng = Sequence(0x00C0_FFEE_2023);
    // The very last measure found no provider in the whole period: the report must say so.
    let untaken = tree
        .parts
        .last()
        .and_then(|p| p.goals.last())
        .and_then(|g| g.measures.last())
        .map(|m| m.id);
    // The demo provider's service for the first group (the demo manager's): its card is the
    // one the provider's journey reports on and the manager reviews.
    let provider_service = services
        .iter()
        .find(|s| {
            s.organisation == provider_organisation
                && s.registered
                && s.target_groups.iter().any(|g| g == TARGET_GROUPS[0].0)
        })
        .or_else(|| services.first());
    for year in 2023..=2025 {
        let ap = action_plan::create_action_plan(store, tenant, system, plan_id, year).await?;
        let mut cards: Vec<(i32, CardDraft)> = Vec::new();
        let mut provider_card = None;
        for ((part, group), goals) in tree.parts.iter().zip(TARGET_GROUPS).zip(&PARTS) {
            // Services of the group run under its service measures; its activities and new
            // services develop it under the development measures.
            let fitting = |registered: bool| -> Vec<&DemoService> {
                services
                    .iter()
                    .filter(|s| s.registered == registered)
                    .filter(|s| s.target_groups.iter().any(|g| g == group.0))
                    .collect()
            };
            let (running, activities) = (fitting(true), fitting(false));
            let kinds = goals
                .iter()
                .flat_map(|(_, _, measures)| measures.iter().map(|m| m.kind));
            let measures = part.goals.iter().flat_map(|g| &g.measures);
            for (measure, kind) in measures.zip(kinds) {
                if Some(measure.id) == untaken {
                    continue;
                }
                let pool = match kind {
                    MeasureKind::Services => &running,
                    MeasureKind::Development => &activities,
                };
                let count = 3 + rng.below(2) + usize::from(rng.below(5) == 0);
                // At most one new service a measure and year.
                let mut started = false;
                for _ in 0..count {
                    let mine = provider_service.filter(|p| {
                        provider_card.is_none()
                            && kind == MeasureKind::Services
                            && pool.iter().any(|s| s.id == p.id)
                    });
                    let new_service = NEW_SERVICES
                        .iter()
                        .find(|(g, _)| *g == group.0)
                        .map(|(_, name)| *name)
                        .filter(|_| {
                            !started && kind == MeasureKind::Development && rng.below(4) == 0
                        });
                    started |= new_service.is_some();
                    let service = match (mine, pool.is_empty()) {
                        (Some(p), _) => p,
                        (None, true) if new_service.is_none() => continue,
                        // A new service of the group by one of its providers.
                        (None, true) => running
                            .first()
                            .copied()
                            .or(provider_service)
                            .unwrap_or(&services[0]),
                        (None, false) => *rng.pick(pool),
                    };
                    let mut draft = card_for(&mut rng, service, year);
                    let mut placement = CardPlacement {
                        measure_id: measure.id,
                        organisation_id: service.organisation,
                        service_id: Some(service.id),
                    };
                    if let Some(name) = new_service {
                        draft.title = format!("{name} – {year}");
                        draft.new_activity = Some(name.to_owned());
                        placement.service_id = None;
                    }
                    if mine.is_some() {
                        provider_card = Some(cards.len());
                        // The provider's project meets its clients' families; its events
                        // count the participants (`super::events::fill_project_events`).
                        draft.indicators.push(IndicatorDraft {
                            name: "účastníci setkání s rodinami".into(),
                            unit: "osob".into(),
                            target: Quantity::whole(40),
                            feed: Some(kpss_domain::event::IndicatorFeed::Participants),
                        });
                    }
                    let id =
                        action_plan::create_card(store, tenant, system, ap.id, placement, &draft)
                            .await?;
                    cards.push((id, draft));
                }
            }
        }
        let deadline = date!(2026 - 01 - 31)
            .replace_year(year + 1)
            .unwrap_or(date!(2026 - 01 - 31));
        evaluation::open_round(store, tenant, system, ap.id, &RoundDraft { deadline }).await?;
        for (n, (id, draft)) in cards.iter().enumerate() {
            // 2025: the demo provider's card and every third stay unreported,
            // some wait for approval, some were returned.
            let target = if year < 2025 {
                ReportState::Approved
            } else {
                match n % 10 {
                    _ if Some(n) == provider_card => ReportState::Missing,
                    0 | 3 | 6 => ReportState::Missing,
                    1 | 4 => ReportState::Submitted,
                    7 => ReportState::Returned,
                    _ => ReportState::Approved,
                }
            };
            if target == ReportState::Missing {
                continue;
            }
            let report = actuals(&mut rng, draft);
            evaluation::save_report(store, tenant, system, (*id, 1), &report, true).await?;
            let action = match target {
                ReportState::Approved => ReportAction::Approve,
                ReportState::Returned => ReportAction::Return {
                    reason: "Doplňte prosím komentář ke skutečným nákladům z rozpočtu města."
                        .into(),
                },
                _ => continue,
            };
            evaluation::review(store, tenant, system, (*id, 2), &action).await?;
        }
        let mut evidence: super::judgements::Evidence = std::collections::HashMap::new();
        for card in action_plan::cards(store, tenant, ap.id).await? {
            let entry = evidence.entry(card.placement.measure_id).or_default();
            if card.report.state == ReportState::Approved {
                entry.0.extend(card.report.status);
                entry.1 += card.report.actual_clients.unwrap_or(0);
            } else {
                // The group knows its year from its providers before every report is approved.
                entry.1 += card.draft.planned_clients.unwrap_or(0) * 9 / 10;
            }
        }
        super::judgements::judge_year(store, tenant, system, (&tree, ap.id, year), &evidence)
            .await?;
        if year < 2025 {
            evaluation::close_round(store, tenant, system, ap.id).await?;
        }
    }
    Ok(())
}
