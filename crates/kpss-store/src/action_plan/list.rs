//! An action plan's cards as a list: filtered, sorted and cut into pages in the database, so a
//! plan of fifty thousand cards costs one page's rows; an export reads the same list in
//! batches.

use futures_util::{Stream, StreamExt};
use kpss_domain::action_plan::card_list::CardSort;
use kpss_domain::evaluation::CardStatus;
use kpss_domain::evaluation::ReportState;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, TransactionTrait};

use crate::entity::{activity_card, organisation, plan_goal, plan_measure, plan_part};
use crate::{Result, Store};

/// Which cards of one action plan a list shows.
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    /// Only cards whose report is in one of these states (`None`: any state).
    pub states: Option<Vec<ReportState>>,
    /// Only cards of these measures (`None`: any measure).
    pub measures: Option<Vec<i32>>,
    /// Only cards of these organisations (`None`: of any).
    pub organisations: Option<Vec<i32>>,
    /// Words in the title, the organisation's name or its IČO.
    pub text: String,
}

impl CardFilter {
    /// Whether the cards' kept counts answer for this filter: it narrows by state and measure
    /// only.
    fn by_counts(&self) -> bool {
        self.organisations.is_none() && self.text.trim().is_empty()
    }

    /// Whether cards in this report state pass.
    fn counts(&self, state: ReportState) -> bool {
        self.states.as_ref().is_none_or(|s| s.contains(&state))
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCard {
    pub id: i32,
    pub title: String,
    pub measure_id: i32,
    pub organisation_id: i32,
    pub organisation: String,
    pub ico: String,
    pub state: ReportState,
    pub status: Option<CardStatus>,
    pub planned_clients: Option<i64>,
    pub actual_clients: Option<i64>,
    /// Planned costs from all sources, in Kč.
    pub planned_cost: i64,
    /// Reported costs from all sources, once any were reported.
    pub actual_cost: Option<i64>,
}

#[derive(FromQueryResult)]
struct Row {
    id: i32,
    title: String,
    measure_id: i32,
    organisation_id: i32,
    organisation: String,
    ico: String,
    report_state: String,
    status: Option<String>,
    planned_clients: Option<i64>,
    actual_clients: Option<i64>,
    planned_cost: i64,
    actual_cost: Option<i64>,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// How many cards of the action plan pass the filter. A filter by state and measure only is
/// answered from the kept sums, without reading a card.
pub async fn count_cards(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
) -> Result<u64> {
    if filter.by_counts() {
        let counts = state_counts(store, tenants, action_plan).await?;
        return Ok(counts
            .iter()
            .filter(|c| filter.counts(c.state))
            .filter(|c| {
                filter
                    .measures
                    .as_ref()
                    .is_none_or(|m| m.contains(&c.measure_id))
            })
            .map(|c| c.cards)
            .sum());
    }
    let mut query = base(tenants, action_plan, filter);
    query.expr_as(
        Expr::col((activity_card::Entity, activity_card::Column::Id)).count(),
        Alias::new("n"),
    );
    let stmt = store.db().get_database_backend().build(&query);
    let n = Count::find_by_statement(stmt)
        .one(store.db())
        .await?
        .map_or(0, |c| c.n);
    Ok(u64::try_from(n).unwrap_or(0))
}

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
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; tenants.len()].join(", ");
    let mut values: Vec<sea_orm::Value> = vec![action_plan.into()];
    values.extend(tenants.iter().map(|&t| t.into()));
    let rows = db
        .query_all_raw(crate::report::statement(
            db.get_database_backend(),
            &format!(
                "SELECT measure_id, report_state, CAST(SUM(cards) AS BIGINT) AS n \
                 FROM rollup_card WHERE action_plan_id = ? AND tenant_id IN ({marks}) \
                 GROUP BY measure_id, report_state"
            ),
            values,
        ))
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

/// The cards from `offset` on, at most `limit`, in the chosen order (the card's id breaks
/// ties, so pages never repeat or skip a card).
pub async fn list_cards(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    order: (CardSort, bool),
    (offset, limit): (u64, u64),
) -> Result<Vec<ListedCard>> {
    if order.0 == CardSort::Measure && filter.by_counts() {
        return in_plan_order(
            store,
            tenants,
            action_plan,
            filter,
            order.1,
            (offset, limit),
        )
        .await;
    }
    read_page(
        store.db(),
        tenants,
        action_plan,
        filter,
        order,
        (offset, limit),
    )
    .await
}

async fn read_page<C: ConnectionTrait>(
    db: &C,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    order: (CardSort, bool),
    (offset, limit): (u64, u64),
) -> Result<Vec<ListedCard>> {
    let mut query = sorted(tenants, action_plan, filter, order);
    query.limit(limit).offset(offset);
    let stmt = db.get_database_backend().build(&query);
    Row::find_by_statement(stmt)
        .all(db)
        .await?
        .into_iter()
        .map(Row::listed)
        .collect()
}

/// A page in the plan's order without sorting the whole plan: the kept counts per measure say
/// which measures the page spans, and each of those is read by title from its index. One
/// snapshot for all the reads, so the counts and the cards agree.
async fn in_plan_order(
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
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; tenants.len()].join(", ");
    let mut values: Vec<sea_orm::Value> = vec![action_plan.into()];
    values.extend(tenants.iter().map(|&t| t.into()));
    let rows = db
        .query_all_raw(crate::report::statement(
            db.get_database_backend(),
            &format!(
                "SELECT m.id FROM plan_measure m \
                   JOIN plan_goal g ON g.id = m.goal_id \
                   JOIN plan_part p ON p.id = g.part_id \
                   JOIN action_plan a ON a.plan_id = p.plan_id \
                 WHERE a.id = ? AND a.tenant_id IN ({marks}) \
                 ORDER BY p.position, g.position, m.position, m.id"
            ),
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| r.try_get::<i32>("", "id").map_err(Into::into))
        .collect()
}

/// Every card of the list, one at a time as the database sends them: an export of any size
/// holds a few rows in memory, not the list.
pub async fn stream_cards<'a>(
    store: &'a Store,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    order: (CardSort, bool),
) -> Result<impl Stream<Item = Result<ListedCard>> + Send + 'a> {
    let query = sorted(tenants, action_plan, filter, order);
    let stmt = store.db().get_database_backend().build(&query);
    let rows = Row::find_by_statement(stmt).stream(store.db()).await?;
    Ok(rows.map(|row| row.map_err(Into::into).and_then(Row::listed)))
}

