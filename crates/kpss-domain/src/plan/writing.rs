//! Who writes which part of a draft plan. The coordinator writes every part; while a part is
//! open, the manager of the working group it is assigned to and the members the manager named
//! editors write its goals, measures, indicators and costs. The coordinator takes their
//! changes over and locks a part once it is final. Members of the group discuss a measure of
//! the draft in an internal thread.

use crate::FieldError;
use crate::account::Actor;

/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 5_000;

/// What decides whether someone writes a part: its group and lock, and what the actor is in
/// that group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartAccess<'a> {
    /// The code of the group the part is assigned to, if any.
    pub group: Option<&'a str>,
    /// The coordinator locked the part as final.
    pub locked: bool,
    /// The actor is a member the group's manager named an editor of the plan.
    pub editor: bool,
    /// The actor is a member of the group today.
    pub member: bool,
}

impl PartAccess<'_> {
    /// Whether the actor leads the part's group.
    fn leads(&self, actor: &Actor) -> bool {
        self.group.is_some_and(|g| actor.leads(g))
    }

    /// May the actor change the part's goals, measures, indicators and costs?
    #[must_use]
    pub fn may_write(&self, actor: &Actor) -> bool {
        actor.is_admin()
            || (!self.locked && self.group.is_some() && (self.leads(actor) || self.editor))
    }

    /// May the actor read and add to the internal threads on the part's measures?
    #[must_use]
    pub fn may_discuss(&self, actor: &Actor) -> bool {
        actor.is_admin() || self.leads(actor) || self.member || self.editor
    }
}

/// A comment as typed: trimmed, not empty, at most [`MAX_COMMENT`] characters.
pub fn parse_comment(raw: &str) -> Result<String, FieldError> {
    crate::field::required_text(raw, MAX_COMMENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Role;

    fn actor(role: Role, groups: &[&str]) -> Actor {
        Actor {
            account_id: Some(7),
            role,
            organisations: Vec::new(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    fn access(locked: bool, editor: bool, member: bool) -> PartAccess<'static> {
        PartAccess {
            group: Some("SEN"),
            locked,
            editor,
            member,
        }
    }

    #[test]
    fn the_manager_and_named_editors_write_their_groups_open_part() {
        let manager = actor(Role::Manager, &["SEN"]);
        let other = actor(Role::Manager, &["ZP"]);
        let member = actor(Role::Member, &[]);
        let admin = actor(Role::Admin, &[]);
        assert!(access(false, false, true).may_write(&manager));
        assert!(!access(false, false, false).may_write(&other));
        assert!(
            !access(false, false, true).may_write(&member),
            "a member only"
        );
        assert!(
            access(false, true, true).may_write(&member),
            "a named editor"
        );
        assert!(!access(true, true, true).may_write(&member), "locked");
        assert!(!access(true, false, true).may_write(&manager), "locked");
        assert!(access(true, false, false).may_write(&admin));
        let unassigned = PartAccess {
            group: None,
            ..access(false, true, true)
        };
        assert!(!unassigned.may_write(&member));
    }

    #[test]
    fn the_groups_people_discuss_its_measures_and_nobody_else() {
        let member = actor(Role::Member, &[]);
        assert!(access(true, false, true).may_discuss(&member));
        assert!(!access(false, false, false).may_discuss(&member));
        assert!(access(false, false, false).may_discuss(&actor(Role::Manager, &["SEN"])));
        assert!(!access(false, false, false).may_discuss(&actor(Role::ProviderEditor, &[])));
        assert_eq!(parse_comment("  "), Err(FieldError::Required));
        assert_eq!(parse_comment(" Doplnit "), Ok("Doplnit".to_owned()));
    }
}
