//! Questionnaire surveys (dotazníková šetření) of providers, users and the public: the survey
//! with its audience and period, its questions, the answers one respondent gives
//! (`answer`), and what the answers add up to (`results`).

mod answer;
mod results;
#[cfg(test)]
mod tests;

pub use answer::{
    Answer, AnswerRow, OTHER, Respondent, field, paper_respondent, parse_answers, respondent,
};
pub use results::{
    CrossTab, Distribution, NumberSummary, QuestionResult, columns, crosstab, result, splits,
    summary,
};

use serde::Serialize;

use crate::FieldError;
use crate::FieldErrors;
use crate::account::{Actor, Role};
use crate::consultation::ConsultationPeriod;
use crate::field::{optional_text, required_text};

/// The points of a scale question and of each statement of a matrix: 1 to 5.
pub const SCALE: std::ops::RangeInclusive<i32> = 1..=5;

/// At most this many choices or statements in one question.
pub const MAX_OPTIONS: usize = 30;

/// How many answers one address may send online in [`ANSWER_WINDOW_MINUTES`].
pub const ANSWERS_PER_ADDRESS: u64 = 20;

/// The window of the limit per address.
pub const ANSWER_WINDOW_MINUTES: i64 = 60;

/// Who is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Audience {
    /// Anyone with the link, anonymously: users of services, the public.
    Public,
    /// Logged-in provider editors, one answer per organisation.
    Providers,
    /// Members of the chosen working groups, one answer each.
    Groups,
}

impl Audience {
    /// Every audience, in the order forms offer them.
    pub const ALL: [Self; 3] = [Self::Public, Self::Providers, Self::Groups];

    /// The code in forms and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "verejnost",
            Self::Providers => "poskytovatele",
            Self::Groups => "skupiny",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Public => "veřejnost – anonymně, kdokoli s odkazem",
            Self::Providers => "poskytovatelé – jedna odpověď za organizaci",
            Self::Groups => "členové vybraných pracovních skupin",
        }
    }

    /// The audience with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|a| a.code() == code)
            .ok_or(FieldError::UnknownValue)
    }
}

/// What the coordinator sets of a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyDraft {
    pub title: String,
    /// What it is for and how the answers are used; shown above the questions.
    pub intro: Option<String>,
    pub audience: Audience,
    /// The working groups asked, for [`Audience::Groups`] (empty otherwise).
    pub groups: Vec<i32>,
    pub period: ConsultationPeriod,
    /// The plan whose cycle the survey informs.
    pub plan: Option<i32>,
    /// Whether anyone may read the results; staff always may.
    pub results_public: bool,
}

/// A survey's settings as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SurveyInput<'a> {
    pub title: &'a str,
    pub intro: &'a str,
    pub audience: &'a str,
    pub groups: &'a [i32],
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub plan: Option<i32>,
    pub results_public: bool,
}

impl SurveyDraft {
    /// Checks a survey's settings.
    pub fn parse(input: &SurveyInput<'_>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.take("title", required_text(input.title, 200));
        let intro = e.take("intro", optional_text(input.intro, 5_000));
        let audience = e.take("audience", Audience::parse(input.audience));
        let period = match ConsultationPeriod::parse(input.opens_on, input.closes_on) {
            Ok(p) => Some(p),
            Err(errors) => {
                // The survey's form names its days apart from a consultation's.
                for (field, error) in errors.0 {
                    e.add(field.trim_end_matches("_on"), error);
                }
                None
            }
        };
        let mut groups = input.groups.to_vec();
        groups.sort_unstable();
        groups.dedup();
        if audience == Some(Audience::Groups) && groups.is_empty() {
            e.add("groups", FieldError::Required);
        }
        if audience != Some(Audience::Groups) {
            groups.clear();
        }
        e.into_result(|| Self {
            title: title.unwrap_or_default(),
            intro: intro.flatten(),
            audience: audience.unwrap_or(Audience::Public),
            groups,
            period: period.unwrap_or(ConsultationPeriod {
                opens_on: crate::czech::today(),
                closes_on: crate::czech::today(),
            }),
            plan: input.plan,
            results_public: input.results_public,
        })
    }
}

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum QuestionKind {
    /// One of the choices.
    Single,
    /// Any of the choices.
    Multiple,
    /// A point of the scale 1–5.
    Scale,
    /// A number, with up to two decimals.
    Number,
    /// A line of text.
    ShortText,
    /// A longer text.
    LongText,
    /// A point of the scale 1–5 for each of several statements.
    Matrix,
}

impl QuestionKind {
    /// Every kind, in the order the builder offers them.
    pub const ALL: [Self; 7] = [
        Self::Single,
        Self::Multiple,
        Self::Scale,
        Self::Number,
        Self::ShortText,
        Self::LongText,
        Self::Matrix,
    ];

