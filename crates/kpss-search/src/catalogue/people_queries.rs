//! Queries as people type them — inflected, without diacritics, with typos, in colloquial
//! words — against a small catalogue of a believable city, each with the services it must find
//! and those it must not.

use super::fixture::Fixture;
use super::*;

/// (id, name, service type, target groups, description, address)
type Entry = (
    i32,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static str,
    &'static str,
);

const CATALOGUE: [Entry; 20] = [
    (
        1,
        "Domov pro seniory Slunovrat",
        Some("49"),
        &["seniori"],
        "Celoroční pobytová péče o seniory, kteří už nezvládnou žít sami doma.",
        "Vítkovice",
    ),
    (
        2,
        "Pečovatelská služba Poruba",
        Some("40"),
        &["seniori", "zdravotni-postizeni"],
        "Pomoc v domácnosti, dovoz obědů a osobní hygiena u vás doma.",
        "Poruba",
    ),
    (
        3,
        "Azylový dům pro muže Přístav",
        Some("57"),
        &["bez-pristresi"],
        "Přechodné ubytování a sociální práce s muži v nepříznivé situaci.",
        "Přívoz",
    ),
    (
        4,
        "Noclehárna Armády spásy",
        Some("63"),
        &["bez-pristresi"],
        "Přenocování, sprcha a čisté oblečení na jednu noc.",
        "Mariánské Hory",
    ),
    (
        5,
        "Kontaktní centrum Ostrava",
        Some("59"),
        &["drogy"],
        "Výměna injekčního materiálu, testy a poradenství pro uživatele návykových látek.",
        "Moravská Ostrava",
    ),
    (
        6,
        "Terapeutická komunita Exit",
        Some("68"),
        &["drogy"],
        "Dlouhodobá léčba v komunitě pro lidi, kteří chtějí žít bez návykových látek.",
        "Horní Bludovice",
    ),
    (
        7,
        "Chráněné bydlení Lipová",
        Some("51"),
        &["zdravotni-postizeni"],
        "Bydlení v bytech pro dospělé s mentálním postižením.",
        "Zábřeh",
    ),
    (
        8,
        "Centrum duševního zdraví Jih",
        Some("cdz"),
        &["dusevni-onemocneni"],
        "Komunitní péče o lidi s vážným duševním onemocněním.",
        "Ostrava-Jih",
    ),
    (
        9,
        "Nízkoprahový klub Kamarád",
        Some("62"),
        &["deti-rodina"],
        "Klub pro děti a mládež od 6 do 20 let: volný čas, doučování, rozhovor.",
        "Hrabůvka",
    ),
    (
        10,
        "Rodinné centrum Rozcestí",
        Some("65"),
        &["deti-rodina"],
        "Podpora rodičů při péči o děti a v hospodaření s penězi.",
        "Poruba",
    ),
    (
        11,
        "Dluhová poradna Šance",
        Some("37"),
        &["socialni-vylouceni"],
        "Odborné poradenství při dluzích, exekucích a oddlužení.",
        "Moravská Ostrava",
    ),
    (
        12,
        "Intervenční centrum Ostrava",
        Some("60a"),
        &["socialni-vylouceni"],
        "Pomoc osobám ohroženým domácím násilím.",
        "Moravská Ostrava",
    ),
    (
        13,
        "Terénní program Liščina",
        Some("69"),
        &["romske-etnikum", "socialni-vylouceni"],
        "Terénní práce s rodinami v sociálně vyloučených lokalitách.",
        "Hrušov",
    ),
    (
        14,
        "Odlehčovací služba Pokojné stáří",
        Some("44"),
        &["seniori"],
        "Krátkodobý pobyt, aby si pečující rodina mohla odpočinout.",
        "Poruba",
    ),
    (
        15,
        "Tlumočnická služba Ticho",
        Some("56"),
        &["zdravotni-postizeni"],
        "Tlumočení do českého znakového jazyka pro neslyšící.",
        "Moravská Ostrava",
    ),
    (
        16,
        "Dům na půl cesty Ostrava",
        Some("58"),
        &["delikvence", "deti-rodina"],
        "Bydlení pro mladé lidi po odchodu z dětského domova nebo po výkonu trestu.",
        "Vítkovice",
    ),
    (
        17,
        "Klub seniorů Hrabůvka",
        None,
        &["seniori"],
        "Setkávání, trénink paměti a výlety.",
        "Hrabůvka",
    ),
    (
        18,
        "Hospic svatého Lukáše",
        Some("52"),
        &["seniori"],
        "Paliativní péče o nevyléčitelně nemocné a jejich blízké.",
        "Ostrava-Jih",
    ),
    (
        19,
        "Domov Vítkovice",
        Some("50"),
        &["seniori", "dusevni-onemocneni"],
        "Péče o lidi s Alzheimerovou chorobou a jinými typy demence.",
        "Vítkovice",
    ),
    (
        20,
        "Sociální rehabilitace Krok",
        Some("70"),
        &["zdravotni-postizeni", "socialni-vylouceni"],
        "Nácvik dovedností a pomoc při hledání zaměstnání.",
        "Přívoz",
    ),
];

