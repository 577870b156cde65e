//! Events of the demo city: the public registers (and robots, floods and a full event are
//! refused), the seniors' manager plans an event for the group's measure only, and recorded
//! attendance moves the measure's indicator in the year's evaluation report.

use kpss_domain::event::IndicatorFeed;
use kpss_domain::plan::PlanStatus;

use super::demo_round::{demo_app, login};
use super::*;

/// The demo's approved plan: its id and (id, group code, fed?) of every measure.
async fn demo_measures(app: &TestApp) -> (i32, Vec<(i32, String, bool)>) {
    let store = &app.db.store;
    let plan = kpss_store::plan::plans(store, app.tenant, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == PlanStatus::Approved)
        .unwrap();
    let tree = kpss_store::plan::plan(store, app.tenant, plan.id)
        .await
        .unwrap();
    let measures = tree
        .parts
        .iter()
        .flat_map(|p| {
            p.measures().map(|m| {
                let fed = m.funding.indicators.iter().any(|i| i.feed.is_some());
                (m.id, p.group.clone(), fed)
            })
        })
        .collect();
    (plan.id, measures)
}

fn register<'a>(csrf: &'a str, name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("full_name", name),
        ("organisation", "Charita Ostrava"),
        ("email", email),
        ("web", ""),
    ]
}

#[tokio::test]
async fn the_public_registers_to_an_event_and_spam_is_refused() {
    let mut app = demo_app().await;
    let list = app.get("/akce").await;
    assert_eq!(list.status, StatusCode::OK);
    let (upcoming, past) = list.body.split_once("Proběhlé akce").unwrap();
    assert!(upcoming.contains("Konference komunitního plánování (demo)"));
    assert!(
        upcoming.contains("83\u{a0}volných míst"),
        "120 places, 37 taken"
    );
    assert!(past.contains("Seminář pro poskytovatele"));
    assert!(!upcoming.contains("Nová akce"), "the public plans nothing");
    let conference = kpss_store::event::events(&app.db.store, app.tenant, None)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.title.starts_with("Konference"))
        .unwrap();
    let page = format!("/akce/{}", conference.id);
    let csrf = app.csrf(&page).await;
    let body = app.get(&page).await.body;
    assert!(body.contains("Přihlásit se"));
    assert!(
        !body.contains("jana@example.cz") && !body.contains("Přihlášení ("),
        "no list"
    );

    let empty = app.post(&page, &register(&csrf, "", "jana")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .body
            .contains("Jméno a příjmení: Vyplňte prosím tento údaj.")
    );
    assert!(
        empty.body.contains("value=\"Charita Ostrava\""),
        "typed text stays"
    );
    let mut robot = register(&csrf, "Robot", "robot@example.cz");
    robot[4] = ("web", "http://spam.example");
    let robot = app.post(&page, &robot).await;
    assert_eq!(robot.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(robot.body.contains("pole, které má zůstat prázdné"));

    let taken = app
        .post(&page, &register(&csrf, "Jana Nová", "Jana@Example.cz"))
        .await;
    let (thanks, _) = app.follow(&taken).await;
    assert!(thanks.body.contains("Děkujeme, přihláška byla přijata."));
    let mail = &kpss_store::mail::latest(&app.db.store, app.tenant, 1)
        .await
        .unwrap()[0];
    assert_eq!(mail.to, "jana@example.cz");
    assert_eq!(
        mail.subject,
        "Potvrzení přihlášky: Konference komunitního plánování (demo)"
    );
    assert!(mail.text.contains("Dobrý den, Jana Nová,"));
    assert!(
        mail.text
            .contains(&format!("http://localhost/akce/{}", conference.id))
    );
    assert!(
        mail.html
            .contains("<strong>Konference komunitního plánování (demo)</strong>")
    );
    let twice = app
        .post(&page, &register(&csrf, "Jana Nová", "jana@example.cz"))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("je na akci už přihlášená"));

    // One address may send five registrations in ten minutes; the flood stops there.
    for n in 2..=5 {
        let email = format!("host{n}@example.cz");
        let answer = app.post(&page, &register(&csrf, "Host", &email)).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{n}: {}", answer.body);
    }
    let flood = app
        .post(&page, &register(&csrf, "Host", "host6@example.cz"))
        .await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(flood.headers.contains_key(header::RETRY_AFTER));
    let stored = kpss_store::event::event(&app.db.store, app.tenant, conference.id)
        .await
        .unwrap();
    assert_eq!(stored.registered, 37 + 5);
}

