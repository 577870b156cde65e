//! The summary report's sums, read from the per measure and action plan sums the card writes
//! keep current (see `action_plan::rollup`). Plain SQL that SQLite and PostgreSQL both run.

use std::collections::HashMap;

use kpss_domain::evaluation::{CardStatus, ReportState};
use kpss_domain::report::MeasureFigures;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::{Result, Store};

/// `?` placeholders as the backend wants them.
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Card counts, statuses, clients and costs per measure of a plan; what happened counts only
/// for approved reports, as in [`kpss_domain::report::CardLine::counted`].
pub(super) async fn figures(
    store: &Store,
    tenant: i32,
    plan_id: i32,
) -> Result<HashMap<i32, MeasureFigures>> {
    let db = store.db();
    let backend = db.get_database_backend();
    let approved = ReportState::Approved.code();
    let cards = db
        .query_all_raw(statement(
            backend,
            "SELECT r.measure_id, a.year, r.report_state, r.status, \
               CAST(SUM(r.cards) AS BIGINT) AS n, \
               CAST(SUM(r.clients_planned) AS BIGINT) AS planned, \
               CAST(SUM(r.clients_actual) AS BIGINT) AS actual \
             FROM rollup_card r JOIN action_plan a ON a.id = r.action_plan_id \
             WHERE r.tenant_id = ? AND r.plan_id = ? \
             GROUP BY r.measure_id, a.year, r.report_state, r.status",
            vec![tenant.into(), plan_id.into()],
        ))
        .await?;
    let mut out: HashMap<i32, MeasureFigures> = HashMap::new();
    for row in cards {
        let measure: i32 = row.try_get("", "measure_id")?;
        let year: i32 = row.try_get("", "year")?;
        let state: String = row.try_get("", "report_state")?;
        let status: Option<String> = row.try_get("", "status")?;
        let n: i64 = row.try_get("", "n")?;
        let planned: i64 = row.try_get("", "planned")?;
        let actual: i64 = row.try_get("", "actual")?;
        let n = usize::try_from(n).unwrap_or(0);
        let entry = out.entry(measure).or_default();
        let s = &mut entry.summary;
        s.cards += n;
        let counted_actual = if state == approved { actual } else { 0 };
        s.add_clients(year, planned, counted_actual);
        if state == approved {
            entry.approved += n;
            if let Some(status) = status.as_deref().and_then(|c| CardStatus::parse(c).ok()) {
                *s.by_status.entry(status).or_default() += n;
            }
        }
    }
    let costs = db
        .query_all_raw(statement(
            backend,
            "SELECT r.measure_id, a.year, r.source, CAST(SUM(r.planned) AS BIGINT) AS planned, \
               CAST(SUM(r.actual) AS BIGINT) AS actual \
             FROM rollup_cost r JOIN action_plan a ON a.id = r.action_plan_id \
             WHERE r.tenant_id = ? AND r.plan_id = ? \
             GROUP BY r.measure_id, a.year, r.source",
            vec![tenant.into(), plan_id.into()],
        ))
        .await?;
    for row in costs {
        let measure: i32 = row.try_get("", "measure_id")?;
        let year: i32 = row.try_get("", "year")?;
        let source: String = row.try_get("", "source")?;
        let planned: i64 = row.try_get("", "planned")?;
        let actual: i64 = row.try_get("", "actual")?;
        out.entry(measure)
            .or_default()
            .summary
            .costs
            .insert((source, year), (planned, actual));
    }
    Ok(out)
}

/// An approved card whose status needed an explanation.
pub(super) struct Note {
    pub measure_id: i32,
    pub year: i32,
    pub title: String,
    pub organisation: i32,
    pub status: Option<CardStatus>,
    pub comment: Option<String>,
}

/// The explained shortfalls of a plan's approved cards, the first few per measure.
pub(super) async fn notes(store: &Store, tenant: i32, plan_id: i32) -> Result<Vec<Note>> {
    let db = store.db();
    let backend = db.get_database_backend();
    let explained: Vec<&str> = CardStatus::ALL
        .into_iter()
        .filter(|s| s.needs_comment())
        .map(CardStatus::code)
        .collect();
    let mut values: Vec<Value> = vec![
        tenant.into(),
        plan_id.into(),
        ReportState::Approved.code().into(),
    ];
    values.extend(explained.iter().map(|c| Value::from(*c)));
    values.push(i64::try_from(super::NOTES_PER_MEASURE).unwrap_or(5).into());
    let marks = vec!["?"; explained.len()].join(", ");
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT measure_id, year, title, organisation_id, status, comment FROM ( \
                   SELECT c.measure_id, a.year, c.title, c.organisation_id, c.status, c.comment, \
                     ROW_NUMBER() OVER (PARTITION BY c.measure_id ORDER BY a.year, c.id) AS rn \
                   FROM activity_card c JOIN action_plan a ON a.id = c.action_plan_id \
                   WHERE c.tenant_id = ? AND a.plan_id = ? AND c.report_state = ? \
                     AND c.status IN ({marks}) AND c.comment IS NOT NULL \
                 ) t WHERE rn <= ? ORDER BY measure_id, year"
            ),
            values,
        ))
        .await?;
    rows.into_iter()
        .map(|row| {
            let status: Option<String> = row.try_get("", "status")?;
            Ok(Note {
                measure_id: row.try_get("", "measure_id")?,
                year: row.try_get("", "year")?,
                title: row.try_get("", "title")?,
                organisation: row.try_get("", "organisation_id")?,
                status: status.as_deref().and_then(|c| CardStatus::parse(c).ok()),
                comment: row.try_get("", "comment")?,
            })
        })
        .collect()
}

/// New services and activities per measure of a plan that, by their approved reports,
/// started: distinct (organisation, activity) pairs, so a new activity carried over several
/// years counts once.
pub(super) async fn new_activities(
    store: &Store,
    tenant: i32,
    plan_id: i32,
) -> Result<Vec<(i32, usize)>> {
    let db = store.db();
    let backend = db.get_database_backend();
    let started: Vec<&str> = CardStatus::ALL
        .into_iter()
        .filter(|s| kpss_domain::report::is_started(*s))
        .map(CardStatus::code)
        .collect();
    let mut values: Vec<Value> = vec![
        tenant.into(),
        plan_id.into(),
        ReportState::Approved.code().into(),
    ];
    values.extend(started.iter().map(|c| Value::from(*c)));
    let marks = vec!["?"; started.len()].join(", ");
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT measure_id, CAST(COUNT(*) AS BIGINT) AS n FROM ( \
                   SELECT DISTINCT c.measure_id, c.organisation_id, c.new_activity \
                   FROM activity_card c JOIN action_plan a ON a.id = c.action_plan_id \
                   WHERE c.tenant_id = ? AND a.plan_id = ? AND c.report_state = ? \
                     AND c.new_activity IS NOT NULL AND c.status IN ({marks}) \
                 ) t GROUP BY measure_id"
            ),
            values,
        ))
        .await?;
    rows.into_iter()
        .map(|row| {
            let n: i64 = row.try_get("", "n")?;
            Ok((
                row.try_get("", "measure_id")?,
                usize::try_from(n).unwrap_or(0),
            ))
        })
        .collect()
}
