//! One respondent's answers: read from the questionnaire form, checked against the questions,
//! and flattened into rows the database counts.

use std::collections::BTreeSet;

use super::{Audience, Question, QuestionKind, SCALE};
use crate::account::Actor;
use crate::field::optional_text;
use crate::quantity::Quantity;
use crate::{FieldError, FieldErrors};

/// The value of „jiné, prosím upřesněte“ among the choices of a form.
pub const OTHER: &str = "jine";

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The index of the choice, or `None` with the text of „jiné“.
    Single(Option<usize>, Option<String>),
    /// The indices of the choices, and the text of „jiné“ when ticked.
    Multiple(Vec<usize>, Option<String>),
    Scale(i32),
    Number(Quantity),
    Text(String),
    /// A point for each answered statement: (statement, point).
    Matrix(Vec<(usize, i32)>),
}

/// An answer as stored: one row per choice ticked, per matrix statement or per value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub question: i32,
    /// The statement of a matrix; 0 otherwise.
    pub row: i32,
    /// The choice, or the point of a scale; `None` for „jiné“, a number or a text.
    pub option: Option<i32>,
    /// A number in hundredths.
    pub number: Option<i64>,
    pub text: Option<String>,
}

impl Answer {
    /// The rows this answer to `question` is stored as.
    #[must_use]
    pub fn rows(&self, question: i32) -> Vec<AnswerRow> {
        let row = |row: usize, option: Option<usize>, text: Option<&String>| AnswerRow {
            question,
            row: i32::try_from(row).unwrap_or_default(),
            option: option.map(|o| i32::try_from(o).unwrap_or_default()),
            number: None,
            text: text.cloned(),
        };
        match self {
            Self::Single(choice, other) => vec![row(0, *choice, other.as_ref())],
            Self::Multiple(choices, other) => {
                let mut rows: Vec<AnswerRow> =
                    choices.iter().map(|c| row(0, Some(*c), None)).collect();
                if other.is_some() {
                    rows.push(row(0, None, other.as_ref()));
                }
                rows
            }
            Self::Scale(point) => vec![AnswerRow {
                option: Some(*point),
                ..row(0, None, None)
            }],
            Self::Number(q) => vec![AnswerRow {
                number: Some(q.hundredths()),
                ..row(0, None, None)
            }],
            Self::Text(t) => vec![row(0, None, Some(t))],
            Self::Matrix(points) => points
                .iter()
                .map(|(statement, point)| AnswerRow {
                    option: Some(*point),
                    ..row(*statement, None, None)
                })
                .collect(),
        }
    }
}

/// The form field of a question's answer; a matrix statement's is `q-{id}-{statement}` and
/// the text of „jiné“ is `q-{id}-jine`.
#[must_use]
pub fn field(question: i32) -> String {
    format!("q-{question}")
}

/// Reads the answers to `questions` from a form (`values` gives every value of a field).
/// Unanswered optional questions give no answer; every problem is reported under the
/// question's field.
pub fn parse_answers(
    questions: &[Question],
    values: &dyn Fn(&str) -> Vec<String>,
) -> Result<Vec<(i32, Answer)>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut answers = Vec::new();
    for q in questions {
        let name = field(q.id);
        let first = |name: &str| values(name).into_iter().next().unwrap_or_default();
        match parse_one(q, &values(&name), &first, &name) {
            Ok(Some(answer)) => answers.push((q.id, answer)),
            Ok(None) if q.draft.required => e.add(name, FieldError::Required),
            Ok(None) => {}
            Err(error) => e.add(name, error),
        }
    }
    e.into_result(|| answers)
}

