//! The "done when": in the demo city the coordinator takes the 2025 round from open to
//! the summary report, and the report's numbers agree in HTML, XLSX and PDF and with the cards.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use kpss_domain::czech::format_czk;
use kpss_domain::evaluation::Summary;
use kpss_store::action_plan;
use kpss_store::demo::{self, Scale};

use super::*;

async fn demo_app() -> TestApp {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    let t = tenant::ensure(&store, "ostrava", "Statutární město Ostrava")
        .await
        .unwrap();
    let hash = account::hash_password(demo::DEMO_PASSWORD);
    demo::fill(&store, &t, Scale::City, &hash).await.unwrap();
    let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
    let state = kpss_web::AppState {
        store,
        index: Arc::new(index),
        default_tenant: t.clone(),
    };
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
    let csrf = {
        let csrf = app.csrf("/prihlaseni").await;
        let answer = app
            .post(
                "/prihlaseni",
                &[
                    ("csrf", &csrf),
                    ("email", "koordinator@demo.kpss.cz"),
                    ("password", demo::DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        app.csrf("/ucet/heslo").await
    };
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
        .post(&format!("{dashboard}/schvalit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let page = app.get(&dashboard).await;
    assert!(
        page.body.contains("Všechna hodnocení jsou schválená."),
        "{}",
        page.body
    );
    let closed = app
        .post(&format!("{dashboard}/uzavrit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);

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
        "plán {}, skutečnost {}",
        format_czk(planned),
        format_czk(actual)
    );
    assert!(html.body.contains(&expected), "HTML: {expected}");

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
    assert_eq!((number(13), number(14)), (planned, actual), "XLSX");

    let pdf = app.get("/plany/1/souhrnna-zprava.pdf").await;
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected_pdf = expected.replace('\u{a0}', " ");
    assert!(flat.contains(&expected_pdf), "PDF: {expected_pdf}");
}
