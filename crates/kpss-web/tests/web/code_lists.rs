//! The tenant's code lists kept by the coordinator.

use kpss_domain::action_plan::{CardDraft, CardInput};
use kpss_store::action_plan::{self, CardPlacement};

use super::action_plan::{action_plan_2025, organisation_of};
use super::*;

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
    let version = app.hidden("/sprava/ciselniky/zdroje", "version").await;
    assert_eq!(version, "0", "a list never saved");
    let bad = app
        .post(
            "/sprava/ciselniky/zdroje",
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("list", "mesto; město\nnadace Nadace"),
            ],
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
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("list", "kraj; rozpočet kraje"),
            ],
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
                ("version", &version),
                ("list", "mesto; rozpočet města\nnadace; Nadace pro Ostravu"),
            ],
        )
        .await;
    let (saved, notice) = app.follow(&saved).await;
    assert_eq!(
        notice.as_deref(),
        Some("Číselník „Zdroje financování“ byl uložen.")
    );
    assert!(saved.body.contains("name=\"version\" value=\"1\""));
    // A second tab opened before the save: refused, with what was typed kept.
    let stale = app
        .post(
            "/sprava/ciselniky/zdroje",
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("list", "mesto; rozpočet města\nkraj; Krajský úřad"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Změny nebyly uloženy"));
    assert!(stale.body.contains("kraj; Krajský úřad"), "{}", stale.body);
    let form = app.get(&format!("/akcni-plany/{ap}/karty/nova")).await;
    assert!(form.body.contains("Nadace pro Ostravu"));
    assert!(
        !form.body.contains("fondy EU"),
        "the dropped default is gone"
    );
}
