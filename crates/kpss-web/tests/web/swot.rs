//! The SWOT of the groups for the next plan: the demo's lists with their evidence, the seniors'
//! manager adds an item resting on a survey question, forged evidence and another group's SWOT
//! are refused, and the public does not see a draft's SWOT.

use super::demo_round::{demo_app, login};
use super::*;

#[tokio::test]
async fn a_manager_writes_the_groups_swot_on_evidence() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let draft = kpss_store::plan::plans(&store, app.tenant, true)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|p| p.id)
        .unwrap();
    let groups = kpss_store::work_group::work_groups(&store, app.tenant)
        .await
        .unwrap();
    let sen = groups.iter().find(|g| g.draft.code == "SEN").unwrap().id;
    let zp = groups.iter().find(|g| g.draft.code == "ZP").unwrap().id;
    let overview = format!("/plany/{}/swot", draft.id);
    assert_eq!(
        app.get(&overview).await.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let all = app.get(&overview).await.body;
    assert!(all.contains("Silné stránky") && all.contains("Hrozby"));
    assert!(
        all.contains("Podklad: <a href=\"/dotazniky/"),
        "demo items rest on the survey"
    );
    let page = format!("/plany/{}/swot/{sen}", draft.id);
    let mine = app.get(&page).await.body;
    assert!(mine.contains("Přidat položku"));
    let question = mine
        .split("<option value=\"otazka-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let evidence = format!("otazka-{question}");
    let forged = app
        .post(
            &page,
            &[
                ("csrf", &csrf),
                ("quadrant", "hrozby"),
                ("text", "Podvrh"),
                ("evidence", "otazka-999999"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(forged.body.contains("Podvrh"), "the text kept");
    let added = app
        .post(
            &page,
            &[
                ("csrf", &csrf),
                ("quadrant", "prilezitosti"),
                ("text", "Nový domov se zvláštním režimem"),
                ("evidence", &evidence),
            ],
        )
        .await;
    let (after, flash) = app.follow(&added).await;
    assert!(flash.unwrap().contains("přidána"));
    let item = after.body.split("Nový domov se zvláštním režimem").count();
    assert!(item >= 3, "in the grid and the edit list");
    // Another group's SWOT: read, never written.
    let other = format!("/plany/{}/swot/{zp}", draft.id);
    assert!(!app.get(&other).await.body.contains("Přidat položku"));
    let refused = app
        .post(
            &other,
            &[("csrf", &csrf), ("quadrant", "hrozby"), ("text", "Cizí")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
