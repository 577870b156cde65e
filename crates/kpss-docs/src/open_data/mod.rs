//! The datasets kpss publishes as open data: what each holds, its columns, and its record in
//! the city's open-data catalogue (DCAT-AP-CZ, `dcat`), which the national catalogue
//! harvests. Every dataset is downloadable as CSV and JSON under CC BY 4.0.

pub mod dcat;

/// The licence of every dataset.
pub const LICENCE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The licence as people name it.
pub const LICENCE_NAME: &str = "CC BY 4.0";

/// A dataset kpss publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// The adopted plans: parts, priorities, goals and measures.
    PlanMeasures,
    /// The measures' indicators with their targets by year.
    PlanIndicators,
    /// The measures' expected costs by source and year.
    PlanCosts,
    /// The action plans' activity cards, with their evaluation once it is closed.
    ActionPlanCards,
    /// The cards' costs by funding source.
    ActionPlanCosts,
    /// The catalogue of social services and related activities.
    Services,
}

/// A dataset's columns: header and width in a workbook. JSON names them by
/// `table::key_of(header)`.
pub type Columns = &'static [(&'static str, f64)];

impl Dataset {
    /// Every dataset, in the order the catalogue lists them.
    pub const ALL: [Self; 6] = [
        Self::PlanMeasures,
        Self::PlanIndicators,
        Self::PlanCosts,
        Self::ActionPlanCards,
        Self::ActionPlanCosts,
        Self::Services,
    ];