impl Row {
    fn listed(self) -> Result<ListedCard> {
        Ok(ListedCard {
            state: crate::evaluation::report_state(&self.report_state)?,
            status: self
                .status
                .as_deref()
                .map(|s| crate::decode("card status", s, |c| CardStatus::parse(c).ok()))
                .transpose()?,
            id: self.id,
            title: self.title,
            measure_id: self.measure_id,
            organisation_id: self.organisation_id,
            organisation: self.organisation,
            ico: self.ico,
            planned_clients: self.planned_clients,
            actual_clients: self.actual_clients,
            planned_cost: self.planned_cost,
            actual_cost: self.actual_cost,
        })
    }
}

/// The list's columns in the chosen order; the card's id breaks ties.
fn sorted(
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    (sort, descending): (CardSort, bool),
) -> SelectStatement {
    let card = |c: activity_card::Column| Expr::col((activity_card::Entity, c));
    let mut query = base(tenants, action_plan, filter);
    query
        .expr_as(card(activity_card::Column::Id), Alias::new("id"))
        .expr_as(card(activity_card::Column::Title), Alias::new("title"))
        .expr_as(
            card(activity_card::Column::MeasureId),
            Alias::new("measure_id"),
        )
        .expr_as(
            card(activity_card::Column::OrganisationId),
            Alias::new("organisation_id"),
        )
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Name)),
            Alias::new("organisation"),
        )
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Ico)),
            Alias::new("ico"),
        )
        .expr_as(
            card(activity_card::Column::ReportState),
            Alias::new("report_state"),
        )
        .expr_as(card(activity_card::Column::Status), Alias::new("status"))
        .expr_as(
            card(activity_card::Column::PlannedClients),
            Alias::new("planned_clients"),
        )
        .expr_as(
            card(activity_card::Column::ActualClients),
            Alias::new("actual_clients"),
        )
        .expr_as(
            card(activity_card::Column::PlannedCost),
            Alias::new("planned_cost"),
        )
        .expr_as(
            card(activity_card::Column::ActualCost),
            Alias::new("actual_cost"),
        );
    let order = if descending { Order::Desc } else { Order::Asc };
    match sort {
        CardSort::Measure => {
            join_plan_order(&mut query);
            query
                .order_by(
                    (plan_part::Entity, plan_part::Column::Position),
                    order.clone(),
                )
                .order_by(
                    (plan_goal::Entity, plan_goal::Column::Position),
                    order.clone(),
                )
                .order_by(
                    (plan_measure::Entity, plan_measure::Column::Position),
                    order.clone(),
                )
                .order_by(
                    (plan_measure::Entity, plan_measure::Column::Id),
                    order.clone(),
                )
                .order_by(
                    (activity_card::Entity, activity_card::Column::Title),
                    order.clone(),
                );
        }
        CardSort::Title => {
            query.order_by(
                (activity_card::Entity, activity_card::Column::Title),
                order.clone(),
            );
        }
        CardSort::Organisation => {
            query
                .order_by(
                    (organisation::Entity, organisation::Column::Name),
                    order.clone(),
                )
                .order_by(
                    (activity_card::Entity, activity_card::Column::Title),
                    order.clone(),
                );
        }
        CardSort::State => {
            // The report's path, not the alphabet of its codes.
            let state = || card(activity_card::Column::ReportState);
            let mut case = Expr::case(state().eq(ReportState::ALL[0].code()), 0);
            for (i, s) in (0i32..).zip(ReportState::ALL).skip(1) {
                case = case.case(state().eq(s.code()), i);
            }
            query
                .order_by_expr(case.finally(9).into(), order.clone())
                .order_by(
                    (activity_card::Entity, activity_card::Column::Title),
                    Order::Asc,
                );
        }
        CardSort::PlannedCost => {
            query.order_by(
                (activity_card::Entity, activity_card::Column::PlannedCost),
                order.clone(),
            );
        }
    }
    query.order_by((activity_card::Entity, activity_card::Column::Id), order);
    query
}

