//! Lists the user orders by hand (a survey's questions, a SWOT's items): moving one item a
//! place up or down and writing the new positions.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{Error, Result};

/// `order` with `id` moved one place up (or down); `None` when it is already first (last).
pub(crate) fn shifted(mut order: Vec<i32>, id: i32, up: bool) -> Result<Option<Vec<i32>>> {
    let at = order.iter().position(|i| *i == id).ok_or(Error::NotFound)?;
    let to = if up { at.checked_sub(1) } else { Some(at + 1) };
    Ok(to.filter(|to| *to < order.len()).map(|to| {
        order.swap(at, to);
        order
    }))
}

/// Moves row `id` of the rows `order` lists one place up (or down), writing every row's
/// position (`position` of the rows with `id_column`) in the transaction `c`.
pub(crate) async fn shift<E, C>(
    c: &C,
    (id_column, position): (E::Column, E::Column),
    order: Vec<i32>,
    (id, up): (i32, bool),
) -> Result<()>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let Some(order) = shifted(order, id, up)? else {
        return Ok(());
    };
    for (at, row) in order.iter().enumerate() {
        E::update_many()
            .col_expr(position, Expr::value(i32::try_from(at).unwrap_or_default()))
            .filter(id_column.eq(*row))
            .exec(c)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_moves_one_place_and_not_past_the_ends() {
        assert_eq!(
            shifted(vec![1, 2, 3], 3, true).unwrap(),
            Some(vec![1, 3, 2])
        );
        assert_eq!(
            shifted(vec![1, 2, 3], 1, false).unwrap(),
            Some(vec![2, 1, 3])
        );
        assert_eq!(shifted(vec![1, 2, 3], 1, true).unwrap(), None);
        assert_eq!(shifted(vec![1, 2, 3], 3, false).unwrap(), None);
        assert!(shifted(vec![1], 9, true).is_err());
    }
}
