//! Outgoing mail: what a queued message holds, where it stands, and how long a failed one
//! waits before the next attempt.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

/// Where a queued message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MailState {
    /// Waiting to be sent (again, after a failure).
    Queued,
    /// Claimed by a node that is sending it. One left here by a node that stopped mid-send is
    /// not sent again: it may have gone out; the coordinator sees it.
    Sending,
    Sent,
    /// Given up after [`MAX_ATTEMPTS`].
    Failed,
}

impl MailState {
    /// Every state, in the order lists show them.
    pub const ALL: [Self; 4] = [Self::Queued, Self::Sending, Self::Sent, Self::Failed];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "ceka",
            Self::Sending => "odesila",
            Self::Sent => "odeslano",
            Self::Failed => "chyba",
        }
    }

    /// The state from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Queued => "čeká na odeslání",
            Self::Sending => "odesílá se (nebo odeslání nebylo potvrzeno)",
            Self::Sent => "odesláno",
            Self::Failed => "nepodařilo se odeslat",
        }
    }
}

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 8;

/// When the next attempt is due after `attempts` failed ones: 1, 2, 4 … 64 minutes; `None`
/// once [`MAX_ATTEMPTS`] have failed (about two hours after the first).
#[must_use]
pub fn retry_at(now: OffsetDateTime, attempts: i32) -> Option<OffsetDateTime> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << (attempts - 1).clamp(0, 20);
    Some(now + Duration::minutes(minutes))
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    /// The MIME type, e.g. `text/calendar; method=PUBLISH; charset=utf-8`.
    pub content_type: String,
    pub body: String,
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailDraft {
    /// What the message is, e.g. `pozvanka-schuzka`.
    pub kind: &'static str,
    /// What caused it, unique in the tenant: the same cause queues one message.
    pub key: String,
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    pub attachment: Option<Attachment>,
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn failed_mail_waits_longer_each_time_then_is_given_up() {
        let now = datetime!(2026-11-29 10:00 UTC);
        assert_eq!(retry_at(now, 1), Some(datetime!(2026-11-29 10:01 UTC)));
        assert_eq!(retry_at(now, 3), Some(datetime!(2026-11-29 10:04 UTC)));
        assert_eq!(retry_at(now, 7), Some(datetime!(2026-11-29 11:04 UTC)));
        assert_eq!(retry_at(now, MAX_ATTEMPTS), None);
    }

    #[test]
    fn states_read_back_from_their_codes() {
        for s in MailState::ALL {
            assert_eq!(MailState::parse(s.code()), Some(s));
        }
    }
}
