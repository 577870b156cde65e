//! Two surveys behind the 7th plan's draft: one of the providers (an answer from each
//! organisation of the catalogue), one of the users of services (a few hundred answers, some
//! from paper), with answers spread the way such surveys come back.

use kpss_domain::account::Actor;
use kpss_domain::quantity::Quantity;
use kpss_domain::survey::{
    Answer, QuestionDraft, QuestionInput, Respondent, SurveyDraft, SurveyInput,
};

use crate::survey::Channel;
use crate::{Result, Store};

/// A question of the demo: (section, text, help, kind, options, required, other).
type Asked<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, bool, bool);

const PROVIDERS: [Asked<'static>; 5] = [
    (
        "O službě",
        "Jakou formou službu poskytujete?",
        "",
        "jedna-moznost",
        "terénní\nambulantní\npobytová",
        true,
        true,
    ),
    (
        "",
        "Kolik klientů služba v roce 2025 podpořila?",
        "Celé číslo za rok.",
        "cislo",
        "",
        true,
        false,
    ),
    (
        "",
        "Co vaší službě nejvíce chybí?",
        "Vyberte vše, co platí.",
        "vice-moznosti",
        "pracovníci\nfinance na provoz\nvhodné prostory\nspolupráce se zdravotníky\ndobrovolníci",
        true,
        true,
    ),
    (
        "Spolupráce",
        "Jak hodnotíte spolupráci s partnery?",
        "1 = velmi špatně, 5 = výborně",
        "matice",
        "město Ostrava\nostatní poskytovatelé\nÚřad práce\nzdravotnictví",
        true,
        false,
    ),
    (
        "",
        "Co byste v komunitním plánování změnili?",
        "",
        "dlouhy-text",
        "",
        false,
        false,
    ),
];

const USERS: [Asked<'static>; 6] = [
    (
        "O vás",
        "Kolik vám je let?",
        "",
        "jedna-moznost",
        "do 26 let\n27–64 let\n65 let a více",
        true,
        false,
    ),
    (
        "",
        "Jaké služby využíváte?",
        "",
        "jedna-moznost",
        "služby pro seniory\nslužby pro lidi se zdravotním postižením\nslužby pro rodiny s dětmi\nslužby pro lidi bez domova\nslužby pro lidi ohrožené závislostí",
        true,
        true,
    ),
    (
        "Spokojenost",
        "Jak jste se službou celkově spokojeni?",
        "1 = velmi nespokojen, 5 = velmi spokojen",
        "skala",
        "",
        true,
        false,
    ),
    (
        "",
        "Jak jste se o službě dozvěděli?",
        "",
        "vice-moznosti",
        "od lékaře\nod příbuzných nebo známých\nna internetu\nv katalogu sociálních služeb\nna úřadě",
        true,
        true,
    ),
    (
        "",
        "Jak hodnotíte službu v těchto ohledech?",
        "1 = velmi špatně, 5 = výborně",
        "matice",
        "dostupnost\nochota pracovníků\ninformace o službě\ncena",
        true,
        false,
    ),
    (
        "",
        "Co vám v Ostravě chybí?",
        "",
        "kratky-text",
        "",
        false,
        false,
    ),
];

const WISHES: [&str; 8] = [
    "Více míst v domovech pro seniory.",
    "Odlehčovací služba i o víkendu.",
    "Bezbariérová doprava k ambulanci.",
    "Delší otevírací doba poradny.",
    "Informace o službách na jednom místě.",
    "Pomoc s bydlením pro mladé po ústavní péči.",
    "Asistence pro rodiny s dítětem s postižením.",
    "Noclehárna v Porubě.",
];

/// A number 0..n that looks random but is the same in every demo.
fn pick(i: usize, salt: usize, n: usize) -> usize {
    (i.wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503))
        >> 7)
        % n.max(1)
}

/// A point of a scale leaning to the better end.
fn point(i: usize, salt: usize) -> i32 {
    [2, 3, 3, 4, 4, 4, 5, 5, 5, 1][pick(i, salt, 10)]
}

