//! Keeps the per measure and action plan sums (`rollup_card`, `rollup_cost`) equal to the
//! cards. A change reads the sums of the cards it touches before and after, and adds the
//! difference in the same transaction: a save costs the same whether the measure has ten
//! cards or ten thousand. [`check`] counts everything again and compares.

use kpss_domain::action_plan::rollup::{CardKey, CardSums, CostKey, CostSums, Mismatch, Sums};
use kpss_domain::evaluation::ReportState;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, QueryResult, TransactionTrait, Value,
};

use crate::report::statement;
use crate::{Result, Store};

/// Ids per statement when reading the sums of many cards (PostgreSQL takes up to 65 535
/// parameters, SQLite 32 766).
const CHUNK: usize = 1_000;

/// The sums of these cards as they are now. On PostgreSQL the cards are locked until the
/// transaction ends, so the sums read here stay what the change starts from.
pub(crate) async fn sums_of(txn: &DatabaseTransaction, cards: &[i32]) -> Result<Sums> {
    let backend = txn.get_database_backend();
    let mut sums = Sums::default();
    for chunk in cards.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let ids: Vec<Value> = chunk.iter().map(|&id| id.into()).collect();
        if backend == DbBackend::Postgres {
            txn.execute_raw(statement(
                backend,
                &format!("SELECT id FROM activity_card WHERE id IN ({marks}) FOR UPDATE"),
                ids.clone(),
            ))
            .await?;
        }
        count(txn, &format!("c.id IN ({marks})"), ids, &mut sums).await?;
    }
    Ok(sums)
}

/// Adds to the stored sums what changed on these cards since `before` was read.
pub(crate) async fn apply_change(
    txn: &DatabaseTransaction,
    cards: &[i32],
    before: &Sums,
) -> Result<()> {
    let after = sums_of(txn, cards).await?;
    add(txn, &Sums::change(before, &after)).await?;
    let backend = txn.get_database_backend();
    for chunk in cards.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        txn.execute_raw(statement(
            backend,
            &format!("{SET_CARD_COSTS} WHERE id IN ({marks})"),
            chunk.iter().map(|&id| id.into()).collect(),
        ))
        .await?;
    }
    Ok(())
}

/// Sets the costs a card keeps summed for its list from its cost rows.
const SET_CARD_COSTS: &str = "UPDATE activity_card SET \
       planned_cost = (SELECT CAST(COALESCE(SUM(k.planned), 0) AS BIGINT) \
         FROM card_cost k WHERE k.card_id = activity_card.id), \
       actual_cost = (SELECT CAST(SUM(k.actual) AS BIGINT) \
         FROM card_cost k WHERE k.card_id = activity_card.id)";

/// The cards whose kept costs differ from their cost rows.
async fn card_cost_mismatches<C: ConnectionTrait>(db: &C) -> Result<Vec<Mismatch>> {
    let rows = db
        .query_all_raw(statement(
            db.get_database_backend(),
            "SELECT c.id, c.planned_cost, c.actual_cost, \
               CAST(COALESCE(SUM(k.planned), 0) AS BIGINT) AS planned, \
               CAST(SUM(k.actual) AS BIGINT) AS actual \
             FROM activity_card c LEFT JOIN card_cost k ON k.card_id = c.id \
             GROUP BY c.id, c.planned_cost, c.actual_cost \
             HAVING c.planned_cost <> COALESCE(SUM(k.planned), 0) \
               OR COALESCE(c.actual_cost, -1) <> COALESCE(SUM(k.actual), -1) \
             ORDER BY c.id",
            vec![],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Mismatch::CardCosts {
                card: row.try_get("", "id")?,
                stored: (
                    row.try_get("", "planned_cost")?,
                    row.try_get("", "actual_cost")?,
                ),
                counted: (row.try_get("", "planned")?, row.try_get("", "actual")?),
            })
        })
        .collect()
}

