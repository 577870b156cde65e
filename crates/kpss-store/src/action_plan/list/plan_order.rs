//! A page of the list in the plan's order, cut from the sums the card writes keep per measure
//! and report state instead of sorting every card of the plan.

use kpss_domain::action_plan::card_list::CardSort;
use kpss_domain::evaluation::ReportState;
use sea_orm::{ConnectionTrait, DbBackend, TransactionTrait};

use super::{CardFilter, ListedCard, read_page};
use crate::{Result, Store};

/// How many cards of one measure are in one report state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateCount {
    pub measure_id: i32,
    pub state: ReportState,
    pub cards: u64,
}

/// The action plan's cards counted per measure and report state, read from the sums the card
/// writes keep (`rollup_card`): a few rows whatever the plan's size.
pub async fn state_counts(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
) -> Result<Vec<StateCount>> {
    counts_on(store.db(), tenants, action_plan).await
}

async fn counts_on<C: ConnectionTrait>(
    db: &C,
    tenants: &[i32],
    action_plan: i32,
) -> Result<Vec<StateCount>> {
    let rows = of_plan(db, tenants, action_plan, |marks| {
        format!(
            "SELECT measure_id, report_state, CAST(SUM(cards) AS BIGINT) AS n \
                 FROM rollup_card WHERE action_plan_id = ? AND tenant_id IN ({marks}) \
                 GROUP BY measure_id, report_state"
        )
    })
    .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("", "report_state")?;
            let n: i64 = row.try_get("", "n")?;
            Ok(StateCount {
                measure_id: row.try_get("", "measure_id")?,
                state: crate::evaluation::report_state(&state)?,
                cards: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}

/// A page in the plan's order without sorting the whole plan: the kept counts per measure say
/// which measures the page spans, and each of those is read by title from its index. One
/// snapshot for all the reads, so the counts and the cards agree.
pub(super) async fn in_plan_order(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    descending: bool,
    (offset, limit): (u64, u64),
) -> Result<Vec<ListedCard>> {
    let txn = store.db().begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
    }
    let mut measures = plan_measures(&txn, tenants, action_plan).await?;
    if descending {
        measures.reverse();
    }
    let counts = counts_on(&txn, tenants, action_plan).await?;
    let (mut skip, mut left) = (offset, limit);
    let mut page = Vec::new();
    for measure in measures {
        if left == 0 {
            break;
        }
        if filter
            .measures
            .as_ref()
            .is_some_and(|m| !m.contains(&measure))
        {
            continue;
        }
        let n: u64 = counts
            .iter()
            .filter(|c| c.measure_id == measure && filter.counts(c.state))
            .map(|c| c.cards)
            .sum();
        if skip >= n {
            skip -= n;
            continue;
        }
        let of_measure = CardFilter {
            measures: Some(vec![measure]),
            ..filter.clone()
        };
        let cards = read_page(
            &txn,
            tenants,
            action_plan,
            &of_measure,
            (CardSort::Title, descending),
            (skip, std::cmp::Ord::min(left, n - skip)),
        )
        .await?;
        left = left.saturating_sub(cards.len() as u64);
        skip = 0;
        page.extend(cards);
    }
    txn.commit().await?;
    Ok(page)
}

/// The measures of the action plan's plan in the plan's order.
async fn plan_measures<C: ConnectionTrait>(
    db: &C,
    tenants: &[i32],
    action_plan: i32,
) -> Result<Vec<i32>> {
    let rows = of_plan(db, tenants, action_plan, |marks| {
        format!(
            "SELECT m.id FROM plan_measure m \
                   JOIN plan_goal g ON g.id = m.goal_id \
                   JOIN plan_part p ON p.id = g.part_id \
                   JOIN action_plan a ON a.plan_id = p.plan_id \
                 WHERE a.id = ? AND a.tenant_id IN ({marks}) \
                 ORDER BY p.position, g.position, m.position, m.id"
        )
    })
    .await?;
    rows.iter()
        .map(|r| r.try_get::<i32>("", "id").map_err(Into::into))
        .collect()
}

/// The rows of `sql(marks)` run with the action plan and then the tenants as its values
/// (`marks`: a placeholder per tenant); none for no tenant.
async fn of_plan<C: ConnectionTrait>(
    db: &C,
    tenants: &[i32],
    action_plan: i32,
    sql: impl FnOnce(&str) -> String,
) -> Result<Vec<sea_orm::QueryResult>> {
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; tenants.len()].join(", ");
    let mut values: Vec<sea_orm::Value> = vec![action_plan.into()];
    values.extend(tenants.iter().map(|&t| t.into()));
    Ok(db
        .query_all_raw(crate::report::statement(
            db.get_database_backend(),
            &sql(&marks),
            values,
        ))
        .await?)
}
