//! Surveys: the coordinator builds one, a visitor answers it (and is told what is wrong when
//! a required question is skipped or a point is outside the scale), a provider answers for its
//! organisation once, the coordinator types in a paper questionnaire, and the results are
//! drawn, split by a question and taken away as XLSX and CSV with the same numbers.

use super::demo_round::{demo_app, login};
use super::*;

/// The id in the `Location` of a redirect to `/dotazniky/{id}…`.
fn survey_id(answer: &Answer) -> i32 {
    let to = answer.headers[header::LOCATION].to_str().unwrap();
    to.trim_start_matches("/dotazniky/")
        .split(['/', '#', '?'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_survey_is_built_answered_from_the_web_and_paper_and_its_results_agree() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let today = kpss_domain::czech::today();
    let day = |d: i64| kpss_domain::czech::format_date(today + time::Duration::days(d));
    let (opens, closes, before) = (day(-1), day(20), day(-5));

    // Settings: a missing title and days in the wrong order are refused, the typing kept.
    let refused = app
        .post(
            "/dotazniky/novy",
            &[
                ("csrf", &csrf),
                ("title", ""),
                ("intro", "Úvod, který zůstane."),
                ("audience", "verejnost"),
                ("opens", &opens),
                ("closes", &before),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Úvod, který zůstane."));
    assert!(refused.body.contains("Otevřeno do"), "{}", refused.body);
    let created = app
        .post(
            "/dotazniky/novy",
            &[
                ("csrf", &csrf),
                ("title", "Dotazník o odlehčovacích službách"),
                ("audience", "verejnost"),
                ("opens", &opens),
                ("closes", &closes),
                ("results_public", "ano"),
            ],
        )
        .await;
    let id = survey_id(&created);
    let (page, flash) = app.follow(&created).await;
    assert!(flash.unwrap().contains("Dotazník byl založen"));
    assert!(page.body.contains("Dotazník zatím nemá žádnou otázku."));

    // Questions: a choice with one option is refused; four kinds are added.
    let new_question = format!("/dotazniky/{id}/otazky/nova");
    let one = app
        .post(
            &new_question,
            &[
                ("csrf", &csrf),
                ("text", "Využíváte odlehčovací službu?"),
                ("kind", "jedna-moznost"),
                ("options", "ano"),
            ],
        )
        .await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(one.body.contains("Využíváte odlehčovací službu?"));
    for (text, kind, options, other) in [
        (
            "Kdo o blízkého pečuje?",
            "jedna-moznost",
            "já sám\nrodina\nnikdo",
            "ano",
        ),
        ("Jak jste spokojeni?", "skala", "", ""),
        ("Kolik hodin týdně pečujete?", "cislo", "", ""),
        ("Co chybí?", "kratky-text", "", ""),
    ] {
        let added = app
            .post(
                &new_question,
                &[
                    ("csrf", &csrf),
                    ("text", text),
                    ("kind", kind),
                    ("options", options),
                    ("other", other),
                    ("required", if kind == "kratky-text" { "" } else { "ano" }),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let questions = kpss_store::survey::questions(&app.db.store, id)
        .await
        .unwrap();
    let field = |i: usize| format!("q-{}", questions[i].id);

    // A visitor: a skipped required question and a point outside the scale are named, the
    // answers kept; a robot is refused; a whole answer is taken.
    app.cookie = None;
    let form = format!("/dotazniky/{id}/vyplnit");
    let csrf = app.csrf(&form).await;
    let (q0, q1, q2, q3) = (field(0), field(1), field(2), field(3));
    let other = format!("{q0}-jine");
    let bad = app
        .post(
            &form,
            &[
                ("csrf", &csrf),
                (&q0, "jine"),
                (&other, "soused"),
                (&q1, "7"),
                (&q3, "<script>alert(1)</script>"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Otázka 2 – Jak jste spokojeni?"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("Otázka 3 – Kolik hodin týdně pečujete?"));
    assert!(bad.body.contains("value=\"soused\""), "the other text kept");
    assert!(!bad.body.contains("<script>alert(1)"), "escaped");
    let robot = app
        .post(
            &form,
            &[
                ("csrf", &csrf),
                (&q0, "0"),
                (&q1, "4"),
                (&q2, "10"),
                ("web", "x"),
            ],
        )
        .await;
    assert_eq!(robot.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (who, point, hours) in [("jine", "4", "10,5"), ("1", "2", "3")] {
        let sent = app
            .post(
                &form,
                &[
                    ("csrf", &csrf),
                    (&q0, who),
                    (&other, "soused"),
                    (&q1, point),
                    (&q2, hours),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let thanks = app.get(&format!("{form}?odeslano")).await;
    assert!(thanks.body.contains("vaše odpovědi byly uloženy"));

    // The coordinator types in a paper questionnaire; the questions are now fixed.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let paper = app
        .post(
            &format!("/dotazniky/{id}/papirovy"),
            &[("csrf", &csrf), (&q0, "1"), (&q1, "5"), (&q2, "2")],
        )
        .await;
    assert_eq!(paper.status, StatusCode::SEE_OTHER, "{}", paper.body);
    let fixed = app
        .post(
            &new_question,
            &[("csrf", &csrf), ("text", "Pozdě"), ("kind", "skala")],
        )
        .await;
    assert_eq!(fixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fixed.body.contains("Dotazník už má odpovědi"));

    // Results: 3 questionnaires; „rodina“ twice; the mean of the scale (4 + 2 + 5) / 3.
    let results = app.get(&format!("/dotazniky/{id}/vysledky")).await.body;
    assert!(results.contains("Vyplněných dotazníků: 3."));
    assert!(
        results.contains("<th scope=\"row\">rodina</th><td>2</td><td>67\u{a0}%</td>"),
        "{results}"
    );
    assert!(results.contains("<th scope=\"row\">jiné</th><td>1</td><td>33\u{a0}%</td>"));
    assert!(results.contains("<th scope=\"row\">Průměr</th><td>3,67</td>"));
    assert!(results.contains("<th scope=\"row\">Medián</th><td>3</td>"));
    assert!(results.contains("role=\"img\""), "a chart");
    assert!(results.contains("<li>soused</li>"), "the other text listed");
    // Split by who cares: those caring in the family gave 2 and 5.
    let split = app
        .get(&format!(
            "/dotazniky/{id}/vysledky?podle={}",
            questions[0].id
        ))
        .await
        .body;
    assert!(split.contains("podle otázky „Kdo o blízkého pečuje?“"));
    assert!(
        split.contains("<th scope=\"row\">5</th><td>0 (0\u{a0}%)</td><td>1 (50\u{a0}%)</td>"),
        "{split}"
    );
    let wrong = app
        .get(&format!(
            "/dotazniky/{id}/vysledky?podle={}",
            questions[3].id
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);

    // The raw answers: three rows in both files, the hours as numbers.
    let xlsx = app.get(&format!("/dotazniky/{id}/odpovedi.xlsx")).await;
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range("Odpovědi").unwrap();
    assert_eq!(sheet.get_size().0, 4, "a header and three answers");
    let hours: Vec<Data> = sheet.rows().skip(1).map(|r| r[6].clone()).collect();
    assert_eq!(
        hours,
        vec![Data::Float(10.5), Data::Float(3.0), Data::Float(2.0)]
    );
    let csv = app.get(&format!("/dotazniky/{id}/odpovedi.csv")).await.body;
    assert!(csv.contains(";jiné: soused;4;10,5;"), "{csv}");
    assert_eq!(csv.lines().count(), 4);

    // Anonymous visitors read public results but take no raw answers and build nothing.
    app.cookie = None;
    assert_eq!(
        app.get(&format!("/dotazniky/{id}/vysledky")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/dotazniky/{id}/odpovedi.csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&new_question).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_provider_answers_for_its_organisation_once() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let providers = kpss_store::survey::surveys(&store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.draft.audience == kpss_domain::survey::Audience::Providers)
        .unwrap();
    let form = format!("/dotazniky/{}/vyplnit", providers.id);
    // The public home invites to the open public survey, not to the providers' one.
    let home = app.get("/").await.body;
    assert!(
        home.contains("Vyplňte dotazník: <a href=\"/dotazniky/"),
        "{home}"
    );
    assert!(home.contains("Spokojenost uživatelů sociálních služeb 2026"));
    assert!(!home.contains(&form));
    // Nobody logged in is told to log in; results of providers are not public.
    let anonymous = app.get(&form).await.body;
    assert!(anonymous.contains("Přihlaste se, prosím."));
    assert!(!anonymous.contains("Odeslat odpovědi"));
    assert_eq!(
        app.get(&format!("/dotazniky/{}/vysledky", providers.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The demo provider's organisation answered already in the demo.
    let _ = login(&mut app, "poskytovatel@demo.kpss.cz").await;
    let page = app.get(&form).await.body;
    assert!(page.contains("už byl dotazník vyplněn"), "{page}");
    assert!(!page.contains("Odeslat odpovědi"));
    let csrf = app.csrf(&form).await;
    let questions = kpss_store::survey::questions(&store, providers.id)
        .await
        .unwrap();
    let answers: Vec<(String, String)> = vec![
        (format!("q-{}", questions[0].id), "0".into()),
        (format!("q-{}", questions[1].id), "10".into()),
        (format!("q-{}", questions[2].id), "1".into()),
        (format!("q-{}-0", questions[3].id), "3".into()),
        (format!("q-{}-1", questions[3].id), "3".into()),
        (format!("q-{}-2", questions[3].id), "3".into()),
        (format!("q-{}-3", questions[3].id), "3".into()),
    ];
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    fields.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let before = kpss_store::survey::answer_count(&store, providers.id)
        .await
        .unwrap();
    let twice = app.post(&form, &fields).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("každá může odpovědět jen jednou"));
    assert_eq!(
        kpss_store::survey::answer_count(&store, providers.id)
            .await
            .unwrap(),
        before,
        "nothing stored"
    );
}
