//! The national-scale card set: 50 000 cards in each year of the plan 2023–2026, every card
//! paid from all 8 demo funding sources (1.6 million cost rows), evaluated and approved for
//! 2023–2025. Written in bulk (one transaction per year, no audit entries: it is generated
//! data, not anybody's change), then the per measure sums are computed once.

use kpss_domain::account::Actor;
use kpss_domain::evaluation::{CardStatus, ReportState};
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::Sequence;
use crate::action_plan::{self, rollup};
use crate::entity::{activity_card, card_cost};
use crate::{Result, Store};

/// Cards per year.
pub const CARDS_PER_YEAR: usize = 50_000;
const SOURCES: [&str; 8] = [
    "mesto", "mpsv", "kraj", "uhrady", "zp", "obvod", "eu", "dary",
];
// 500 cards of 23 columns and their 4 000 cost rows of 6 stay under SQLite's 32 766 variables.
const CHUNK: usize = 500;

/// Fills the approved plan `plan_id` with action plans and cards of `organisations`.
pub async fn fill_cards(
    store: &Store,
    tenant: i32,
    plan_id: i32,
    organisations: &[i32],
) -> Result<()> {
    let system = Actor::system();
    let tree = crate::plan::plan(store, tenant, plan_id).await?;
    let measures: Vec<i32> = tree.measures().map(|m| m.id).collect();
    for year in tree.plan.period.years() {
        let ap = action_plan::create_action_plan(store, tenant, &system, plan_id, year).await?;
        let evaluated = year < tree.plan.period.to;
        add_cards(
            store,
            (tenant, ap.id, year),
            &measures,
            organisations,
            CARDS_PER_YEAR,
            evaluated,
        )
        .await?;
        if evaluated {
            crate::evaluation::open_round(
                store,
                tenant,
                &system,
                ap.id,
                &kpss_domain::evaluation::RoundDraft {
                    deadline: time::Date::from_calendar_date(year + 1, time::Month::January, 31)
                        .unwrap_or(time::Date::MIN),
                },
            )
            .await?;
            // Every group judged every measure: the summary report carries their words.
            let evidence: super::judgements::Evidence = measures
                .iter()
                .map(|m| {
                    (
                        *m,
                        (vec![kpss_domain::evaluation::CardStatus::Fulfilled; 4], 900),
                    )
                })
                .collect();
            super::judgements::judge_year(store, tenant, &system, (&tree, ap.id, year), &evidence)
                .await?;
        }
    }
    Ok(())
}

/// Adds `count` generated cards to the action plan `ap` of `year`, spread over `measures` and
/// `organisations`, evaluated and approved when `evaluated`, in one transaction with the
/// measures' sums.
pub async fn add_cards(
    store: &Store,
    (tenant, ap, year): (i32, i32, i32),
    measures: &[i32],
    organisations: &[i32],
    count: usize,
    evaluated: bool,
) -> Result<()> {
    let mut rng = Sequence(0x0005_EED5_2026 ^ u64::from(year.unsigned_abs()));
    let txn = store.write().await?;
    let now = crate::now();
    for chunk in 0..count.div_ceil(CHUNK) {
        let mut cards = Vec::with_capacity(CHUNK);
        let mut plans = Vec::with_capacity(CHUNK);
        for i in 0..CHUNK.min(count - chunk * CHUNK) {
            let n = chunk * CHUNK + i;
            let clients = i64::try_from(10 + rng.below(300)).unwrap_or(50);
            let status = match rng.below(10) {
                0..=6 => CardStatus::Fulfilled,
                7 | 8 => CardStatus::PartlyFulfilled,
                _ => CardStatus::NotFulfilled,
            };
            let costs: Vec<i64> = SOURCES
                .iter()
                .map(|_| i64::try_from(10_000 + rng.next() % 990_000).unwrap_or(0) / 1000 * 1000)
                .collect();
            plans.push(costs);
            cards.push(activity_card::ActiveModel {
                tenant_id: Set(tenant),
                action_plan_id: Set(ap),
                measure_id: Set(measures[n % measures.len()]),
                organisation_id: Set(organisations[n % organisations.len()]),
                service_id: Set(None),
                new_activity: Set(None),
                title: Set(format!("Aktivita {} / {year} (demo)", n + 1)),
                description: Set(None),
                period: Set(None),
                planned_capacity: Set(Some(clients / 2 + 1)),
                planned_clients: Set(Some(clients)),
                responsible_person: Set(None),
                report_state: Set(if evaluated {
                    ReportState::Approved
                } else {
                    ReportState::Missing
                }
                .code()
                .to_owned()),
                status: Set(evaluated.then(|| status.code().to_owned())),
                actual_clients: Set(evaluated.then_some(clients * 9 / 10)),
                actual_capacity: Set(None),
                comment: Set((evaluated && status.needs_comment())
                    .then(|| "Nedostatek pracovníků v přímé péči (demo).".to_owned())),
                return_reason: Set(None),
                submitted_at: Set(evaluated.then_some(now)),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        let ids = activity_card::Entity::insert_many(cards)
            .exec_with_returning_keys(&txn)
            .await?;
        let costs = ids.iter().zip(&plans).flat_map(|(id, planned)| {
            SOURCES
                .iter()
                .zip(planned)
                .map(move |(source, amount)| card_cost::ActiveModel {
                    tenant_id: Set(tenant),
                    card_id: Set(*id),
                    source: Set((*source).to_owned()),
                    planned: Set(*amount),
                    actual: Set(evaluated.then_some(amount * 95 / 100)),
                    ..Default::default()
                })
        });
        card_cost::Entity::insert_many(costs.collect::<Vec<_>>())
            .exec_without_returning(&txn)
            .await?;
    }
    rollup::fill(&txn, ap, measures).await?;
    txn.commit().await?;
    Ok(())
}
