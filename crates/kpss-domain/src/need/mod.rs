//! Needs (potřeby) of target groups, where they come from, how big they are and how far they
//! are answered; and the map of needs and services (`map`): per target group and city
//! district the needs, the capacities of the catalogue's services, and the gap.

pub mod map;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::account::{Actor, Role};
use crate::field::{optional_int, optional_text, required_text};
use crate::{FieldError, FieldErrors};

/// How far a need is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NeedState {
    /// Found, not yet answered by the plan.
    Identified,
    /// A measure of a plan answers it.
    Answered,
    /// Met: the services now cover it.
    Met,
    /// Dropped: no longer a need, or not one the planning takes up.
    Dropped,
}

impl NeedState {
    /// Every state, in the order a need goes through them.
    pub const ALL: [Self; 4] = [Self::Identified, Self::Answered, Self::Met, Self::Dropped];

    /// The code in forms and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Identified => "zjistena",
            Self::Answered => "resena-opatrenim",
            Self::Met => "naplnena",
            Self::Dropped => "opustena",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Identified => "zjištěná",
            Self::Answered => "řešená opatřením",
            Self::Met => "naplněná",
            Self::Dropped => "opuštěná",
        }
    }

    /// The state with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or(FieldError::UnknownValue)
    }

    /// Whether the need still counts in the map's gaps.
    #[must_use]
    pub fn is_open(self) -> bool {
        matches!(self, Self::Identified | Self::Answered)
    }
}

/// Where a need was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NeedSource {
    Survey,
    Swot,
    Meeting,
    Comment,
    Statistics,
}

impl NeedSource {
    /// Every source, in the order forms offer them.
    pub const ALL: [Self; 5] = [
        Self::Survey,
        Self::Swot,
        Self::Meeting,
        Self::Comment,
        Self::Statistics,
    ];

    /// The code in forms and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Survey => "dotaznik",
            Self::Swot => "swot",
            Self::Meeting => "schuzka",
            Self::Comment => "pripominka",
            Self::Statistics => "statistika",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Survey => "dotazníkové šetření",
            Self::Swot => "analýza SWOT",
            Self::Meeting => "jednání pracovní skupiny",
            Self::Comment => "připomínka z připomínkového řízení",
            Self::Statistics => "statistika",
        }
    }

    /// The source with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// A need as the planning records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeedDraft {
    pub title: String,
    pub description: Option<String>,
    /// Code of the tenant's target group.
    pub target_group: String,
    /// Codes of the city districts it concerns; empty: the whole city.
    pub districts: Vec<String>,
    pub source: NeedSource,
    /// Which survey, meeting or statistic: „ČSÚ, SLDB 2021“.
    pub source_note: Option<String>,
    /// How many people need it, where known.
    pub size: Option<i64>,
    pub state: NeedState,
    /// The plan whose cycle found it.
    pub plan: Option<i32>,
}

/// A need as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct NeedInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub target_group: &'a str,
    pub districts: &'a [String],
    pub source: &'a str,
    pub source_note: &'a str,
    pub size: &'a str,
    pub state: &'a str,
    pub plan: Option<i32>,
}

impl NeedDraft {
    /// Checks a need against the tenant's target groups and districts.
    pub fn parse(
        input: &NeedInput<'_>,
        (target_groups, districts): (&[String], &[String]),
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.take("title", required_text(input.title, 300));
        let description = e.take("description", optional_text(input.description, 5_000));
        let target_group = match input.target_group.trim() {
            "" => {
                e.add("target_group", FieldError::Required);
                None
            }
            code if target_groups.iter().any(|t| t == code) => Some(code.to_owned()),
            _ => {
                e.add("target_group", FieldError::UnknownValue);
                None
            }
        };
        let mut chosen: Vec<String> = Vec::new();
        for d in input.districts {
            if !districts.contains(d) {
                e.add("districts", FieldError::UnknownValue);
                break;
            }
            if !chosen.contains(d) {
                chosen.push(d.clone());
            }
        }
        let source = e.take("source", NeedSource::parse(input.source));
        let source_note = e.take("source_note", optional_text(input.source_note, 300));
        let size = e.take("size", optional_int(input.size, 1, 10_000_000));
        let state = e.take("state", NeedState::parse(input.state));
        e.into_result(|| Self {
            title: title.unwrap_or_default(),
            description: description.flatten(),
            target_group: target_group.unwrap_or_default(),
            districts: chosen,
            source: source.unwrap_or(NeedSource::Statistics),
            source_note: source_note.flatten(),
            size: size.flatten(),
            state: state.unwrap_or(NeedState::Identified),
            plan: input.plan,
        })
    }
}

/// Who records needs and links them to goals and measures: the coordinator and the groups'
/// managers.
#[must_use]
pub fn may_edit(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}
