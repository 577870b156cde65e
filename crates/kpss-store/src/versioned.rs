//! Optimistic locking: a row carries a `version`; a write names the version it read and raises
//! it, and finds nothing to write when someone else wrote first.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IdenStatic, Iterable,
    QueryFilter, Value,
};

use crate::{Conflict, Error, Result};

/// The column `name` of the model's table; every versioned table has `id` and `version`.
fn column<A: ActiveModelTrait>(name: &str) -> Result<<A::Entity as EntityTrait>::Column> {
    <<A::Entity as EntityTrait>::Column as Iterable>::iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| Error::Db(DbErr::Custom(format!("no column {name}"))))
}

/// Writes `change` to row `id` read at `version` and raises its version in the same statement;
/// refused as stale when the row is at another version.
pub(crate) async fn bump<A, C>(c: &C, (id, version): (i32, i32), mut change: A) -> Result<()>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let (id_column, version_column) = (column::<A>("id")?, column::<A>("version")?);
    change.set(version_column, Value::from(version + 1));
    let written = <A::Entity as EntityTrait>::update_many()
        .set(change)
        .filter(id_column.eq(id))
        .filter(version_column.eq(version))
        .exec(c)
        .await?
        .rows_affected;
    if written == 0 {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    Ok(())
}
