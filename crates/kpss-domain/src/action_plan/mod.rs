//! Yearly action plans and their activity cards (karty aktivit): what a provider plans to do
//! for a measure of the plan in one year, for whom, and with whose money.

pub mod card_list;
pub mod rollup;
pub mod take_over;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::account::{Actor, Role};
use crate::field::{optional_int, optional_text, required_text};
use crate::money::parse_czk;
use crate::{FieldError, FieldErrors};

/// The most clients or places one card may name.
pub const MAX_PEOPLE: i64 = 10_000_000;

/// How many indicator rows a card form offers.
pub const INDICATOR_ROWS: usize = 3;

/// A year's action plan: open while cards are planned, closed once the city adopted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionPlanState {
    /// Providers, managers and the coordinator add and change cards.
    Open,
    /// Cards are fixed; only the evaluation adds to them.
    Closed,
}

impl ActionPlanState {
    /// Code in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    /// The state with this code; `None` for a code kpss never writes.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Open, Self::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "otevřený pro plánování",
            Self::Closed => "uzavřený",
        }
    }
}

/// The year of a new action plan, which must lie inside the plan's period.
pub fn parse_year(raw: &str, period: crate::plan::Period) -> Result<i32, FieldError> {
    let out_of_range = FieldError::OutOfRange {
        min: i64::from(period.from),
        max: i64::from(period.to),
    };
    let year: i32 = raw.trim().parse().map_err(|_| out_of_range.clone())?;
    if period.contains(year) {
        Ok(year)
    } else {
        Err(out_of_range)
    }
}

/// One indicator of a card: what is counted and the year's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorDraft {
    pub name: String,
    pub unit: String,
    /// Decimals allowed where the unit needs them (hours, full-time equivalents).
    pub target: crate::quantity::Quantity,
    /// Counted from the project's events instead of typed in the report.
    pub feed: Option<crate::event::IndicatorFeed>,
}

/// A card as the user typed it, field by field, before any check; forms and spreadsheets
/// both arrive in this shape.
#[derive(Debug, Clone, Default)]
pub struct CardInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub new_activity: &'a str,
    pub period: &'a str,
    pub planned_capacity: &'a str,
    pub planned_clients: &'a str,
    pub responsible_person: &'a str,
    /// (funding source code, amount) – an empty amount means none from that source.
    pub costs: Vec<(&'a str, &'a str)>,
    /// (name, unit, target, feed code) rows; fully empty rows are skipped.
    pub indicators: Vec<(&'a str, &'a str, &'a str, &'a str)>,
}

/// What a card says apart from the measure, organisation and service it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardDraft {
    pub title: String,
    pub description: Option<String>,
    /// A planned new service or activity not yet in the catalogue.
    pub new_activity: Option<String>,
    pub period: Option<String>,
    pub planned_capacity: Option<i64>,
    pub planned_clients: Option<i64>,
    pub responsible_person: Option<String>,
    /// (funding source code, planned amount in Kč), only sources with an amount.
    pub costs: Vec<(String, i64)>,
    pub indicators: Vec<IndicatorDraft>,
}

/// The form field of the planned cost from one source.
#[must_use]
pub fn cost_field(source: &str) -> String {
    format!("cost_{source}")
}

/// The form fields of indicator row `i`: name, unit, target, and where its actual value comes
/// from.
#[must_use]
pub fn indicator_fields(i: usize) -> [String; 4] {
    [
        format!("indicator_name_{i}"),
        format!("indicator_unit_{i}"),
        format!("indicator_target_{i}"),
        crate::plan::funding::feed_field(i),
    ]
}

