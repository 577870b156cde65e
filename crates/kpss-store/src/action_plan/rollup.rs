//! Keeps the per measure and action plan sums (`rollup_card`, `rollup_cost`) equal to the
//! cards: a change recomputes the sums of the measures it touched, in its own transaction.

use kpss_domain::evaluation::ReportState;
use sea_orm::{ConnectionTrait, DatabaseTransaction};

use crate::Result;
use crate::report::statement;

/// Recomputes the sums of these (action plan, measure) pairs from the cards.
pub(crate) async fn refresh(txn: &DatabaseTransaction, touched: &[(i32, i32)]) -> Result<()> {
    let backend = txn.get_database_backend();
    let mut done: Vec<(i32, i32)> = Vec::with_capacity(touched.len());
    for &(action_plan, measure) in touched {
        if done.contains(&(action_plan, measure)) {
            continue;
        }
        done.push((action_plan, measure));
        for table in ["rollup_card", "rollup_cost"] {
            txn.execute_raw(statement(
                backend,
                &format!("DELETE FROM {table} WHERE action_plan_id = ? AND measure_id = ?"),
                vec![action_plan.into(), measure.into()],
            ))
            .await?;
        }
        txn.execute_raw(statement(
            backend,
            "INSERT INTO rollup_card (tenant_id, plan_id, action_plan_id, measure_id, \
               report_state, status, cards, clients_planned, clients_actual) \
             SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, c.report_state, \
               c.status, COUNT(*), COALESCE(SUM(c.planned_clients), 0), \
               COALESCE(SUM(c.actual_clients), 0) \
             FROM activity_card c JOIN action_plan a ON a.id = c.action_plan_id \
             WHERE c.action_plan_id = ? AND c.measure_id = ? \
             GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, c.report_state, \
               c.status",
            vec![action_plan.into(), measure.into()],
        ))
        .await?;
        txn.execute_raw(statement(
            backend,
            "INSERT INTO rollup_cost (tenant_id, plan_id, action_plan_id, measure_id, source, \
               planned, actual) \
             SELECT c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source, \
               SUM(k.planned), COALESCE(SUM(CASE WHEN c.report_state = ? THEN k.actual END), 0) \
             FROM card_cost k \
               JOIN activity_card c ON c.id = k.card_id \
               JOIN action_plan a ON a.id = c.action_plan_id \
             WHERE c.action_plan_id = ? AND c.measure_id = ? \
             GROUP BY c.tenant_id, a.plan_id, c.action_plan_id, c.measure_id, k.source",
            vec![
                ReportState::Approved.code().into(),
                action_plan.into(),
                measure.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
