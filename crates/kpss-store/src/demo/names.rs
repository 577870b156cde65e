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
/// A related activity of the demo: its name, the target groups it is for, and what it does.
pub(super) type DemoActivity = (&'static str, &'static [&'static str], &'static str);

pub(super) const ACTIVITIES: [DemoActivity; 12] = [
    (
        "Klub seniorů",
        &["seniori"],
        "Pravidelná setkání, přednášky a výlety, které pomáhají seniorům zůstat aktivní a v kontaktu s ostatními.",
    ),
    (
        "Dobrovolnické centrum",
        &["seniori", "zdravotni-postizeni"],
        "Dobrovolníci navštěvují osamělé seniory a lidi se zdravotním postižením, doprovázejí je k lékaři i na procházky.",
    ),
    (
        "Doučování dětí",
        &["deti-rodina", "romske-etnikum"],
        "Doučování žáků základních škol a příprava na přijímací zkoušky zdarma, s dobrovolníky z řad studentů.",
    ),
    (
        "Svépomocná skupina",
        &["dusevni-onemocneni"],
        "Setkávání lidí s duševním onemocněním a jejich blízkých, kteří si předávají zkušenosti se zotavením.",
    ),
    (
        "Volnočasový klub",
        &["deti-rodina"],
        "Bezpečné místo pro děti a mladé po škole: hry, sport, výtvarné dílny a rozhovor s pracovníkem.",
    ),
    (
        "Poradna pro rodiny",
        &["deti-rodina"],
        "Rodinné a párové poradenství, podpora rodičů při výchově a při rozvodu či rozchodu.",
    ),
    (
        "Trénink paměti",
        &["seniori"],
        "Skupinová cvičení paměti a pozornosti pro seniory pod vedením certifikované trenérky.",
    ),
    (
        "Komunitní zahrada",
        &["socialni-vylouceni", "dusevni-onemocneni"],
        "Společná zahrada, kde se sousedé, lidé po krizi a klienti služeb učí pěstovat a pracovat spolu.",
    ),
    (
        "Potravinová banka",
        &["socialni-vylouceni", "bez-pristresi"],
        "Potravinová a materiální pomoc pro lidi a rodiny, kteří se ocitli bez prostředků.",
    ),
    (
        "Kurz digitální gramotnosti",
        &["seniori"],
        "Kurzy práce s mobilem, počítačem a internetovým bankovnictvím pro seniory.",
    ),
    (
        "Sportovní kroužek",
        &["deti-rodina", "romske-etnikum"],
        "Fotbal, florbal a tanec pro děti z vyloučených lokalit, zdarma a s dopravou.",
    ),
    (
        "Tréninkové bydlení",
        &["bez-pristresi", "dusevni-onemocneni"],
        "Byt na zkoušku, kde se lidé po pobytu na ubytovně nebo v nemocnici učí hospodařit a bydlet sami.",
    ),
];

/// A registered service of the demo by the paragraph of Act 108/2006 Sb.: what one such
/// service is called, the target groups it serves, and what it does.
pub(super) type DemoServiceType = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

pub(super) const SERVICE_TYPES: [DemoServiceType; 34] = [
    (
        "37",
        "Odborná poradna",
        &["socialni-vylouceni", "deti-rodina"],
        "Bezplatně a důvěrně poradíme s dluhy, bydlením, dávkami, vztahy v rodině i jednáním s úřady.",
    ),
    (
        "39",
        "Osobní asistence",
        &["zdravotni-postizeni", "seniori"],
        "Asistentky pomáhají lidem s postižením doma, ve škole i v práci tak, aby mohli žít jako ostatní.",
    ),
    (
        "40",
        "Pečovatelská služba",
        &["seniori", "zdravotni-postizeni"],
        "Pomáháme lidem se sníženou soběstačností zvládat péči o sebe a o domácnost, aby mohli co nejdéle žít ve svém prostředí.",
    ),
    (
        "41",
        "Tísňová péče",
        &["seniori", "zdravotni-postizeni"],
        "Nepřetržitá linka a tlačítko na ruce: v nouzi přivoláme pomoc k seniorům a lidem s postižením, kteří žijí sami.",
    ),
    (
        "42",
        "Průvodcovská a předčitatelská služba",
        &["zdravotni-postizeni"],
        "Doprovod k lékaři a na úřady a předčítání pro lidi se zrakovým postižením.",
    ),
    (
        "43",
        "Podpora samostatného bydlení",
        &["zdravotni-postizeni", "dusevni-onemocneni"],
        "Podpora v bytě, aby lidé s postižením nebo duševním onemocněním zvládli bydlet sami.",
    ),
    (
        "44",
        "Odlehčovací služba",
        &["seniori", "zdravotni-postizeni"],
        "Krátkodobý pobyt nebo péče doma, aby si rodina, která o blízkého pečuje, mohla odpočinout.",
    ),
    (
        "45",
        "Centrum denních služeb",
        &["zdravotni-postizeni", "seniori"],
        "Denní program, nácvik dovedností a společnost pro lidi s postižením a seniory.",
    ),
    (
        "46",
        "Denní stacionář",
        &["seniori", "zdravotni-postizeni"],
        "Denní péče a program pro seniory s demencí a lidi s postižením, kteří nemohou zůstat doma sami.",
    ),
    (
        "47",
        "Týdenní stacionář",
        &["zdravotni-postizeni"],
        "Pobyt od pondělí do pátku pro lidi s mentálním postižením; víkendy tráví doma s rodinou.",
    ),
    (
        "48",
        "Domov pro osoby se zdravotním postižením",
        &["zdravotni-postizeni"],
        "Celoroční pobyt a podpora pro dospělé s mentálním a kombinovaným postižením.",
    ),
    (
        "49",
        "Domov pro seniory",
        &["seniori"],
        "Celoroční pobyt a péče pro seniory, kteří už nezvládnou žít doma ani s pomocí terénních služeb.",
    ),
    (
        "50",
        "Domov se zvláštním režimem",
        &["seniori", "dusevni-onemocneni"],
        "Celoroční péče o lidi s Alzheimerovou chorobou a jinými typy demence.",
    ),
    (
        "51",
        "Chráněné bydlení",
        &["zdravotni-postizeni", "dusevni-onemocneni"],
        "Bydlení v běžných bytech s podporou asistentů pro lidi s postižením nebo duševním onemocněním.",
    ),
    (
        "52",
        "Sociální lůžka v nemocnici",
        &["seniori"],
        "Péče o pacienty, kteří po léčbě v nemocnici ještě nemohou odejít domů a čekají na jinou službu.",
    ),
    (
        "54",
        "Raná péče",
        &["deti-rodina", "zdravotni-postizeni"],
        "Podpora rodin s dětmi do sedmi let, které mají postižení nebo vývojové obtíže, u nich doma.",
    ),
    (
        "55",
        "Linka důvěry",
        &["deti-rodina", "dusevni-onemocneni"],
        "Nonstop telefonická a chatová pomoc v krizi, anonymně a zdarma.",
    ),
    (
        "56",
        "Tlumočnická služba",
        &["zdravotni-postizeni"],
        "Tlumočení do českého znakového jazyka pro neslyšící u lékaře, na úřadě i v práci.",
    ),
    (
        "57",
        "Azylový dům",
        &["bez-pristresi", "deti-rodina"],
        "Přechodné ubytování a sociální práce pro lidi a matky s dětmi, kteří přišli o bydlení.",
    ),
    (
        "58",
        "Dům na půl cesty",
        &["deti-rodina", "delikvence"],
        "Bydlení a podpora pro mladé lidi po odchodu z dětského domova nebo po výkonu trestu.",
    ),
    (
        "59",
        "Kontaktní centrum",
        &["drogy"],
        "Výměna injekčního materiálu, testy, poradenství a hygiena pro uživatele návykových látek.",
    ),
    (
        "60",
        "Krizové centrum",
        &["dusevni-onemocneni", "socialni-vylouceni"],
        "Okamžitá pomoc lidem v akutní krizi: rozhovor s odborníkem, i nonstop.",
    ),
    (
        "60a",
        "Intervenční centrum",
        &["deti-rodina", "delikvence"],
        "Pomoc lidem ohroženým domácím násilím: bezpečí, poradenství a doprovod při řízení.",
    ),
    (
        "61",
        "Nízkoprahové denní centrum",
        &["bez-pristresi"],
        "Denní zázemí pro lidi bez domova: hygiena, strava, oblečení a sociální práce.",
    ),
    (
        "62",
        "Nízkoprahový klub",
        &["deti-rodina", "romske-etnikum"],
        "Klub pro děti a mládež od 6 do 20 let: volný čas, doučování a rozhovor o tom, co je trápí.",
    ),
    (
        "63",
        "Noclehárna",
        &["bez-pristresi"],
        "Přenocování, sprcha a čisté oblečení pro lidi bez přístřeší.",
    ),
    (
        "64",
        "Služba následné péče",
        &["drogy", "dusevni-onemocneni"],
        "Podpora po léčbě závislosti nebo po psychiatrické hospitalizaci při návratu do běžného života.",
    ),
    (
        "65",
        "Sociálně aktivizační služba pro rodiny",
        &["deti-rodina", "romske-etnikum"],
        "Podpora rodičů při péči o děti, škole, hospodaření s penězi a bydlení, u nich doma.",
    ),
    (
        "66",
        "Sociálně aktivizační služba pro seniory",
        &["seniori", "zdravotni-postizeni"],
        "Kurzy, kluby a výlety, které seniorům a lidem s postižením pomáhají nezůstat doma sami.",
    ),
    (
        "67",
        "Sociálně terapeutická dílna",
        &["zdravotni-postizeni", "dusevni-onemocneni"],
        "Dílny, kde lidé s postižením získávají pracovní návyky před vstupem do zaměstnání.",
    ),
    (
        "68",
        "Terapeutická komunita",
        &["drogy"],
        "Dlouhodobá léčba v komunitě pro lidi, kteří chtějí žít bez návykových látek.",
    ),
    (
        "69",
        "Terénní program",
        &["socialni-vylouceni", "drogy", "bez-pristresi"],
        "Terénní pracovníci vyhledávají lidi v ohrožení na ulici a ve vyloučených lokalitách a pomáhají jim na místě.",
    ),
    (
        "70",
        "Sociální rehabilitace",
        &["socialni-vylouceni", "dusevni-onemocneni", "delikvence"],
        "Nácvik dovedností, hledání práce a bydlení pro lidi po krizi, po výkonu trestu nebo s duševním onemocněním.",
    ),
    (
        "cdz",
        "Centrum duševního zdraví",
        &["dusevni-onemocneni"],
        "Komunitní péče o lidi s vážným duševním onemocněním: tým sestry, psychiatra a sociálního pracovníka.",
    ),
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

/// Codes of the plan's parts, one per target group of [`TARGET_GROUPS`], in the same order.
pub(super) const PART_CODES: [&str; 9] =
    ["SEN", "ZP", "DUS", "DRM", "BEZ", "ROM", "DEL", "DRO", "SVY"];
