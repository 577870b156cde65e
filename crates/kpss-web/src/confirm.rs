//! A page of its own before an action that cannot be undone or that touches many records:
//! it says what will happen and what cannot be taken back, and only its form carries the
//! confirmation. The action's address answers `GET` with this page and changes nothing; a
//! `POST` without the confirmation is sent here too.

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::Error;
use crate::auth::{Ctx, Layout};
use crate::form::FormData;

/// The field only a confirmation page sends.
const CONFIRMED: &str = "potvrzeno";

/// What the page asks about.
pub(crate) struct Confirmation {
    /// The question, also the page title („Uzavřít hodnocení akčního plánu 2025?“).
    pub title: String,
    /// What will happen, one consequence a line.
    pub consequences: Vec<String>,
    /// What cannot be taken back.
    pub irreversible: String,
    /// Where the form posts: the action's own address.
    pub action: String,
    /// Hidden fields the action needs besides the token (the record's version, the step).
    pub fields: Vec<(&'static str, String)>,
    /// The confirming button („Ano, uzavřít hodnocení“).
    pub confirm: &'static str,
    /// Where „Zpět bez změny“ leads, and what that page is called.
    pub back: (String, String),
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    layout: Layout,
    c: Confirmation,
}

/// The confirmation page.
pub(crate) fn page(ctx: &Ctx, c: Confirmation) -> Result<Html<String>, Error> {
    Ok(Html(
        ConfirmPage {
            layout: ctx.layout(),
            c,
        }
        .render()?,
    ))
}

/// `None` when the form came from the confirmation page; else the way to it (303, nothing
/// changed).
pub(crate) fn required(data: &FormData, page: &str) -> Option<Response> {
    (data.get(CONFIRMED) != "ano").then(|| Redirect::to(page).into_response())
}
