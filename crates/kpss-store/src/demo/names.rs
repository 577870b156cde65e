//! The words the demo city is made of: Ostrava's districts, the seeds' target groups, and
//! believable Czech names and texts.

/// The 23 districts (městské obvody) of Ostrava.
pub const DISTRICTS: [&str; 23] = [
    "Hošťálkovice",
    "Hrabová",
    "Krásné Pole",
    "Lhotka",
    "Mariánské Hory a Hulváky",
    "Martinov",
    "Michálkovice",
    "Moravská Ostrava a Přívoz",
    "Nová Bělá",
    "Nová Ves",
    "Ostrava-Jih",
    "Petřkovice",
    "Plesná",
    "Polanka nad Odrou",
    "Poruba",
    "Proskovice",
    "Pustkovec",
    "Radvanice a Bartovice",
    "Slezská Ostrava",
    "Stará Bělá",
    "Svinov",
    "Třebovice",
    "Vítkovice",
];

/// Target groups as the working groups of the seeds name them.
pub const TARGET_GROUPS: [(&str, &str); 9] = [
    ("seniori", "Senioři"),
    ("zdravotni-postizeni", "Osoby se zdravotním postižením"),
    ("dusevni-onemocneni", "Osoby s duševním onemocněním"),
    ("deti-rodina", "Děti, mládež a rodina"),
    ("bez-pristresi", "Osoby bez přístřeší a v krizi"),
    ("romske-etnikum", "Romské etnikum a národnostní menšiny"),
    ("delikvence", "Osoby ohrožené delikvencí"),
    ("drogy", "Osoby ohrožené drogou a závislostmi"),
    ("socialni-vylouceni", "Osoby ohrožené sociálním vyloučením"),
];

pub(super) const ORG_KINDS: [(&str, &str); 8] = [
    ("Charita", "církevní právnická osoba"),
    ("Slezská diakonie –", "církevní právnická osoba"),
    ("Centrum sociálních služeb", "příspěvková organizace"),
    ("Spolek", "zapsaný spolek"),
    ("Domov", "příspěvková organizace"),
    ("Podané ruce –", "obecně prospěšná společnost"),
    ("Sdružení", "zapsaný spolek"),
    ("Nadační fond", "nadační fond"),
];
pub(super) const ORG_NAMES: [&str; 16] = [
    "Ostrava",
    "Slunečnice",
    "Naděje",
    "Úsměv",
    "Bílá holubice",
    "Jitřenka",
    "Čtyřlístek",
    "Modrý kámen",
    "Korálek",
    "Harmonie",
    "Šance",
    "Archa",
    "Světlo",
    "Lipka",
    "Domeček",
    "Žirafa",
];
pub(super) const ACTIVITY_NAMES: [&str; 12] = [
    "Klub seniorů",
    "Dobrovolnické centrum",
    "Doučování dětí",
    "Svépomocná skupina",
    "Volnočasový klub",
    "Poradna pro rodiny",
    "Trénink paměti",
    "Komunitní zahrada",
    "Potravinová banka",
    "Kurz digitální gramotnosti",
    "Sportovní kroužek",
    "Tréninkové bydlení",
];
pub(super) const STREETS: [&str; 10] = [
    "Nádražní",
    "Hlavní třída",
    "Dr. Martínka",
    "Horní",
    "Českobratrská",
    "Mírová",
    "Zámecká",
    "Sokolská třída",
    "Výškovická",
    "Opavská",
];

/// What a service or activity does, in a sentence its users would read.
pub(super) fn purpose(category: Option<&str>, activity: Option<&str>) -> &'static str {
    match (category, activity) {
        (Some("odborné sociální poradenství"), _) => {
            "Bezplatně a důvěrně poradíme v tíživé situaci: s dluhy, bydlením, dávkami, vztahy v rodině i jednáním s úřady."
        }
        (Some("sociální péče"), _) => {
            "Pomáháme lidem se sníženou soběstačností zvládat péči o sebe a o domácnost, aby mohli co nejdéle žít ve svém prostředí."
        }
        (Some(_), _) => {
            "Podporujeme lidi ohrožené sociálním vyloučením při řešení krize, hledání bydlení a práce a návratu do běžného života."
        }
        (None, Some("Klub seniorů" | "Trénink paměti" | "Kurz digitální gramotnosti")) => {
            "Pravidelná setkání, přednášky a cvičení, která pomáhají seniorům zůstat aktivní a v kontaktu s ostatními."
        }
        (
            None,
            Some(
                "Doučování dětí" | "Volnočasový klub" | "Sportovní kroužek" | "Poradna pro rodiny",
            ),
        ) => {
            "Bezpečné místo pro děti a mladé po škole: doučování, hry, sport a pomoc rodičům při výchově."
        }
        (None, Some("Potravinová banka" | "Tréninkové bydlení")) => {
            "Materiální pomoc a nácvik samostatného bydlení pro lidi, kteří se ocitli bez prostředků nebo bez domova."
        }
        _ => "Svépomoc, dobrovolnictví a setkávání sousedů, kteří si navzájem pomáhají.",
    }
}

/// Codes of the plan's parts, one per target group of [`TARGET_GROUPS`], in the same order.
pub(super) const PART_CODES: [&str; 9] =
    ["SEN", "ZP", "DUS", "DRM", "BEZ", "ROM", "DEL", "DRO", "SVY"];

/// A measure of the demo plan: its text, who is responsible, and when.
pub(super) type DemoMeasure = (&'static str, &'static str, &'static str);

/// Two goals per part, each with two measures.
pub(super) const GOALS: [(&str, [DemoMeasure; 2]); 2] = [
    (
        "Zachovat a rozvíjet síť sociálních služeb pro cílovou skupinu",
        [
            (
                "Udržet kapacitu stávajících registrovaných služeb",
                "pracovní skupina a poskytovatelé",
                "2023–2026",
            ),
            (
                "Rozšířit terénní formu služeb do okrajových obvodů",
                "pracovní skupina, městské obvody",
                "2024–2026",
            ),
        ],
    ),
    (
        "Zlepšit informovanost o službách a jejich dostupnost",
        [
            (
                "Vydat aktualizovaného informačního průvodce po službách",
                "koordinátor KP",
                "2024",
            ),
            (
                "Zřídit kontaktní místa v městských obvodech",
                "město a městské obvody",
                "2025",
            ),
        ],
    ),
];
