//! What waits for whom on a person's start page: of a running round's cards, the ones this
//! person is to act on, and the order they see them in (what is late first).

use time::Date;

use crate::account::{Actor, Role};
use crate::action_plan::card_list::CardQuery;
use crate::evaluation::{ReportState, is_overdue};

/// A card of a running round, as much as the start page needs of it.
#[derive(Debug, Clone, Copy)]
pub struct CardFacts<'a> {
    pub id: i32,
    pub title: &'a str,
    pub organisation: i32,
    /// The code of its working group („SEN“).
    pub group: &'a str,
    pub state: ReportState,
}

/// What the person is to do with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Fill in and submit the evaluation of an own card.
    Evaluate,
    /// Correct an evaluation that came back with a reason.
    Correct,
    /// Approve or return a submitted evaluation.
    Review,
}

impl Task {
    /// The task as a link says it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Evaluate => "vyplnit a odevzdat hodnocení",
            Self::Correct => "opravit vrácené hodnocení",
            Self::Review => "posoudit odevzdané hodnocení",
        }
    }
}

/// A card that waits for this person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub card: i32,
    pub title: String,
    pub group: String,
    pub task: Task,
    /// Still owed after the round's deadline.
    pub overdue: bool,
}

/// Which cards of a round wait for an actor: the store reads only these, and [`waiting_for`]
/// orders them and says what is to be done with each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidates {
    /// The report states a task starts from.
    pub states: Vec<ReportState>,
    /// Only the cards of these organisations (`None`: of any).
    pub organisations: Option<Vec<i32>>,
    /// Only the cards of these working groups (`None`: of any).
    pub groups: Option<Vec<String>>,
}

/// The cards that can wait for `actor`: a provider's own cards still owed, a manager's
/// submitted cards of the groups it leads, every submitted card for the coordinator; `None`
/// for a member, whom no card waits for.
#[must_use]
pub fn candidates(actor: &Actor) -> Option<Candidates> {
    match actor.role {
        Role::ProviderEditor => Some(Candidates {
            states: vec![ReportState::Missing, ReportState::Returned],
            organisations: Some(actor.organisations.clone()),
            groups: None,
        }),
        Role::Manager => Some(Candidates {
            states: vec![ReportState::Submitted],
            organisations: None,
            groups: Some(actor.groups.clone()),
        }),
        Role::Admin => Some(Candidates {
            states: vec![ReportState::Submitted],
            organisations: None,
            groups: None,
        }),
        Role::Member => None,
    }
}

impl Candidates {
    /// The list of cards narrowed as near to these as its filters go: one state, one
    /// organisation and one group at most.
    #[must_use]
    pub fn as_list(&self) -> CardQuery {
        fn one<T: Clone>(values: &[T]) -> Option<T> {
            match values {
                [only] => Some(only.clone()),
                _ => None,
            }
        }
        CardQuery {
            state: one(&self.states),
            organisation: self.organisations.as_deref().and_then(one),
            group: self.groups.as_deref().and_then(one),
            ..CardQuery::default()
        }
    }

    /// Whether a card is one of them.
    #[must_use]
    pub fn include(&self, card: &CardFacts<'_>) -> bool {
        self.states.contains(&card.state)
            && self
                .organisations
                .as_ref()
                .is_none_or(|o| o.contains(&card.organisation))
            && self
                .groups
                .as_ref()
                .is_none_or(|g| g.iter().any(|g| g == card.group))
    }
}

