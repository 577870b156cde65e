//! An action plan's cards as a list: filtered, sorted and cut into pages in the database, so a
//! plan of fifty thousand cards costs one page's rows; an export reads the same list in
//! batches.

use futures_util::{Stream, StreamExt};
use kpss_domain::action_plan::card_list::CardSort;
use kpss_domain::evaluation::CardStatus;
use kpss_domain::evaluation::ReportState;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::entity::{activity_card, organisation, plan_goal, plan_measure, plan_part};
use crate::{Result, Store};

mod organisations;
mod plan_order;

pub use organisations::card_organisations;
pub use plan_order::{StateCount, state_counts};

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
        return plan_order::in_plan_order(
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
    use activity_card::Column as C;
    let card = |c: C| Expr::col((activity_card::Entity, c));
    let mut query = base(tenants, action_plan, filter);
    // A plain column comes back under its own name, which is the field of `Row`.
    query
        .columns(
            [
                C::Id,
                C::Title,
                C::MeasureId,
                C::OrganisationId,
                C::ReportState,
                C::Status,
                C::PlannedClients,
                C::ActualClients,
                C::PlannedCost,
                C::ActualCost,
            ]
            .map(|c| (activity_card::Entity, c)),
        )
        .expr_as(
            Expr::col((organisation::Entity, organisation::Column::Name)),
            Alias::new("organisation"),
        )
        .column((organisation::Entity, organisation::Column::Ico));
    let order = if descending { Order::Desc } else { Order::Asc };
    // (key, whether it follows the chosen direction); the card's id breaks ties last.
    let keys: Vec<(SimpleExpr, bool)> = match sort {
        CardSort::Measure => {
            join_plan_order(&mut query);
            vec![
                (
                    Expr::col((plan_part::Entity, plan_part::Column::Position)),
                    true,
                ),
                (
                    Expr::col((plan_goal::Entity, plan_goal::Column::Position)),
                    true,
                ),
                (
                    Expr::col((plan_measure::Entity, plan_measure::Column::Position)),
                    true,
                ),
                (
                    Expr::col((plan_measure::Entity, plan_measure::Column::Id)),
                    true,
                ),
                (card(C::Title), true),
            ]
        }
        CardSort::Title => vec![(card(C::Title), true)],
        CardSort::Organisation => vec![
            (
                Expr::col((organisation::Entity, organisation::Column::Name)),
                true,
            ),
            (card(C::Title), true),
        ],
        CardSort::State => {
            // The report's path, not the alphabet of its codes.
            let mut case = Expr::case(card(C::ReportState).eq(ReportState::ALL[0].code()), 0);
            for (i, s) in (0i32..).zip(ReportState::ALL).skip(1) {
                case = case.case(card(C::ReportState).eq(s.code()), i);
            }
            vec![(case.finally(9).into(), true), (card(C::Title), false)]
        }
        CardSort::PlannedCost => vec![(card(C::PlannedCost), true)],
    };
    for (key, follows) in keys {
        query.order_by_expr(key, if follows { order.clone() } else { Order::Asc });
    }
    query.order_by((activity_card::Entity, C::Id), order);
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
