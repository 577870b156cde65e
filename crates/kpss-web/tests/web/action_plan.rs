//! Action plans, activity cards and the evaluation round, per page and per role.

use kpss_domain::action_plan::{CardDraft, CardInput};
use kpss_store::action_plan::{self, CardPlacement};

use super::*;

/// An approved plan with the parts SEN and ZP, a measure each, and its action plan 2025;
/// plus managers of both groups. Gives (action plan, SEN measure, ZP measure).
async fn action_plan_2025(app: &TestApp) -> (i32, i32, i32) {
    let store = &app.db.store;
    let t = app.tenant;
    let system = Actor::system();
    let (plan, measures) = kpss_store::testing::approved_plan(store, t, &["SEN", "ZP"]).await;
    let ap = action_plan::create_action_plan(store, t, &system, plan, 2025)
        .await
        .unwrap();
    let hash = account::hash_password(PASSWORD);
    for (email, group) in [("manazer-sen@test.cz", "SEN"), ("manazer-zp@test.cz", "ZP")] {
        account::add(
            store,
            t,
            &system,
            NewAccount {
                email,
                name: email,
                role: Role::Manager,
                password_hash: hash.clone(),
                organisations: &[],
                groups: &[group.to_owned()],
            },
        )
        .await
        .unwrap();
    }
    (ap.id, measures[0], measures[1])
}

async fn organisation_of(app: &TestApp, service: i32) -> i32 {
    catalogue::service(&app.db.store, app.tenant, service)
        .await
        .unwrap()
        .organisation_id
}

