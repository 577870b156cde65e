//! The thesaurus: names people use for one target group or need, colloquial and official, that
//! the search treats as one. „bezdomovci“ finds the services for „osoby bez přístřeší“ and the
//! other way round; each group works in every direction.

/// The groups every catalogue starts with, written as people type them; a tenant's own groups
/// come on top (see [`parse_groups`]).
pub const GROUPS: &[&[&str]] = &[
    &[
        "senioři",
        "senior",
        "seniorka",
        "důchodci",
        "důchodce",
        "důchodkyně",
        "staří lidé",
        "starší lidé",
        "stáří",
    ],
    &["domov pro seniory", "domov důchodců", "důchoďák"],
    &[
        "osoby bez přístřeší",
        "bez přístřeší",
        "bezdomovci",
        "bezdomovec",
        "bezdomovkyně",
        "bezdomovectví",
        "lidé bez domova",
        "lidi bez domova",
        "bez domova",
    ],
    &["noclehárna", "nocležna", "nocleh", "přespání", "přespat"],
    &["azylový dům", "azylák", "azyl"],
    &[
        "osoby se zdravotním postižením",
        "zdravotní postižení",
        "zdravotně postižení",
        "tělesné postižení",
        "postižení",
        "handicap",
        "handicapovaní",
        "hendikepovaní",
        "invalidé",
        "invalida",
        "vozíčkáři",
        "vozíčkář",
    ],
    &[
        "zrakové postižení",
        "zrakově postižení",
        "nevidomí",
        "nevidomý",
        "slepí",
        "slepý",
        "slabozrací",
    ],
    &[
        "sluchové postižení",
        "sluchově postižení",
        "neslyšící",
        "hluší",
        "hluchý",
        "nedoslýchaví",
    ],
    &[
        "duševní onemocnění",
        "duševně nemocní",
        "duševní nemoc",
        "psychické onemocnění",
        "psychické problémy",
        "psychiatričtí pacienti",
        "psychiatrie",
        "psychika",
    ],
    &[
        "drogy",
        "droga",
        "drogová závislost",
        "závislost na drogách",
        "narkomani",
        "narkoman",
        "feťáci",
        "feťák",
        "toxikomani",
        "toxikoman",
        "fet",
    ],
    &[
        "závislost",
        "závislosti",
        "závislí",
        "drogy",
        "alkohol",
        "hazard",
        "adiktologie",
    ],
    &[
        "alkoholismus",
        "alkoholici",
        "alkoholik",
        "alkohol",
        "závislost na alkoholu",
        "pití",
        "chlast",
    ],
    &[
        "hazard",
        "gambling",
        "gambleři",
        "gambler",
        "automaty",
        "patologické hráčství",
    ],
    &[
        "děti",
        "dítě",
        "mládež",
        "mladiství",
        "dospívající",
        "teenageři",
        "náctiletí",
        "děcka",
    ],
    &[
        "rodina",
        "rodiny",
        "rodiny s dětmi",
        "rodiče",
        "matky s dětmi",
    ],
    &[
        "romské etnikum",
        "romové",
        "romská komunita",
        "národnostní menšiny",
        "menšiny",
        "cizinci",
    ],
    &[
        "delikvence",
        "kriminalita",
        "trestná činnost",
        "vězni",
        "vězeň",
        "vězení",
        "po výkonu trestu",
        "propuštění z výkonu trestu",
        "kriminálníci",
    ],
    &[
        "sociální vyloučení",
        "sociálně vyloučení",
        "vyloučené lokality",
        "chudoba",
        "chudí",
        "ghetto",
        "ubytovny",
        "ubytovna",
    ],
    &[
        "dluhy",
        "dluh",
        "exekuce",
        "exekutor",
        "oddlužení",
        "insolvence",
        "osobní bankrot",
        "dluhové poradenství",
        "dluhová poradna",
    ],
    &[
        "domácí násilí",
        "násilí v rodině",
        "týrání",
        "týrané ženy",
        "oběti násilí",
        "oběti trestných činů",
    ],
    &[
        "pečovatelská služba",
        "pečovatelka",
        "pomoc v domácnosti",
        "donáška obědů",
        "dovoz obědů",
        "obědy",
    ],
    &[
        "odlehčovací služby",
        "odlehčovací služba",
        "respitní péče",
        "respit",
        "hlídání",
        "úleva pro pečující",
    ],
    &[
        "osobní asistence",
        "osobní asistent",
        "asistentka",
        "asistent",
    ],
    &[
        "práce",
        "zaměstnání",
        "pracovní uplatnění",
        "hledání práce",
        "nezaměstnaní",
        "nezaměstnanost",
    ],
    &[
        "bydlení",
        "sociální bydlení",
        "ubytování",
        "byt",
        "střecha nad hlavou",
    ],
    &["tlumočení", "tlumočník", "znakový jazyk", "znaková řeč"],
    &["poradenství", "poradna", "porada", "poradit", "rada"],
    &[
        "autismus",
        "autisté",
        "autista",
        "poruchy autistického spektra",
    ],
    &[
        "demence",
        "alzheimer",
        "alzheimerova choroba",
        "stařecká demence",
    ],
    &["hospic", "paliativní péče", "umírající", "umírání"],
    &[
        "terénní služby",
        "terénní práce",
        "streetwork",
        "terénní pracovník",
    ],
    &["kontaktní centrum", "káčko", "výměna stříkaček"],
    &[
        "krizová pomoc",
        "krize",
        "krizové centrum",
        "linka důvěry",
        "krizová linka",
    ],
    &[
        "nízkoprahové zařízení pro děti a mládež",
        "nízkoprahový klub",
        "nzdm",
        "klub pro mládež",
    ],
];

