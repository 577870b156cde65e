//! The login throttle. Failed logins within [`THROTTLE_WINDOW`] cost no wait up to a free
//! count per key; past it every failure doubles the wait
//! (`kpss_domain::account::login_delay`). A key is one account from one address, one address,
//! or one account from devices that never logged in to it: a stranger guessing a known account
//! slows only themselves and unknown devices, never the owner's own browser, which carries the
//! device cookie of an earlier successful login.

use axum::http::{HeaderMap, HeaderValue, header};
use kpss_store::Store;
use kpss_store::account as store;
use time::Duration;

use crate::Error;

const FREE_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
const FREE_PER_ADDRESS: u64 = 20;
const FREE_PER_ACCOUNT: u64 = 10;
const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// The cookie that marks a browser which once logged in to an account.
const DEVICE_COOKIE: &str = "kpss_device";

/// The throttle keys of one login attempt.
pub(super) struct Keys {
    account: String,
    pair: String,
    address: String,
}

impl Keys {
    pub(super) fn new(tenant: i32, email: &str, address: &str) -> Self {
        Self {
            account: format!("account:{tenant}:{email}"),
            pair: format!("account:{tenant}:{email}:{address}"),
            address: format!("address:{address}"),
        }
    }

    /// Seconds until an attempt is let through; a trusted device skips the account-wide key.
    pub(super) async fn wait(&self, store: &Store, trusted: bool) -> Result<u64, Error> {
        let mut wait = wait_for(store, &self.pair, FREE_PER_ACCOUNT_AND_ADDRESS)
            .await?
            .max(wait_for(store, &self.address, FREE_PER_ADDRESS).await?);
        if !trusted {
            wait = wait.max(wait_for(store, &self.account, FREE_PER_ACCOUNT).await?);
        }
        Ok(wait)
    }

    /// Counts a failed attempt under every key.
    pub(super) async fn failed(&self, store: &Store) -> Result<(), Error> {
        for key in [&self.pair, &self.address, &self.account] {
            store::record_login_failure(store, key).await?;
        }
        Ok(())
    }

    /// Forgets this address's failures on the account. The account-wide count stays: it is
    /// the stranger's, not this device's.
    pub(super) async fn succeeded(&self, store: &Store) -> Result<(), Error> {
        Ok(store::clear_login_failures(store, &self.pair).await?)
    }
}

/// Seconds until the key's throttle lets the next attempt through.
async fn wait_for(store: &Store, key: &str, free: u64) -> Result<u64, Error> {
    let (failures, last) = store::login_failures(store, key, THROTTLE_WINDOW).await?;
    let delay = kpss_domain::account::login_delay(failures, free);
    let Some(last) = last else { return Ok(0) };
    let remaining = last + delay - time::OffsetDateTime::now_utc();
    // Whole seconds, rounded up: a wait of 0.4 s is still a wait.
    Ok(u64::try_from(remaining.whole_milliseconds()).map_or(0, |ms| ms.div_ceil(1000)))
}

/// Whether the browser's device cookie once logged in to this account.
pub(super) async fn is_trusted(
    store: &Store,
    tenant: i32,
    email: &str,
    headers: &HeaderMap,
) -> Result<bool, Error> {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, value)| *name == DEVICE_COOKIE && value.len() == 64)
        .map(|(_, value)| value);
    match token {
        Some(token) => Ok(store::is_trusted_device(store, tenant, email, token).await?),
        None => Ok(false),
    }
}

/// Trusts this browser for the account from now on: the `Set-Cookie` value to send.
pub(super) async fn trust_device(
    store: &Store,
    tenant: i32,
    email: &str,
    secure: bool,
) -> Result<HeaderValue, Error> {
    let token = crate::form::random_token();
    store::trust_device(store, tenant, email, &token).await?;
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{DEVICE_COOKIE}={token}; Path=/prihlaseni; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
        kpss_store::housekeeping::LOGIN_DEVICE_RETENTION.whole_seconds()
    );
    HeaderValue::from_str(&cookie).map_err(|e| Error::Internal(e.to_string()))
}
