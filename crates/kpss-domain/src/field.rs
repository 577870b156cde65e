//! Validation of user input, field by field, so that a form can show every problem at once.

use serde::Serialize;

/// Why one field of a form was rejected; the web layer words it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldError {
    /// Nothing was given where something is needed.
    Required,
    /// Longer than the field allows (in characters).
    TooLong { max: usize },
    /// Not an IČO: 8 digits with a valid check digit.
    InvalidIco,
    /// Not an e-mail address.
    InvalidEmail,
    /// Not an http(s) address.
    InvalidUrl,
    /// Not a telephone number.
    InvalidPhone,
    /// Not a whole number greater than zero.
    NotPositiveInteger,
    /// A whole number outside the allowed range.
    OutOfRange { min: i64, max: i64 },
    /// Not a non-negative number with at most two decimal places.
    InvalidQuantity,
    /// Not a date (e.g. 14. 9. 2022 or 2022-09-14).
    InvalidDate,
    /// Not a time of day (e.g. 14:00).
    InvalidTime,
    /// The end lies before the start.
    EndBeforeStart,
    /// Not a register identifier (7 digits).
    InvalidRegisterId,
    /// Not a coordinate in degrees.
    InvalidCoordinate,
    /// A value that is not on the offered list.
    UnknownValue,
    /// A value that must be unique is already used.
    AlreadyUsed,
    /// The password is too short.
    PasswordTooShort { min: usize },
    /// The two passwords differ.
    PasswordsDiffer,
    /// The record belongs to another organisation or working group.
    NotPermitted,
    /// The record is locked: its report was submitted or approved.
    Locked,
    /// Line `line` of a list is not „code; name“.
    BadLine { line: usize },
    /// Line `line` repeats a code used above it.
    DuplicateLine { line: usize },
    /// Line `line` of a thesaurus holds a single expression, which widens nothing.
    LonelyExpression { line: usize },
    /// These codes are still used by stored records and cannot be removed.
    InUse { codes: String },
    /// Not a group code: capital letters, digits and hyphens, at most `max` characters.
    InvalidGroupCode { max: usize },
    /// A working group with subgroups cannot become another kind of group.
    HasSubgroups,
    /// The member already belongs to the group for some of these days.
    MembershipOverlaps,
    /// The meeting has begun: nobody can be invited to it any more.
    MeetingInPast,
    /// The minutes are approved and published: they no longer change.
    MinutesPublished,
    /// A date of an event with its attendance recorded cannot be removed.
    AttendanceRecorded,
    /// The event's last date has begun: it takes no more registrations.
    RegistrationClosed,
    /// This address is registered to the event already.
    AlreadyRegistered,
    /// The event has no free place left.
    EventFull,
    /// The attendance of a date that has not begun cannot be recorded.
    NotHeldYet,
    /// A project's event is held in the year of the card's action plan.
    NotInCardYear { year: i32 },
    /// A day that has not come yet.
    InFuture,
    /// Personal data given without the consent to process them.
    ConsentMissing,
    /// The consultation does not take comments (not yet, or no longer).
    ConsultationClosed,
    /// The coordinator locked this part of the draft as final.
    PartLocked,
    /// The link was used already or has expired.
    LinkExpired,
    /// A file larger than allowed.
    FileTooLarge { max_mb: usize },
    /// A file of a kind kpss does not keep, or whose name and content disagree.
    FileType,
    /// The virus scanner found something in the file.
    Infected,
    /// A document put to consultation stays: its comments and settlement refer to it.
    Consulted,
    /// Only a public document may be put to a public consultation.
    InternalDocument,
    /// The document is in a consultation that runs or is yet to come.
    ConsultationRunning,
    /// A coordinator may not deactivate their own account or take its coordinator role away.
    OwnAccount,
    /// The change would leave the tenant without an active coordinator.
    LastCoordinator,
    /// The survey's questions cannot change: it has answers.
    Answered,
    /// This organisation or person has answered the survey already.
    AlreadyAnswered,
    /// The survey takes no answers today.
    SurveyClosed,
    /// Not a RÚIAN code of a municipality (6 digits) or a region (2–3 digits).
    InvalidRuian,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Logs only; users read the wording of the web layer.
        write!(f, "{self:?}")
    }
}

/// All the problems of one form: field name → error, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<(String, FieldError)>);

impl FieldErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, error: FieldError) {
        self.0.push((field.into(), error));
    }

    /// True when nothing was rejected.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem of `field`, if any.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| e)
    }

    /// Takes the value of a parse, remembering its error under `field`.
    pub fn take<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error);
                None
            }
        }
    }

    /// `Ok(value)` when nothing was rejected, otherwise all the problems.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (field, error)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{field}: {error:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// Trims the text; empty becomes `None`; longer than `max` characters is an error.
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(Some(text.to_owned()))
}

/// A day that must be given: „14. 9. 2022“ or „2022-09-14“.
pub fn required_date(raw: &str) -> Result<time::Date, FieldError> {
    if raw.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        crate::czech::parse_date(raw)
    }
}

/// Like [`optional_text`], but something must be given.
pub fn required_text(raw: &str, max: usize) -> Result<String, FieldError> {
    optional_text(raw, max)?.ok_or(FieldError::Required)
}

/// An optional whole number within `min..=max`.
pub fn optional_int(raw: &str, min: i64, max: i64) -> Result<Option<i64>, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let value: i64 = digits
        .parse()
        .map_err(|_| FieldError::OutOfRange { min, max })?;
    if (min..=max).contains(&value) {
        Ok(Some(value))
    } else {
        Err(FieldError::OutOfRange { min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_limited() {
        assert_eq!(optional_text("  a  ", 5), Ok(Some("a".into())));
        assert_eq!(optional_text("   ", 5), Ok(None));
        assert_eq!(required_text(" ", 5), Err(FieldError::Required));
        assert_eq!(
            optional_text(&"ž".repeat(6), 5),
            Err(FieldError::TooLong { max: 5 })
        );
        assert_eq!(optional_text(&"ž".repeat(5), 5), Ok(Some("ž".repeat(5))));
    }

    #[test]
    fn numbers_accept_spaces_and_reject_the_rest() {
        assert_eq!(optional_int("1 200", 0, 5000), Ok(Some(1200)));
        assert_eq!(optional_int("", 0, 5), Ok(None));
        assert!(optional_int("12a", 0, 5000).is_err());
        assert!(optional_int("-1", 0, 5000).is_err());
        assert!(optional_int("99999999999999999999999", 0, 5000).is_err());
    }

    #[test]
    fn errors_are_collected_in_order() {
        let mut errors = FieldErrors::default();
        assert_eq!(errors.take("a", Ok::<_, FieldError>(1)), Some(1));
        assert_eq!(errors.take::<i32>("b", Err(FieldError::Required)), None);
        assert_eq!(errors.get("b"), Some(&FieldError::Required));
        assert!(errors.into_result(|| ()).is_err());
    }
}
