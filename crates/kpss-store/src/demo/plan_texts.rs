//! What each part of the demo plan wants for its target group, in that group's words: two
//! priorities, a goal under each, two measures per goal with the indicator they are measured
//! by, and what kind of card fits under them.

/// What cards a measure gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MeasureKind {
    /// Running the registered services of the group.
    Services,
    /// New services and the related activities that develop the network.
    Development,
}

/// A measure: its text, what it is measured by (name, unit), who is responsible, when, and
/// what cards fit under it.
pub(super) struct DemoMeasure {
    pub text: &'static str,
    pub indicator: (&'static str, &'static str),
    pub responsible: &'static str,
    pub timing: &'static str,
    pub kind: MeasureKind,
}

/// A goal under a priority of its own: (priority name, goal text, measures).
pub(super) type DemoGoal = (&'static str, &'static str, [DemoMeasure; 2]);

const fn services(
    text: &'static str,
    indicator: (&'static str, &'static str),
    responsible: &'static str,
) -> DemoMeasure {
    DemoMeasure {
        text,
        indicator,
        responsible,
        timing: "2023–2026",
        kind: MeasureKind::Services,
    }
}

const fn development(
    text: &'static str,
    indicator: (&'static str, &'static str),
    responsible: &'static str,
    timing: &'static str,
) -> DemoMeasure {
    DemoMeasure {
        text,
        indicator,
        responsible,
        timing,
        kind: MeasureKind::Development,
    }
}

