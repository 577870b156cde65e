//! One-time links that let a person set their own password: the invitation of a new account
//! and the reset of a forgotten password. A link works once and expires.

use time::{Duration, OffsetDateTime};

/// Why a link was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// A new account: the person sets their first password.
    Invitation,
    /// A forgotten password.
    Reset,
}

impl LinkPurpose {
    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Invitation => "pozvanka",
            Self::Reset => "obnova",
        }
    }

    /// How long a link works: an invitation waits a week for someone on leave, a reset an hour
    /// (a stolen mailbox should not keep a working link for long).
    #[must_use]
    pub fn valid_for(self) -> Duration {
        match self {
            Self::Invitation => Duration::days(7),
            Self::Reset => Duration::hours(1),
        }
    }
}

/// How many reset links one account gets in an hour: enough for a typo, not for a flood.
pub const RESETS_PER_HOUR: u64 = 3;

/// Whether a link still works: not used and not expired.
#[must_use]
pub fn is_usable(
    expires_at: OffsetDateTime,
    used_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> bool {
    used_at.is_none() && now < expires_at
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_link_works_once_until_it_expires() {
        let now = datetime!(2026-11-30 10:00 UTC);
        let expires = now + LinkPurpose::Reset.valid_for();
        assert_eq!(expires, datetime!(2026-11-30 11:00 UTC));
        assert!(is_usable(expires, None, now));
        assert!(!is_usable(expires, Some(now), now), "used");
        assert!(!is_usable(expires, None, expires), "expired");
        assert_eq!(LinkPurpose::Invitation.valid_for(), Duration::days(7));
        assert_eq!(LinkPurpose::Invitation.code(), "pozvanka");
    }
}
