//! The columns of the two imports; templates are written from and uploads read by these.

use kpss_domain::action_plan::INDICATOR_ROWS;

/// Columns of the planned-cards sheet: fixed ones, a planned cost per funding source, and the
/// indicator rows.
#[derive(Debug, Clone)]
pub struct CardColumns {
    /// Funding source codes, in column order.
    pub sources: Vec<String>,
    pub names: Vec<String>,
}

impl CardColumns {
    /// The sheet's name.
    pub const SHEET: &'static str = "Karty";
    /// Fixed columns, in order.
    pub const FIXED: [&'static str; 10] = [
        "Kód opatření",
        "IČO organizace",
        "ID služby v katalogu",
        "Nová služba nebo aktivita",
        "Název aktivity",
        "Popis",
        "Období realizace",
        "Plánovaná kapacita",
        "Plánovaný počet klientů",
        "Odpovědná osoba",
    ];

    /// The columns for these funding sources (code, name).
    #[must_use]
    pub fn new(sources: &[(String, String)]) -> Self {
        let mut names: Vec<String> = Self::FIXED.iter().map(|s| (*s).to_owned()).collect();
        names.extend(sources.iter().map(|(_, n)| format!("Plán – {n} (Kč)")));
        for i in 1..=INDICATOR_ROWS {
            names.push(format!("Indikátor {i}"));
            names.push(format!("Jednotka {i}"));
            names.push(format!("Cíl {i}"));
        }
        Self {
            sources: sources.iter().map(|(c, _)| c.clone()).collect(),
            names,
        }
    }

    /// Index of the first funding source column.
    #[must_use]
    pub fn first_source(&self) -> usize {
        Self::FIXED.len()
    }

    /// Index of the first indicator column.
    #[must_use]
    pub fn first_indicator(&self) -> usize {
        Self::FIXED.len() + self.sources.len()
    }
}

/// Columns of the evaluation sheet: the card, its figures, an actual cost per funding source
/// and the indicators' actual values.
#[derive(Debug, Clone)]
pub struct ReportColumns {
    pub sources: Vec<String>,
    pub names: Vec<String>,
}

impl ReportColumns {
    /// The sheet's name.
    pub const SHEET: &'static str = "Hodnocení";
    /// Fixed columns, in order.
    pub const FIXED: [&'static str; 7] = [
        "ID karty",
        "Název aktivity",
        "Organizace",
        "Stav plnění",
        "Skutečný počet klientů",
        "Skutečná kapacita",
        "Komentář",
    ];

    /// The columns for these funding sources (code, name).
    #[must_use]
    pub fn new(sources: &[(String, String)]) -> Self {
        let mut names: Vec<String> = Self::FIXED.iter().map(|s| (*s).to_owned()).collect();
        names.extend(
            sources
                .iter()
                .map(|(_, n)| format!("Skutečnost – {n} (Kč)")),
        );
        for i in 1..=INDICATOR_ROWS {
            names.push(format!("Indikátor {i} – skutečnost"));
        }
        Self {
            sources: sources.iter().map(|(c, _)| c.clone()).collect(),
            names,
        }
    }

    /// Index of the first funding source column.
    #[must_use]
    pub fn first_source(&self) -> usize {
        Self::FIXED.len()
    }

    /// Index of the first indicator column.
    #[must_use]
    pub fn first_indicator(&self) -> usize {
        Self::FIXED.len() + self.sources.len()
    }
}