/// The cards `actor` is to act on: a provider its own cards to evaluate or correct, a manager
/// the submitted cards of the groups it leads, the coordinator every submitted card. Overdue
/// first, then corrections, then by title in Czech order.
#[must_use]
pub fn waiting_for<'a>(
    actor: &Actor,
    cards: impl IntoIterator<Item = CardFacts<'a>>,
    deadline: Date,
    today: Date,
) -> Vec<Waiting> {
    let Some(narrowed) = candidates(actor) else {
        return Vec::new();
    };
    let mut waiting: Vec<Waiting> = cards
        .into_iter()
        .filter(|c| narrowed.include(c))
        .map(|c| Waiting {
            card: c.id,
            title: c.title.to_owned(),
            group: c.group.to_owned(),
            task: match c.state {
                ReportState::Returned => Task::Correct,
                ReportState::Submitted => Task::Review,
                _ => Task::Evaluate,
            },
            overdue: is_overdue(c.state, deadline, today),
        })
        .collect();
    waiting.sort_by(|a, b| {
        (!a.overdue, a.task != Task::Correct)
            .cmp(&(!b.overdue, b.task != Task::Correct))
            .then_with(|| crate::czech::compare(&a.title, &b.title))
    });
    waiting
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::action_plan::CardOwner;

    fn actor(role: Role, organisations: Vec<i32>, groups: &[&str]) -> Actor {
        Actor {
            account_id: Some(1),
            role,
            organisations,
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    fn card(
        id: i32,
        title: &'static str,
        organisation: i32,
        group: &'static str,
        state: ReportState,
    ) -> CardFacts<'static> {
        CardFacts {
            id,
            title,
            organisation,
            group,
            state,
        }
    }

    fn cards() -> Vec<CardFacts<'static>> {
        vec![
            card(1, "Terénní péče", 7, "SEN", ReportState::Missing),
            card(2, "Chráněné bydlení", 8, "ZP", ReportState::Submitted),
            card(3, "Čajovna", 7, "SEN", ReportState::Returned),
            card(4, "Denní stacionář", 7, "SEN", ReportState::Approved),
            card(5, "Azylový dům", 9, "SEN", ReportState::Submitted),
            card(6, "Centrum denních služeb", 7, "ZP", ReportState::Missing),
        ]
    }

    #[test]
    fn a_provider_sees_its_own_cards_still_owed_and_the_late_ones_first() {
        let provider = actor(Role::ProviderEditor, vec![7], &[]);
        let before = waiting_for(
            &provider,
            cards(),
            date!(2026 - 01 - 31),
            date!(2026 - 01 - 10),
        );
        let titles: Vec<&str> = before.iter().map(|w| w.title.as_str()).collect();
        // Corrections first, then by title in Czech order.
        assert_eq!(
            titles,
            ["Čajovna", "Centrum denních služeb", "Terénní péče"]
        );
        assert_eq!(before[0].task, Task::Correct);
        assert!(before.iter().all(|w| !w.overdue));

        let after = waiting_for(
            &provider,
            cards(),
            date!(2026 - 01 - 31),
            date!(2026 - 02 - 01),
        );
        assert!(
            after.iter().all(|w| w.overdue),
            "every owed card is late after the deadline"
        );
    }

    #[test]
    fn what_waits_is_exactly_what_the_person_may_act_on() {
        let actors = [
            actor(Role::ProviderEditor, vec![7], &[]),
            actor(Role::ProviderEditor, vec![8, 9], &[]),
            actor(Role::Manager, Vec::new(), &["SEN"]),
            actor(Role::Manager, Vec::new(), &["SEN", "ZP"]),
            actor(Role::Admin, Vec::new(), &[]),
        ];
        let deadline = date!(2026 - 01 - 31);
        for a in &actors {
            let waiting: Vec<i32> = waiting_for(a, cards(), deadline, deadline)
                .iter()
                .map(|w| w.card)
                .collect();
            for c in cards() {
                let owner = CardOwner {
                    organisation: c.organisation,
                    group: c.group,
                };
                let may_act = match c.state {
                    ReportState::Missing | ReportState::Returned => {
                        a.role == Role::ProviderEditor && a.may_edit_card(owner)
                    }
                    ReportState::Submitted => {
                        a.role != Role::ProviderEditor && a.may_review_card(c.group)
                    }
                    _ => false,
                };
                assert_eq!(
                    waiting.contains(&c.id),
                    may_act,
                    "{:?} {:?} and card {}",
                    a.role,
                    a.organisations,
                    c.id
                );
            }
            assert!(
                waiting.len() < cards().len(),
                "{:?}: not every card waits",
                a.role
            );
        }
        assert_eq!(candidates(&actor(Role::Member, Vec::new(), &["SEN"])), None);
    }

    #[test]
    fn the_list_of_what_waits_is_as_narrow_as_its_filters_go() {
        let list = |a: &Actor| candidates(a).unwrap().as_list().to_query_string(1);
        assert_eq!(list(&actor(Role::Admin, Vec::new(), &[])), "stav=submitted");
        assert_eq!(
            list(&actor(Role::Manager, Vec::new(), &["SEN"])),
            "stav=submitted&skupina=SEN"
        );
        assert_eq!(
            list(&actor(Role::Manager, Vec::new(), &["SEN", "ZP"])),
            "stav=submitted"
        );
        assert_eq!(
            list(&actor(Role::ProviderEditor, vec![7], &[])),
            "organizace=7",
            "two owed states: the list shows every state of the organisation"
        );
        assert_eq!(list(&actor(Role::ProviderEditor, vec![7, 8], &[])), "");
    }

    #[test]
    fn a_manager_reviews_the_submitted_cards_of_the_groups_it_leads() {
        let manager = actor(Role::Manager, Vec::new(), &["SEN"]);
        let waiting = waiting_for(
            &manager,
            cards(),
            date!(2026 - 01 - 31),
            date!(2026 - 01 - 10),
        );
        assert_eq!(waiting.len(), 1);
        assert_eq!((waiting[0].card, waiting[0].task), (5, Task::Review));
    }

    #[test]
    fn the_coordinator_reviews_every_submitted_card_and_members_see_none() {
        let coordinator = actor(Role::Admin, Vec::new(), &[]);
        let ids: Vec<i32> = waiting_for(
            &coordinator,
            cards(),
            date!(2026 - 01 - 31),
            date!(2026 - 01 - 10),
        )
        .iter()
        .map(|w| w.card)
        .collect();
        assert_eq!(ids, [5, 2], "by title: Azylový dům, Chráněné bydlení");
        let member = actor(Role::Member, Vec::new(), &["SEN"]);
        assert!(
            waiting_for(
                &member,
                cards(),
                date!(2026 - 01 - 31),
                date!(2026 - 01 - 10)
            )
            .is_empty()
        );
    }
}