/// A tenant's own groups as the coordinator writes them: one group a line, its expressions
/// divided by commas or semicolons. Empty lines and expressions are skipped; a line of a
/// single expression widens nothing and is refused, with its number.
pub fn check_groups(text: &str) -> Result<Vec<Vec<String>>, kpss_domain::FieldError> {
    let mut groups = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let group: Vec<String> = line
            .split([',', ';'])
            .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|e| !e.is_empty())
            .collect();
        match group.len() {
            0 => {}
            1 => return Err(kpss_domain::FieldError::LonelyExpression { line: n + 1 }),
            _ => groups.push(group),
        }
    }
    Ok(groups)
}

/// Stored groups, which were checked when saved; a line that would not pass is left out.
#[must_use]
pub fn parse_groups(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|line| check_groups(line).ok())
        .flatten()
        .collect()
}

/// A thesaurus as the search applies it: every expression as the index's terms.
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    /// (terms, group) of every expression.
    expressions: Vec<(Vec<String>, usize)>,
    groups: usize,
}

impl Thesaurus {
    /// Groups of expressions, each turned into terms by `analyse` (the index's own analyzer,
    /// so stems and folding agree with the text); an expression of no terms is left out.
    pub fn new<G, E>(groups: G, mut analyse: impl FnMut(&str) -> Vec<String>) -> Self
    where
        G: IntoIterator<Item = E>,
        E: IntoIterator<Item = String>,
    {
        let mut thesaurus = Self::default();
        for (group, expressions) in groups.into_iter().enumerate() {
            for expression in expressions {
                let terms = analyse(&expression);
                if !terms.is_empty() {
                    thesaurus.expressions.push((terms, group));
                }
            }
            thesaurus.groups = group + 1;
        }
        thesaurus
    }

    /// The built-in groups and then `more`, analysed by `analyse`.
    pub fn with_builtin(more: &[Vec<String>], analyse: impl FnMut(&str) -> Vec<String>) -> Self {
        let builtin = GROUPS
            .iter()
            .map(|g| g.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>());
        Self::new(builtin.chain(more.iter().cloned()), analyse)
    }

    /// Where `terms` start with an expression of the thesaurus: how many terms the longest one
    /// takes, and every expression of every group that holds it (distinct, itself included).
    #[must_use]
    pub fn at_start(&self, terms: &[String]) -> Option<(usize, Vec<&[String]>)> {
        let longest = self
            .expressions
            .iter()
            .filter(|(e, _)| terms.starts_with(e))
            .map(|(e, _)| e.len())
            .max()?;
        let head = &terms[..longest];
        let groups: Vec<usize> = self
            .expressions
            .iter()
            .filter(|(e, _)| e.as_slice() == head)
            .map(|(_, g)| *g)
            .collect();
        let mut equivalents: Vec<&[String]> = Vec::new();
        for (e, g) in &self.expressions {
            if groups.contains(g) && !equivalents.contains(&e.as_slice()) {
                equivalents.push(e);
            }
        }
        Some((longest, equivalents))
    }

    /// How many groups it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.groups
    }

    /// Whether it holds no group.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    fn thesaurus() -> Thesaurus {
        Thesaurus::new(
            [
                vec!["bezdomovci".to_owned(), "bez domova".to_owned()],
                vec!["domov".to_owned(), "bydleni".to_owned()],
                vec!["".to_owned()],
            ],
            words,
        )
    }

    #[test]
    fn the_longest_expression_at_the_start_wins_and_brings_its_group() {
        let t = thesaurus();
        let (taken, equivalents) = t.at_start(&words("bez domova ostrava")).unwrap();
        assert_eq!(taken, 2);
        assert_eq!(equivalents, [words("bezdomovci"), words("bez domova")]);
        let (taken, equivalents) = t.at_start(&words("domova")).unwrap_or((0, Vec::new()));
        assert_eq!((taken, equivalents.len()), (0, 0), "terms must match whole");
        let (taken, equivalents) = t.at_start(&words("domov pro")).unwrap();
        assert_eq!(taken, 1);
        assert_eq!(equivalents, [words("domov"), words("bydleni")]);
        assert!(t.at_start(&words("ostrava bez domova")).is_none());
        assert!(t.at_start(&[]).is_none());
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_coordinators_groups_are_read_line_by_line() {
        assert_eq!(
            check_groups("a, b\n\njen jedno\nc, d"),
            Err(kpss_domain::FieldError::LonelyExpression { line: 3 })
        );
        let text = "bezdomovci,  lidé   bez domova ; osoby bez přístřeší\n\n , ,\nfeťák,drogy,";
        assert_eq!(check_groups(text).unwrap(), parse_groups(text));
        let groups = parse_groups(
            "bezdomovci,  lidé   bez domova ; osoby bez přístřeší\n\njen jedno\n , ,\nfeťák,drogy,",
        );
        assert_eq!(
            groups,
            [
                vec![
                    "bezdomovci".to_owned(),
                    "lidé bez domova".to_owned(),
                    "osoby bez přístřeší".to_owned()
                ],
                vec!["feťák".to_owned(), "drogy".to_owned()],
            ]
        );
    }

    #[test]
    fn the_builtin_groups_are_not_empty() {
        assert!(GROUPS.iter().all(|g| g.len() > 1));
        let t = Thesaurus::with_builtin(&[], words);
        assert_eq!(t.len(), GROUPS.len());
    }
}