/// The cards of the action plan with their organisation, filtered; no columns yet.
pub(crate) fn base(tenants: &[i32], action_plan: i32, filter: &CardFilter) -> SelectStatement {
    let card = |c: activity_card::Column| Expr::col((activity_card::Entity, c));
    let mut query = Query::select();
    query
        .from(activity_card::Entity)
        .inner_join(
            organisation::Entity,
            Expr::col((organisation::Entity, organisation::Column::Id))
                .equals((activity_card::Entity, activity_card::Column::OrganisationId)),
        )
        .and_where(card(activity_card::Column::TenantId).is_in(tenants.iter().copied()))
        .and_where(card(activity_card::Column::ActionPlanId).eq(action_plan));
    if let Some(states) = &filter.states {
        query.and_where(
            card(activity_card::Column::ReportState).is_in(states.iter().map(|s| s.code())),
        );
    }
    if let Some(measures) = &filter.measures {
        query.and_where(card(activity_card::Column::MeasureId).is_in(measures.iter().copied()));
    }
    if let Some(organisations) = &filter.organisations {
        query.and_where(
            card(activity_card::Column::OrganisationId).is_in(organisations.iter().copied()),
        );
    }
    for word in filter.text.split_whitespace() {
        // Every word somewhere in the title, the name or the IČO; LIKE's own wildcards in
        // what was typed are taken literally.
        let escaped = word
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        let like = |e: SimpleExpr| {
            Expr::expr(Func::lower(e))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        query.and_where(
            like(card(activity_card::Column::Title))
                .or(like(Expr::col((
                    organisation::Entity,
                    organisation::Column::Name,
                ))))
                .or(like(Expr::col((
                    organisation::Entity,
                    organisation::Column::Ico,
                )))),
        );
    }
    query
}

/// Joins the measure, goal and part, whose positions are the plan's order.
fn join_plan_order(query: &mut SelectStatement) {
    query
        .inner_join(
            plan_measure::Entity,
            Expr::col((plan_measure::Entity, plan_measure::Column::Id))
                .equals((activity_card::Entity, activity_card::Column::MeasureId)),
        )
        .inner_join(
            plan_goal::Entity,
            Expr::col((plan_goal::Entity, plan_goal::Column::Id))
                .equals((plan_measure::Entity, plan_measure::Column::GoalId)),
        )
        .inner_join(
            plan_part::Entity,
            Expr::col((plan_part::Entity, plan_part::Column::Id))
                .equals((plan_goal::Entity, plan_goal::Column::PartId)),
        );
}

/// The organisations with a card in the action plan, by name: what a list can be narrowed to;
/// `None` when there are more than `at_most` (a select of thousands helps nobody, and their
/// names are then never read).
pub async fn card_organisations(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    at_most: usize,
) -> Result<Option<Vec<(i32, String, String)>>> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i32,
    }
    #[derive(FromQueryResult)]
    struct Named {
        id: i32,
        name: String,
        ico: String,
    }
    let column = Expr::col((activity_card::Entity, activity_card::Column::OrganisationId));
    let mut query = Query::select();
    query
        .distinct()
        .expr_as(column, Alias::new("id"))
        .from(activity_card::Entity)
        .and_where(
            Expr::col((activity_card::Entity, activity_card::Column::TenantId))
                .is_in(tenants.iter().copied()),
        )
        .and_where(
            Expr::col((activity_card::Entity, activity_card::Column::ActionPlanId)).eq(action_plan),
        )
        // One more than allowed tells that there are too many; a LIMIT is a signed BIGINT.
        .limit(std::cmp::Ord::min(
            u64::try_from(at_most.saturating_add(1)).unwrap_or(u64::MAX),
            i64::MAX.unsigned_abs(),
        ));
    let backend = store.db().get_database_backend();
    let ids: Vec<i32> = Id::find_by_statement(backend.build(&query))
        .all(store.db())
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    if ids.len() > at_most {
        return Ok(None);
    }
    let mut query = Query::select();
    query
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Id)),
            Alias::new("id"),
        )
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Name)),
            Alias::new("name"),
        )
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Ico)),
            Alias::new("ico"),
        )
        .from(organisation::Entity)
        .and_where(Expr::col((organisation::Entity, organisation::Column::Id)).is_in(ids));
    let mut named: Vec<(i32, String, String)> = Named::find_by_statement(backend.build(&query))
        .all(store.db())
        .await?
        .into_iter()
        .map(|n| (n.id, n.name, n.ico))
        .collect();
    named.sort_by(|a, b| kpss_domain::czech::compare(&a.1, &b.1).then(a.2.cmp(&b.2)));
    Ok(Some(named))
}
