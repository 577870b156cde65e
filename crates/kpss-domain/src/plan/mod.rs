//! The community plan (komunitní plán): its period, its lifecycle from draft to archive, the
//! council's resolution, and the codes of its measures.

mod compare;
pub mod funding;
pub mod plain;
mod structure;
pub mod writing;

pub use compare::{Change, compare};
pub use structure::{
    GoalDraft, MeasureDraft, PartDraft, PriorityDraft, duplicate_codes, parse_measure_code,
};

use serde::Serialize;
use time::Date;

use crate::FieldError;
use crate::field::required_text;

/// Where a plan stands. Only a draft may be edited; approval freezes a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Návrh – being written by the working groups.
    Draft,
    /// V připomínkovém řízení – open for public comments.
    InConsultation,
    /// Schválen – approved by the council; immutable.
    Approved,
    /// Archivován – its period is over.
    Archived,
}

/// What may happen to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanAction {
    /// Open the draft for public comments in this period.
    OpenConsultation(crate::consultation::ConsultationPeriod),
    /// Take the draft back from consultation to work the comments in.
    ReturnToDraft,
    /// The council approved it by this resolution.
    Approve(Resolution),
    /// Its period is over.
    Archive,
}

/// A transition the lifecycle does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{action} is not possible in state {from:?}")]
pub struct ForbiddenTransition {
    pub from: PlanStatus,
    pub action: &'static str,
}

impl PlanStatus {
    /// Code in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InConsultation => "consultation",
            Self::Approved => "approved",
            Self::Archived => "archived",
        }
    }

    /// The status with this code; `None` for a code kpss never writes.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::InConsultation,
            Self::Approved,
            Self::Archived,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "návrh",
            Self::InConsultation => "v připomínkovém řízení",
            Self::Approved => "schválený",
            Self::Archived => "archivovaný",
        }
    }

    /// Only a draft's content may change.
    #[must_use]
    pub fn is_editable(self) -> bool {
        self == Self::Draft
    }

    /// The state after `action`, or why it is not allowed. A draft that was never in
    /// consultation cannot be approved: the public must have had its say.
    pub fn apply(self, action: &PlanAction) -> Result<Self, ForbiddenTransition> {
        match (self, action) {
            (Self::Draft, PlanAction::OpenConsultation(_)) => Ok(Self::InConsultation),
            (Self::InConsultation, PlanAction::ReturnToDraft) => Ok(Self::Draft),
            (Self::InConsultation, PlanAction::Approve(_)) => Ok(Self::Approved),
            (Self::Approved, PlanAction::Archive) => Ok(Self::Archived),
            (from, action) => Err(ForbiddenTransition {
                from,
                action: action.name(),
            }),
        }
    }
}

impl PlanAction {
    fn name(&self) -> &'static str {
        match self {
            Self::OpenConsultation(_) => "open consultation",
            Self::ReturnToDraft => "return to draft",
            Self::Approve(_) => "approve",
            Self::Archive => "archive",
        }
    }
}

/// Usnesení – the council's decision approving a plan, e.g. „2238/ZM1822/36 ze dne 14. 9. 2022“.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub number: String,
    pub date: Date,
    /// Who approved it, e.g. „Zastupitelstvo města Ostravy“.
    pub body: String,
}

impl Resolution {
    /// Validates the number, the date and the approving body.
    pub fn parse(number: &str, date: &str, body: &str) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let number = e.take("resolution_number", required_text(number, 100));
        let date = e.take("resolution_date", crate::czech::parse_date(date));
        let body = e.take("resolution_body", required_text(body, 200));
        e.into_result(|| Self {
            number: number.unwrap_or_default(),
            date: date.unwrap_or(Date::MIN),
            body: body.unwrap_or_default(),
        })
    }
}

/// Období plánu – whole calendar years, e.g. 2023–2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

impl Period {
    /// A period of 1 to 10 years between 2000 and 2100.
    pub fn new(from: i32, to: i32) -> Result<Self, FieldError> {
        if !(2000..=2100).contains(&from) || !(2000..=2100).contains(&to) {
            return Err(FieldError::OutOfRange {
                min: 2000,
                max: 2100,
            });
        }
        if to < from {
            return Err(FieldError::EndBeforeStart);
        }
        if to - from >= 10 {
            return Err(FieldError::OutOfRange {
                min: i64::from(from),
                max: i64::from(from) + 9,
            });
        }
        Ok(Self { from, to })
    }

