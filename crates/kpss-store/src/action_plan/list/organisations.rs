//! The organisations a list of cards can be narrowed to.

use sea_orm::FromQueryResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

use crate::entity::{activity_card, organisation};
use crate::{Result, Store};

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
