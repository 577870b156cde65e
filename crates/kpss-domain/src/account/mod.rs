//! Accounts, roles and who may edit what.

pub mod link;
pub mod list;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// What an account may do; the public has no account at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Koordinátor KP – runs the whole planning cycle and edits everything.
    Admin,
    /// Manažer pracovní skupiny – edits the group's part of the plan.
    Manager,
    /// Člen pracovní skupiny – comments and sees drafts.
    Member,
    /// Poskytovatel – keeps its own organisations and services current.
    ProviderEditor,
}

impl Role {
    /// All roles.
    pub const ALL: [Self; 4] = [
        Self::Admin,
        Self::Manager,
        Self::Member,
        Self::ProviderEditor,
    ];

    /// Code in the database and on the command line.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Member => "member",
            Self::ProviderEditor => "provider",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Admin => "koordinátor KP",
            Self::Manager => "manažer pracovní skupiny",
            Self::Member => "člen pracovní skupiny",
            Self::ProviderEditor => "poskytovatel",
        }
    }

    /// The role with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// Who is acting: the role and, for a provider editor, the organisations it speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account's id; `None` when kpss itself acts (demo data, command line).
    pub account_id: Option<i32>,
    /// The account's role.
    pub role: Role,
    /// Organisations a provider editor is bound to (empty for the other roles).
    pub organisations: Vec<i32>,
    /// Working groups a manager leads, by the code of their plan part (e.g. „SEN“).
    pub groups: Vec<String>,
}