    /// The code in forms and the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Single => "jedna-moznost",
            Self::Multiple => "vice-moznosti",
            Self::Scale => "skala",
            Self::Number => "cislo",
            Self::ShortText => "kratky-text",
            Self::LongText => "dlouhy-text",
            Self::Matrix => "matice",
        }
    }

    /// Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Single => "výběr jedné možnosti",
            Self::Multiple => "výběr více možností",
            Self::Scale => "škála 1–5",
            Self::Number => "číslo",
            Self::ShortText => "krátký text",
            Self::LongText => "delší text",
            Self::Matrix => "matice škál 1–5",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or(FieldError::UnknownValue)
    }

    /// Whether it offers choices (and may offer „jiné, prosím upřesněte“).
    #[must_use]
    pub fn has_choices(self) -> bool {
        matches!(self, Self::Single | Self::Multiple)
    }

    /// Whether its options are the statements of a matrix.
    #[must_use]
    pub fn has_statements(self) -> bool {
        self == Self::Matrix
    }

    /// Whether its answers are counted per point or choice (and may be cross-tabulated).
    #[must_use]
    pub fn is_counted(self) -> bool {
        matches!(
            self,
            Self::Single | Self::Multiple | Self::Scale | Self::Matrix
        )
    }

    /// Whether its answers are texts, listed rather than counted.
    #[must_use]
    pub fn is_text(self) -> bool {
        matches!(self, Self::ShortText | Self::LongText)
    }
}

/// A question as the coordinator writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionDraft {
    /// A heading that starts a new section of the questionnaire before this question.
    pub section: Option<String>,
    pub text: String,
    /// A hint under the question, e.g. what 1 and 5 mean.
    pub help: Option<String>,
    pub kind: QuestionKind,
    pub required: bool,
    /// The choices, or the statements of a matrix; empty for the other kinds.
    pub options: Vec<String>,
    /// Whether a choice question offers „jiné, prosím upřesněte“.
    pub other: bool,
}

/// A question as typed; `options` has one choice or statement per line.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuestionInput<'a> {
    pub section: &'a str,
    pub text: &'a str,
    pub help: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub options: &'a str,
    pub other: bool,
}

impl QuestionDraft {
    /// Checks a question: choices need two options at least, a matrix one statement, each
    /// different; kinds without options drop what was typed for them.
    pub fn parse(input: &QuestionInput<'_>) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let section = e.take("section", optional_text(input.section, 200));
        let text = e.take("text", required_text(input.text, 1_000));
        let help = e.take("help", optional_text(input.help, 1_000));
        let kind = e.take("kind", QuestionKind::parse(input.kind));
        let mut options: Vec<String> = Vec::new();
        if let Some(kind) = kind
            && (kind.has_choices() || kind.has_statements())
        {
            for (i, line) in input.options.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                if line.chars().count() > 300 {
                    e.add("options", FieldError::BadLine { line: i + 1 });
                } else if options.iter().any(|o| o.eq_ignore_ascii_case(line)) {
                    e.add("options", FieldError::DuplicateLine { line: i + 1 });
                } else {
                    options.push(line.to_owned());
                }
            }
            let least = if kind.has_choices() { 2 } else { 1 };
            if e.get("options").is_none() && options.len() < least {
                e.add("options", FieldError::Required);
            }
            if options.len() > MAX_OPTIONS {
                e.add(
                    "options",
                    FieldError::OutOfRange {
                        min: least as i64,
                        max: MAX_OPTIONS as i64,
                    },
                );
            }
        }
        e.into_result(|| {
            let kind = kind.unwrap_or(QuestionKind::ShortText);
            Self {
                section: section.flatten(),
                text: text.unwrap_or_default(),
                help: help.flatten(),
                kind,
                required: input.required,
                options,
                other: input.other && kind.has_choices(),
            }
        })
    }
}

/// A stored question: its id and what it asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i32,
    pub draft: QuestionDraft,
    /// Raised by every change; the edit form sends the version it was opened on.
    pub version: i32,
}

impl Question {
    /// The label of choice `option` (the statement of a matrix row, the point of a scale).
    #[must_use]
    pub fn option_label(&self, option: Option<i32>) -> String {
        match option {
            None => "jiné".to_owned(),
            Some(i) if self.draft.kind.has_choices() || self.draft.kind.has_statements() => {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.draft.options.get(i))
                    .cloned()
                    .unwrap_or_else(|| format!("možnost {i}"))
            }
            Some(i) => i.to_string(),
        }
    }
}

/// Who may create surveys, change them, type in paper answers and export raw answers: the
/// coordinator.
#[must_use]
pub fn may_manage(actor: Option<&Actor>) -> bool {
    actor.is_some_and(Actor::is_admin)
}

/// Who may read the results: anyone once they are public, the planning staff always
/// (providers see only public results: answers of other organisations are not theirs).
#[must_use]
pub fn may_read_results(actor: Option<&Actor>, results_public: bool) -> bool {
    results_public
        || actor.is_some_and(|a| matches!(a.role, Role::Admin | Role::Manager | Role::Member))
}

/// Questions change only before the first answer: answers already given would no longer say
/// what they answered.
pub fn check_editable(answers: u64) -> Result<(), FieldError> {
    if answers == 0 {
        Ok(())
    } else {
        Err(FieldError::Answered)
    }
}
