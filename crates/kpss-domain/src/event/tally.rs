//! What events give the indicators they feed: the tallies per measure and year and per card,
//! and a fed indicator's years against its targets.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::quantity::Quantity;

/// What a measure's or a card's indicator counts by itself, instead of somebody typing its
/// value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorFeed {
    /// Počet akcí (kus): events of the measure (or the project) held in the year.
    Events,
    /// Počet účastníků (osoba): the attendance of those events.
    Participants,
}

impl IndicatorFeed {
    /// Every feed, in the order the form offers them.
    pub const ALL: [Self; 2] = [Self::Events, Self::Participants];

    /// The submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Events => "akce",
            Self::Participants => "ucastnici",
        }
    }

    /// The feed from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// A feed as a form or a spreadsheet sends it: empty for none, typed by hand.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw.trim())
                .map(Some)
                .ok_or(FieldError::UnknownValue)
        }
    }

    /// The Czech name, for a measure's indicator.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Events => "počet akcí opatření",
            Self::Participants => "počet účastníků akcí opatření",
        }
    }

    /// The Czech name, for a card's indicator.
    #[must_use]
    pub fn name_for_card(self) -> &'static str {
        match self {
            Self::Events => "počet akcí projektu",
            Self::Participants => "počet účastníků akcí projektu",
        }
    }

    /// This feed's value in a year's tally.
    #[must_use]
    pub fn value(self, tally: Tally) -> Quantity {
        Quantity::whole(match self {
            Self::Events => tally.events,
            Self::Participants => tally.participants,
        })
    }
}

/// What a measure's (or a project's) events gave in one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Events with attendance recorded on a date of the year.
    pub events: i64,
    /// Attendances on those dates: the registered who came and those who came unregistered.
    pub participants: i64,
}

/// A date whose attendance was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldDate {
    pub measure: i32,
    /// The card of a project's event.
    pub card: Option<i32>,
    pub event: i32,
    pub year: i32,
    pub participants: i64,
}

/// The tallies per (measure, year): an event counts once in each year it was held, every date
/// adds its attendance (a person at two dates of a seminar is two attendances, as the seed's
/// reports count them).
///
/// A project's events count for its measure too: they serve it.
#[must_use]
pub fn tallies(held: &[HeldDate]) -> HashMap<(i32, i32), Tally> {
    tally_by(held, |d| Some((d.measure, d.year)))
}

/// The tallies per card, of its project's events: they are held in the card's year.
#[must_use]
pub fn card_tallies(held: &[HeldDate]) -> HashMap<i32, Tally> {
    tally_by(held, |d| d.card)
}

fn tally_by<K: Copy + Eq + std::hash::Hash>(
    held: &[HeldDate],
    key: impl Fn(&HeldDate) -> Option<K>,
) -> HashMap<K, Tally> {
    let mut out: HashMap<K, Tally> = HashMap::new();
    let mut counted: HashSet<(K, i32, i32)> = HashSet::new();
    for d in held {
        let Some(k) = key(d) else { continue };
        let tally = out.entry(k).or_default();
        if counted.insert((k, d.event, d.year)) {
            tally.events += 1;
        }
        tally.participants += d.participants;
    }
    out
}

/// A year of an indicator fed by events: what they gave against the plan's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FedYear {
    pub year: i32,
    pub actual: Quantity,
    pub target: Option<Quantity>,
    /// Whole per cent of the target, rounded half up.
    pub percent: Option<i64>,
}

impl std::fmt::Display for FedYear {
    /// „2025: 312 z 70 (446 %)“, or „2026: 40“ for a year without a target.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.year, self.actual)?;
        if let Some(t) = self.target {
            write!(f, " z {t}")?;
        }
        if let Some(p) = self.percent {
            write!(f, " ({p}\u{a0}%)")?;
        }
        Ok(())
    }
}

/// The years in which the measure's events fed this indicator, in year order; none for an
/// indicator the group types.
#[must_use]
pub fn progress(
    indicator: &crate::plan::funding::MeasureIndicator,
    measure: i32,
    tallies: &HashMap<(i32, i32), Tally>,
) -> Vec<FedYear> {
    let Some(feed) = indicator.feed else {
        return Vec::new();
    };
    let mut years: Vec<FedYear> = tallies
        .iter()
        .filter(|((m, _), _)| *m == measure)
        .map(|((_, year), tally)| {
            let actual = feed.value(*tally);
            let target = indicator
                .targets
                .iter()
                .find(|(y, _)| y == year)
                .map(|(_, t)| *t);
            FedYear {
                year: *year,
                actual,
                target,
                percent: target.and_then(|t| actual.percent_of(t)),
            }
        })
        .collect();
    years.sort_by_key(|y| y.year);
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_counts_once_a_year_and_every_date_adds_its_attendance() {
        let held = [
            HeldDate {
                measure: 1,
                card: Some(7),
                event: 10,
                year: 2026,
                participants: 12,
            },
            HeldDate {
                measure: 1,
                card: Some(7),
                event: 10,
                year: 2026,
                participants: 9,
            },
            HeldDate {
                measure: 1,
                card: None,
                event: 11,
                year: 2026,
                participants: 0,
            },
            HeldDate {
                measure: 1,
                card: None,
                event: 12,
                year: 2025,
                participants: 30,
            },
            HeldDate {
                measure: 2,
                card: None,
                event: 13,
                year: 2026,
                participants: 5,
            },
        ];
        let t = tallies(&held);
        assert_eq!(
            t[&(1, 2026)],
            Tally {
                events: 2,
                participants: 21
            }
        );
        assert_eq!(
            t[&(1, 2025)],
            Tally {
                events: 1,
                participants: 30
            }
        );
        assert_eq!(
            IndicatorFeed::Participants.value(t[&(2, 2026)]),
            Quantity::whole(5)
        );
        assert_eq!(
            IndicatorFeed::Events.value(t[&(1, 2026)]),
            Quantity::whole(2)
        );
        let indicator = crate::plan::funding::MeasureIndicator {
            name: "Účastníci".into(),
            unit: "osoba".into(),
            baseline: None,
            targets: vec![(2026, Quantity::whole(20))],
            feed: Some(IndicatorFeed::Participants),
        };
        let fed: Vec<String> = progress(&indicator, 1, &t)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(fed, ["2025: 30", "2026: 21 z 20 (105\u{a0}%)"]);
        let typed = crate::plan::funding::MeasureIndicator {
            feed: None,
            ..indicator
        };
        assert!(progress(&typed, 1, &t).is_empty());
        assert_eq!(IndicatorFeed::parse("akce"), Some(IndicatorFeed::Events));
        let cards = card_tallies(&held);
        assert_eq!(
            cards[&7],
            Tally {
                events: 1,
                participants: 21
            }
        );
        assert_eq!(cards.len(), 1);
        assert_eq!(IndicatorFeed::parse("x"), None);
    }
}