    /// The dataset's name in addresses and file names.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::PlanMeasures => "komunitni-plany-opatreni",
            Self::PlanIndicators => "komunitni-plany-ukazatele",
            Self::PlanCosts => "komunitni-plany-naklady",
            Self::ActionPlanCards => "akcni-plany-karty",
            Self::ActionPlanCosts => "akcni-plany-naklady",
            Self::Services => "katalog-socialnich-sluzeb",
        }
    }

    /// The dataset named `slug`.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// Czech title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::PlanMeasures => "Komunitní plány sociálních služeb – části, cíle a opatření",
            Self::PlanIndicators => "Komunitní plány sociálních služeb – ukazatele opatření",
            Self::PlanCosts => "Komunitní plány sociálních služeb – předpokládané náklady opatření",
            Self::ActionPlanCards => "Akční plány – karty aktivit a jejich vyhodnocení",
            Self::ActionPlanCosts => "Akční plány – náklady karet aktivit podle zdrojů",
            Self::Services => "Katalog sociálních služeb a navazujících aktivit",
        }
    }

    /// Czech description: what one row is and what is left out.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::PlanMeasures => {
                "Schválené a archivované komunitní plány sociálních služeb: jeden řádek za \
                 opatření, s částí plánu (pracovní skupinou), prioritou a cílem, odůvodněním, \
                 odpovědností, partnery a termínem. Návrhy plánů se nezveřejňují."
            }
            Self::PlanIndicators => {
                "Ukazatele opatření schválených a archivovaných komunitních plánů: jeden řádek \
                 za ukazatel a rok, s jednotkou, výchozí a cílovou hodnotou."
            }
            Self::PlanCosts => {
                "Předpokládané náklady opatření schválených a archivovaných komunitních plánů: \
                 jeden řádek za opatření, zdroj financování a rok, v Kč."
            }
            Self::ActionPlanCards => {
                "Karty aktivit akčních plánů ke schváleným plánům: jeden řádek za kartu, s \
                 organizací, opatřením, plánovaným počtem klientů a náklady. Skutečné hodnoty \
                 a plnění jsou vyplněny, jakmile je hodnocení akčního plánu uzavřeno."
            }
            Self::ActionPlanCosts => {
                "Plánované a skutečné náklady karet aktivit akčních plánů: jeden řádek za kartu \
                 a zdroj financování, v Kč. Skutečné náklady až po uzavření hodnocení."
            }
            Self::Services => {
                "Sociální služby podle zákona č. 108/2006 Sb. a navazující aktivity v katalogu \
                 města: jeden řádek za službu, s organizací, druhem, cílovými skupinami, \
                 formami, kapacitou, místy poskytování a kontakty."
            }
        }
    }

    /// Czech keywords.
    #[must_use]
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Self::PlanMeasures | Self::PlanIndicators | Self::PlanCosts => &[
                "komunitní plánování",
                "sociální služby",
                "střednědobý plán",
                "opatření",
            ],
            Self::ActionPlanCards | Self::ActionPlanCosts => &[
                "komunitní plánování",
                "sociální služby",
                "akční plán",
                "vyhodnocení",
            ],
            Self::Services => &[
                "sociální služby",
                "katalog",
                "poskytovatelé sociálních služeb",
            ],
        }
    }

    /// The columns of its table.
    #[must_use]
    pub fn columns(self) -> Columns {
        match self {
            Self::PlanMeasures => &[
                ("Plán", 36.0),
                ("Období od", 8.0),
                ("Období do", 8.0),
                ("Stav plánu", 12.0),
                ("Kód části", 8.0),
                ("Část plánu", 30.0),
                ("Kód priority", 8.0),
                ("Priorita", 30.0),
                ("Kód cíle", 8.0),
                ("Cíl", 40.0),
                ("Kód opatření", 10.0),
                ("Opatření", 48.0),
                ("Odůvodnění", 48.0),
                ("Odpovědnost", 24.0),
                ("Partneři", 24.0),
                ("Termín", 14.0),
            ],
            Self::PlanIndicators => &[
                ("Plán", 36.0),
                ("Kód opatření", 10.0),
                ("Opatření", 40.0),
                ("Ukazatel", 36.0),
                ("Jednotka", 12.0),
                ("Výchozí hodnota", 12.0),
                ("Rok", 8.0),
                ("Cílová hodnota", 12.0),
            ],
            Self::PlanCosts => &[
                ("Plán", 36.0),
                ("Kód opatření", 10.0),
                ("Opatření", 40.0),
                ("Kód zdroje", 10.0),
                ("Zdroj financování", 28.0),
                ("Rok", 8.0),
                ("Předpokládané náklady (Kč)", 16.0),
            ],
            Self::ActionPlanCards => &[
                ("Rok", 8.0),
                ("Číslo karty", 10.0),
                ("Pracovní skupina", 14.0),
                ("Kód opatření", 10.0),
                ("Název karty", 48.0),
                ("Organizace", 36.0),
                ("IČO", 10.0),
                ("Plánovaný počet klientů", 12.0),
                ("Plánované náklady (Kč)", 16.0),
                ("Hodnocení uzavřeno", 10.0),
                ("Plnění", 16.0),
                ("Skutečný počet klientů", 12.0),
                ("Skutečné náklady (Kč)", 16.0),
            ],
            Self::ActionPlanCosts => &[
                ("Rok", 8.0),
                ("Číslo karty", 10.0),
                ("Kód zdroje", 10.0),
                ("Zdroj financování", 28.0),
                ("Plánované náklady (Kč)", 16.0),
                ("Skutečné náklady (Kč)", 16.0),
            ],
            Self::Services => &[
                ("Název", 40.0),
                ("Druh", 24.0),
                ("Druh sociální služby", 30.0),
                ("Identifikátor v registru", 12.0),
                ("Organizace", 36.0),
                ("Cílové skupiny", 36.0),
                ("Formy", 24.0),
                ("Kapacita", 16.0),
                ("Věk", 14.0),
                ("Místa poskytování", 48.0),
                ("E-mail", 28.0),
                ("Telefon", 16.0),
                ("Web", 28.0),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::key_of;

    #[test]
    fn slugs_name_one_dataset_each() {
        for d in Dataset::ALL {
            assert_eq!(Dataset::from_slug(d.slug()), Some(d));
        }
        assert_eq!(Dataset::from_slug("plany"), None);
    }

    #[test]
    fn json_keys_of_a_dataset_are_distinct() {
        for d in Dataset::ALL {
            let mut keys: Vec<String> = d.columns().iter().map(|c| key_of(c.0)).collect();
            keys.sort();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "{d:?}");
        }
    }
}
