//! Taking cards over into the next year's action plan: most activities repeat every year, so
//! a card is copied with its measure, organisation, service, capacity, planned costs and
//! indicators, and the year it names moves on. What happened in the old year stays behind.

use super::CardDraft;

/// The card `draft` of `from` as a plan for `to`: every mention of the old year in the title
/// and the period becomes the new one („Terénní péče – 2025“ → „Terénní péče – 2026“).
#[must_use]
pub fn carry_over(draft: &CardDraft, from: i32, to: i32) -> CardDraft {
    let (old, new) = (from.to_string(), to.to_string());
    let moved = |text: &str| replace_year(text, &old, &new);
    CardDraft {
        title: moved(&draft.title),
        period: draft.period.as_deref().map(moved),
        ..draft.clone()
    }
}

/// Replaces `old` where it stands as a whole number, not inside a longer one („12025“).
fn replace_year(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + old.len()..].chars().next();
        out.push_str(&rest[..at]);
        let whole = !before.is_some_and(|c| c.is_ascii_digit())
            && !after.is_some_and(|c| c.is_ascii_digit());
        out.push_str(if whole { new } else { old });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, period: Option<&str>) -> CardDraft {
        CardDraft {
            title: title.to_owned(),
            description: Some("Popis z roku 2025 zůstává".to_owned()),
            new_activity: None,
            period: period.map(str::to_owned),
            planned_capacity: Some(12),
            planned_clients: Some(240),
            responsible_person: Some("Jana Nováková".to_owned()),
            costs: vec![("mesto".to_owned(), 1_200_000)],
            indicators: Vec::new(),
        }
    }

    #[test]
    fn the_year_in_the_title_and_period_moves_on_and_the_plan_stays() {
        let old = draft("Terénní péče – 2025", Some("1. 1. 2025 – 31. 12. 2025"));
        let new = carry_over(&old, 2025, 2026);
        assert_eq!(new.title, "Terénní péče – 2026");
        assert_eq!(new.period.as_deref(), Some("1. 1. 2026 – 31. 12. 2026"));
        assert_eq!(new.costs, old.costs);
        assert_eq!(new.planned_clients, Some(240));
        assert_eq!(
            new.description, old.description,
            "free text is the provider's to edit"
        );
    }

    #[test]
    fn a_number_that_only_contains_the_year_is_left_alone() {
        let new = carry_over(&draft("Linka 120250 a rok 2025", None), 2025, 2026);
        assert_eq!(new.title, "Linka 120250 a rok 2026");
        assert_eq!(new.period, None);
    }
}