/// Adds a difference to the stored sums, dropping sums that no card is left in.
async fn add(txn: &DatabaseTransaction, change: &Sums) -> Result<()> {
    let backend = txn.get_database_backend();
    for (key, sums) in &change.cards {
        txn.execute_raw(statement(
            backend,
            "INSERT INTO rollup_card (tenant_id, plan_id, action_plan_id, measure_id, \
               report_state, status, cards, clients_planned, clients_actual) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (action_plan_id, measure_id, report_state, status) DO UPDATE SET \
               cards = rollup_card.cards + excluded.cards, \
               clients_planned = rollup_card.clients_planned + excluded.clients_planned, \
               clients_actual = rollup_card.clients_actual + excluded.clients_actual",
            vec![
                key.tenant.into(),
                key.plan.into(),
                key.action_plan.into(),
                key.measure.into(),
                key.report_state.clone().into(),
                key.status.clone().into(),
                sums.cards.into(),
                sums.clients_planned.into(),
                sums.clients_actual.into(),
            ],
        ))
        .await?;
        txn.execute_raw(statement(
            backend,
            "DELETE FROM rollup_card WHERE action_plan_id = ? AND measure_id = ? \
               AND report_state = ? AND status = ? AND cards = 0",
            vec![
                key.action_plan.into(),
                key.measure.into(),
                key.report_state.clone().into(),
                key.status.clone().into(),
            ],
        ))
        .await?;
    }
    for (key, sums) in &change.costs {
        txn.execute_raw(statement(
            backend,
            "INSERT INTO rollup_cost (tenant_id, plan_id, action_plan_id, measure_id, source, \
               entries, planned, actual) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (action_plan_id, measure_id, source) DO UPDATE SET \
               entries = rollup_cost.entries + excluded.entries, \
               planned = rollup_cost.planned + excluded.planned, \
               actual = rollup_cost.actual + excluded.actual",
            vec![
                key.tenant.into(),
                key.plan.into(),
                key.action_plan.into(),
                key.measure.into(),
                key.source.clone().into(),
                sums.entries.into(),
                sums.planned.into(),
                sums.actual.into(),
            ],
        ))
        .await?;
        txn.execute_raw(statement(
            backend,
            "DELETE FROM rollup_cost WHERE action_plan_id = ? AND measure_id = ? \
               AND source = ? AND entries = 0",
            vec![
                key.action_plan.into(),
                key.measure.into(),
                key.source.clone().into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// Counts the cards matching `filter` (SQL over `activity_card c`) into `sums`. This is the
/// one definition of what the sums hold: what was spent counts only once approved.
async fn count<C: ConnectionTrait>(
    db: &C,
    filter: &str,
    values: Vec<Value>,
    sums: &mut Sums,
) -> Result<()> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, c.report_state, \
                   COALESCE(c.status, '') AS status, CAST(COUNT(*) AS BIGINT) AS n, \
                   CAST(COALESCE(SUM(c.planned_clients), 0) AS BIGINT) AS planned, \
                   CAST(COALESCE(SUM(c.actual_clients), 0) AS BIGINT) AS actual \
                 FROM activity_card c JOIN action_plan a ON a.id = c.action_plan_id \
                 WHERE {filter} \
                 GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, \
                   c.report_state, COALESCE(c.status, '')"
            ),
            values.clone(),
        ))
        .await?;
    for row in &rows {
        let (key, sums_of_row) = card_entry(row, ["n", "planned", "actual"])?;
        sums.add_cards(key, sums_of_row);
    }
    let mut values = values;
    values.insert(0, ReportState::Approved.code().into());
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source, \
                   CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(k.planned) AS BIGINT) AS planned, \
                   CAST(COALESCE(SUM(CASE WHEN c.report_state = ? THEN k.actual END), 0) \
                     AS BIGINT) AS actual \
                 FROM card_cost k \
                   JOIN activity_card c ON c.id = k.card_id \
                   JOIN action_plan a ON a.id = c.action_plan_id \
                 WHERE {filter} \
                 GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source"
            ),
            values,
        ))
        .await?;
    for row in &rows {
        let (key, sums_of_row) = cost_entry(row, ["n", "planned", "actual"])?;
        sums.add_costs(key, sums_of_row);
    }
    Ok(())
}

/// A card sum's key and figures from a row; `columns` name the count, planned and actual.
fn card_entry(row: &QueryResult, [n, planned, actual]: [&str; 3]) -> Result<(CardKey, CardSums)> {
    Ok((
        CardKey {
            tenant: row.try_get("", "tenant_id")?,
            plan: row.try_get("", "plan_id")?,
            action_plan: row.try_get("", "action_plan_id")?,
            measure: row.try_get("", "measure_id")?,
            report_state: row.try_get("", "report_state")?,
            status: row.try_get("", "status")?,
        },
        CardSums {
            cards: row.try_get("", n)?,
            clients_planned: row.try_get("", planned)?,
            clients_actual: row.try_get("", actual)?,
        },
    ))
}