async fn create(
    store: &Store,
    tenant: i32,
    (settings, questions): (SurveyInput<'_>, &[Asked<'_>]),
) -> Result<(i32, Vec<i32>)> {
    let system = Actor::system();
    let draft = SurveyDraft::parse(&settings).map_err(crate::Error::Invalid)?;
    let id = crate::survey::create(store, tenant, &system, &draft).await?;
    let mut ids = Vec::new();
    for (section, text, help, kind, options, required, other) in questions {
        let q = QuestionDraft::parse(&QuestionInput {
            section,
            text,
            help,
            kind,
            required: *required,
            options,
            other: *other,
        })
        .map_err(crate::Error::Invalid)?;
        ids.push(crate::survey::add_question(store, tenant, &system, id, &q).await?);
    }
    Ok((id, ids))
}

/// Fills the surveys of the plan being prepared.
pub(super) async fn fill_surveys(store: &Store, tenant: i32, plan: i32) -> Result<()> {
    let intro = "Odpovědi poslouží pracovním skupinám při přípravě 7. komunitního plánu.";
    let (providers, q) = create(
        store,
        tenant,
        (
            SurveyInput {
                title: "Dotazník pro poskytovatele sociálních služeb 2026",
                intro,
                audience: "poskytovatele",
                opens_on: "1. 9. 2026",
                closes_on: "31. 12. 2026",
                plan: Some(plan),
                ..SurveyInput::default()
            },
            &PROVIDERS,
        ),
    )
    .await?;
    let txn = store.write().await?;
    let organisations = crate::catalogue::organisations(store, tenant).await?;
    let started = crate::now() - time::Duration::days(60);
    for (i, o) in organisations.iter().enumerate().take(150) {
        let lacking: Vec<usize> = (0..5).filter(|k| pick(i, 30 + k, 3) == 0).collect();
        let lacking = if lacking.is_empty() {
            vec![pick(i, 3, 5)]
        } else {
            lacking
        };
        let mut answers = vec![
            (q[0], Answer::Single(Some(pick(i, 1, 3)), None)),
            (
                q[1],
                Answer::Number(Quantity::whole(
                    i64::try_from(20 + pick(i, 2, 400)).unwrap_or(20),
                )),
            ),
            (
                q[2],
                Answer::Multiple(
                    lacking,
                    (pick(i, 4, 9) == 0).then(|| "supervize".to_owned()),
                ),
            ),
            (
                q[3],
                Answer::Matrix((0..4).map(|s| (s, point(i, 10 + s))).collect()),
            ),
        ];
        if pick(i, 5, 4) == 0 {
            answers.push((
                q[4],
                Answer::Text(WISHES[pick(i, 6, WISHES.len())].to_owned()),
            ));
        }
        let at = started + time::Duration::hours(i64::try_from(i * 7).unwrap_or(0));
        crate::survey::responses::insert_response(
            &txn,
            (tenant, providers),
            (Respondent::Organisation(o.id), Channel::Online, None, None),
            at,
            &answers,
        )
        .await?;
    }
    txn.commit().await?;

    let (users, q) = create(
        store,
        tenant,
        (
            SurveyInput {
                title: "Spokojenost uživatelů sociálních služeb 2026",
                intro: "Dotazník je anonymní. Vyplnění zabere asi pět minut.",
                audience: "verejnost",
                opens_on: "1. 10. 2026",
                closes_on: "15. 1. 2027",
                plan: Some(plan),
                results_public: true,
                ..SurveyInput::default()
            },
            &USERS,
        ),
    )
    .await?;
    let txn = store.write().await?;
    let started = crate::now() - time::Duration::days(55);
    for i in 0..320 {
        let age = pick(i, 1, 3);
        let mut answers = vec![
            (q[0], Answer::Single(Some(age), None)),
            (
                q[1],
                if pick(i, 2, 12) == 0 {
                    Answer::Single(None, Some("osobní asistence".to_owned()))
                } else if age == 2 {
                    Answer::Single(Some(0), None)
                } else {
                    Answer::Single(Some(pick(i, 3, 5)), None)
                },
            ),
            // The elderly are a little more content, as such surveys tend to find.
            (
                q[2],
                Answer::Scale(if age == 2 {
                    point(i, 4).max(3)
                } else {
                    point(i, 4)
                }),
            ),
            (
                q[3],
                Answer::Multiple(
                    vec![pick(i, 5, 5), pick(i, 6, 5)]
                        .into_iter()
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    None,
                ),
            ),
            (
                q[4],
                Answer::Matrix((0..4).map(|s| (s, point(i, 20 + s))).collect()),
            ),
        ];
        if pick(i, 7, 3) == 0 {
            answers.push((
                q[5],
                Answer::Text(WISHES[pick(i, 8, WISHES.len())].to_owned()),
            ));
        }
        let channel = if i % 6 == 5 {
            Channel::Paper
        } else {
            Channel::Online
        };
        let at = started + time::Duration::hours(i64::try_from(i * 3).unwrap_or(0));
        crate::survey::responses::insert_response(
            &txn,
            (tenant, users),
            (Respondent::Anonymous, channel, None, None),
            at,
            &answers,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A survey of 50 questions of every kind answered `responses` times, for `kpss bench
/// consultation`: 10 of one choice, 10 of several, 10 scales, 5 numbers, 5 matrices of four
/// statements, 5 short and 5 long texts. Gives the survey's id.
pub async fn fill_survey_scale(store: &Store, tenant: i32, responses: usize) -> Result<i32> {
    let options = "první možnost\ndruhá možnost\ntřetí možnost\nčtvrtá možnost\npátá možnost";
    let statements = "dostupnost\nkvalita\ninformace\ncena";
    let mut asked: Vec<(String, &str, &str, bool)> = Vec::new();
    for (kind, n, opts, other) in [
        ("jedna-moznost", 10, options, true),
        ("vice-moznosti", 10, options, true),
        ("skala", 10, "", false),
        ("cislo", 5, "", false),
        ("matice", 5, statements, false),
        ("kratky-text", 5, "", false),
        ("dlouhy-text", 5, "", false),
    ] {
        for i in 1..=n {
            asked.push((format!("Otázka {kind} {i}"), kind, opts, other));
        }
    }
    let questions: Vec<Asked<'_>> = asked
        .iter()
        .map(|(text, kind, opts, other)| ("", text.as_str(), "", *kind, *opts, false, *other))
        .collect();
    let (survey, ids) = create(
        store,
        tenant,
        (
            SurveyInput {
                title: "Dotazník o 50 otázkách (bench)",
                audience: "verejnost",
                opens_on: "1. 1. 2026",
                closes_on: "31. 12. 2030",
                results_public: true,
                ..SurveyInput::default()
            },
            &questions,
        ),
    )
    .await?;
    let txn = store.write().await?;
    let at = crate::now();
    for r in 0..responses {
        let answers: Vec<(i32, Answer)> = ids
            .iter()
            .zip(&asked)
            .enumerate()
            .map(|(k, (id, (_, kind, _, _)))| {
                let answer = match *kind {
                    "jedna-moznost" if pick(r, k, 20) == 0 => {
                        Answer::Single(None, Some(format!("jinak {}", r % 50)))
                    }
                    "jedna-moznost" => Answer::Single(Some(pick(r, k, 5)), None),
                    "vice-moznosti" => Answer::Multiple(
                        (0..5).filter(|o| pick(r, k * 5 + o, 3) == 0).collect(),
                        None,
                    ),
                    "skala" => Answer::Scale(point(r, k)),
                    "cislo" => Answer::Number(Quantity::whole(
                        i64::try_from(pick(r, k, 1_000)).unwrap_or_default(),
                    )),
                    "matice" => Answer::Matrix((0..4).map(|s| (s, point(r, k * 4 + s))).collect()),
                    _ => Answer::Text(WISHES[pick(r, k, WISHES.len())].to_owned()),
                };
                (*id, answer)
            })
            .filter(|(_, a)| !matches!(a, Answer::Multiple(chosen, None) if chosen.is_empty()))
            .collect();
        crate::survey::responses::insert_response(
            &txn,
            (tenant, survey),
            (Respondent::Anonymous, Channel::Online, None, None),
            at,
            &answers,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(survey)
}