/// The goals of each part, in the order of the parts (see `PART_CODES`).
pub(super) const PARTS: [[DemoGoal; 2]; 9] = [
    // Senioři.
    [
        (
            "Senioři doma co nejdéle",
            "Zajistit seniorům péči v jejich domácnosti a oporu rodinám, které o ně pečují",
            [
                services(
                    "Udržet dostupnost pečovatelské služby a osobní asistence ve všech obvodech",
                    ("senioři podpoření v domácnosti", "osoby"),
                    "PS Senioři, poskytovatelé terénních služeb",
                ),
                services(
                    "Zachovat kapacitu odlehčovacích služeb a denních stacionářů",
                    ("pečující, kteří využili odlehčení", "osoby"),
                    "PS Senioři",
                ),
            ],
        ),
        (
            "Péče pro ty, kdo už doma být nemohou",
            "Rozvíjet pobytovou péči a aktivity, které seniorům brání v osamění",
            [
                services(
                    "Udržet kapacitu domovů pro seniory a domovů se zvláštním režimem",
                    ("obsazená lůžka", "lůžka"),
                    "PS Senioři, statutární město",
                ),
                development(
                    "Podporovat kluby seniorů, trénink paměti a kurzy digitální gramotnosti",
                    ("aktivní účastníci aktivit", "osoby"),
                    "PS Senioři, městské obvody",
                    "2024–2026",
                ),
            ],
        ),
    ],
    // Osoby se zdravotním postižením.
    [
        (
            "Samostatný život lidí s postižením",
            "Umožnit lidem se zdravotním postižením žít v běžném prostředí",
            [
                services(
                    "Udržet osobní asistenci a podporu samostatného bydlení",
                    ("uživatelé žijící ve vlastním bytě", "osoby"),
                    "PS Osoby se zdravotním postižením",
                ),
                services(
                    "Zachovat chráněné bydlení jako krok z ústavní péče",
                    ("uživatelé chráněného bydlení", "osoby"),
                    "PS Osoby se zdravotním postižením, poskytovatelé",
                ),
            ],
        ),
        (
            "Den, práce a komunikace",
            "Rozšířit denní služby, pracovní uplatnění a tlumočení",
            [
                services(
                    "Udržet centra denních služeb, stacionáře a sociálně terapeutické dílny",
                    ("uživatelé denních služeb", "osoby"),
                    "PS Osoby se zdravotním postižením",
                ),
                development(
                    "Zřídit tlumočení do znakového jazyka na dálku a dobrovolnický doprovod",
                    ("tlumočené hodiny", "hodiny"),
                    "PS Osoby se zdravotním postižením, statutární město",
                    "2025–2026",
                ),
            ],
        ),
    ],
    // Osoby s duševním onemocněním.
    [
        (
            "Zotavení v komunitě",
            "Poskytovat lidem s duševním onemocněním péči v komunitě místo dlouhých hospitalizací",
            [
                services(
                    "Udržet centra duševního zdraví a sociální rehabilitaci",
                    ("klienti center duševního zdraví", "osoby"),
                    "PS Osoby s duševním onemocněním, zdravotní pojišťovny",
                ),
                services(
                    "Zachovat krizová lůžka a krizovou pomoc dostupnou nonstop",
                    ("krizové intervence", "intervence"),
                    "PS Osoby s duševním onemocněním",
                ),
            ],
        ),
        (
            "Bydlení a svépomoc",
            "Podpořit bydlení a svépomoc lidí po psychiatrické hospitalizaci",
            [
                services(
                    "Udržet podporu samostatného bydlení a služby následné péče",
                    ("lidé bydlící samostatně po hospitalizaci", "osoby"),
                    "PS Osoby s duševním onemocněním",
                ),
                development(
                    "Rozvíjet svépomocné skupiny a tréninkové bydlení",
                    ("setkání svépomocných skupin", "setkání"),
                    "PS Osoby s duševním onemocněním, spolky pacientů",
                    "2024–2026",
                ),
            ],
        ),
    ],
    // Děti, mládež a rodina.
    [
        (
            "Silná rodina",
            "Pomoci rodinám s dětmi zvládnout péči, výchovu a hospodaření",
            [
                services(
                    "Udržet sociálně aktivizační služby pro rodiny s dětmi a ranou péči",
                    ("podpořené rodiny", "rodiny"),
                    "PS Děti, mládež a rodina, OSPOD",
                ),
                services(
                    "Zachovat azylové domy pro matky s dětmi a intervenční centrum",
                    ("rodiny v azylovém bydlení", "rodiny"),
                    "PS Děti, mládež a rodina",
                ),
            ],
        ),
        (
            "Bezpečný volný čas",
            "Nabídnout dětem a mladým bezpečné místo a pomoc po škole",
            [
                services(
                    "Udržet nízkoprahové kluby pro děti a mládež v každém velkém obvodu",
                    ("děti a mladí v klubech", "osoby"),
                    "PS Děti, mládež a rodina, městské obvody",
                ),
                development(
                    "Podporovat doučování, volnočasové kroužky a rodinné poradny",
                    ("děti s doučováním", "děti"),
                    "PS Děti, mládež a rodina, školy",
                    "2024–2026",
                ),
            ],
        ),
    ],
    // Osoby bez přístřeší a v krizi.
    [
        (
            "Nikdo na ulici",
            "Zajistit lidem bez domova nocleh, hygienu a sociální práci každý den v roce",
            [
                services(
                    "Udržet kapacitu nocleháren a nízkoprahových denních center",
                    ("přenocování", "noci"),
                    "PS Osoby bez přístřeší, statutární město",
                ),
                services(
                    "Zachovat azylové domy a terénní práci s lidmi na ulici",
                    ("lidé v azylových domech", "osoby"),
                    "PS Osoby bez přístřeší",
                ),
            ],
        ),
        (
            "Cesta zpět k bydlení",
            "Pomoci lidem bez domova zpět do vlastního bydlení a práce",
            [
                services(
                    "Udržet domy na půl cesty a sociální rehabilitaci",
                    ("lidé, kteří získali nájemní bydlení", "osoby"),
                    "PS Osoby bez přístřeší, bytový odbor",
                ),
                development(
                    "Rozvíjet tréninkové bydlení a potravinovou pomoc",
                    ("tréninkové byty v provozu", "byty"),
                    "PS Osoby bez přístřeší, městské obvody",
                    "2025–2026",
                ),
            ],
        ),
    ],
    // Romské etnikum a národnostní menšiny.
    [
        (
            "Vzdělání jako šance",
            "Podpořit děti z romských rodin ve vzdělávání od předškolního věku",
            [
                services(
                    "Udržet sociálně aktivizační služby a nízkoprahové kluby v lokalitách",
                    ("děti pravidelně docházející do školy", "děti"),
                    "PS Romské etnikum, školy",
                ),
                development(
                    "Podporovat doučování a sportovní kroužky v sociálně vyloučených lokalitách",
                    ("děti v kroužcích", "děti"),
                    "PS Romské etnikum, městské obvody",
                    "2023–2026",
                ),
            ],
        ),
        (
            "Práce v lokalitách",
            "Být s lidmi tam, kde žijí, a pomáhat jim k bydlení a práci",
            [
                services(
                    "Zachovat terénní programy v lokalitách Přednádraží, Liščina a Hrušov",
                    ("kontakty terénních pracovníků", "kontakty"),
                    "PS Romské etnikum",
                ),
                services(
                    "Udržet odborné poradenství k dluhům a bydlení",
                    ("vyřešené dluhové situace", "případy"),
                    "PS Romské etnikum, poradny",
                ),
            ],
        ),
    ],
    // Osoby ohrožené delikvencí.
    [
        (
            "Návrat po trestu",
            "Pomoci lidem po výkonu trestu s bydlením, prací a dluhy",
            [
                services(
                    "Udržet domy na půl cesty a sociální rehabilitaci pro propuštěné",
                    ("propuštění, kteří získali práci", "osoby"),
                    "PS Osoby ohrožené delikvencí, Probační a mediační služba",
                ),
                services(
                    "Zachovat intervenční centrum pro oběti domácího násilí",
                    ("podpořené oběti násilí", "osoby"),
                    "PS Osoby ohrožené delikvencí, Policie ČR",
                ),
            ],
        ),
        (
            "Prevence u mladých",
            "Předcházet trestné činnosti dětí a mladistvých",
            [
                services(
                    "Udržet nízkoprahové kluby a terénní práci s mládeží",
                    ("mladí v kontaktu s pracovníky", "osoby"),
                    "PS Osoby ohrožené delikvencí",
                ),
                development(
                    "Zavést mentoring dobrovolníků pro mladistvé v probaci",
                    ("mentorské dvojice", "dvojice"),
                    "PS Osoby ohrožené delikvencí, dobrovolnické centrum",
                    "2025–2026",
                ),
            ],
        ),
    ],
    // Osoby ohrožené drogou a závislostmi.
    [
        (
            "Snižování škod",
            "Chránit zdraví uživatelů drog a jejich okolí",
            [
                services(
                    "Udržet kontaktní centrum a terénní programy pro uživatele drog",
                    ("vyměněné injekční stříkačky", "kusy"),
                    "PS Osoby ohrožené drogou, krajský protidrogový koordinátor",
                ),
                services(
                    "Zachovat testování na infekční nemoci a poradenství",
                    ("provedené testy", "testy"),
                    "PS Osoby ohrožené drogou",
                ),
            ],
        ),
        (
            "Léčba a život bez drog",
            "Pomoci lidem do léčby a po ní zpět do běžného života",
            [
                services(
                    "Udržet terapeutickou komunitu a služby následné péče",
                    ("lidé abstinující rok po léčbě", "osoby"),
                    "PS Osoby ohrožené drogou",
                ),
                development(
                    "Rozvíjet svépomocné skupiny a pomoc rodinám závislých",
                    ("podpořené rodiny", "rodiny"),
                    "PS Osoby ohrožené drogou, spolky",
                    "2024–2026",
                ),
            ],
        ),
    ],
    // Osoby ohrožené sociálním vyloučením.
    [
        (
            "Dluhy a příjmy",
            "Pomoci lidem z dluhové pasti a k stabilnímu příjmu",
            [
                services(
                    "Udržet odborné sociální poradenství k dluhům a dávkám",
                    ("schválená oddlužení", "případy"),
                    "PS Osoby ohrožené sociálním vyloučením",
                ),
                services(
                    "Zachovat sociální rehabilitaci a pomoc s hledáním práce",
                    ("lidé, kteří získali zaměstnání", "osoby"),
                    "PS Osoby ohrožené sociálním vyloučením, úřad práce",
                ),
            ],
        ),
        (
            "Bydlení místo ubytoven",
            "Snížit počet rodin žijících na ubytovnách",
            [
                services(
                    "Udržet terénní programy na ubytovnách a v lokalitách",
                    ("rodiny, které odešly z ubytovny do bytu", "rodiny"),
                    "PS Osoby ohrožené sociálním vyloučením, bytový odbor",
                ),
                development(
                    "Rozvíjet komunitní zahrady a potravinovou pomoc v obvodech",
                    ("zapojení sousedé", "osoby"),
                    "PS Osoby ohrožené sociálním vyloučením, městské obvody",
                    "2024–2026",
                ),
            ],
        ),
    ],
];
