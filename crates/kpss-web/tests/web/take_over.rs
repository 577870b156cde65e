//! A new year's action plan takes over last year's cards: in bulk, each role only what it
//! may plan, never twice.

use kpss_store::action_plan;

use super::demo_round::{demo_app, login};
use super::*;

/// The card ids a take-over page offers with a checkbox.
fn offered(body: &str) -> Vec<String> {
    body.split("name=\"karta\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_2025_cards_are_taken_over_into_2026_once_and_by_whom_may() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let created = app
        .post("/plany/1/akcni-plany", &[("csrf", &csrf), ("year", "2026")])
        .await;
    let (detail, _) = app.follow(&created).await;
    let new_plan = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let page_url = format!("{new_plan}/prevzeti");
    assert!(detail.body.contains(&format!("href=\"{page_url}\"")));
    let ap2026: i32 = new_plan.rsplit('/').next().unwrap().parse().unwrap();
    let cards_2025 = {
        let ap2025 = action_plan::action_plans(&app.db.store, app.tenant, 1)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.year == 2025)
            .unwrap();
        action_plan::cards(&app.db.store, app.tenant, ap2025.id)
            .await
            .unwrap()
    };

    // A provider is offered its own cards only.
    let provider_csrf = login(&mut app, "poskytovatel@demo.kpss.cz").await;
    let provider = account::all(&app.db.store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.email == "poskytovatel@demo.kpss.cz")
        .unwrap();
    let own: Vec<String> = cards_2025
        .iter()
        .filter(|c| {
            provider
                .organisations
                .contains(&c.placement.organisation_id)
        })
        .map(|c| c.id.to_string())
        .collect();
    let page = app.get(&page_url).await;
    assert_eq!(offered(&page.body), own, "{}", page.body);
    // …and cannot take another organisation's card by naming it.
    let foreign = cards_2025
        .iter()
        .find(|c| {
            !provider
                .organisations
                .contains(&c.placement.organisation_id)
        })
        .unwrap()
        .id
        .to_string();
    let refused = app
        .post(&page_url, &[("csrf", &provider_csrf), ("karta", &foreign)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The coordinator takes every card over.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let page = app.get(&page_url).await;
    let all = offered(&page.body);
    assert_eq!(all.len(), cards_2025.len());
    let nothing = app.post(&page_url, &[("csrf", &csrf)]).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.body.contains("Vyberte alespoň jednu kartu"));
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    fields.extend(all.iter().map(|id| ("karta", id.as_str())));
    let taken = app.post(&page_url, &fields).await;
    let (_, notice) = app.follow(&taken).await;
    assert_eq!(
        notice.unwrap(),
        format!(
            "Do akčního plánu 2026 bylo převzato {}; upravte v nich, co se letos mění.",
            kpss_domain::czech::count(cards_2025.len(), "karta", "karty", "karet")
        )
    );
    let cards_2026 = action_plan::cards(&app.db.store, app.tenant, ap2026)
        .await
        .unwrap();
    assert_eq!(cards_2026.len(), cards_2025.len());
    for (old, new) in cards_2025.iter().zip(&cards_2026) {
        assert_eq!(new.placement, old.placement);
        assert_eq!(new.draft.costs, old.draft.costs);
        assert_eq!(new.draft.planned_clients, old.draft.planned_clients);
        assert_eq!(new.draft.title, old.draft.title.replace("2025", "2026"));
        assert_eq!(
            new.report.state,
            kpss_domain::evaluation::ReportState::Missing
        );
    }

    // Taking the same cards again is refused and stores nothing; the page offers none of them.
    let again = app.post(&page_url, &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("nic nebylo převzato"), "{}", again.body);
    assert_eq!(
        action_plan::cards(&app.db.store, app.tenant, ap2026)
            .await
            .unwrap()
            .len(),
        cards_2025.len()
    );
    let page = app.get(&page_url).await;
    assert!(offered(&page.body).is_empty());
    assert!(page.body.contains("už převzata"));
}