#[tokio::test]
async fn the_manager_plans_an_event_for_the_groups_measure_and_it_fills_up() {
    let mut app = demo_app().await;
    let (_, measures) = demo_measures(&app).await;
    let sen = measures.iter().find(|(_, g, _)| g == "SEN").unwrap().0;
    let zp = measures.iter().find(|(_, g, _)| g != "SEN").unwrap().0;
    assert_eq!(app.get("/akce/nova").await.status, StatusCode::FORBIDDEN);

    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let form = app.get("/akce/nova").await.body;
    assert!(form.contains(&format!("<option value=\"{sen}\"")));
    assert!(
        !form.contains(&format!("<option value=\"{zp}\"")),
        "other groups' measures"
    );
    let day = (kpss_domain::czech::today() + time::Duration::days(30))
        .format(&time::macros::format_description!(
            "[day padding:none]. [month padding:none]. [year]"
        ))
        .unwrap();
    let fields = |measure: String, capacity: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("kind", "workshop".to_owned()),
            ("title", "Workshop o odlehčovacích službách".to_owned()),
            ("measure", measure),
            ("organiser", "PS Senioři".to_owned()),
            ("place", "Dům seniorů".to_owned()),
            ("capacity", capacity.to_owned()),
            ("date_day_0", day.clone()),
            ("date_from_0", "9:00".to_owned()),
            ("date_to_0", "12:00".to_owned()),
        ]
    };
    let refused = app
        .post("/akce/nova", &as_fields(&fields(sen.to_string(), "nula")))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("value=\"Dům seniorů\""));
    let empty = app.post("/akce/nova", &[("csrf", &csrf)]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .body
            .contains("Den konání: Vyplňte prosím tento údaj.")
    );
    let foreign = app
        .post("/akce/nova", &as_fields(&fields(zp.to_string(), "1")))
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let created = app
        .post("/akce/nova", &as_fields(&fields(sen.to_string(), "1")))
        .await;
    let (page, notice) = app.follow(&created).await;
    assert_eq!(
        notice.as_deref(),
        Some("Akce „Workshop o odlehčovacích službách“ byla uložena.")
    );
    assert!(page.body.contains("Upravit akci"));
    assert!(
        page.body.contains("po začátku termínu"),
        "attendance waits for the date"
    );
    let id: i32 = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // The one place goes to the first; the second is told the event is full.
    let page = format!("/akce/{id}");
    let taken = app
        .post(&page, &register(&csrf, "Jana Nová", "jana@example.cz"))
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let body = app.get(&page).await.body;
    assert!(body.contains("Akce je plně obsazená.") && body.contains("jana@example.cz"));
    let full = app
        .post(&page, &register(&csrf, "Petr Malý", "petr@example.cz"))
        .await;
    assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        full.body
            .contains("Akce je plně obsazená; volné místo už nezbylo.")
    );

    // A member of the group runs nothing.
    let csrf = login(&mut app, "clen@demo.kpss.cz").await;
    assert_eq!(
        app.get(&format!("{page}/upravit")).await.status,
        StatusCode::FORBIDDEN
    );
    let edit = app
        .post(
            &format!("{page}/upravit"),
            &[("csrf", &csrf), ("version", "1")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn recorded_attendance_moves_the_fed_indicator_in_the_evaluation_report() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let (plan, measures) = demo_measures(&app).await;
    let held = kpss_store::event::events(&store, app.tenant, None)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.title.starts_with("Kulatý stůl k opatření"))
        .unwrap();
    assert!(
        measures
            .iter()
            .any(|(m, _, fed)| *m == held.measure && *fed)
    );
    let date = &held.dates[0];
    let year = date.date.starts.year();
    let ap = kpss_store::action_plan::action_plans(&store, app.tenant, plan)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.year == year)
        .unwrap();
    let participants = |report: &kpss_domain::report::Report| {
        report
            .groups
            .iter()
            .flat_map(|g| &g.goals)
            .flat_map(|g| &g.measures)
            .flat_map(|m| &m.indicators)
            .filter(|i| i.feed == Some(IndicatorFeed::Participants))
            .flat_map(|i| &i.years)
            .filter_map(|y| y.actual)
            .map(|q| q.hundredths() / 100)
            .sum::<i64>()
    };
    let before = participants(
        &kpss_store::report::action_plan_report(&store, app.tenant, ap.id)
            .await
            .unwrap(),
    );
    assert!(before > 0, "the demo's events count");

    let registered_came = kpss_store::event::presence(&store, app.tenant, held.id)
        .await
        .unwrap()
        .iter()
        .filter(|(_, d)| *d == date.id)
        .count();
    let came_before = i64::try_from(registered_came).unwrap() + i64::from(date.walk_ins.unwrap());
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let form_uri = format!("/akce/{}/ucast/{}", held.id, date.id);
    let form = app.get(&form_uri).await;
    assert_eq!(form.status, StatusCode::OK);
    let version = app.hidden(&form_uri, "version").await;
    for absurd in ["-3", ""] {
        let fields = [
            ("csrf", &*csrf),
            ("version", &version),
            ("walk_ins", absurd),
        ];
        let bad = app.post(&form_uri, &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{absurd}");
    }
    // Nobody registered came after all, but 50 came unregistered.
    let saved = app
        .post(
            &form_uri,
            &[("csrf", &csrf), ("version", &version), ("walk_ins", "50")],
        )
        .await;
    let (page, _) = app.follow(&saved).await;
    assert!(page.body.contains("50\u{a0}osob"), "{}", page.body);
    let after = participants(
        &kpss_store::report::action_plan_report(&store, app.tenant, ap.id)
            .await
            .unwrap(),
    );
    assert_eq!(after, before - came_before + 50, "the date counts 50 now");
    let report = app.get(&format!("/akcni-plany/{}/zprava", ap.id)).await;
    assert!(report.body.contains("Účastníci akcí opatření"));

    // The measure's line in the plan and its group's page tell the same.
    let tallies = kpss_store::event::tallies(&store, app.tenant, &[held.measure])
        .await
        .unwrap();
    let tally = tallies[&(held.measure, year)];
    let target = 60 + 10 * (year - 2023);
    let percent = kpss_domain::quantity::Quantity::whole(tally.participants)
        .percent_of(kpss_domain::quantity::Quantity::whole(target.into()))
        .unwrap();
    let line = format!(
        "{year}: {} z {target} ({percent}\u{a0}%)",
        kpss_domain::czech::group_thousands(tally.participants)
    );
    let plan_page = app.get(&format!("/plany/{plan}")).await.body;
    assert!(plan_page.contains(&line), "{line}");
    let (_, group, _) = measures
        .iter()
        .find(|(m, _, _)| *m == held.measure)
        .unwrap();
    let group = kpss_store::work_group::work_groups(&store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|g| &g.draft.code == group)
        .unwrap();
    let group_page = app.get(&format!("/skupiny/{}", group.id)).await.body;
    assert!(group_page.contains(&line), "{line}");
    assert!(group_page.contains(&held.draft.title));
}