impl CardDraft {
    /// Checks every field and reports every problem at once; `sources` are the tenant's
    /// funding source codes.
    pub fn parse(input: &CardInput<'_>, sources: &[String]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", required_text(input.title, 300));
        let description = errors.take("description", optional_text(input.description, 5000));
        let new_activity = errors.take("new_activity", optional_text(input.new_activity, 300));
        let period = errors.take("period", optional_text(input.period, 100));
        let planned_capacity = errors.take(
            "planned_capacity",
            optional_int(input.planned_capacity, 0, MAX_PEOPLE),
        );
        let planned_clients = errors.take(
            "planned_clients",
            optional_int(input.planned_clients, 0, MAX_PEOPLE),
        );
        let responsible_person = errors.take(
            "responsible_person",
            optional_text(input.responsible_person, 200),
        );
        let costs = parse_costs(&input.costs, sources, &mut errors);
        let mut indicators = Vec::new();
        for (i, (name, unit, target, feed)) in input.indicators.iter().enumerate() {
            if [name, unit, target, feed]
                .iter()
                .all(|v| v.trim().is_empty())
            {
                continue;
            }
            let [name_field, unit_field, target_field, feed_field] = indicator_fields(i);
            let name = errors.take(&name_field, required_text(name, 300));
            let unit = errors.take(&unit_field, required_text(unit, 50));
            let target = errors.take(
                &target_field,
                crate::quantity::Quantity::parse_optional(target)
                    .and_then(|t| t.ok_or(FieldError::Required)),
            );
            let feed = errors.take(
                &feed_field,
                crate::event::IndicatorFeed::parse_optional(feed),
            );
            if let (Some(name), Some(unit), Some(target), Some(feed)) = (name, unit, target, feed) {
                indicators.push(IndicatorDraft {
                    name,
                    unit,
                    target,
                    feed,
                });
            }
        }
        errors.into_result(|| Self {
            title: title.unwrap_or_default(),
            description: description.flatten(),
            new_activity: new_activity.flatten(),
            period: period.flatten(),
            planned_capacity: planned_capacity.flatten(),
            planned_clients: planned_clients.flatten(),
            responsible_person: responsible_person.flatten(),
            costs,
            indicators,
        })
    }
}

/// Amounts per funding source; an empty amount is none, anything else must be whole crowns.
pub fn parse_costs(
    raw: &[(&str, &str)],
    sources: &[String],
    errors: &mut FieldErrors,
) -> Vec<(String, i64)> {
    let mut costs = Vec::new();
    for (source, amount) in raw {
        if amount.trim().is_empty() {
            continue;
        }
        if !sources.iter().any(|s| s == source) {
            errors.add(cost_field(source), FieldError::UnknownValue);
            continue;
        }
        if let Some(amount) = errors.take(&cost_field(source), parse_czk(amount)) {
            costs.push(((*source).to_owned(), amount));
        }
    }
    costs
}

/// Where a card sits, for deciding who may touch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardOwner<'a> {
    /// The provider organisation of the card.
    pub organisation: i32,
    /// The code of the plan part (working group) its measure belongs to, e.g. „SEN“.
    pub group: &'a str,
}

impl Actor {
    /// May this actor plan (create, change) a card of this owner while the action plan is open,
    /// and enter its evaluation figures?
    #[must_use]
    pub fn may_edit_card(&self, owner: CardOwner<'_>) -> bool {
        match self.role {
            Role::Admin => true,
            Role::ProviderEditor => self.organisations.contains(&owner.organisation),
            Role::Manager => self.leads(owner.group),
            Role::Member => false,
        }
    }

    /// May this actor see a card's evaluation before it is approved (the figures, the
    /// provider's comment, the reason it was returned)? Those who may act on it: its provider,
    /// the group's manager, the coordinator. Everyone sees an approved one.
    #[must_use]
    pub fn may_see_report(&self, owner: CardOwner<'_>) -> bool {
        self.may_edit_card(owner) || self.may_review_card(owner.group)
    }

    /// May this actor follow an evaluation round on its dashboard (who is late, what was
    /// returned)? Those who report or review in it; not the public, not a plain member.
    #[must_use]
    pub fn may_follow_round(&self) -> bool {
        matches!(
            self.role,
            Role::Admin | Role::Manager | Role::ProviderEditor
        )
    }

    /// May this actor approve or return the evaluation of a card of this group?
    #[must_use]
    pub fn may_review_card(&self, group: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Manager => self.leads(group),
            Role::ProviderEditor | Role::Member => false,
        }
    }

    /// Does this actor manage any working group?
    #[must_use]
    pub fn leads_any(&self) -> bool {
        self.role == Role::Manager && !self.groups.is_empty()
    }

    /// Does this actor manage the working group with this part code?
    #[must_use]
    pub fn leads(&self, group: &str) -> bool {
        self.role == Role::Manager && self.groups.iter().any(|g| g == group)
    }
}
