//! Each role's start page at `/` in the demo city: what waits for whom, checked against the
//! store's own record of the 2025 round.

use kpss_domain::evaluation::ReportState;
use kpss_store::action_plan;

use super::demo_round::{demo_app, login};
use super::*;

/// The cards a start page lists as waiting, as (card id, the line's text).
fn waiting(body: &str) -> Vec<(i32, String)> {
    let Some(list) = body
        .split("<ul class=\"waiting\">")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
    else {
        return Vec::new();
    };
    list.split("<li>")
        .skip(1)
        .map(|item| {
            let id = item
                .split("href=\"/karty/")
                .nth(1)
                .and_then(|s| s.split(['/', '"']).next())
                .unwrap()
                .parse()
                .unwrap();
            (id, item.split("</li>").next().unwrap().to_owned())
        })
        .collect()
}

/// The 2025 action plan, from the link of its round on a start page.
fn round_of(body: &str) -> i32 {
    body.split("href=\"/akcni-plany/")
        .find_map(|s| s.split_once("/hodnoceni\"").map(|(id, _)| id.to_owned()))
        .unwrap()
        .parse()
        .unwrap()
}

async fn account(app: &TestApp, email: &str) -> kpss_store::account::Account {
    account::all(&app.db.store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.email == email)
        .unwrap()
}

#[tokio::test]
async fn each_role_starts_on_what_waits_for_it() {
    let mut app = demo_app().await;
    let public = app.get("/").await;
    assert!(public.body.contains("Co hledáte?"), "the public home stays");
    assert!(!public.body.contains("Moje práce"));

    // The provider: its own cards still owed in 2025, the overdue ones first.
    login(&mut app, "poskytovatel@demo.kpss.cz").await;
    let page = app.get("/").await;
    assert!(page.body.contains("<h1>Moje práce</h1>"), "{}", page.body);
    let ap = round_of(&page.body);
    let cards = action_plan::cards(&app.db.store, app.tenant, ap)
        .await
        .unwrap();
    let provider = account(&app, "poskytovatel@demo.kpss.cz").await;
    let owed: Vec<i32> = cards
        .iter()
        .filter(|c| {
            provider
                .organisations
                .contains(&c.placement.organisation_id)
        })
        .filter(|c| matches!(c.report.state, ReportState::Missing | ReportState::Returned))
        .map(|c| c.id)
        .collect();
    let listed = waiting(&page.body);
    assert!(!owed.is_empty());
    let mut ids: Vec<i32> = listed.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    assert_eq!(ids, owed, "exactly the provider's owed cards");
    // The 2025 deadline (31. 1. 2026) has passed: every owed card says so, first thing.
    assert!(
        listed[0]
            .1
            .starts_with("<strong class=\"overdue\">Po termínu:</strong>")
    );
    assert!(
        page.body
            .contains(&format!("href=\"/karty/{}/hodnoceni\"", listed[0].0))
    );
    assert!(page.body.contains("Postup podle pracovních skupin"));
    assert!(page.body.contains("<progress id=\"postup-"));

    // The seniors' manager: the submitted cards of the group, to review.
    login(&mut app, "manazer@demo.kpss.cz").await;
    let page = app.get("/").await;
    let listed = waiting(&page.body);
    assert!(!listed.is_empty(), "{}", page.body);
    for (id, line) in &listed {
        assert!(line.contains("posoudit odevzdané hodnocení"), "{line}");
        let card = cards.iter().find(|c| c.id == *id).unwrap();
        assert_eq!(card.report.state, ReportState::Submitted);
    }

    // The coordinator: every submitted card of the round.
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let page = app.get("/").await;
    let mut submitted: Vec<&action_plan::Card> = cards
        .iter()
        .filter(|c| c.report.state == ReportState::Submitted)
        .collect();
    submitted.sort_by_key(|c| (c.report.submitted_at, c.id));
    let submitted_count = submitted.len();
    assert!(
        submitted_count > 20,
        "the demo round has more to review than the page lists"
    );
    // The twenty waiting longest, by title; the rest are one link away.
    let mut shown: Vec<i32> = waiting(&page.body).iter().map(|(id, _)| *id).collect();
    shown.sort_unstable();
    let mut longest: Vec<i32> = submitted.iter().take(20).map(|c| c.id).collect();
    longest.sort_unstable();
    assert_eq!(shown, longest);
    assert!(page.body.contains(&format!(
        "Níže je prvních 20; všechny najdete v <a href=\"/akcni-plany/{ap}/karty?stav=submitted\">"
    )));
    let submitted = submitted_count;
    // The round's progress comes from the kept sums: the same figures as the cards.
    let approved = cards
        .iter()
        .filter(|c| c.report.state == ReportState::Approved)
        .count();
    assert!(
        page.body.contains(&format!(
            "Celkem schváleno {approved} z {}.",
            kpss_domain::czech::count(cards.len(), "karty", "karet", "karet")
        )),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!(
            "Čeká na vás {}",
            kpss_domain::czech::count(submitted, "karta", "karty", "karet")
        )),
        "{}",
        page.body
    );
    assert!(
        listed.len() < submitted,
        "a manager sees only the groups it leads"
    );

    // A member of a working group follows no round and has nothing to evaluate.
    login(&mut app, "clen@demo.kpss.cz").await;
    let page = app.get("/").await;
    assert!(page.body.contains("<h1>Moje práce</h1>"));
    assert!(!page.body.contains("Postup podle pracovních skupin"));
    assert!(waiting(&page.body).is_empty());
}