#[tokio::test]
async fn a_provider_runs_its_projects_events_and_they_count_in_its_report() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    // The demo provider's unreported card of 2025 counts the participants of its project.
    let ap = kpss_store::action_plan::action_plans(&store, app.tenant, demo_measures(&app).await.0)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.year == 2025)
        .unwrap();
    let card = kpss_store::action_plan::cards(&store, app.tenant, ap.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.draft.indicators.iter().any(|i| i.feed.is_some()))
        .unwrap();
    let page = format!("/karty/{}", card.id);
    let public = app.get(&page).await.body;
    assert!(public.contains("Setkání s rodinami klientů 1"));
    assert!(public.contains("počet účastníků akcí projektu, ze zapsané účasti"));
    assert!(!public.contains("Naplánovat akci projektu"));
    assert_eq!(
        app.get(&format!("/akce/nova?karta={}", card.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let _ = login(&mut app, "clen@demo.kpss.cz").await;
    assert_eq!(
        app.get(&format!("/akce/nova?karta={}", card.id))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "a member runs nothing"
    );

    let csrf = login(&mut app, "poskytovatel@demo.kpss.cz").await;
    let counted = |body: &str| -> String {
        let (_, after) = body
            .split_once("účastníci setkání s rodinami (osob, cíl 40): <strong>")
            .unwrap();
        after.split_once("</strong>").unwrap().0.to_owned()
    };
    let report = format!("/karty/{}/hodnoceni", card.id);
    let before: i64 = counted(&app.get(&report).await.body).parse().unwrap();
    assert!(
        app.get(&page)
            .await
            .body
            .contains("Naplánovat akci projektu")
    );
    let form = app.get(&format!("/akce/nova?karta={}", card.id)).await.body;
    assert!(form.contains(&card.draft.title) && form.contains("akční plán 2025"));
    assert!(
        !form.contains("name=\"measure\""),
        "the project fixes the measure"
    );
    let fields = |day: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("card", card.id.to_string()),
            ("kind", "workshop".to_owned()),
            ("title", "Vánoční setkání rodin".to_owned()),
            ("organiser", "Poskytovatel".to_owned()),
            ("place", "Komunitní centrum".to_owned()),
            ("date_day_0", day.to_owned()),
            ("date_from_0", "15:00".to_owned()),
            ("date_to_0", "17:00".to_owned()),
        ]
    };
    let wrong_year = app
        .post("/akce/nova", &as_fields(&fields("5. 1. 2026")))
        .await;
    assert_eq!(wrong_year.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_year
            .body
            .contains("Akce projektu se koná v roce 2025, na který je jeho karta naplánována")
    );
    assert!(wrong_year.body.contains("value=\"Vánoční setkání rodin\""));
    let created = app
        .post("/akce/nova", &as_fields(&fields("16. 12. 2025")))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let (event_page, _) = app.follow(&created).await;
    assert!(
        event_page
            .body
            .contains(&format!("href=\"/karty/{}\"", card.id))
    );
    let event = kpss_store::event::card_events(&store, app.tenant, card.id)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.title == "Vánoční setkání rodin")
        .unwrap();
    let recorded = app
        .post(
            &format!("/akce/{}/ucast/{}", event.id, event.dates[0].id),
            &[
                ("csrf", csrf.as_str()),
                ("version", &event.version.to_string()),
                ("walk_ins", "9"),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER);
    let after: i64 = counted(&app.get(&report).await.body).parse().unwrap();
    assert_eq!(
        after,
        before + 9,
        "the nine who came count in the card's report"
    );
    assert!(
        app.get(&report)
            .await
            .body
            .contains("spočteno ze zapsané účasti na akcích projektu")
    );
}
