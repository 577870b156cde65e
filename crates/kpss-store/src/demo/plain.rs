//! The demo plan's plain-language version: the opening and a short text per part, in simple
//! Czech; the goals keep the plan's own words until the coordinator writes theirs.

use std::collections::BTreeMap;

use kpss_domain::account::Actor;
use kpss_domain::plan::plain::Section;

use crate::{Result, Store};

const OPENING: &str = "Tento plán říká, jak bude Ostrava v letech 2023 až 2026 pomáhat lidem, \
    kteří potřebují sociální služby. Připravili ho lidé, kteří služby využívají, ti, kdo je \
    poskytují, a město. Pracovali v devíti skupinách. Každá skupina se starala o jednu skupinu \
    lidí. Plán každý rok kontrolujeme. Víme tak, co se povedlo a co ještě ne.";

/// Part code → its text.
const PARTS: [(&str, &str); 9] = [
    (
        "SEN",
        "Chceme, aby senioři mohli žít co nejdéle doma. Pomůže jim pečovatelská služba a osobní \
         asistence. Kdo už doma být nemůže, najde místo v domově pro seniory.",
    ),
    (
        "ZP",
        "Lidé s postižením mají žít samostatně. Pomáháme jim s bydlením, prací a s cestou do \
         školy nebo do práce.",
    ),
    (
        "DUS",
        "Duševní nemoc se dá léčit. Lidé s ní mají dostat pomoc blízko domova. Chceme také, \
         aby se jich ostatní nebáli.",
    ),
    (
        "DRM",
        "Rodiny s dětmi někdy potřebují pomoc. Pomáháme jim zvládnout těžké chvíle. Děti \
         a mladí lidé mají kam chodit ve volném čase.",
    ),
    (
        "BEZ",
        "Kdo přijde o bydlení, najde u nás noclehárnu a azylový dům. Pomůžeme mu najít práci \
         a nové bydlení.",
    ),
    (
        "ROM",
        "Pomáháme lidem z romských rodin se školou, s prací a s bydlením. Pracovníci za nimi \
         chodí přímo do lokalit, kde žijí.",
    ),
    (
        "DEL",
        "Pomáháme lidem po návratu z vězení začít znovu. Mladým lidem pomáháme, aby se do \
         potíží se zákonem nedostali.",
    ),
    (
        "DRO",
        "Lidé, kteří berou drogy, potřebují pomoc a léčbu. Snižujeme škody, které drogy \
         působí jim i ostatním.",
    ),
    (
        "SVY",
        "Pomáháme lidem, kteří mají dluhy nebo málo peněz. Poradíme jim, jak z potíží ven.",
    ),
];

/// Saves the plain texts of the demo plan `plan`.
pub(super) async fn fill_plain(
    store: &Store,
    tenant: i32,
    system: &Actor,
    plan: i32,
) -> Result<()> {
    let tree = crate::plan::plan(store, tenant, plan).await?;
    let mut texts = BTreeMap::from([(Section::Plan.key(), OPENING.to_owned())]);
    for part in &tree.parts {
        if let Some((_, text)) = PARTS.iter().find(|(code, _)| *code == part.draft.code) {
            texts.insert(Section::Part(part.id).key(), (*text).to_owned());
        }
    }
    crate::plan::plain::save(store, tenant, system, plan, 0, &texts).await
}

#[cfg(test)]
mod tests {
    use kpss_domain::plan::plain::Readability;

    #[test]
    fn the_demo_texts_are_plain() {
        for text in std::iter::once(super::OPENING).chain(super::PARTS.iter().map(|p| p.1)) {
            let r = Readability::of(text);
            assert!(r.is_plain(), "{text}: {r:?}");
        }
    }
}