impl Actor {
    /// kpss itself, with the coordinator's rights: the demo generator and the command line.
    #[must_use]
    pub fn system() -> Self {
        Self {
            account_id: None,
            role: Role::Admin,
            organisations: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// May this actor change the organisation (and its services and activities)?
    #[must_use]
    pub fn may_edit_organisation(&self, organisation_id: i32) -> bool {
        match self.role {
            Role::Admin => true,
            Role::ProviderEditor => self.organisations.contains(&organisation_id),
            Role::Manager | Role::Member => false,
        }
    }

    /// May this actor create organisations, invite people and read the audit log?
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// A change of an account's role or activity, as the rule for keeping a coordinator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoordinatorChange {
    /// Who makes the change (`None`: kpss itself, e.g. the command line).
    pub by: Option<i32>,
    /// The account changed.
    pub account: i32,
    /// Whether the account is an active coordinator before the change, and after it.
    pub admin_before: bool,
    pub admin_after: bool,
    /// Active coordinators of the tenant other than this account.
    pub other_admins: u64,
}

impl CoordinatorChange {
    /// Refuses a change that locks its maker out or leaves the tenant without a coordinator;
    /// checked in the transaction that writes, where `other_admins` is current.
    pub fn check(&self) -> Result<(), crate::FieldError> {
        let demoted = self.admin_before && !self.admin_after;
        if demoted && self.by == Some(self.account) {
            return Err(crate::FieldError::OwnAccount);
        }
        if demoted && self.other_admins == 0 {
            return Err(crate::FieldError::LastCoordinator);
        }
        Ok(())
    }
}

/// Working group codes as typed („SEN, zp“): the plan part codes a manager leads, upper-cased.
pub fn parse_groups(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut groups: Vec<String> = Vec::new();
    for code in raw.split(|c: char| c == ',' || c.is_whitespace()) {
        if code.is_empty() {
            continue;
        }
        let code = crate::work_group::parse_code(code)?;
        if !groups.contains(&code) {
            groups.push(code);
        }
    }
    Ok(groups)
}

/// The shortest password kpss accepts.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Checks a new password and its repetition.
pub fn check_new_password(password: &str, repeated: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(FieldError::PasswordTooShort {
            min: MIN_PASSWORD_LEN,
        });
    }
    if password.chars().count() > 1000 {
        return Err(FieldError::TooLong { max: 1000 });
    }
    if password != repeated {
        return Err(FieldError::PasswordsDiffer);
    }
    Ok(())
}

/// A normalised e-mail address used as a login name.
pub fn parse_login_email(raw: &str) -> Result<String, FieldError> {
    crate::catalogue::contact::parse_email(raw).map(|e| e.to_lowercase())
}

/// The longest a client waits between login attempts, however many it failed.
pub const MAX_LOGIN_DELAY: time::Duration = time::Duration::minutes(15);

/// How long after its last failure a client may try to log in again, given the recent
/// failures under one throttle key of which `free` cost nothing: then 1 s, 2 s, 4 s …, doubling
/// up to [`MAX_LOGIN_DELAY`]. Guessing slows to a crawl, a person who mistyped waits seconds.
#[must_use]
pub fn login_delay(failures: u64, free: u64) -> time::Duration {
    if failures < free {
        return time::Duration::ZERO;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(20);
    time::Duration::seconds(1_i64 << doublings).min(MAX_LOGIN_DELAY)
}

#[cfg(test)]
mod tests {
    #[test]
    fn login_delays_grow_from_the_free_attempts_to_fifteen_minutes() {
        use super::{MAX_LOGIN_DELAY, login_delay};
        use time::Duration;
        assert_eq!(login_delay(0, 5), Duration::ZERO);
        assert_eq!(login_delay(4, 5), Duration::ZERO);
        assert_eq!(login_delay(5, 5), Duration::seconds(1));
        assert_eq!(login_delay(6, 5), Duration::seconds(2));
        assert_eq!(login_delay(10, 5), Duration::seconds(32));
        assert_eq!(login_delay(15, 5), MAX_LOGIN_DELAY);
        assert_eq!(login_delay(u64::MAX, 0), MAX_LOGIN_DELAY);
    }

    use super::*;

    fn actor(role: Role, organisations: Vec<i32>) -> Actor {
        Actor {
            account_id: Some(1),
            role,
            organisations,
            groups: Vec::new(),
        }
    }

    #[test]
    fn provider_editor_edits_only_its_own_organisations() {
        let provider = actor(Role::ProviderEditor, vec![3, 5]);
        assert!(provider.may_edit_organisation(3));
        assert!(!provider.may_edit_organisation(4));
    }

    #[test]
    fn admin_edits_everything_and_members_nothing_in_the_catalogue() {
        assert!(actor(Role::Admin, vec![]).may_edit_organisation(42));
        assert!(!actor(Role::Member, vec![]).may_edit_organisation(42));
        assert!(!actor(Role::Manager, vec![42]).may_edit_organisation(42));
    }

    #[test]
    fn passwords_must_be_long_enough_and_repeated() {
        assert_eq!(
            check_new_password("krátké", "krátké"),
            Err(FieldError::PasswordTooShort { min: 10 })
        );
        assert_eq!(
            check_new_password("dostatečně dlouhé", "jiné heslo!!"),
            Err(FieldError::PasswordsDiffer)
        );
        assert_eq!(
            check_new_password("dostatečně dlouhé", "dostatečně dlouhé"),
            Ok(())
        );
    }

    #[test]
    fn group_codes_are_upper_cased_and_deduplicated() {
        assert_eq!(
            parse_groups(" sen, ZP  sen "),
            Ok(vec!["SEN".to_owned(), "ZP".to_owned()])
        );
        assert_eq!(parse_groups(""), Ok(vec![]));
        assert_eq!(
            parse_groups("SEN; ZP"),
            Err(FieldError::InvalidGroupCode { max: 10 })
        );
        assert_eq!(parse_groups("sen-d"), Ok(vec!["SEN-D".to_owned()]));
    }

    #[test]
    fn a_coordinator_keeps_their_own_role_and_the_tenant_keeps_one() {
        let change = |by, admin_after, other_admins| CoordinatorChange {
            by,
            account: 7,
            admin_before: true,
            admin_after,
            other_admins,
        };
        assert_eq!(
            change(Some(7), false, 3).check(),
            Err(crate::FieldError::OwnAccount)
        );
        assert_eq!(
            change(Some(1), false, 0).check(),
            Err(crate::FieldError::LastCoordinator)
        );
        assert_eq!(
            change(None, false, 0).check(),
            Err(crate::FieldError::LastCoordinator)
        );
        assert_eq!(change(Some(1), false, 1).check(), Ok(()));
        // Editing one's own name keeps the role: allowed even as the only coordinator.
        assert_eq!(change(Some(7), true, 0).check(), Ok(()));
        let promoted = CoordinatorChange {
            admin_before: false,
            ..change(Some(7), true, 0)
        };
        assert_eq!(promoted.check(), Ok(()));
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Ok(role));
        }
        assert!(Role::parse("root").is_err());
    }
}
