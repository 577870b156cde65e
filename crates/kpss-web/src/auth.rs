//! Who is asking: the tenant of the request, the logged-in account, the client's address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::HOST;
use axum::http::request::Parts;
use kpss_store::account::Account;
use kpss_store::tenant::{Scope, Tenant};
use tower_sessions::Session;

use crate::{AppState, Error};

/// Session key of the logged-in account's id (the store reads it to end an account's sessions).
pub use kpss_store::session::ACCOUNT_KEY;

/// The logged-in person as the page header shows them.
#[derive(Debug, Clone)]
pub struct UserView {
    pub email: String,
    pub role: &'static str,
    pub is_admin: bool,
    /// Reports or reviews in evaluations, so follows the round dashboards.
    pub may_follow_round: bool,
}

/// The frame of every page: tenant, user and the token for the logout form.
#[derive(Debug, Clone)]
pub struct Layout {
    pub tenant_name: String,
    pub user: Option<UserView>,
    pub csrf: String,
    /// What the last action did, shown once.
    pub flash: Option<String>,
}

impl Layout {
    /// The frame for this tenant and, when logged in, this account.
    #[must_use]
    pub fn of(tenant: &Tenant, user: Option<&Account>, csrf: String) -> Self {
        Self {
            tenant_name: tenant.name.clone(),
            user: user.map(|u| UserView {
                email: u.email.clone(),
                role: u.role.name(),
                is_admin: u.actor().is_admin(),
                may_follow_round: u.actor().may_follow_round(),
            }),
            csrf,
            flash: None,
        }
    }

    /// The frame of an error page: the tenant at `host` and the account logged in on
    /// `session`, as far as they can still be read.
    pub async fn for_error(
        state: &AppState,
        host: Option<&str>,
        session: &Session,
    ) -> Result<Self, Error> {
        let tenant = state.tenant_for(host).await?;
        let user = match session.get::<i32>(ACCOUNT_KEY).await? {
            Some(id) => kpss_store::account::get(&state.store, tenant.id, id)
                .await
                .ok(),
            None => None,
        };
        let csrf = if user.is_some() {
            crate::form::csrf_token(session).await?
        } else {
            String::new()
        };
        Ok(Self::of(&tenant, user.as_ref(), csrf))
    }

    /// The frame of a page for a visitor who is not logged in.
    #[must_use]
    pub fn anonymous(tenant_name: String) -> Self {
        Self {
            tenant_name,
            user: None,
            csrf: String::new(),
            flash: None,
        }
    }

    /// Whether the round dashboards are for this visitor, so pages link to them.
    #[must_use]
    pub fn may_follow_round(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.may_follow_round)
    }
}

/// The context of one request.
pub struct Ctx {
    pub tenant: Tenant,
    /// What this tenant may read: itself, and a region its municipalities too.
    pub scope: Scope,
    pub session: Session,
    pub user: Option<Account>,
    /// This session's CSRF token; only made for logged-in users (anonymous visitors get no
    /// session row unless they open a form).
    pub csrf: String,
    /// What the logged-in user's last action did; taken from the session by this request.
    pub flash: Option<String>,
}

impl Ctx {
    /// May the logged-in account edit this organisation of this tenant?
    #[must_use]
    pub fn may_edit(&self, tenant: i32, organisation: i32) -> bool {
        tenant == self.tenant.id
            && self
                .user
                .as_ref()
                .is_some_and(|u| u.actor().may_edit_organisation(organisation))
    }

    /// The logged-in account, or 403.
    pub fn require_user(&self) -> Result<&Account, Error> {
        self.user.as_ref().ok_or(Error::Forbidden)
    }

    /// The logged-in coordinator, or 403.
    pub fn require_admin(&self) -> Result<&Account, Error> {
        self.require_user().and_then(|u| {
            if u.actor().is_admin() {
                Ok(u)
            } else {
                Err(Error::Forbidden)
            }
        })
    }

    /// What the page frame shows.
    #[must_use]
    pub fn layout(&self) -> Layout {
        Layout {
            flash: self.flash.clone(),
            ..Layout::of(&self.tenant, self.user.as_ref(), self.csrf.clone())
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok());
        let tenant = state.tenant_for(host).await?;
        let scope = kpss_store::tenant::scope(&state.store, &tenant).await?;
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, m)| Error::Internal(m.to_owned()))?;
        let account_id: Option<i32> = session.get(ACCOUNT_KEY).await?;
        let user = match account_id {
            Some(id) => match kpss_store::account::get(&state.store, tenant.id, id).await {
                Ok(account) => Some(account),
                // The account was removed, or the session belongs to another tenant.
                Err(kpss_store::Error::NotFound) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let (csrf, flash) = if user.is_some() {
            (
                crate::form::csrf_token(&session).await?,
                crate::flash::take(&session).await?,
            )
        } else {
            (String::new(), None)
        };
        Ok(Self {
            tenant,
            scope,
            session,
            user,
            csrf,
            flash,
        })
    }
}

/// The client's IP address, for the login throttle.
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |ConnectInfo(a)| a.ip().to_string());
        Ok(Self(addr))
    }
}
