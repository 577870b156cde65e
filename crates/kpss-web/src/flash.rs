//! What the last action did, said once on the next page („Karta SEN 2.1/12 byla uložena.“).
//! The text waits in the session between the redirect and the page that shows it; a reload
//! does not show it again.

use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::Error;

const KEY: &str = "flash";

/// Keeps `text` for the next page this session opens.
pub async fn set(session: &Session, text: impl Into<String>) -> Result<(), Error> {
    session.insert(KEY, text.into()).await?;
    Ok(())
}

/// The waiting text, if any; it is gone once taken.
pub async fn take(session: &Session) -> Result<Option<String>, Error> {
    // A plain read first: removing an absent key would still write the session back.
    if session.get::<String>(KEY).await?.is_none() {
        return Ok(None);
    }
    Ok(session.remove::<String>(KEY).await?)
}

/// 303 to `to`, where `text` says what happened.
pub async fn redirect(
    session: &Session,
    to: &str,
    text: impl Into<String>,
) -> Result<Response, Error> {
    set(session, text).await?;
    Ok(Redirect::to(to).into_response())
}
