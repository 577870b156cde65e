//! What a list of an action plan's cards is filtered, sorted and paged by, read from the query
//! string people bookmark and share. An unknown value is refused with a Czech message rather
//! than ignored: a list that silently shows everything under a filter someone trusts is worse
//! than an error.

use time::Date;

use crate::evaluation::{ReportState, is_overdue};
pub use crate::listing::QueryError;
use crate::listing::{Order, Sorting, choice, flag, id, text};

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CardSort {
    /// The plan's order: working group, goal, measure, then the card's title.
    #[default]
    Measure,
    Title,
    Organisation,
    State,
    PlannedCost,
}

impl Sorting for CardSort {
    const ALL: &'static [Self] = &[
        Self::Measure,
        Self::Title,
        Self::Organisation,
        Self::State,
        Self::PlannedCost,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Measure => "opatreni",
            Self::Title => "nazev",
            Self::Organisation => "organizace",
            Self::State => "stav",
            Self::PlannedCost => "naklady",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Measure => "podle opatření (pořadí plánu)",
            Self::Title => "podle názvu karty",
            Self::Organisation => "podle organizace",
            Self::State => "podle stavu hodnocení",
            Self::PlannedCost => "podle plánovaných nákladů",
        }
    }
}

/// A list of cards as asked for: every filter optional, the page counted from 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardQuery {
    pub state: Option<ReportState>,
    /// The code of a part of the plan (a working group).
    pub group: Option<String>,
    pub organisation: Option<i32>,
    pub measure: Option<i32>,
    /// Only cards whose report is still owed after the round's deadline.
    pub overdue: bool,
    /// Words in the card's title, the organisation's name or its IČO.
    pub text: String,
    pub order: Order<CardSort>,
}

impl CardQuery {
    /// Reads `stav`, `skupina`, `organizace`, `opatreni`, `po-terminu`, `text`, `razeni`,
    /// `sestupne` and `strana`; other keys are not the list's and are left alone.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, QueryError> {
        let mut query = Self::default();
        query.order.page = 1;
        for (key, value) in pairs {
            let (key, value) = (key.as_str(), value.as_str());
            let value = value.trim();
            if value.is_empty() || query.order.take(key, value)? {
                continue;
            }
            match key {
                "stav" => {
                    query.state = Some(choice(
                        value,
                        "stav hodnocení",
                        &ReportState::ALL,
                        ReportState::code,
                    )?);
                }
                "skupina" => query.group = Some(value.to_owned()),
                "organizace" => query.organisation = Some(id(value, "organizace")?),
                "opatreni" => query.measure = Some(id(value, "opatření")?),
                "po-terminu" => query.overdue = flag(value, "po termínu")?,
                "text" => query.text = text(value)?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string of this list on `page` (0 for every page: an export).
    #[must_use]
    pub fn to_query_string(&self, page_number: u64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = self.state {
            out.append_pair("stav", s.code());
        }
        if let Some(g) = &self.group {
            out.append_pair("skupina", g);
        }
        if let Some(o) = self.organisation {
            out.append_pair("organizace", &o.to_string());
        }
        if let Some(m) = self.measure {
            out.append_pair("opatreni", &m.to_string());
        }
        if self.overdue {
            out.append_pair("po-terminu", "1");
        }
        if !self.text.is_empty() {
            out.append_pair("text", &self.text);
        }
        self.order.append(&mut out, page_number);
        out.finish()
    }

    /// The report states a card may be in to be listed: `None` for any. „Po termínu“ keeps
    /// the owed states only once the deadline has passed, and none before it.
    #[must_use]
    pub fn states(&self, deadline: Option<Date>, today: Date) -> Option<Vec<ReportState>> {
        let mut states: Vec<ReportState> = match self.state {
            Some(s) => vec![s],
            None if self.overdue => ReportState::ALL.to_vec(),
            None => return None,
        };
        if self.overdue {
            states.retain(|s| deadline.is_some_and(|d| is_overdue(*s, d, today)));
        }
        Some(states)
    }

    /// Whether any filter narrows the list.
    #[must_use]
    pub fn is_filtered(&self) -> bool {
        self.state.is_some()
            || self.group.is_some()
            || self.organisation.is_some()
            || self.measure.is_some()
            || self.overdue
            || !self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn parse(raw: &str) -> Result<CardQuery, QueryError> {
        CardQuery::parse(&crate::listing::pairs(raw))
    }

    #[test]
    fn a_query_string_round_trips_and_empty_values_mean_no_filter() {
        let q = parse("stav=returned&skupina=SEN&organizace=7&opatreni=12&po-terminu=1&text=domov+pro&razeni=naklady&sestupne=1&strana=3&utm=x").unwrap();
        assert_eq!(q.state, Some(ReportState::Returned));
        assert_eq!(q.group.as_deref(), Some("SEN"));
        assert_eq!((q.organisation, q.measure), (Some(7), Some(12)));
        assert!(q.overdue && q.order.descending);
        assert_eq!(
            (q.text.as_str(), q.order.sort, q.order.page),
            ("domov pro", CardSort::PlannedCost, 3)
        );
        assert_eq!(parse(&q.to_query_string(3)).unwrap(), q);
        assert!(!q.to_query_string(0).contains("strana"));
        let none = parse("stav=&skupina=&text=+").unwrap();
        assert!(!none.is_filtered());
        assert_eq!(none.order.page, 1);
        assert_eq!(none.to_query_string(1), "");
    }

    #[test]
    fn unknown_values_are_refused_in_czech() {
        for (raw, word) in [
            ("stav=smazano", "stav hodnocení: „smazano“"),
            ("organizace=abc", "organizace: „abc“"),
            ("opatreni=-1", "opatření: „-1“"),
            ("razeni=nahodne", "řazení: „nahodne“"),
            ("strana=0", "strana: „0“"),
            ("po-terminu=mozna", "po termínu: „mozna“"),
        ] {
            let err = parse(raw).unwrap_err();
            assert!(err.0.contains(word), "{raw}: {err}");
        }
        let long = format!("text={}", "ř".repeat(201));
        assert!(parse(&long).unwrap_err().0.contains("nejvýše 200 znaků"));
    }

    #[test]
    fn overdue_keeps_owed_states_after_the_deadline_only() {
        let deadline = date!(2026 - 01 - 31);
        let overdue = parse("po-terminu=1").unwrap();
        assert_eq!(
            overdue.states(Some(deadline), date!(2026 - 02 - 01)),
            Some(vec![ReportState::Missing, ReportState::Returned])
        );
        assert_eq!(overdue.states(Some(deadline), deadline), Some(vec![]));
        assert_eq!(overdue.states(None, deadline), Some(vec![]));
        let approved_late = parse("po-terminu=1&stav=approved").unwrap();
        assert_eq!(
            approved_late.states(Some(deadline), date!(2026 - 03 - 01)),
            Some(vec![])
        );
        assert_eq!(
            parse("stav=submitted").unwrap().states(None, deadline),
            Some(vec![ReportState::Submitted])
        );
        assert_eq!(parse("").unwrap().states(Some(deadline), deadline), None);
    }
}
