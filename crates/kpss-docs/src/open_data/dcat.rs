//! The city's local open-data catalogue as the national catalogue (NKOD) harvests it: DCAT-AP
//! records in JSON-LD by the Czech standard „Rozhraní katalogů otevřených dat“ (OFN
//! 2021-01-11, variant „DCAT-AP Dokumenty“). The catalogue lists its datasets by IRI, and
//! each IRI is the address of that dataset's own record.

use kpss_domain::open_data::Publisher;
use serde_json::{Value, json};

use super::{Dataset, LICENCE};

/// The JSON-LD context every record names.
pub const CONTEXT: &str = "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld";

/// Social policy, in the EU's data themes.
const THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/SOCI";

/// The terms of use shared by every distribution: the data are no author's work, the
/// database is under CC BY 4.0, no special database right, no personal data (register
/// names of statutory bodies are never imported, contact persons never exported).
fn terms(author: &str) -> Value {
    json!({
        "typ": "Specifikace podmínek užití",
        "autorské_dílo": "https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/",
        "databáze_jako_autorské_dílo": LICENCE,
        "autor_databáze": { "cs": author },
        "databáze_chráněná_zvláštními_právy": "https://data.gov.cz/podmínky-užití/není-chráněna-zvláštním-právem-pořizovatele-databáze/",
        "osobní_údaje": "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/",
    })
}

/// Where the records live: the public address of kpss (`https://kp.ostrava.cz`), the city's
/// name and its publisher.
pub struct Site<'a> {
    pub base: &'a str,
    pub name: &'a str,
    pub publisher: &'a Publisher,
}

