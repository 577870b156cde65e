//! The groups community planning meets in: the steering group (řídící skupina), the working
//! groups (pracovní skupiny) and their subgroups (pracovní podskupiny). They are the tenant's,
//! not a plan's: a plan's parts are assigned to them, and a group outlives every plan version.

use serde::Serialize;
use time::Date;

use crate::FieldError;
use crate::field::{optional_text, required_text};

/// What kind of group it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GroupKind {
    /// Řídící skupina (manažerský tým): steers the whole planning.
    Steering,
    /// Pracovní skupina: writes and follows one part of the plan.
    Working,
    /// Pracovní podskupina: a narrower topic inside a working group.
    Subgroup,
}

impl GroupKind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [Self; 3] = [Self::Steering, Self::Working, Self::Subgroup];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Steering => "ridici",
            Self::Working => "pracovni",
            Self::Subgroup => "podskupina",
        }
    }

    /// The kind from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Steering => "Řídící skupina",
            Self::Working => "Pracovní skupina",
            Self::Subgroup => "Pracovní podskupina",
        }
    }
}

/// The longest group code.
pub const MAX_CODE: usize = 10;

/// A group's code as typed, upper-cased: letters, digits and hyphens, at most [`MAX_CODE`]
/// characters. The same rule for a group's form and for the groups an account leads.
pub fn parse_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        Err(FieldError::Required)
    } else if code.chars().count() > MAX_CODE
        || !code.chars().all(|c| c.is_alphanumeric() || c == '-')
    {
        Err(FieldError::InvalidGroupCode { max: MAX_CODE })
    } else {
        Ok(code)
    }
}

/// A group as its form sends it.
#[derive(Debug, Clone, Default)]
pub struct WorkGroupInput<'a> {
    pub kind: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub target_groups: Vec<&'a str>,
    /// The working group a subgroup belongs to (its id), empty for the others.
    pub parent: &'a str,
    pub founded: &'a str,
    pub dissolved: &'a str,
}

/// A group, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkGroupDraft {
    pub kind: GroupKind,
    /// Capital letters, digits and hyphens, e.g. „SEN“ or „SEN-D“; unique in the tenant.
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    /// Codes of the tenant's target groups the group covers.
    pub target_groups: Vec<String>,
    /// The working group a subgroup belongs to.
    pub parent: Option<i32>,
    pub founded: Option<Date>,
    /// When the group was dissolved; it keeps its history, but meets no more.
    pub dissolved: Option<Date>,
}