    /// Whether a year (of an action plan, a cost) lies in the period.
    #[must_use]
    pub fn contains(self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }

    /// The years of the period.
    pub fn years(self) -> impl Iterator<Item = i32> {
        self.from..=self.to
    }
}

/// A plan's title and period, as a coordinator starts a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanHeader {
    pub title: String,
    pub period: Period,
}

impl PlanHeader {
    /// Validates the title and the years.
    pub fn parse(title: &str, from: &str, to: &str) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let title = e.take("title", required_text(title, 300));
        let year = |raw: &str| {
            crate::field::optional_int(raw, 2000, 2100)?
                .ok_or(FieldError::Required)
                .map(|y| y as i32)
        };
        let from = e.take("period_from", year(from));
        let to = e.take("period_to", year(to));
        let period = match (from, to) {
            (Some(f), Some(t)) => e.take("period_to", Period::new(f, t)),
            _ => None,
        };
        e.into_result(|| Self {
            title: title.unwrap_or_default(),
            period: period.unwrap_or(Period {
                from: 2000,
                to: 2000,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn period() -> crate::consultation::ConsultationPeriod {
        crate::consultation::ConsultationPeriod::parse("1. 10. 2026", "31. 10. 2026").unwrap()
    }

    fn resolution() -> Resolution {
        Resolution::parse(
            "2238/ZM1822/36",
            "14. 9. 2022",
            "Zastupitelstvo města Ostravy",
        )
        .unwrap()
    }

    #[test]
    fn statuses_round_trip_and_unknown_codes_are_refused() {
        for s in [
            PlanStatus::Draft,
            PlanStatus::InConsultation,
            PlanStatus::Approved,
            PlanStatus::Archived,
        ] {
            assert_eq!(PlanStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(PlanStatus::from_code("návrh"), None);
        assert_eq!(PlanStatus::from_code("Draft"), None);
    }

    #[test]
    fn a_plan_goes_from_draft_through_consultation_to_approval_and_archive() {
        let s = PlanStatus::Draft;
        let s = s.apply(&PlanAction::OpenConsultation(period())).unwrap();
        assert_eq!(s, PlanStatus::InConsultation);
        let s = s.apply(&PlanAction::Approve(resolution())).unwrap();
        assert_eq!(s, PlanStatus::Approved);
        assert_eq!(s.apply(&PlanAction::Archive), Ok(PlanStatus::Archived));
    }

    #[test]
    fn a_draft_never_in_consultation_cannot_be_approved() {
        let err = PlanStatus::Draft
            .apply(&PlanAction::Approve(resolution()))
            .unwrap_err();
        assert_eq!(err.from, PlanStatus::Draft);
        assert_eq!(err.action, "approve");
    }

    #[test]
    fn approved_and_archived_plans_do_not_go_back() {
        for from in [PlanStatus::Approved, PlanStatus::Archived] {
            assert!(from.apply(&PlanAction::ReturnToDraft).is_err());
            assert!(from.apply(&PlanAction::OpenConsultation(period())).is_err());
            assert!(!from.is_editable());
        }
        assert!(PlanStatus::Archived.apply(&PlanAction::Archive).is_err());
        assert!(PlanStatus::Draft.is_editable());
        assert!(!PlanStatus::InConsultation.is_editable());
        assert_eq!(
            PlanStatus::InConsultation.apply(&PlanAction::ReturnToDraft),
            Ok(PlanStatus::Draft)
        );
    }

    #[test]
    fn the_resolution_of_the_seed_parses_and_missing_parts_are_named() {
        let r = resolution();
        assert_eq!(r.number, "2238/ZM1822/36");
        assert_eq!(r.date, date!(2022 - 09 - 14));
        let errors = Resolution::parse("", "31. 2. 2022", "").unwrap_err();
        assert_eq!(errors.get("resolution_number"), Some(&FieldError::Required));
        assert_eq!(
            errors.get("resolution_date"),
            Some(&FieldError::InvalidDate)
        );
        assert_eq!(errors.get("resolution_body"), Some(&FieldError::Required));
    }

    #[test]
    fn periods_are_whole_years_in_order() {
        let p = Period::new(2023, 2026).unwrap();
        assert!(p.contains(2025) && !p.contains(2027));
        assert_eq!(p.years().collect::<Vec<_>>(), vec![2023, 2024, 2025, 2026]);
        assert_eq!(Period::new(2026, 2023), Err(FieldError::EndBeforeStart));
        assert!(Period::new(1999, 2003).is_err());
        assert!(Period::new(2020, 2040).is_err());
    }

    #[test]
    fn measure_codes_look_like_the_plans_codes() {
        assert_eq!(parse_measure_code(" SEN  2.3 "), Ok("SEN 2.3".into()));
        assert_eq!(parse_measure_code("ZP 1"), Ok("ZP 1".into()));
        assert_eq!(parse_measure_code("ŘÍD 1.2.1"), Ok("ŘÍD 1.2.1".into()));
        for bad in ["sen 2.3", "SEN", "SEN 2..3", "SEN 2.a", "2.3", ""] {
            assert!(parse_measure_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_parts_goals_and_measures_check_their_fields() {
        let h = PlanHeader::parse("6. komunitní plán", "2023", "2026").unwrap();
        assert_eq!(
            h.period,
            Period {
                from: 2023,
                to: 2026
            }
        );
        let e = PlanHeader::parse(" ", "2026", "2023").unwrap_err();
        assert_eq!(e.get("title"), Some(&FieldError::Required));
        assert_eq!(e.get("period_to"), Some(&FieldError::EndBeforeStart));
        assert!(
            PlanHeader::parse("x", "abc", "")
                .unwrap_err()
                .get("period_from")
                .is_some()
        );
        assert_eq!(PartDraft::parse("SEN", "Senioři").unwrap().code, "SEN");
        assert!(
            PartDraft::parse("sen", "")
                .unwrap_err()
                .get("code")
                .is_some()
        );
        assert_eq!(
            GoalDraft::parse("SEN 1", "Rozvoj terénních služeb")
                .unwrap()
                .code,
            "SEN 1"
        );
        let m = MeasureDraft::parse(
            "SEN 1.1",
            "Navýšit kapacitu pečovatelské služby",
            "",
            "PS Senioři",
            "",
            "2023–2026",
        )
        .unwrap();
        assert_eq!(
            (m.rationale, m.timing.as_deref()),
            (None, Some("2023–2026"))
        );
        assert!(
            MeasureDraft::parse("SEN", "", "", "", "", "")
                .unwrap_err()
                .get("text")
                .is_some()
        );
    }

    fn items(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(c, t)| ((*c).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn versions_compare_item_by_item_by_code() {
        let older = items(&[
            ("SEN 1.1", "Udržet kapacitu"),
            ("SEN 1.2", "Rozšířit terénní služby"),
            ("SEN 1.3", "Vydat průvodce"),
        ]);
        let newer = items(&[
            ("SEN 1.1", "Udržet kapacitu"),
            ("SEN 1.3", "Vydat průvodce i online"),
            ("SEN 1.4", "Zřídit kontaktní místo"),
        ]);
        let changes = compare(&older, &newer);
        assert_eq!(
            changes,
            vec![
                Change::Same {
                    code: "SEN 1.1".into(),
                    text: "Udržet kapacitu".into()
                },
                Change::Removed {
                    code: "SEN 1.2".into(),
                    text: "Rozšířit terénní služby".into()
                },
                Change::Changed {
                    code: "SEN 1.3".into(),
                    before: "Vydat průvodce".into(),
                    after: "Vydat průvodce i online".into()
                },
                Change::Added {
                    code: "SEN 1.4".into(),
                    text: "Zřídit kontaktní místo".into()
                },
            ]
        );
    }

    #[test]
    fn a_removed_first_item_stays_first_and_empty_versions_compare() {
        let changes = compare(
            &items(&[("A 1", "x"), ("A 2", "y")]),
            &items(&[("A 2", "y")]),
        );
        assert_eq!(
            changes[0],
            Change::Removed {
                code: "A 1".into(),
                text: "x".into()
            }
        );
        assert!(compare(&[], &[]).is_empty());
        assert_eq!(compare(&[], &items(&[("A 1", "x")])).len(), 1);
    }

    #[test]
    fn duplicate_codes_are_found_once_each() {
        let codes = ["SEN 1.1", "SEN 1.2", "SEN 1.1", "ZP 1", "SEN 1.1", "ZP 1"];
        assert_eq!(
            duplicate_codes(codes),
            vec!["SEN 1.1".to_owned(), "ZP 1".to_owned()]
        );
        assert!(duplicate_codes(["A 1", "A 2"]).is_empty());
    }
}