/// (query as typed, ids it must find, ids it must not find)
const QUERIES: [(&str, &[i32], &[i32]); 64] = [
    // Inflected.
    ("senioři", &[1, 2, 14, 17, 18, 19], &[3, 5]),
    ("seniorům", &[1, 17], &[3]),
    ("seniory", &[1], &[]),
    ("domovy pro seniory", &[1], &[3]),
    ("domově pro seniory", &[1], &[]),
    ("azylové domy", &[3], &[1]),
    ("azylový dům", &[3], &[]),
    ("azylového domu", &[3], &[]),
    ("noclehárny", &[4], &[]),
    ("noclehárně", &[4], &[]),
    ("pečovatelskou službu", &[2], &[]),
    ("pečovatelské služby", &[2], &[]),
    ("chráněného bydlení", &[7], &[]),
    ("chráněném bydlení", &[7], &[]),
    ("kontaktním centru", &[5], &[]),
    ("terapeutické komunitě", &[6], &[]),
    ("dluhové poradně", &[11], &[]),
    ("dluhy", &[11], &[]),
    ("exekuce", &[11], &[]),
    ("oddlužení", &[11], &[]),
    ("tlumočení", &[15], &[]),
    ("neslyšícím", &[15], &[]),
    ("znakovým jazykem", &[15], &[]),
    ("pro seniory v Porubě", &[2, 14], &[1, 17]),
    // Without diacritics.
    ("domov pro seniory", &[1], &[3]),
    ("pecovatelska sluzba", &[2], &[]),
    ("chranene bydleni", &[7], &[]),
    ("nizkoprahovy klub", &[9], &[]),
    ("odlehcovaci sluzba", &[14], &[]),
    ("dusevni onemocneni", &[8], &[]),
    ("tlumocnicka sluzba", &[15], &[]),
    ("dum na pul cesty", &[16], &[]),
    ("azylovy dum pro muze", &[3], &[]),
    ("hospic", &[18], &[]),
    // With typos.
    ("pečovatelká služba", &[2], &[]),
    ("senoiri", &[1, 17], &[]),
    ("azylovy dun", &[3], &[]),
    ("noclehrna", &[4], &[]),
    ("kontakni centrum", &[5], &[]),
    ("hopsic", &[18], &[]),
    ("terapeuticka komunta", &[6], &[]),
    ("chraneny bydelni", &[7], &[]),
    ("dluhova pordna", &[11], &[]),
    // Colloquial, and the other way round.
    ("bezdomovci", &[3, 4], &[1]),
    ("lidi bez domova", &[3, 4], &[1]),
    ("feťáci", &[5, 6], &[]),
    ("narkomani", &[5, 6], &[]),
    ("toxikomani", &[5], &[]),
    ("důchodci", &[1, 2], &[3]),
    ("důchodce", &[1], &[]),
    ("domov důchodců", &[1], &[3]),
    ("vozíčkáři", &[2, 7], &[]),
    ("handicapovaní", &[7, 15], &[]),
    ("hluší", &[15], &[]),
    ("alzheimer", &[19], &[]),
    ("demence", &[19], &[]),
    ("exekutor", &[11], &[]),
    ("týrané ženy", &[12], &[]),
    ("romové", &[13], &[]),
    ("hledání práce", &[20], &[]),
    ("mládež", &[9], &[]),
    ("teenageři", &[9], &[]),
    ("vězni", &[16], &[]),
    ("streetwork", &[13], &[]),
];

fn catalogue() -> CatalogueIndex {
    let index = CatalogueIndex::new().unwrap();
    let services: Vec<_> = CATALOGUE
        .iter()
        .map(|(id, name, service_type, groups, description, address)| {
            Fixture::new(*id, name)
                .service_type(*service_type)
                .groups(groups)
                .description(description)
                .address(address)
                .build()
        })
        .collect();
    index.replace_all(&services).unwrap();
    index
}

fn found(index: &CatalogueIndex, text: &str) -> Results {
    index
        .search(&Query {
            tenants: vec![1],
            text: text.into(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            page: 1,
            per_page: 50,
        })
        .unwrap()
}

#[test]
fn people_find_what_they_mean_in_the_words_they_type() {
    let index = catalogue();
    let mut failures = Vec::new();
    for (text, must, must_not) in QUERIES {
        let results = found(&index, text);
        let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
        let missing: Vec<&i32> = must.iter().filter(|id| !ids.contains(id)).collect();
        let wrong: Vec<&i32> = must_not.iter().filter(|id| ids.contains(id)).collect();
        if !missing.is_empty() || !wrong.is_empty() {
            failures.push(format!(
                "„{text}“ found {ids:?}: missing {missing:?}, should not find {wrong:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_query_that_finds_nothing_is_offered_the_words_of_the_catalogue() {
    let index = catalogue();
    let results = found(&index, "pecovatelska sluzbba poruba");
    assert!(results.total > 0, "the typo is forgiven");
    // Forgiven typos still show what was meant.
    let results = found(&index, "xyz noclehrna");
    assert_eq!(results.total, 0);
    assert_eq!(
        results.suggestion, None,
        "„xyz“ is near nothing, so nothing is offered"
    );
    let results = found(&index, "chranenee bydlleni");
    assert_eq!(results.suggestion.as_deref(), Some("chráněné bydlení"));
    let results = found(&index, "domov pro seniory");
    assert_eq!(
        results.suggestion, None,
        "found as typed, nothing to suggest"
    );
}

#[test]
fn a_tenants_own_thesaurus_widens_only_its_searches() {
    let index = catalogue();
    assert_eq!(found(&index, "slunovrat").total, 1);
    assert_eq!(found(&index, "sluníčko").total, 0);
    index.set_thesaurus(1, &[vec!["sluníčko".into(), "Slunovrat".into()]]);
    assert_eq!(
        found(&index, "sluníčko").hits.first().map(|h| h.id),
        Some(1)
    );
    index.set_thesaurus(2, &[vec!["feťáci".into(), "hospic".into()]]);
    let results = found(&index, "feťáci");
    assert!(
        !results.hits.iter().any(|h| h.id == 18),
        "another tenant's groups do not apply here"
    );
}
