//! The structure of a plan: parts, goals and measures, and the codes that name them.

use serde::Serialize;

use crate::FieldError;
use crate::field::required_text;

/// Část plánu – the part of one working group or target group, e.g. „SEN – Senioři“.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartDraft {
    /// Capital letters, e.g. „SEN“; the prefix of its goals' and measures' codes.
    pub code: String,
    pub name: String,
}

impl PartDraft {
    /// Validates the code and the name.
    pub fn parse(code: &str, name: &str) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let code = code.trim();
        let code_ok =
            (1..=10).contains(&code.chars().count()) && code.chars().all(char::is_uppercase);
        if !code_ok {
            e.add("code", FieldError::UnknownValue);
        }
        let name = e.take("name", required_text(name, 200));
        e.into_result(|| Self {
            code: code.to_owned(),
            name: name.unwrap_or_default(),
        })
    }
}

/// Priorita – an optional grouping of a part's goals, e.g. „P1 Podpora pečujících“.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorityDraft {
    /// A short label unique in the part, e.g. „P1“.
    pub code: String,
    pub name: String,
}

impl PriorityDraft {
    /// Validates the code (1–20 characters) and the name.
    pub fn parse(code: &str, name: &str) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let code = e.take("code", required_text(code, 20));
        let name = e.take("name", required_text(name, 300));
        e.into_result(|| Self {
            code: code.unwrap_or_default(),
            name: name.unwrap_or_default(),
        })
    }
}

/// Cíl – a goal of a part, e.g. „SEN 1 Rozvoj terénních služeb“.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalDraft {
    pub code: String,
    pub text: String,
}

impl GoalDraft {
    /// Validates the code (like „SEN 1“) and the text.
    pub fn parse(code: &str, text: &str) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let code = e.take("code", parse_measure_code(code));
        let text = e.take("text", required_text(text, 2000));
        e.into_result(|| Self {
            code: code.unwrap_or_default(),
            text: text.unwrap_or_default(),
        })
    }
}

/// Opatření – a measure of a goal, with who carries it out and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureDraft {
    pub code: String,
    pub text: String,
    pub rationale: Option<String>,
    pub responsible: Option<String>,
    pub partners: Option<String>,
    pub timing: Option<String>,
}

impl MeasureDraft {
    /// Validates every field.
    pub fn parse(
        code: &str,
        text: &str,
        rationale: &str,
        responsible: &str,
        partners: &str,
        timing: &str,
    ) -> Result<Self, crate::FieldErrors> {
        use crate::field::optional_text;
        let mut e = crate::FieldErrors::default();
        let code = e.take("code", parse_measure_code(code));
        let text = e.take("text", required_text(text, 2000));
        let rationale = e
            .take("rationale", optional_text(rationale, 10_000))
            .flatten();
        let responsible = e
            .take("responsible", optional_text(responsible, 300))
            .flatten();
        let partners = e.take("partners", optional_text(partners, 2000)).flatten();
        let timing = e.take("timing", optional_text(timing, 200)).flatten();
        e.into_result(|| Self {
            code: code.unwrap_or_default(),
            text: text.unwrap_or_default(),
            rationale,
            responsible,
            partners,
            timing,
        })
    }
}

/// Kód opatření – „SEN 2.3“: a prefix of capital letters, a space, numbers joined by dots.
pub fn parse_measure_code(raw: &str) -> Result<String, FieldError> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((prefix, numbers)) = text.split_once(' ') else {
        return Err(FieldError::UnknownValue);
    };
    let prefix_ok =
        (1..=10).contains(&prefix.chars().count()) && prefix.chars().all(char::is_uppercase);
    let numbers_ok = numbers.len() <= 20
        && numbers
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if prefix_ok && numbers_ok {
        Ok(text)
    } else {
        Err(FieldError::UnknownValue)
    }
}

/// The codes that occur more than once, each named once, in first-seen order.
#[must_use]
pub fn duplicate_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut duplicates: Vec<String> = Vec::new();
    for code in codes {
        if !seen.insert(code) && !duplicates.iter().any(|d| d == code) {
            duplicates.push(code.to_owned());
        }
    }
    duplicates
}
