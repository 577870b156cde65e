//! Submitted forms: every field kept as typed, multi-valued fields, the CSRF check, and the
//! view a template needs to show values and errors.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use kpss_domain::FieldErrors;
use rand::RngCore;
use tower_sessions::Session;

use axum::http::StatusCode;

use crate::auth::Ctx;
use crate::messages::{field_error, field_label};
use crate::{Error, messages};

const CSRF_KEY: &str = "csrf";

/// A form body as submitted: name → values, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Parses `application/x-www-form-urlencoded` (or a query string).
    #[must_use]
    pub fn parse(bytes: &[u8]) -> Self {
        Self(form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// The first value of a field, or "".
    #[must_use]
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a field.
    #[must_use]
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Refuses the form unless it carries this session's CSRF token.
    pub async fn check_csrf(&self, session: &Session) -> Result<(), Error> {
        let expected: Option<String> = session.get(CSRF_KEY).await?;
        match expected {
            Some(token) if constant_time_eq(token.as_bytes(), self.get(CSRF_KEY).as_bytes()) => {
                Ok(())
            }
            _ => Err(Error::Csrf),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::TooLarge
            } else {
                Error::BadRequest("Formulář je poškozený nebo nebyl celý odeslán.".into())
            }
        })?;
        Ok(Self::parse(&bytes))
    }
}

/// This session's CSRF token, made on first use.
pub async fn csrf_token(session: &Session) -> Result<String, Error> {
    if let Some(token) = session.get::<String>(CSRF_KEY).await? {
        return Ok(token);
    }
    let token = random_token();
    session.insert(CSRF_KEY, &token).await?;
    Ok(token)
}

/// 32 random bytes as 64 hex digits: CSRF tokens, device cookies.
#[must_use]
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a template needs to show a form: the values and the errors.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    values: HashMap<String, Vec<String>>,
    /// Field name, its label and the message, in the order of the form.
    pub errors: Vec<(String, String, String)>,
    /// The CSRF token to put in the form.
    pub csrf: String,
}

impl FormView {
    /// A form showing these values.
    #[must_use]
    pub fn new(csrf: String, data: &FormData) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in &data.0 {
            values.entry(k.clone()).or_default().push(v.clone());
        }
        Self {
            values,
            errors: Vec::new(),
            csrf,
        }
    }

    /// The same form with these errors.
    #[must_use]
    pub fn with_errors(mut self, errors: &FieldErrors) -> Self {
        self.errors = errors
            .0
            .iter()
            .map(|(f, e)| (f.clone(), field_label(f).to_owned(), field_error(e)))
            .collect();
        self
    }

    /// The value typed into a field.
    #[must_use]
    pub fn value(&self, name: impl AsRef<str>) -> &str {
        self.values
            .get(name.as_ref())
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    /// Whether a checkbox or option with this value is selected.
    #[must_use]
    pub fn has(&self, name: impl AsRef<str>, value: impl AsRef<str>) -> bool {
        self.values
            .get(name.as_ref())
            .is_some_and(|v| v.iter().any(|x| x == value.as_ref()))
    }

    /// The message for a field, if it was rejected.
    #[must_use]
    pub fn error(&self, name: impl AsRef<str>) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _, _)| f == name.as_ref())
            .map(|(_, _, m)| m.as_str())
    }

    /// The id of a field's error message, for `aria-describedby`.
    #[must_use]
    pub fn error_id(&self, name: impl AsRef<str>) -> String {
        format!("{}-chyba", field_id(name.as_ref()))
    }

    /// `aria-invalid` / `aria-describedby` attributes for a field, if it was rejected.
    #[must_use]
    pub fn aria(&self, name: &str) -> String {
        if self.error(name).is_some() {
            format!("aria-invalid=true aria-describedby={}", self.error_id(name))
        } else {
            String::new()
        }
    }
}

/// An HTML id for a field name (`locations[0].address` → `locations-0-address`).
#[must_use]
pub fn field_id(name: impl AsRef<str>) -> String {
    name.as_ref()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .replace("--", "-")
}

/// How a rejected save is answered: the status, the form with what the user typed, and the
/// conflict notice when someone else saved first. Other errors pass through.
pub fn rejection(
    ctx: &Ctx,
    form: &FormData,
    err: kpss_store::Error,
) -> Result<(StatusCode, FormView, Option<&'static str>), Error> {
    match err {
        kpss_store::Error::Invalid(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            FormView::new(ctx.csrf.clone(), form).with_errors(&errors),
            None,
        )),
        kpss_store::Error::Conflict(kpss_store::Conflict::StaleVersion) => Ok((
            StatusCode::CONFLICT,
            FormView::new(ctx.csrf.clone(), form),
            Some(messages::STALE),
        )),
        other => Err(other.into()),
    }
}

/// The version of the record the form was opened on (optimistic locking).
pub fn version(form: &FormData) -> Result<i32, Error> {
    form.get("version").parse().map_err(|_| {
        Error::BadRequest("Formulář neobsahuje verzi záznamu; načtěte jej znovu.".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_and_escapes_are_read() {
        let data = FormData::parse(b"forms=terenni&forms=pobytova&name=Dom%C5%AF+u+Lipy&x=");
        assert_eq!(data.all("forms"), vec!["terenni", "pobytova"]);
        assert_eq!(data.get("name"), "Domů u Lipy");
        assert_eq!(data.get("missing"), "");
    }

    #[test]
    fn the_view_keeps_what_was_typed_and_marks_errors() {
        let data = FormData::parse(b"ico=123&forms=terenni");
        let mut errors = FieldErrors::default();
        errors.add("ico", kpss_domain::FieldError::InvalidIco);
        let view = FormView::new("t".into(), &data).with_errors(&errors);
        assert_eq!(view.value("ico"), "123");
        assert!(view.has("forms", "terenni"));
        assert!(view.error("ico").unwrap().contains("8 číslic"));
        assert_eq!(
            view.aria("ico"),
            "aria-invalid=true aria-describedby=ico-chyba"
        );
        assert_eq!(field_id("locations[0].address"), "locations-0-address");
    }
}
