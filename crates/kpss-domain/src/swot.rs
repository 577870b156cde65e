//! SWOT analysis of a working group or subgroup for one plan cycle: four ordered lists, each
//! item optionally resting on evidence (a survey question, a meeting's minutes, a need).

use serde::Serialize;

use crate::account::{Actor, Role};
use crate::field::required_text;
use crate::{FieldError, FieldErrors};

/// One of the four lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Quadrant {
    Strengths,
    Weaknesses,
    Opportunities,
    Threats,
}

impl Quadrant {
    /// The four, in the order a SWOT is read.
    pub const ALL: [Self; 4] = [
        Self::Strengths,
        Self::Weaknesses,
        Self::Opportunities,
        Self::Threats,
    ];

    /// The code in forms, addresses and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Strengths => "silne-stranky",
            Self::Weaknesses => "slabe-stranky",
            Self::Opportunities => "prilezitosti",
            Self::Threats => "hrozby",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Strengths => "Silné stránky",
            Self::Weaknesses => "Slabé stránky",
            Self::Opportunities => "Příležitosti",
            Self::Threats => "Hrozby",
        }
    }

    /// The quadrant with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|q| q.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// What an item rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Evidence {
    /// A question of a survey, whose results show it.
    SurveyQuestion(i32),
    /// A meeting of a group, whose minutes record it.
    Meeting(i32),
    /// A need of the map of needs.
    Need(i32),
}

impl Evidence {
    /// The code in forms and the database: „otazka-12“, „schuzka-5“, „potreba-3“.
    #[must_use]
    pub fn code(self) -> String {
        match self {
            Self::SurveyQuestion(id) => format!("otazka-{id}"),
            Self::Meeting(id) => format!("schuzka-{id}"),
            Self::Need(id) => format!("potreba-{id}"),
        }
    }

    /// The evidence with this code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        let (kind, id) = code.rsplit_once('-')?;
        let id: i32 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "otazka" => Some(Self::SurveyQuestion(id)),
            "schuzka" => Some(Self::Meeting(id)),
            "potreba" => Some(Self::Need(id)),
            _ => None,
        }
    }
}

/// An item as the group writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwotItemDraft {
    pub quadrant: Quadrant,
    pub text: String,
    pub evidence: Option<Evidence>,
}

impl SwotItemDraft {
    /// Checks an item: its list, its text, and the evidence among `offered` (the codes the
    /// form offered).
    pub fn parse(
        (quadrant, text, evidence): (&str, &str, &str),
        offered: &[String],
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let quadrant = e.take("quadrant", Quadrant::parse(quadrant));
        let text = e.take("text", required_text(text, 1_000));
        let evidence = match evidence.trim() {
            "" => None,
            code => match Evidence::parse(code).filter(|_| offered.iter().any(|o| o == code)) {
                Some(found) => Some(found),
                None => {
                    e.add("evidence", FieldError::UnknownValue);
                    None
                }
            },
        };
        e.into_result(|| Self {
            quadrant: quadrant.unwrap_or(Quadrant::Strengths),
            text: text.unwrap_or_default(),
            evidence,
        })
    }
}

/// Who edits a group's SWOT: the coordinator, and the manager of the group (a subgroup's by its
/// own code or its parent's).
#[must_use]
pub fn may_edit(actor: &Actor, group_codes: &[&str]) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Manager => group_codes
            .iter()
            .any(|code| actor.groups.iter().any(|g| g == code)),
        Role::Member | Role::ProviderEditor => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_rests_only_on_evidence_the_form_offered() {
        let offered = vec!["otazka-4".to_owned(), "schuzka-9".to_owned()];
        let item =
            SwotItemDraft::parse(("hrozby", "Odchod pracovníků", "schuzka-9"), &offered).unwrap();
        assert_eq!(item.evidence, Some(Evidence::Meeting(9)));
        assert_eq!(item.quadrant, Quadrant::Threats);
        let forged = SwotItemDraft::parse(("hrozby", "x", "schuzka-10"), &offered).unwrap_err();
        assert_eq!(forged.get("evidence"), Some(&FieldError::UnknownValue));
        let empty = SwotItemDraft::parse(("sance", " ", ""), &offered).unwrap_err();
        assert_eq!(empty.get("quadrant"), Some(&FieldError::UnknownValue));
        assert_eq!(empty.get("text"), Some(&FieldError::Required));
        assert_eq!(Evidence::parse("potreba-0"), None);
        assert_eq!(
            Evidence::parse("otazka-12").map(Evidence::code),
            Some("otazka-12".into())
        );
    }

    #[test]
    fn a_groups_manager_edits_its_swot_and_its_subgroups() {
        let manager = Actor {
            account_id: Some(1),
            role: Role::Manager,
            organisations: Vec::new(),
            groups: vec!["SEN".into()],
        };
        assert!(may_edit(&manager, &["SEN-D", "SEN"]));
        assert!(!may_edit(&manager, &["ZP"]));
        assert!(may_edit(&Actor::system(), &["ZP"]));
    }
}