impl Site<'_> {
    /// The catalogue's IRI, which is also its address.
    #[must_use]
    pub fn catalogue_iri(&self) -> String {
        format!("{}/otevrena-data/katalog.jsonld", self.base)
    }

    /// A dataset's IRI, which is also the address of its record.
    #[must_use]
    pub fn dataset_iri(&self, d: Dataset) -> String {
        format!("{}/otevrena-data/sady/{}", self.base, d.slug())
    }

    /// The address of a dataset's file: `extension` is `csv` or `json`.
    #[must_use]
    pub fn download(&self, d: Dataset, extension: &str) -> String {
        format!("{}/otevrena-data/{}.{extension}", self.base, d.slug())
    }

    fn contact(&self) -> Value {
        json!({
            "typ": "Organizace",
            "jméno": { "cs": self.name },
            "e-mail": format!("mailto:{}", self.publisher.email),
        })
    }

    /// The catalogue record.
    #[must_use]
    pub fn catalogue(&self) -> Value {
        json!({
            "@context": CONTEXT,
            "iri": self.catalogue_iri(),
            "typ": "Katalog",
            "název": { "cs": format!("Otevřená data komunitního plánování – {}", self.name) },
            "popis": { "cs": format!(
                "Komunitní plány sociálních služeb, akční plány a jejich vyhodnocení a katalog \
                 sociálních služeb – {}. Data vede systém kpss.", self.name) },
            "poskytovatel": self.publisher.iri(),
            "kontaktní_bod": self.contact(),
            "domovská_stránka": format!("{}/otevrena-data", self.base),
            "datová_sada": Dataset::ALL.iter().map(|d| self.dataset_iri(*d)).collect::<Vec<_>>(),
        })
    }

    /// A dataset's record with its CSV and JSON distributions; `years` is the time it covers,
    /// when known.
    #[must_use]
    pub fn dataset(&self, d: Dataset, years: Option<(i32, i32)>) -> Value {
        let iri = self.dataset_iri(d);
        let distribution = |extension: &str, media: &str, format: &str, title: &str| {
            let url = self.download(d, extension);
            json!({
                "typ": "Distribuce",
                "iri": format!("{iri}/distribuce/{extension}"),
                "název": { "cs": title },
                "podmínky_užití": terms(self.name),
                "přístupové_url": url,
                "soubor_ke_stažení": url,
                "typ_média": format!("http://www.iana.org/assignments/media-types/{media}"),
                "formát": format!("http://publications.europa.eu/resource/authority/file-type/{format}"),
            })
        };
        let mut record = json!({
            "@context": CONTEXT,
            "iri": iri,
            "typ": "Datová sada",
            "název": { "cs": d.title() },
            "popis": { "cs": d.description() },
            "poskytovatel": self.publisher.iri(),
            "téma": [THEME],
            "periodicita_aktualizace": "http://publications.europa.eu/resource/authority/frequency/CONT",
            "klíčové_slovo": { "cs": d.keywords() },
            "prvek_rúian": [self.publisher.ruian.iri()],
            "kontaktní_bod": self.contact(),
            "dokumentace": format!("{}/otevrena-data#{}", self.base, d.slug()),
            "distribuce": [
                distribution("csv", "text/csv", "CSV", "Tabulka CSV (UTF-8, oddělovač středník)"),
                distribution("json", "application/json", "JSON", "JSON"),
            ],
        });
        if let (Some((from, to)), Some(map)) = (years, record.as_object_mut()) {
            map.insert(
                "časové_pokrytí".into(),
                json!({
                    "typ": "Časový interval",
                    "začátek": format!("{from}-01-01"),
                    "konec": format!("{to}-12-31"),
                }),
            );
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publisher() -> Publisher {
        Publisher::parse("00845451", "554821", "kp@ostrava.cz").unwrap()
    }

    #[test]
    fn the_catalogue_lists_every_dataset_by_the_address_of_its_record() {
        let p = publisher();
        let site = Site {
            base: "https://kp.ostrava.cz",
            name: "Statutární město Ostrava",
            publisher: &p,
        };
        let c = site.catalogue();
        assert_eq!(c["@context"], CONTEXT);
        assert_eq!(c["typ"], "Katalog");
        assert_eq!(
            c["iri"],
            "https://kp.ostrava.cz/otevrena-data/katalog.jsonld"
        );
        assert_eq!(
            c["poskytovatel"],
            "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/00845451"
        );
        let sets = c["datová_sada"].as_array().unwrap();
        assert_eq!(sets.len(), Dataset::ALL.len());
        assert_eq!(
            sets[0],
            "https://kp.ostrava.cz/otevrena-data/sady/komunitni-plany-opatreni"
        );
    }

    #[test]
    fn a_dataset_has_what_the_national_catalogue_requires() {
        let p = publisher();
        let site = Site {
            base: "https://kp.ostrava.cz",
            name: "Ostrava",
            publisher: &p,
        };
        let d = site.dataset(Dataset::ActionPlanCards, Some((2021, 2026)));
        for key in [
            "iri",
            "název",
            "popis",
            "poskytovatel",
            "téma",
            "periodicita_aktualizace",
            "klíčové_slovo",
            "prvek_rúian",
            "distribuce",
        ] {
            assert!(!d[key].is_null(), "{key} missing");
        }
        assert_eq!(
            d["prvek_rúian"][0],
            "https://linked.cuzk.cz/resource/ruian/obec/554821"
        );
        assert_eq!(d["časové_pokrytí"]["začátek"], "2021-01-01");
        let csv = &d["distribuce"][0];
        assert_eq!(
            csv["soubor_ke_stažení"],
            "https://kp.ostrava.cz/otevrena-data/akcni-plany-karty.csv"
        );
        assert_eq!(csv["přístupové_url"], csv["soubor_ke_stažení"]);
        assert_eq!(
            csv["podmínky_užití"]["databáze_jako_autorské_dílo"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            d["distribuce"][1]["formát"],
            "http://publications.europa.eu/resource/authority/file-type/JSON"
        );
        assert!(site.dataset(Dataset::Services, None)["časové_pokrytí"].is_null());
    }
}
