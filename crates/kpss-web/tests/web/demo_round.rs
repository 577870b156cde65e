//! The issues' "done when": in the demo city the coordinator takes the 2025 round from open to
//! the summary report while the seniors' manager judges the group's measures, and the report's
//! judgements, indicator percentages and numbers agree in HTML, XLSX and PDF and with the cards.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use kpss_domain::czech::format_czk;
use kpss_domain::evaluation::Summary;
use kpss_store::action_plan;
use kpss_store::demo::{self, Scale};

use super::*;

/// The password this test gives every demo account (real fills generate theirs).
pub(super) const DEMO_TEST_PASSWORD: &str = "test-heslo-demo-uctu";

pub(super) async fn demo_app() -> TestApp {
    demo_app_with(|_| {}).await
}

/// The demo's app with its state set up by `setup` (e.g. a virus scanner).
pub(super) async fn demo_app_with(setup: impl FnOnce(&mut kpss_web::AppState)) -> TestApp {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    let t = tenant::ensure(&store, "ostrava", "Statutární město Ostrava")
        .await
        .unwrap();
    let hash = account::hash_password(DEMO_TEST_PASSWORD);
    demo::fill(
        &store,
        &t,
        Scale::City,
        &std::array::from_fn(|_| hash.clone()),
    )
    .await
    .unwrap();
    let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
    let mut state = kpss_web::AppState::new(store, Arc::new(index), t.clone());
    setup(&mut state);
    let router = kpss_web::router(
        state,
        &kpss_web::Config {
            secure_cookies: false,
        },
    );
    TestApp {
        router,
        db,
        tenant: t.id,
        cookie: None,
        own_service: 1,
        other_service: 2,
    }
}

