//! Activity cards and their evaluation imported from XLSX, all or none.

use kpss_store::action_plan;

use super::action_plan::{action_plan_2025, organisation_of};
use super::*;

/// A filled planned-cards sheet: (measure code, IČO, title, city's cost, clients) per row.
fn cards_sheet(rows: &[(&str, &str, &str, &str, &str)]) -> Vec<u8> {
    use kpss_docs::import::{CardColumns, template};
    let sources: Vec<(String, String)> = kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
        .collect();
    let columns = CardColumns::new(&sources);
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(measure, ico, title, cost, clients)| {
            let mut row = vec![String::new(); columns.names.len()];
            row[0] = (*measure).into();
            row[1] = (*ico).into();
            row[4] = (*title).into();
            row[8] = (*clients).into();
            row[columns.first_source()] = (*cost).into();
            row
        })
        .collect();
    template(CardColumns::SHEET, &columns.names, &rows, &[]).unwrap()
}

#[tokio::test]
async fn cards_are_imported_from_the_template_all_or_none() {
    let mut app = TestApp::new().await;
    let (ap, _, _) = action_plan_2025(&app).await;
    let mine = catalogue::organisation(
        &app.db.store,
        app.tenant,
        organisation_of(&app, app.own_service).await,
    )
    .await
    .unwrap()
    .draft
    .ico
    .to_string();
    let theirs = catalogue::organisation(
        &app.db.store,
        app.tenant,
        organisation_of(&app, app.other_service).await,
    )
    .await
    .unwrap()
    .draft
    .ico
    .to_string();
    app.login_as("poskytovatel@test.cz").await;
    let page = format!("/akcni-plany/{ap}/import");
    let template = app.get(&format!("{page}/karty.xlsx")).await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.body.starts_with("PK"), "an XLSX (zip) file");
    let csrf = app.csrf(&page).await;
    let upload = format!("{page}/karty");

    let bad = cards_sheet(&[
        ("SEN 1.1", &mine, "Terénní péče", "1200000", "240"),
        ("SEN 9.9", &mine, "Neznámé opatření", "1000", "10"),
        ("SEN 1.1", &mine, "Text v čísle", "hodně", "deset"),
        ("SEN 1.1", &theirs, "Cizí organizace", "1000", "10"),
    ]);
    let answer = app.post_file(&upload, &[("csrf", &csrf)], &bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("nic nebylo uloženo"),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<td class=\"num\">3</td><td>Kód opatření</td>"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("Plán – rozpočet města (Kč)"));
    assert!(answer.body.contains("Plánovaný počet klientů"));
    assert!(
        answer.body.contains("nepatří vaší organizaci"),
        "{}",
        answer.body
    );
    assert!(
        action_plan::cards(&app.db.store, app.tenant, ap)
            .await
            .unwrap()
            .is_empty(),
        "the valid first row was not stored either"
    );

    let not_xlsx = app
        .post_file(&upload, &[("csrf", &csrf)], b"%PDF-1.7 nothing")
        .await;
    assert_eq!(not_xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_xlsx.body.contains("Soubor není sešit XLSX"));

    let good = cards_sheet(&[
        ("SEN 1.1", &mine, "Terénní péče", "1 200 000", "240"),
        ("sen 1.1", &mine, "Půjčovna pomůcek", "35000", ""),
    ]);
    let answer = app.post_file(&upload, &[("csrf", &csrf)], &good).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("Byly importovány 2\u{a0}karty aktivit.")
    );
    let cards = action_plan::cards(&app.db.store, app.tenant, ap)
        .await
        .unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].draft.costs, vec![("mesto".to_owned(), 1_200_000)]);
    assert_eq!(cards[0].draft.planned_clients, Some(240));

    let forged = app.post_file(&upload, &[("csrf", "x")], &good).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // The evaluation of the same cards, from the evaluation template.
    kpss_store::evaluation::open_round(
        &app.db.store,
        app.tenant,
        &Actor::system(),
        ap,
        &kpss_domain::evaluation::RoundDraft::parse("31. 1. 2026").unwrap(),
    )
    .await
    .unwrap();
    let template = app.get(&format!("{page}/hodnoceni.xlsx")).await;
    assert_eq!(template.status, StatusCode::OK);
    let reports = format!("{page}/hodnoceni");
    let sheet = |second_comment: &str| {
        use kpss_docs::import::{ReportColumns, template};
        let sources: Vec<(String, String)> = kpss_domain::funding::DEFAULT_SOURCES
            .iter()
            .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
            .collect();
        let columns = ReportColumns::new(&sources);
        let mut rows = Vec::new();
        for (card, status, comment) in [
            (cards[0].id, "splněno", ""),
            (cards[1].id, "částečně splněno", second_comment),
        ] {
            let mut row = vec![String::new(); columns.names.len()];
            row[0] = card.to_string();
            row[3] = status.into();
            row[4] = "250".into();
            row[6] = comment.into();
            row[columns.first_source()] = "1100000".into();
            rows.push(row);
        }
        template(ReportColumns::SHEET, &columns.names, &rows, &[]).unwrap()
    };
    let answer = app
        .post_file(
            &reports,
            &[("csrf", &csrf), ("action", "odevzdat")],
            &sheet(""),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .body
            .contains("<td class=\"num\">3</td><td>Komentář</td>"),
        "{}",
        answer.body
    );
    let unchanged = action_plan::card(&app.db.store, app.tenant, cards[0].id)
        .await
        .unwrap();
    assert_eq!(
        unchanged.report.state,
        kpss_domain::evaluation::ReportState::Missing
    );
    let answer = app
        .post_file(
            &reports,
            &[("csrf", &csrf), ("action", "odevzdat")],
            &sheet("Půjčovna byla tři měsíce zavřená."),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("Hodnocení 2\u{a0}karet bylo odevzdáno ke schválení.")
    );
    let card = action_plan::card(&app.db.store, app.tenant, cards[0].id)
        .await
        .unwrap();
    assert_eq!(
        card.report.state,
        kpss_domain::evaluation::ReportState::Submitted
    );
    assert_eq!(
        card.report.actual_costs,
        vec![("mesto".to_owned(), 1_100_000)]
    );
    let again = app
        .post_file(
            &reports,
            &[("csrf", &csrf), ("action", "odevzdat")],
            &sheet("x"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("už bylo odevzdáno"),
        "submitted cards are locked"
    );
}
