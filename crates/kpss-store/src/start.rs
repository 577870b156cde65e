//! What a person's start page reads of a running round: the cards that may wait for them,
//! never the whole plan's (the round's progress comes from the kept sums, see
//! [`crate::action_plan::state_counts`]).

use std::collections::HashMap;

use kpss_domain::evaluation::ReportState;
use kpss_domain::start::Candidates;
use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Expr, ExprTrait, Order};

use crate::action_plan::CardFilter;
use crate::entity::activity_card;
use crate::{Result, Store};

/// A card as the start page weighs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingCard {
    pub id: i32,
    pub title: String,
    /// The measure it is planned under, which tells its working group.
    pub measure_id: i32,
    pub organisation_id: i32,
    /// Where its evaluation stands.
    pub state: ReportState,
}

/// Of a round's cards, those that can wait for an actor (`candidates`; `group_of` tells each
/// measure's working group), and how many there are. A provider's own cards are few and all
/// read; reviewers get the `SHOWN` submitted longest ago, the rest being in the list of cards.
pub async fn waiting_cards(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    candidates: &Candidates,
    group_of: &HashMap<i32, String>,
) -> Result<(Vec<WaitingCard>, u64)> {
    let filter = CardFilter {
        states: Some(candidates.states.clone()),
        measures: candidates.groups.as_ref().map(|groups| {
            group_of
                .iter()
                .filter(|(_, g)| groups.contains(g))
                .map(|(m, _)| *m)
                .collect()
        }),
        organisations: candidates.organisations.clone(),
        text: String::new(),
    };
    let limit = candidates.organisations.is_none().then_some(SHOWN as u64);
    let read = read_waiting(store, tenants, action_plan, &filter, limit).await?;
    let count = match limit {
        Some(_) => crate::action_plan::count_cards(store, tenants, action_plan, &filter).await?,
        None => read.len() as u64,
    };
    Ok((read, count))
}

/// Cards a start page shows of a round at most.
pub const SHOWN: usize = 20;

/// The cards that pass the filter, those submitted longest ago first (then by id), at most
/// `limit` of them.
async fn read_waiting(
    store: &Store,
    tenants: &[i32],
    action_plan: i32,
    filter: &CardFilter,
    limit: Option<u64>,
) -> Result<Vec<WaitingCard>> {
    #[derive(FromQueryResult)]
    struct Waiting {
        id: i32,
        title: String,
        measure_id: i32,
        organisation_id: i32,
        report_state: String,
    }
    use activity_card::Column as C;
    let mut query = crate::action_plan::list::base(tenants, action_plan, filter);
    query
        .columns(
            [
                C::Id,
                C::Title,
                C::MeasureId,
                C::OrganisationId,
                C::ReportState,
            ]
            .map(|c| (activity_card::Entity, c)),
        )
        // NULLs last on both engines (SQLite puts them first by itself).
        .order_by_expr(
            Expr::col((activity_card::Entity, C::SubmittedAt)).is_null(),
            Order::Asc,
        )
        .order_by((activity_card::Entity, C::SubmittedAt), Order::Asc)
        .order_by((activity_card::Entity, C::Id), Order::Asc);
    if let Some(limit) = limit {
        query.limit(limit);
    }
    let stmt = store.db().get_database_backend().build(&query);
    Waiting::find_by_statement(stmt)
        .all(store.db())
        .await?
        .into_iter()
        .map(|w| {
            Ok(WaitingCard {
                state: crate::evaluation::report_state(&w.report_state)?,
                id: w.id,
                title: w.title,
                measure_id: w.measure_id,
                organisation_id: w.organisation_id,
            })
        })
        .collect()
}
