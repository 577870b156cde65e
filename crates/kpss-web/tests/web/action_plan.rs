//! Action plans, activity cards and the evaluation round, per page and per role.

use kpss_domain::action_plan::{CardDraft, CardInput};
use kpss_store::action_plan::{self, CardPlacement};

use super::*;

/// An approved plan with the parts SEN and ZP, a measure each, and its action plan 2025;
/// plus managers of both groups. Gives (action plan, SEN measure, ZP measure).
pub(super) async fn action_plan_2025(app: &TestApp) -> (i32, i32, i32) {
    let store = &app.db.store;
    let t = app.tenant;
    let system = Actor::system();
    let (plan, measures) = kpss_store::testing::approved_plan(store, t, &["SEN", "ZP"]).await;
    // The working groups of the parts, which the managers lead.
    kpss_store::testing::link_work_group_codes(store).await;
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

pub(super) async fn organisation_of(app: &TestApp, service: i32) -> i32 {
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
        bad.body
            .contains("<output data-cost-total aria-live=\"polite\">12\u{a0}000\u{a0}Kč</output>"),
        "the refused form adds up the amounts it could read"
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
    let card = location(&created);
    let (page, notice) = app.follow(&created).await;
    assert_eq!(
        notice.as_deref(),
        Some("Karta „Terénní péče 2025“ byla založena.")
    );
    assert!(page.body.contains("Terénní péče 2025"));
    assert!(
        page.body.contains("1\u{a0}235\u{a0}000\u{a0}Kč"),
        "total planned cost"
    );
    assert!(page.body.contains("nevyplněno"));

    // A card planned by mistake is deleted, after a page that says what deleting means.
    let mistake = action_plan::create_card(
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
                title: "Omylem založená karta",
                ..CardInput::default()
            },
            &[],
        )
        .unwrap(),
    )
    .await
    .unwrap();
    let delete = format!("/karty/{mistake}/smazat");
    let csrf = app.csrf(&card).await;
    let unconfirmed = app
        .post(&delete, &[("csrf", &csrf), ("version", "1")])
        .await;
    assert_eq!(unconfirmed.headers[header::LOCATION], delete.as_str());
    assert_eq!(
        app.get(&format!("/karty/{mistake}")).await.status,
        StatusCode::OK,
        "nothing deleted without the confirmation"
    );
    let deleted = app.through_confirmation(&delete).await;
    let (_, notice) = app.follow(&deleted).await;
    assert_eq!(
        notice.as_deref(),
        Some("Karta „Omylem založená karta“ byla smazána.")
    );
    assert_eq!(
        app.get(&format!("/karty/{mistake}")).await.status,
        StatusCode::NOT_FOUND
    );

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
    // Planning ends before the evaluation; closing it is asked about first.
    let planning = format!("/akcni-plany/{ap}/stav");
    let closed = app.through_confirmation(&planning).await;
    let (_, notice) = app.follow(&closed).await;
    assert_eq!(
        notice.as_deref(),
        Some("Plánování karet bylo uzavřeno; karty už nelze přidávat ani měnit.")
    );
    assert_eq!(app.get(&planning).await.status, StatusCode::CONFLICT);
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
    let (_, notice) = app.follow(&opened).await;
    assert_eq!(
        notice.as_deref(),
        Some("Hodnocení bylo otevřeno; poskytovatelé odevzdávají do 31.\u{a0}1.\u{a0}2026.")
    );

    app.login_as("poskytovatel@test.cz").await;
    // Never saved: the form starts from what the card planned, which it shows beside each field.
    let form = app.get(&format!("{card}/hodnoceni")).await;
    assert!(
        form.body.contains("name=\"actual_clients\" value=\"240\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("Plánováno: 240"));
    assert!(form.body.contains("name=\"cost_mesto\" value=\"1200000\""));
    assert!(form.body.contains("Plánováno: 1\u{a0}200\u{a0}000\u{a0}Kč"));
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
    let (page, notice) = app.follow(&submitted).await;
    assert_eq!(
        notice.as_deref(),
        Some("Hodnocení karty „Terénní péče 2025“ bylo odevzdáno ke schválení.")
    );
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
    let (page, notice) = app.follow(&approved).await;
    assert_eq!(
        notice.as_deref(),
        Some("Hodnocení karty „Terénní péče 2025“ bylo schváleno.")
    );
    assert!(page.body.contains("schváleno"));
    // Who submitted and who approved, and when, for the people of the city, not the public.
    assert!(page.body.contains("<dt>Odevzdáno</dt>"), "{}", page.body);
    assert!(page.body.contains(" – poskytovatel@test.cz</dd>"));
    assert!(page.body.contains("<dt>Schváleno</dt>"));
    assert!(page.body.contains(" – manazer-sen@test.cz</dd>"));
    let session = app.cookie.take();
    let public = app.get(&card).await;
    assert!(public.body.contains("schváleno"));
    assert!(!public.body.contains("manazer-sen@test.cz"));
    app.cookie = session;
    assert!(
        !page.body.contains("Vyplnit hodnocení"),
        "an approved card is locked"
    );
    let dashboard = app.get(&round).await;
    assert!(
        !dashboard.body.contains("Chráněné bydlení"),
        "another group's card is not on the seniors' manager's list"
    );
    app.login_as("koordinator@test.cz").await;
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
        report.body.contains("<td class=\"num\">1\u{a0}235</td>"),
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

/// With more organisations than a list can hold, the coordinator finds one by a service it
/// runs, its name or its IČO, then picks one of its services: a two-step form without
/// JavaScript that never lists the whole catalogue.
#[tokio::test]
async fn the_coordinator_finds_the_organisation_then_chooses_among_its_services() {
    use kpss_domain::catalogue::{Ico, OrganisationDraft, OrganisationInput};
    let mut app = TestApp::new().await;
    let (ap, sen, _) = action_plan_2025(&app).await;
    let system = Actor::system();
    for i in 0..101u32 {
        let draft = OrganisationDraft::parse(&OrganisationInput {
            name: format!("Spolek Pomocná ruka {i:03}"),
            ico: Ico::with_check_digit(1_200_000 + i).as_str().to_owned(),
            ..Default::default()
        })
        .unwrap();
        catalogue::create_organisation(&app.db.store, app.tenant, &system, &draft)
            .await
            .unwrap();
    }
    let diakonie = organisation_of(&app, app.other_service).await;
    let (sen_s, diakonie_s) = (sen.to_string(), diakonie.to_string());
    app.login_as("koordinator@test.cz").await;
    let new_card = format!("/akcni-plany/{ap}/karty/nova");
    let form = app.get(&new_card).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("id=\"organisation_query\""));
    assert!(
        !form.body.contains("Spolek Pomocná ruka"),
        "no organisation is listed before a search"
    );
    let csrf = app.csrf(&new_card).await;

    // Found by a service it runs (the catalogue index), keeping what was typed.
    let found = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("step", "organizace"),
                ("organisation_query", "hospic"),
                ("measure", &sen_s),
                ("title", "Paliativní péče doma"),
            ],
        )
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found
            .body
            .contains(&format!("name=\"organisation\" value=\"{diakonie}\""))
    );
    assert!(
        found
            .body
            .contains("Slezská diakonie <span class=\"muted\">(IČO 00000060)")
    );
    assert!(found.body.contains("value=\"Paliativní péče doma\""));
    // By a part of the name in other case, and by IČO.
    let by_name = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("step", "organizace"),
                ("organisation_query", "pomocná RUKA 05"),
            ],
        )
        .await;
    let listed = by_name.body.matches("name=\"organisation\" value=").count();
    assert_eq!(listed, 10, "Spolek … 050 to 059");
    let ico = Ico::with_check_digit(1_200_077).as_str().to_owned();
    let by_ico = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("step", "organizace"),
                ("organisation_query", &ico),
            ],
        )
        .await;
    assert!(by_ico.body.contains("Spolek Pomocná ruka 077"));
    assert_eq!(
        by_ico.body.matches("name=\"organisation\" value=").count(),
        1
    );
    let nothing = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("step", "organizace"),
                ("organisation_query", "zzzz"),
            ],
        )
        .await;
    assert!(
        nothing
            .body
            .contains("Žádná organizace neodpovídá hledání „zzzz“")
    );

    // Chosen: only its services are offered.
    let services = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("step", "sluzby"),
                ("organisation_query", "hospic"),
                ("organisation", &diakonie_s),
            ],
        )
        .await;
    let select = services
        .body
        .split("<select id=\"service\"")
        .nth(1)
        .and_then(|s| s.split("</select>").next())
        .unwrap();
    assert!(select.contains("Hospic svatého Lukáše") && select.contains("Chráněné bydlení Lipová"));
    assert!(!select.contains("Pečovatelská služba Charity"));
    assert!(
        services.body.len() < 150 * 1024,
        "the form stays small: {} bytes",
        services.body.len()
    );

    // Another organisation's service is refused and the choice kept.
    let own = app.own_service.to_string();
    let wrong = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("measure", &sen_s),
                ("organisation", &diakonie_s),
                ("service", &own),
                ("title", "Paliativní péče doma"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains(&format!("value=\"{diakonie}\" checked"))
    );
    let other = app.other_service.to_string();
    let saved = app
        .post(
            &new_card,
            &[
                ("csrf", &csrf),
                ("measure", &sen_s),
                ("organisation", &diakonie_s),
                ("service", &other),
                ("title", "Paliativní péče doma"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let card = app.get(&location(&saved)).await;
    assert!(card.body.contains("Hospic svatého Lukáše"));
}
