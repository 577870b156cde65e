//! Keeps the tables that grow by themselves bounded: expired sessions, old login failures and
//! long-unused trusted devices. Every node runs the sweep; deleting what is past its time is
//! the same whoever does it first, so several nodes at once are safe.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::Duration;

use crate::entity::{login_device, login_failure};
use crate::{Result, Store};

/// Failures older than this no longer count towards any throttle.
pub const LOGIN_FAILURE_RETENTION: Duration = Duration::days(1);
/// A device that logged in this long ago needs a new successful login to be trusted again.
pub const LOGIN_DEVICE_RETENTION: Duration = Duration::days(180);

/// What one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub login_failures: u64,
    pub login_devices: u64,
}

/// Removes what is past its time.
pub async fn sweep(store: &Store) -> Result<Swept> {
    let now = crate::now();
    let sessions = crate::session::delete_expired(store).await?;
    let login_failures = login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(now - LOGIN_FAILURE_RETENTION))
        .exec(store.db())
        .await?
        .rows_affected;
    let login_devices = login_device::Entity::delete_many()
        .filter(login_device::Column::CreatedAt.lt(now - LOGIN_DEVICE_RETENTION))
        .exec(store.db())
        .await?
        .rows_affected;
    Ok(Swept {
        sessions,
        login_failures,
        login_devices,
    })
}
