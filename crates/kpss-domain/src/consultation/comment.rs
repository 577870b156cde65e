//! A comment as sent or entered, how staff say where it came from, its moderation and its
//! settlement.

use time::Date;

use super::{Channel, Decision, MAX_TEXT, Moderation};
use crate::catalogue::contact::parse_email;
use crate::field::{optional_text, required_text};
use crate::{FieldError, FieldErrors};

/// A comment as its form sends it.
#[derive(Debug, Clone, Default)]
pub struct CommentInput<'a> {
    pub text: &'a str,
    pub name: &'a str,
    pub organisation: &'a str,
    pub email: &'a str,
    /// The consent line is ticked.
    pub consent: bool,
}

/// A comment, checked: its text and, as far as its author gave them, who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommentDraft {
    pub text: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    /// Lower-cased; for the confirmation and the answer, never published.
    pub email: Option<String>,
}

impl CommentDraft {
    /// Checks a comment: its text is needed; whoever gives a name, an organisation or an
    /// address also ticks the consent with their processing.
    pub fn parse(input: &CommentInput<'_>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let text = e.take("remark", required_text(input.text, MAX_TEXT));
        let name = e
            .take("full_name", optional_text(input.name, 200))
            .flatten();
        let organisation = e
            .take("organisation", optional_text(input.organisation, 300))
            .flatten();
        let email = if input.email.trim().is_empty() {
            None
        } else {
            e.take("email", parse_email(input.email))
                .map(|m| m.to_lowercase())
        };
        let personal = [input.name, input.organisation, input.email]
            .iter()
            .any(|v| !v.trim().is_empty());
        if personal && !input.consent {
            e.add("consent", FieldError::ConsentMissing);
        }
        e.into_result(|| Self {
            text: text.unwrap_or_default(),
            name,
            organisation,
            email,
        })
    }
}

/// Where a comment entered by staff came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    pub channel: Channel,
    pub received_on: Date,
}

/// How a comment from another channel came, as the staff form sends it.
#[derive(Debug, Clone, Copy, Default)]
pub struct StaffInput<'a> {
    pub channel: &'a str,
    pub received_on: &'a str,
}

impl Origin {
    /// Checks the channel (any but the web, which comes by itself) and the day it was
    /// received, which is not after `today`.
    pub fn parse(input: StaffInput<'_>, today: Date) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let channel = e.take(
            "channel",
            match input.channel.trim() {
                "" => Err(FieldError::Required),
                code => Channel::parse(code)
                    .filter(|c| *c != Channel::Web)
                    .ok_or(FieldError::UnknownValue),
            },
        );
        let received_on = e.take(
            "received_on",
            crate::field::required_date(input.received_on).and_then(|d| {
                if d > today {
                    Err(FieldError::InFuture)
                } else {
                    Ok(d)
                }
            }),
        );
        e.into_result(|| Self {
            channel: channel.unwrap_or(Channel::Paper),
            received_on: received_on.unwrap_or(today),
        })
    }
}

/// The coordinator's moderation of an online comment: published, or hidden with the reason
/// kept.
pub fn parse_moderation(
    state: &str,
    note: &str,
) -> Result<(Moderation, Option<String>), FieldErrors> {
    let mut e = FieldErrors::default();
    let state = e.take(
        "moderation",
        match state.trim() {
            "" => Err(FieldError::Required),
            code => Moderation::parse(code)
                .filter(|m| *m != Moderation::Pending)
                .ok_or(FieldError::UnknownValue),
        },
    );
    let note = e.take("note", optional_text(note, MAX_TEXT)).flatten();
    if state.is_some_and(Moderation::is_hidden) && note.is_none() {
        e.add("note", FieldError::Required);
    }
    e.into_result(|| (state.unwrap_or(Moderation::Published), note))
}

/// How a comment is settled: the decision and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settlement {
    pub decision: Decision,
    pub reasoning: String,
}

impl Settlement {
    /// Checks a settlement: a decision, and its reasoning, are both needed.
    pub fn parse(decision: &str, reasoning: &str) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let decision = e.take(
            "decision",
            match decision.trim() {
                "" => Err(FieldError::Required),
                code => Decision::parse(code).ok_or(FieldError::UnknownValue),
            },
        );
        let reasoning = e.take("reasoning", required_text(reasoning, MAX_TEXT));
        e.into_result(|| Self {
            decision: decision.unwrap_or(Decision::Noted),
            reasoning: reasoning.unwrap_or_default(),
        })
    }
}