impl WorkGroupDraft {
    /// Checks a group against the tenant's target groups and its working groups (`working`:
    /// the ids a subgroup may belong to).
    pub fn parse(
        input: &WorkGroupInput<'_>,
        target_groups: &[String],
        working: &[i32],
    ) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let kind = GroupKind::parse(input.kind.trim());
        if kind.is_none() {
            e.add("kind", FieldError::UnknownValue);
        }
        let code = e.take("code", parse_code(input.code));
        let name = e.take("name", required_text(input.name, 200));
        let description = e.take("description", optional_text(input.description, 4000));
        let mut groups = Vec::new();
        for g in &input.target_groups {
            let g = g.trim();
            if g.is_empty() || groups.iter().any(|x| x == g) {
                continue;
            }
            if !target_groups.iter().any(|t| t == g) {
                e.add("target_groups", FieldError::UnknownValue);
                break;
            }
            groups.push(g.to_owned());
        }
        let parent = match input.parent.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(id) if working.contains(&id) => Some(id),
                _ => {
                    e.add("parent", FieldError::UnknownValue);
                    None
                }
            },
        };
        if kind == Some(GroupKind::Subgroup) && parent.is_none() && e.get("parent").is_none() {
            e.add("parent", FieldError::Required);
        }
        let date = |raw: &str| match raw.trim() {
            "" => Ok(None),
            raw => crate::czech::parse_date(raw).map(Some),
        };
        let founded = e.take("founded", date(input.founded)).flatten();
        let dissolved = e.take("dissolved", date(input.dissolved)).flatten();
        if let (Some(from), Some(to)) = (founded, dissolved)
            && to < from
        {
            e.add("dissolved", FieldError::EndBeforeStart);
        }
        e.into_result(|| {
            let kind = kind.unwrap_or(GroupKind::Working);
            Self {
                kind,
                code: code.unwrap_or_default(),
                name: name.unwrap_or_default(),
                description: description.flatten(),
                target_groups: groups,
                // Only a subgroup belongs to another group.
                parent: parent.filter(|_| kind == GroupKind::Subgroup),
                founded,
                dissolved,
            }
        })
    }

    /// „SEN – Senioři“: how lists and choices name the group.
    #[must_use]
    pub fn title(&self) -> String {
        format!("{} – {}", self.code, self.name)
    }

    /// Whether the group still meets on `day`.
    #[must_use]
    pub fn is_active(&self, day: Date) -> bool {
        self.dissolved.is_none_or(|d| day < d)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn lists() -> Vec<String> {
        vec!["seniori".into(), "zp".into()]
    }

    fn input<'a>() -> WorkGroupInput<'a> {
        WorkGroupInput {
            kind: "pracovni",
            code: " sen ",
            name: "Senioři",
            target_groups: vec!["seniori", "seniori", ""],
            founded: "1. 3. 2003",
            ..WorkGroupInput::default()
        }
    }

    #[test]
    fn a_working_group_is_read_from_its_form() {
        let group = WorkGroupDraft::parse(&input(), &lists(), &[]).unwrap();
        assert_eq!(group.kind, GroupKind::Working);
        assert_eq!(group.code, "SEN");
        assert_eq!(group.target_groups, ["seniori"]);
        assert_eq!(group.founded, Some(date!(2003 - 03 - 01)));
        assert!(group.is_active(date!(2026 - 11 - 29)));
    }

    #[test]
    fn a_subgroup_needs_a_working_group_and_others_have_none() {
        let sub = WorkGroupInput {
            kind: "podskupina",
            ..input()
        };
        let refused = WorkGroupDraft::parse(&sub, &lists(), &[4]).unwrap_err();
        assert_eq!(refused.get("parent"), Some(&FieldError::Required));
        let foreign = WorkGroupInput {
            parent: "5",
            ..sub.clone()
        };
        assert_eq!(
            WorkGroupDraft::parse(&foreign, &lists(), &[4])
                .unwrap_err()
                .get("parent"),
            Some(&FieldError::UnknownValue)
        );
        let within = WorkGroupInput { parent: "4", ..sub };
        assert_eq!(
            WorkGroupDraft::parse(&within, &lists(), &[4])
                .unwrap()
                .parent,
            Some(4)
        );
        let working = WorkGroupInput {
            parent: "4",
            ..input()
        };
        assert_eq!(
            WorkGroupDraft::parse(&working, &lists(), &[4])
                .unwrap()
                .parent,
            None
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = WorkGroupInput {
            kind: "klub",
            code: "S E N",
            name: " ",
            target_groups: vec!["deti"],
            founded: "1. 3. 2010",
            dissolved: "31. 12. 2009",
            ..WorkGroupInput::default()
        };
        let errors = WorkGroupDraft::parse(&bad, &lists(), &[]).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "code", "name", "target_groups", "dissolved"]
        );
        assert_eq!(errors.get("dissolved"), Some(&FieldError::EndBeforeStart));
    }

    #[test]
    fn a_dissolved_group_meets_no_more_from_its_day() {
        let group = WorkGroupDraft::parse(
            &WorkGroupInput {
                dissolved: "30. 6. 2024",
                ..input()
            },
            &lists(),
            &[],
        )
        .unwrap();
        assert!(group.is_active(date!(2024 - 06 - 29)));
        assert!(!group.is_active(date!(2024 - 06 - 30)));
    }
}