fn parse_one(
    q: &Question,
    given: &[String],
    first: &dyn Fn(&str) -> String,
    name: &str,
) -> Result<Option<Answer>, FieldError> {
    let given: Vec<&str> = given
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    let other_text = || -> Result<String, FieldError> {
        optional_text(&first(&format!("{name}-{OTHER}")), 500)?.ok_or(FieldError::Required)
    };
    let choice = |v: &str| -> Result<Option<usize>, FieldError> {
        if v == OTHER && q.draft.other {
            return Ok(None);
        }
        v.parse::<usize>()
            .ok()
            .filter(|i| *i < q.draft.options.len())
            .map(Some)
            .ok_or(FieldError::UnknownValue)
    };
    let point = |v: &str| -> Result<i32, FieldError> {
        v.parse::<i32>()
            .ok()
            .filter(|p| SCALE.contains(p))
            .ok_or(FieldError::OutOfRange {
                min: i64::from(*SCALE.start()),
                max: i64::from(*SCALE.end()),
            })
    };
    Ok(Some(match q.draft.kind {
        QuestionKind::Single => {
            let [v] = given[..] else {
                return if given.is_empty() {
                    Ok(None)
                } else {
                    Err(FieldError::UnknownValue)
                };
            };
            match choice(v)? {
                Some(i) => Answer::Single(Some(i), None),
                None => Answer::Single(None, Some(other_text()?)),
            }
        }
        QuestionKind::Multiple => {
            if given.is_empty() {
                return Ok(None);
            }
            let mut chosen = BTreeSet::new();
            let mut other = None;
            for v in given {
                match choice(v)? {
                    Some(i) => {
                        chosen.insert(i);
                    }
                    None => other = Some(other_text()?),
                }
            }
            Answer::Multiple(chosen.into_iter().collect(), other)
        }
        QuestionKind::Scale => match given.first() {
            None => return Ok(None),
            Some(v) => Answer::Scale(point(v)?),
        },
        QuestionKind::Number => match given.first() {
            None => return Ok(None),
            Some(v) => Answer::Number(Quantity::parse(v)?),
        },
        QuestionKind::ShortText | QuestionKind::LongText => {
            let max = if q.draft.kind == QuestionKind::ShortText {
                300
            } else {
                10_000
            };
            match optional_text(given.first().copied().unwrap_or_default(), max)? {
                None => return Ok(None),
                Some(t) => Answer::Text(t),
            }
        }
        QuestionKind::Matrix => {
            let mut points = Vec::new();
            for statement in 0..q.draft.options.len() {
                let v = first(&format!("{name}-{statement}"));
                if v.trim().is_empty() {
                    if q.draft.required {
                        return Err(FieldError::Required);
                    }
                    continue;
                }
                points.push((statement, point(v.trim())?));
            }
            if points.is_empty() {
                return Ok(None);
            }
            Answer::Matrix(points)
        }
    }))
}

/// Who answered: the key that keeps one answer per organisation or per member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    Anonymous,
    Organisation(i32),
    Account(i32),
}

impl Respondent {
    /// The key stored with the answer and kept unique per survey; anonymous answers have none.
    #[must_use]
    pub fn key(self) -> Option<String> {
        match self {
            Self::Anonymous => None,
            Self::Organisation(id) => Some(format!("organizace-{id}")),
            Self::Account(id) => Some(format!("ucet-{id}")),
        }
    }

    /// The organisation answered for.
    #[must_use]
    pub fn organisation(self) -> Option<i32> {
        match self {
            Self::Organisation(id) => Some(id),
            _ => None,
        }
    }
}

/// Who answers online: anyone anonymously for the public; for providers, an editor for one of
/// its organisations (`organisation` chooses when it has several); for groups, a member of
/// one of the groups asked (`in_groups`).
pub fn respondent(
    audience: Audience,
    actor: Option<&Actor>,
    (organisation, in_groups): (Option<i32>, bool),
) -> Result<Respondent, FieldError> {
    match audience {
        Audience::Public => Ok(Respondent::Anonymous),
        Audience::Providers => {
            let own = actor
                .map(|a| a.organisations.as_slice())
                .unwrap_or_default();
            match (organisation, own) {
                (Some(id), own) if own.contains(&id) => Ok(Respondent::Organisation(id)),
                (Some(_), _) | (None, []) => Err(FieldError::NotPermitted),
                (None, [only]) => Ok(Respondent::Organisation(*only)),
                (None, _) => Err(FieldError::Required),
            }
        }
        Audience::Groups => match actor.and_then(|a| a.account_id) {
            Some(account) if in_groups => Ok(Respondent::Account(account)),
            _ => Err(FieldError::NotPermitted),
        },
    }
}

/// Who a paper questionnaire typed in by staff speaks for: the organisation chosen for a
/// providers' survey, nobody in particular otherwise.
pub fn paper_respondent(
    audience: Audience,
    organisation: Option<i32>,
) -> Result<Respondent, FieldError> {
    match (audience, organisation) {
        (Audience::Providers, Some(id)) => Ok(Respondent::Organisation(id)),
        (Audience::Providers, None) => Err(FieldError::Required),
        _ => Ok(Respondent::Anonymous),
    }
}