fn location(answer: &Answer) -> String {
    answer.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_provider_plans_a_card_reports_on_it_and_the_groups_manager_approves_it() {
    let mut app = TestApp::new().await;
    let (ap, sen, zp) = action_plan_2025(&app).await;
    let mine = organisation_of(&app, app.own_service).await;
    let theirs = organisation_of(&app, app.other_service).await;
    let own_service = app.own_service.to_string();
    let (sen_s, mine_s, theirs_s) = (sen.to_string(), mine.to_string(), theirs.to_string());

    app.login_as("poskytovatel@test.cz").await;
    let new_card = format!("/akcni-plany/{ap}/karty/nova");
    let form = app.get(&new_card).await;
    assert_eq!(form.status, StatusCode::OK);
    let organisations = form
        .body
        .split("<select id=\"organisation\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .unwrap();
    assert!(organisations.contains(&format!("<option value=\"{mine}\"")));
    assert!(
        !organisations.contains(&format!("<option value=\"{theirs}\"")),
        "a provider chooses only its own organisations"
    );
    let csrf = app.csrf(&new_card).await;
    let bad = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("measure", &sen_s),
                ("organisation", &mine_s),
                ("title", ""),
                ("planned_clients", "hodně"),
                ("cost_mesto", "-5000"),
                ("cost_mpsv", "12 000"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Formulář obsahuje chyby (3)"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains("value=\"12 000\""),
        "the form keeps what was typed"
    );
    assert!(bad.body.contains("value=\"hodně\""));
    let foreign = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("measure", &sen_s),
                ("organisation", &theirs_s),
                ("title", "Cizí karta"),
            ],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    let created = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("measure", &sen_s),
                ("organisation", &mine_s),
                ("service", &own_service),
                ("title", "Terénní péče 2025"),
                ("planned_clients", "240"),
                ("cost_mesto", "1 200 000"),
                ("cost_uhrady", "35 000"),
                ("indicator_name_0", "počet účastníků"),
                ("indicator_unit_0", "osob"),
                ("indicator_target_0", "240"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let card = location(&created);
    let page = app.get(&card).await;
    assert!(page.body.contains("Terénní péče 2025"));
    assert!(
        page.body.contains("1\u{a0}235\u{a0}000\u{a0}Kč"),
        "total planned cost"
    );
    assert!(page.body.contains("nevyplněno"));

    // Another organisation's card, planned by the coordinator.
    let other_card = action_plan::create_card(
        &app.db.store,
        app.tenant,
        &Actor::system(),
        ap,
        CardPlacement {
            measure_id: zp,
            organisation_id: theirs,
            service_id: None,
        },
        &CardDraft::parse(
            &CardInput {
                title: "Chráněné bydlení",
                ..CardInput::default()
            },
            &[],
        )
        .unwrap(),
    )
    .await
    .unwrap();

    app.login_as("koordinator@test.cz").await;
    let round = format!("/akcni-plany/{ap}/hodnoceni");
    let csrf = app.csrf(&round).await;
    let bad = app
        .post(&round, &[("csrf", &csrf), ("deadline", "brzy")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Zadejte datum ve tvaru"));
    let opened = app
        .post(&round, &[("csrf", &csrf), ("deadline", "31. 1. 2026")])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    app.login_as("poskytovatel@test.cz").await;
    let csrf = app.csrf(&format!("{card}/hodnoceni")).await;
    let closed = app
        .post(
            &format!("{card}/upravit"),
            &[("csrf", &csrf), ("version", "1"), ("title", "Pozdě")],
        )
        .await;
    assert_eq!(
        closed.status,
        StatusCode::CONFLICT,
        "planning ended with the round"
    );
    assert!(
        closed.body.contains("Akční plán je uzavřený"),
        "{}",
        closed.body
    );
    let foreign = app.get(&format!("/karty/{other_card}/hodnoceni")).await;
    assert_eq!(
        foreign.status,
        StatusCode::FORBIDDEN,
        "a provider cannot report on another organisation's card"
    );
    let short = app
        .post(
            &format!("{card}/hodnoceni"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("status", "castecne"),
                ("actual_clients", "286"),
                ("action", "odevzdat"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("Komentář"),
        "a shortfall needs a reason"
    );
    let submitted = app
        .post(
            &format!("{card}/hodnoceni"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("status", "splneno"),
                ("actual_clients", "286"),
                ("cost_mesto", "1 150 000"),
                ("indicator_actual_0", "286"),
                ("action", "odevzdat"),
            ],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let page = app.get(&card).await;
    assert!(page.body.contains("odevzdáno"));
    assert!(page.body.contains("119\u{a0}%"), "286 of 240 participants");

    let review = format!("{card}/posouzeni");
    app.login_as("manazer-zp@test.cz").await;
    let csrf = app.csrf(&format!("/akcni-plany/{ap}")).await;
    let refused = app
        .post(
            &review,
            &[("csrf", &csrf), ("version", "2"), ("action", "schvalit")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a manager cannot approve another group's card"
    );
    app.login_as("manazer-sen@test.cz").await;
    let page = app.get(&card).await;
    assert!(page.body.contains("Schválit hodnocení"));
    let csrf = app.csrf(&card).await;
    let approved = app
        .post(
            &review,
            &[("csrf", &csrf), ("version", "2"), ("action", "schvalit")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let page = app.get(&card).await;
    assert!(page.body.contains("schváleno"));
    assert!(
        !page.body.contains("Vyplnit hodnocení"),
        "an approved card is locked"
    );
    let dashboard = app.get(&round).await;
    assert!(
        dashboard.body.contains("Chráněné bydlení"),
        "the missing card waits"
    );
    assert!(
        dashboard.body.contains("<dt>Schváleno</dt><dd>1</dd>"),
        "{}",
        dashboard.body
    );

    let report = app.get(&format!("/akcni-plany/{ap}/zprava")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report
            .body
            .contains("Vyhodnocení akčního plánu na rok 2025")
    );
    assert!(
        report.body.contains("1\u{a0}150\u{a0}000\u{a0}Kč"),
        "the approved actual cost"
    );
    assert!(
        report.body.contains("1\u{a0}235\u{a0}tis.\u{a0}Kč"),
        "planned, in thousands"
    );
    assert!(report.body.contains("podíl splněných 100\u{a0}%"));
    let xlsx = app.get(&format!("/akcni-plany/{ap}/zprava.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("vyhodnoceni-akcniho-planu-2025.xlsx")
    );
    let pdf = app.get(&format!("/akcni-plany/{ap}/zprava.pdf")).await;
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let plan_id = action_plan::action_plan(&app.db.store, app.tenant, ap)
        .await
        .unwrap()
        .plan_id;
    let summary = app.get(&format!("/plany/{plan_id}/souhrnna-zprava")).await;
    assert!(
        summary
            .body
            .contains("Souhrnná zpráva o plnění cílů a opatření")
    );
    assert!(summary.body.contains("1\u{a0}150\u{a0}000\u{a0}Kč"));
}

#[tokio::test]
async fn the_coordinator_starts_action_plans_only_for_years_of_an_approved_plan() {
    let mut app = TestApp::new().await;
    let (ap, _, _) = action_plan_2025(&app).await;
    let plan_id = action_plan::action_plan(&app.db.store, app.tenant, ap)
        .await
        .unwrap()
        .plan_id;
    app.login_as("koordinator@test.cz").await;
    let plan_page = format!("/plany/{plan_id}");
    let page = app.get(&plan_page).await;
    assert!(page.body.contains("<option value=\"2026\">"));
    assert!(
        !page.body.contains("<option value=\"2025\">"),
        "2025 has one"
    );
    let csrf = app.csrf(&plan_page).await;
    let outside = app
        .post(
            &format!("{plan_page}/akcni-plany"),
            &[("csrf", &csrf), ("year", "2031")],
        )
        .await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    assert!(outside.body.contains("od 2023 do 2026"), "{}", outside.body);
    let created = app
        .post(
            &format!("{plan_page}/akcni-plany"),
            &[("csrf", &csrf), ("year", "2026")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let page = app.get(&location(&created)).await;
    assert!(page.body.contains("Akční plán 2026"));
    assert!(page.body.contains("Přidat kartu aktivity"));

    app.login_as("poskytovatel@test.cz").await;
    let csrf = app.csrf(&plan_page).await;
    let refused = app
        .post(
            &format!("{plan_page}/akcni-plany"),
            &[("csrf", &csrf), ("year", "2024")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

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
    assert!(answer.body.contains("Importováno 2 karet aktivit."));
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
            .contains("Hodnocení 2 karet bylo odevzdáno ke schválení.")
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

#[tokio::test]
async fn the_coordinator_keeps_the_funding_sources_but_cannot_drop_one_in_use() {
    let mut app = TestApp::new().await;
    let (ap, sen, _) = action_plan_2025(&app).await;
    let mine = organisation_of(&app, app.own_service).await;
    let sources: Vec<String> = kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect();
    action_plan::create_card(
        &app.db.store,
        app.tenant,
        &Actor::system(),
        ap,
        CardPlacement {
            measure_id: sen,
            organisation_id: mine,
            service_id: None,
        },
        &CardDraft::parse(
            &CardInput {
                title: "Karta z rozpočtu města",
                costs: vec![("mesto", "1000")],
                ..CardInput::default()
            },
            &sources,
        )
        .unwrap(),
    )
    .await
    .unwrap();
    app.login_as("poskytovatel@test.cz").await;
    assert_eq!(
        app.get("/sprava/ciselniky/zdroje").await.status,
        StatusCode::FORBIDDEN
    );
    app.login_as("koordinator@test.cz").await;
    let page = app.get("/sprava/ciselniky/zdroje").await;
    assert!(page.body.contains("mesto; rozpočet města"));
    let csrf = app.csrf("/sprava/ciselniky/zdroje").await;
    let bad = app
        .post(
            "/sprava/ciselniky/zdroje",
            &[("csrf", &csrf), ("list", "mesto; město\nnadace Nadace")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Řádek 2"), "{}", bad.body);
    assert!(
        bad.body.contains("nadace Nadace"),
        "the form keeps what was typed"
    );
    let dropped = app
        .post(
            "/sprava/ciselniky/zdroje",
            &[("csrf", &csrf), ("list", "kraj; rozpočet kraje")],
        )
        .await;
    assert_eq!(dropped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dropped.body.contains("nelze je odebrat: mesto"),
        "{}",
        dropped.body
    );
    let saved = app
        .post(
            "/sprava/ciselniky/zdroje",
            &[
                ("csrf", &csrf),
                ("list", "mesto; rozpočet města\nnadace; Nadace pro Ostravu"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.body.contains("Seznam byl uložen."));
    let form = app.get(&format!("/akcni-plany/{ap}/karty/nova")).await;
    assert!(form.body.contains("Nadace pro Ostravu"));
    assert!(
        !form.body.contains("fondy EU"),
        "the dropped default is gone"
    );
}