/// Logs in as a demo account; gives a CSRF token for its forms.
pub(super) async fn login(app: &mut TestApp, email: &str) -> String {
    let csrf = app.csrf("/prihlaseni").await;
    let answer = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("password", DEMO_TEST_PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    app.csrf("/ucet/heslo").await
}

fn hrefs(body: &str, prefix: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_coordinator_takes_the_2025_round_to_a_summary_report_whose_formats_agree() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let plans = action_plan::action_plans(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let round_2025 = plans.iter().find(|a| a.year == 2025).unwrap().id;
    let dashboard = format!("/akcni-plany/{round_2025}/hodnoceni");

    // The coordinator reports on every card still owed (missing or returned)…
    let page = app.get(&dashboard).await;
    let owed: Vec<String> = hrefs(&page.body, "/karty/");
    assert!(owed.len() > 40, "the demo round has reports owed");
    for card in &owed {
        let form = app.get(&format!("{card}/hodnoceni")).await;
        if form.status != StatusCode::OK {
            continue; // submitted ones wait for approval instead
        }
        let version = form
            .body
            .split("name=\"version\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        let sent = app
            .post(
                &format!("{card}/hodnoceni"),
                &[
                    ("csrf", &csrf),
                    ("version", &version),
                    ("status", "splneno"),
                    ("actual_clients", "50"),
                    ("cost_mesto", "100 000"),
                    ("action", "odevzdat"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{card}: {}", sent.body);
    }
    // …approves everything submitted, and closes the round.
    let approved = app
        .through_confirmation(&format!("{dashboard}/schvalit"))
        .await;
    let (page, notice) = app.follow(&approved).await;
    assert!(notice.unwrap().contains("hodnocení karet"));
    assert!(
        page.body.contains("Všechna hodnocení jsou schválená."),
        "{}",
        page.body
    );
    // The seniors' manager judges the group's 2025 measures and writes the group's evaluation…
    let manager = login(&mut app, "manazer@demo.kpss.cz").await;
    let judging = format!("{dashboard}/opatreni");
    let list = app.get(&judging).await;
    let sen: Vec<String> = hrefs(&list.body, &format!("{judging}/"))
        .into_iter()
        .filter(|h| !h.contains('#'))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let tree = kpss_store::plan::plan(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let sen_measures = tree.parts[0].goals.iter().flat_map(|g| &g.measures).count();
    // The list opens only the group's own measures to the manager…
    assert_eq!(sen.len(), sen_measures, "{sen:?}");
    // …and another group's judgement is neither shown nor accepted.
    let foreign = tree.parts[1].goals[0].measures[0].id;
    let foreign = format!("{judging}/{foreign}");
    assert_eq!(app.get(&foreign).await.status, StatusCode::FORBIDDEN);
    let posted = app
        .post(
            &foreign,
            &[
                ("csrf", &manager),
                ("version", "0"),
                ("fulfilment", "splneno"),
                ("action", "odevzdat"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    let mut judged = 0;
    for href in &sen {
        let refused = app
            .post(
                href,
                &[
                    ("csrf", &manager),
                    ("version", "0"),
                    ("fulfilment", "castecne"),
                    ("indicator_actual_0", "-5"),
                    ("action", "odevzdat"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.body.contains("Vyplňte prosím tento údaj."),
            "reasoning is required"
        );
        assert!(refused.body.contains("nejvýše se dvěma desetinnými místy"));
        let sent = app
            .post(
                href,
                &[
                    ("csrf", &manager),
                    ("version", "0"),
                    ("fulfilment", "castecne"),
                    ("reasoning", "Terénní služba nezískala druhého pracovníka."),
                    ("achieved", "Služba pokryla Porubu i Pustkovec."),
                    ("indicator_actual_0", "812,5"),
                    ("action", "odevzdat"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{href}: {}", sent.body);
        judged += 1;
    }
    assert_eq!(
        judged, sen_measures,
        "the manager judges exactly the group's measures"
    );
    let part = tree.parts[0].id;
    let text = app
        .post(
            &format!("{dashboard}/skupiny/{part}"),
            &[
                ("csrf", &manager),
                ("version", "0"),
                (
                    "text",
                    "Rok 2025 skupině ukázal, že bez nových pracovníků terén nerozšíříme.",
                ),
            ],
        )
        .await;
    assert_eq!(text.status, StatusCode::SEE_OTHER, "{}", text.body);

    // …the coordinator approves the judgements and closes the round.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let approved = app
        .through_confirmation(&format!("{judging}/schvalit"))
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    // Closing is asked about first; a form without the confirmation changes nothing.
    let unconfirmed = app
        .post(&format!("{dashboard}/uzavrit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        unconfirmed.headers[header::LOCATION],
        format!("{dashboard}/uzavrit")
    );
    assert!(
        app.get(&dashboard)
            .await
            .body
            .contains("Uzavřít hodnocení…")
    );
    let closed = app
        .through_confirmation(&format!("{dashboard}/uzavrit"))
        .await;
    let (page, notice) = app.follow(&closed).await;
    assert!(notice.unwrap().starts_with("Hodnocení bylo uzavřeno"));
    assert!(!page.body.contains("Uzavřít hodnocení…"));
    let late = app
        .post(
            &sen[0],
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("fulfilment", "splneno"),
                ("action", "odevzdat"),
            ],
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "no change after the round closed"
    );

    // What the cards add up to.
    let mut counted = Vec::new();
    for ap in &plans {
        for card in action_plan::cards(&app.db.store, app.tenant, ap.id)
            .await
            .unwrap()
        {
            assert_eq!(
                card.report.state,
                kpss_domain::evaluation::ReportState::Approved
            );
            counted.push(card.figures(ap.year));
        }
    }
    let cards = Summary::of(&counted);
    let (planned, actual) = cards.total_cost();
    assert!(planned > 0 && actual > 0);

    let html = app.get("/plany/1/souhrnna-zprava").await;
    let expected = format!(
        "plán karet {}; skutečnost {}",
        format_czk(planned),
        format_czk(actual)
    );
    assert!(html.body.contains(&expected), "HTML: {expected}");
    // Every measure has its judgement; the one nobody took up says so honestly.
    let report = kpss_store::report::summary_report(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let all: Vec<_> = report
        .groups
        .iter()
        .flat_map(|g| &g.goals)
        .flat_map(|g| &g.measures)
        .collect();
    assert!(
        all.iter().all(|m| m.verdict().is_some()),
        "every measure judged"
    );
    assert!(!html.body.contains("Bez vysvětlovaných nedostatků"));
    assert!(
        html.body
            .contains("K opatření nebyla v hodnoceném období realizována žádná aktivita")
    );
    assert!(
        html.body
            .contains("Terénní služba nezískala druhého pracovníka.")
    );
    assert!(html.body.contains("Rok 2025 skupině ukázal"));
    assert!(html.body.contains("role=\"img\""), "charts are drawn");
    let sen_first = all[0];
    let percent = sen_first.indicators[0]
        .years
        .iter()
        .find(|y| y.year == 2025)
        .and_then(|y| y.percent)
        .expect("the 2025 indicator has a per cent");
    let judgement_line = format!("{} – částečně splněno", 2025);
    assert!(html.body.contains(&judgement_line));
    assert!(
        html.body
            .contains(&format!("<td class=\"num\">{percent}\u{a0}%</td>"))
    );

    let xlsx = app.get("/plany/1/souhrnna-zprava.xlsx").await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let summary = book.worksheet_range("Souhrn").unwrap();
    let total_row = (0..summary.height() as u32)
        .find(|r| matches!(summary.get_value((*r, 1)), Some(Data::String(s)) if s == "Celkem"))
        .unwrap();
    let number = |c: u32| match summary.get_value((total_row, c)) {
        Some(Data::Float(f)) => *f as i64,
        other => panic!("{other:?}"),
    };
    assert_eq!((number(12), number(13)), (planned, actual), "XLSX");
    let judgements = book.worksheet_range("Plnění opatření").unwrap();
    let row = (0..judgements.height() as u32)
        .find(|r| {
            matches!(judgements.get_value((*r, 1)), Some(Data::String(s)) if *s == sen_first.code)
                && matches!(judgements.get_value((*r, 3)), Some(Data::Float(y)) if *y == 2025.0)
        })
        .expect("the 2025 judgement of the first measure");
    assert_eq!(
        judgements.get_value((row, 4)),
        Some(&Data::String("částečně splněno".into()))
    );
    let indicators = book.worksheet_range("Indikátory").unwrap();
    let row = (0..indicators.height() as u32)
        .find(|r| {
            matches!(indicators.get_value((*r, 1)), Some(Data::String(s)) if *s == sen_first.code)
                && matches!(indicators.get_value((*r, 5)), Some(Data::Float(y)) if *y == 2025.0)
        })
        .unwrap();
    assert_eq!(indicators.get_value((row, 7)), Some(&Data::Float(812.5)));
    #[allow(clippy::cast_precision_loss)]
    let xlsx_percent = percent as f64;
    assert_eq!(
        indicators.get_value((row, 8)),
        Some(&Data::Float(xlsx_percent))
    );

    let pdf = app.get("/plany/1/souhrnna-zprava.pdf").await;
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        expected.replace('\u{a0}', " "),
        judgement_line,
        "Terénní služba nezískala druhého pracovníka.".to_owned(),
        format!("{percent} %"),
        "K opatření nebyla v hodnoceném období realizována žádná aktivita".to_owned(),
    ] {
        assert!(
            flat.contains(&expected),
            "PDF: {expected} in {}",
            flat.split("očekávané podle plánu")
                .nth(1)
                .unwrap_or("")
                .chars()
                .take(200)
                .collect::<String>()
        );
    }
    if let Some(dir) = std::env::var_os("KPSS_PDF_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("summary.pdf"), &pdf.bytes).unwrap();
    }
    kpss_docs::testing::assert_no_overlapping_words(&pdf.bytes);
    let year_pdf = app
        .get(&format!("/akcni-plany/{round_2025}/zprava.pdf"))
        .await;
    kpss_docs::testing::assert_no_overlapping_words(&year_pdf.bytes);
}

#[tokio::test]
async fn the_public_sees_approved_figures_only_and_not_the_round_dashboard() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let plans = action_plan::action_plans(&store, app.tenant, 1)
        .await
        .unwrap();
    let ap = plans.iter().find(|a| a.year == 2025).unwrap().id;
    let cards = action_plan::cards(&store, app.tenant, ap).await.unwrap();
    let unapproved = cards
        .iter()
        .find(|c| {
            c.report.state != kpss_domain::evaluation::ReportState::Approved
                && c.report.actual_clients.is_some()
                && c.report.comment.is_some()
        })
        .expect("the demo has a submitted or returned report with figures");
    let comment = unapproved.report.comment.clone().unwrap();
    let clients = unapproved.report.actual_clients.unwrap().to_string();
    let approved = cards
        .iter()
        .find(|c| {
            c.report.state == kpss_domain::evaluation::ReportState::Approved
                && c.report.comment.is_some()
        })
        .expect("the demo has an approved report with a comment");
    let approved_comment = approved.report.comment.clone().unwrap();

    // Anonymous: the state and no figures; an approved report in full; no dashboard.
    let page = app.get(&format!("/karty/{}", unapproved.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Zveřejní se po schválení hodnocení."));
    assert!(!page.body.contains(&comment), "the comment leaked");
    assert!(!page.body.contains("Skutečný počet klientů"));
    let page = app.get(&format!("/karty/{}", approved.id)).await;
    assert!(page.body.contains(&approved_comment));
    let dashboard = format!("/akcni-plany/{ap}/hodnoceni");
    assert_eq!(app.get(&dashboard).await.status, StatusCode::FORBIDDEN);
    assert!(
        !app.get(&format!("/akcni-plany/{ap}"))
            .await
            .body
            .contains(&format!("href=\"{dashboard}\""))
    );

    // The coordinator, who acts on it, sees it all.
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let page = app.get(&format!("/karty/{}", unapproved.id)).await;
    assert!(page.body.contains(&comment));
    assert!(page.body.contains(&format!("<dd>{clients}</dd>")));
    assert_eq!(app.get(&dashboard).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_demo_city_reads_like_a_real_one() {
    let app = demo_app().await;
    let store = &app.db.store;
    let plan = kpss_store::plan::plans(store, app.tenant, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .unwrap();
    let tree = kpss_store::plan::plan(store, app.tenant, plan.id)
        .await
        .unwrap();
    // Every part speaks of its own people: no goal or measure text repeats across parts.
    let mut texts: Vec<&str> = tree
        .parts
        .iter()
        .flat_map(|p| p.goals.iter())
        .flat_map(|g| {
            std::iter::once(g.draft.text.as_str())
                .chain(g.measures.iter().map(|m| m.draft.text.as_str()))
        })
        .collect();
    let all = texts.len();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), all, "a goal or measure text repeats");
    // A card's service is for the people of the part its measure belongs to.
    let group_of_part: std::collections::HashMap<&str, &str> = [
        ("SEN", "seniori"),
        ("ZP", "zdravotni-postizeni"),
        ("DUS", "dusevni-onemocneni"),
        ("DRM", "deti-rodina"),
        ("BEZ", "bez-pristresi"),
        ("ROM", "romske-etnikum"),
        ("DEL", "delikvence"),
        ("DRO", "drogy"),
        ("SVY", "socialni-vylouceni"),
    ]
    .into();
    let part_of_measure: std::collections::HashMap<i32, &str> = tree
        .parts
        .iter()
        .flat_map(|p| {
            p.goals
                .iter()
                .flat_map(|g| g.measures.iter().map(|m| (m.id, p.draft.code.as_str())))
        })
        .collect();
    let services = kpss_store::catalogue::all_services(store).await.unwrap();
    let mut checked = 0;
    for ap in action_plan::action_plans(store, app.tenant, plan.id)
        .await
        .unwrap()
    {
        for card in action_plan::cards(store, app.tenant, ap.id).await.unwrap() {
            let Some(service) = card.placement.service_id else {
                continue;
            };
            let service = services.iter().find(|s| s.id == service).unwrap();
            let part = part_of_measure[&card.placement.measure_id];
            assert!(
                service
                    .draft
                    .target_groups
                    .iter()
                    .any(|g| g == group_of_part[part]),
                "„{}“ ({:?}) hangs under a measure of {part}",
                card.draft.title,
                service.draft.target_groups
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} cards checked");
    // A home for seniors is for seniors, and lives in beds.
    let home = services
        .iter()
        .find(|s| s.draft.service_type.as_deref() == Some("49"))
        .unwrap();
    assert_eq!(home.draft.target_groups, ["seniori"]);
    assert!(home.draft.name.starts_with("Domov pro seniory "));
}