/// A cost sum's key and figures from a row; `columns` name the count, planned and actual.
fn cost_entry(row: &QueryResult, [n, planned, actual]: [&str; 3]) -> Result<(CostKey, CostSums)> {
    Ok((
        CostKey {
            tenant: row.try_get("", "tenant_id")?,
            plan: row.try_get("", "plan_id")?,
            action_plan: row.try_get("", "action_plan_id")?,
            measure: row.try_get("", "measure_id")?,
            source: row.try_get("", "source")?,
        },
        CostSums {
            entries: row.try_get("", n)?,
            planned: row.try_get("", planned)?,
            actual: row.try_get("", actual)?,
        },
    ))
}

/// The sums as stored.
async fn stored<C: ConnectionTrait>(db: &C) -> Result<Sums> {
    let backend = db.get_database_backend();
    let mut sums = Sums::default();
    let rows = db
        .query_all_raw(statement(
            backend,
            "SELECT tenant_id, plan_id, action_plan_id, measure_id, report_state, status, \
               cards, clients_planned, clients_actual FROM rollup_card",
            vec![],
        ))
        .await?;
    for row in &rows {
        let (key, row_sums) = card_entry(row, ["cards", "clients_planned", "clients_actual"])?;
        sums.add_cards(key, row_sums);
    }
    let rows = db
        .query_all_raw(statement(
            backend,
            "SELECT tenant_id, plan_id, action_plan_id, measure_id, source, entries, planned, \
               actual FROM rollup_cost",
            vec![],
        ))
        .await?;
    for row in &rows {
        let (key, row_sums) = cost_entry(row, ["entries", "planned", "actual"])?;
        sums.add_costs(key, row_sums);
    }
    Ok(sums)
}

/// Counts every card again and compares with the stored sums; with `repair`, stores what was
/// counted where they differ. Reads in one transaction, so a save meanwhile is not a mismatch.
pub async fn check(store: &Store, repair: bool) -> Result<Vec<Mismatch>> {
    let txn = if repair {
        store.write().await?
    } else {
        store.db().begin().await?
    };
    if txn.get_database_backend() == DbBackend::Postgres {
        // One snapshot for both reads, and on repair no card changes until the sums are set.
        let mode = if repair {
            "LOCK TABLE activity_card, card_cost IN SHARE MODE"
        } else {
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        txn.execute_unprepared(mode).await?;
    }
    let stored = stored(&txn).await?;
    let mut counted = Sums::default();
    count(&txn, "1 = 1", vec![], &mut counted).await?;
    let mut mismatches = Sums::mismatches(&stored, &counted);
    mismatches.extend(card_cost_mismatches(&txn).await?);
    if repair && !mismatches.is_empty() {
        add(&txn, &Sums::change(&stored, &counted)).await?;
        txn.execute_unprepared(SET_CARD_COSTS).await?;
        txn.commit().await?;
    }
    Ok(mismatches)
}

/// Counts the sums of these measures of one action plan anew from their cards: for a bulk
/// fill that wrote the cards without sums.
pub(crate) async fn fill(
    txn: &DatabaseTransaction,
    action_plan: i32,
    measures: &[i32],
) -> Result<()> {
    let mut counted = Sums::default();
    for chunk in measures.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut values: Vec<Value> = vec![action_plan.into()];
        values.extend(chunk.iter().map(|&m| Value::from(m)));
        for table in ["rollup_card", "rollup_cost"] {
            txn.execute_raw(statement(
                txn.get_database_backend(),
                &format!(
                    "DELETE FROM {table} WHERE action_plan_id = ? AND measure_id IN ({marks})"
                ),
                values.clone(),
            ))
            .await?;
        }
        count(
            txn,
            &format!("c.action_plan_id = ? AND c.measure_id IN ({marks})"),
            values,
            &mut counted,
        )
        .await?;
    }
    add(txn, &counted).await?;
    txn.execute_raw(statement(
        txn.get_database_backend(),
        &format!("{SET_CARD_COSTS} WHERE action_plan_id = ?"),
        vec![action_plan.into()],
    ))
    .await?;
    Ok(())
}
