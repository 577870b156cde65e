//! Reminders of a report due: a number of days before the deadline (set per installation), and
//! every week once it is past.

use time::Date;

/// The days before a deadline the first reminder goes out, unless the installation sets it.
pub const DEFAULT_DAYS_BEFORE: u16 = 7;

/// Which reminder is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The deadline is near.
    Before,
    /// The deadline passed; `week` counts from 0 for the first week after it.
    Overdue { week: i64 },
}

impl Reminder {
    /// What the reminder is, unique per round, organisation and week: the same reminder is
    /// queued once however often the check runs.
    #[must_use]
    pub fn key(self) -> String {
        match self {
            Self::Before => "pred".to_owned(),
            Self::Overdue { week } => format!("po-{week}"),
        }
    }
}

/// The reminder due `today` of a report with this deadline, if any. A check that did not run on
/// the very day catches up: the first reminder goes out any day of the last `days_before`.
#[must_use]
pub fn due(deadline: Date, today: Date, days_before: u16) -> Option<Reminder> {
    let left = (deadline - today).whole_days();
    if left < 0 {
        Some(Reminder::Overdue {
            week: (-left - 1) / 7,
        })
    } else if left <= i64::from(days_before) && days_before > 0 {
        Some(Reminder::Before)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_reminder_comes_before_the_deadline_and_weekly_after_it() {
        let deadline = date!(2026 - 01 - 31);
        assert_eq!(due(deadline, date!(2026 - 01 - 23), 7), None);
        assert_eq!(
            due(deadline, date!(2026 - 01 - 24), 7),
            Some(Reminder::Before)
        );
        assert_eq!(due(deadline, deadline, 7), Some(Reminder::Before));
        let first = due(deadline, date!(2026 - 02 - 01), 7).unwrap();
        assert_eq!(first, Reminder::Overdue { week: 0 });
        assert_eq!(
            due(deadline, date!(2026 - 02 - 07), 7),
            Some(first),
            "same week"
        );
        assert_eq!(
            due(deadline, date!(2026 - 02 - 08), 7),
            Some(Reminder::Overdue { week: 1 })
        );
        assert_eq!(
            due(deadline, date!(2026 - 01 - 30), 0),
            None,
            "no early reminder"
        );
        assert_eq!(Reminder::Overdue { week: 1 }.key(), "po-1");
    }
}
