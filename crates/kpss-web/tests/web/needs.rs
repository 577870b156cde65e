//! Needs and the map of needs and services: the chain from a demo need to the cards, money and
//! clients that answer it and back from the plan, the map's gaps, and a coordinator recording a
//! need (bad input kept and named) and linking a measure.

use super::demo_round::{demo_app, login};
use super::*;

#[tokio::test]
async fn a_need_leads_to_what_answers_it_and_the_map_shows_the_gaps() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let needs = kpss_store::need::needs(&store, app.tenant).await.unwrap();
    let answered = needs
        .iter()
        .find(|n| n.draft.state == kpss_domain::need::NeedState::Answered)
        .unwrap();
    let cards = kpss_store::need::cards_answering(&store, app.tenant, answered)
        .await
        .unwrap();
    assert!(
        !cards.is_empty(),
        "the demo's current plan has cards for the measure"
    );
    let planned: i64 = cards.iter().map(|c| c.planned_cost).sum();
    let page = app.get(&format!("/potreby/{}", answered.id)).await.body;
    assert!(page.contains(&answered.draft.title));
    assert!(
        page.contains(&kpss_domain::czech::format_czk(planned)),
        "the planned money of its cards adds up"
    );
    assert_eq!(page.matches("<a href=\"/karty/").count(), cards.len());
    // Back from the plan: the measure names the need.
    let plan = kpss_store::plan::plans(&store, app.tenant, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .unwrap();
    let plan_page = app.get(&format!("/plany/{}", plan.id)).await.body;
    assert!(plan_page.contains(&format!(
        "Odpovídá na potřeby: <a href=\"/potreby/{}\">",
        answered.id
    )));

    // The map: the public sees it; the gaps per group add up from the districts.
    let map = app.get("/mapa-potreb").await.body;
    assert!(map.contains("role=\"img\""));
    let group = &answered.draft.target_group;
    let detail = app.get(&format!("/mapa-potreb/{group}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains(&answered.draft.title));
    assert_eq!(
        app.get("/mapa-potreb/neznama").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/potreby?stav=vymysleny").await.status,
        StatusCode::BAD_REQUEST
    );

    // The coordinator records a need: bad input is named and kept; then linked to a measure.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let bad = app
        .post(
            "/potreby/nova",
            &[
                ("csrf", &csrf),
                ("title", "Chráněné bydlení v Porubě"),
                ("target_group", group),
                ("districts", "neexistujici-obvod"),
                ("source", "statistika"),
                ("size", "-5"),
                ("state", "zjistena"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Chráněné bydlení v Porubě"));
    assert!(bad.body.contains("Kolika lidí se týká"), "{}", bad.body);
    let created = app
        .post(
            "/potreby/nova",
            &[
                ("csrf", &csrf),
                ("title", "Chráněné bydlení v Porubě"),
                ("target_group", group),
                ("source", "statistika"),
                ("size", "30"),
                ("state", "zjistena"),
            ],
        )
        .await;
    let (page, _) = app.follow(&created).await;
    let id: i32 = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .trim_start_matches("/potreby/")
        .parse()
        .unwrap();
    assert!(page.body.contains("30\u{a0}osob"));
    let measure = kpss_store::plan::plan(&store, app.tenant, plan.id)
        .await
        .unwrap()
        .measures()
        .next()
        .unwrap()
        .id;
    let link = format!("/potreby/{id}/propojeni");
    let forged = app
        .post(
            &link,
            &[("csrf", &csrf), ("akce", "pridat"), ("item", "plan")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    let linked = app
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("akce", "pridat"),
                ("item", &format!("opatreni-{measure}")),
            ],
        )
        .await;
    let (page, flash) = app.follow(&linked).await;
    assert!(flash.unwrap().contains("propojena"));
    assert!(
        page.body
            .contains(&format!("/plany/{}#opatreni-{measure}", plan.id))
    );
    // A provider records nothing.
    let _ = login(&mut app, "poskytovatel@demo.kpss.cz").await;
    assert_eq!(app.get("/potreby/nova").await.status, StatusCode::FORBIDDEN);
}
