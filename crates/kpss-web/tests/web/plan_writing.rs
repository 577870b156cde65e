//! The demo city's draft of the next plan: the seniors' manager writes the group's part and
//! discusses its measures, the coordinator reviews the changes and locks the part.

use super::demo_round::{demo_app, login};
use super::*;

/// The demo's draft: its id, and (part id, first measure id) of the seniors' part and of
/// another group's part.
async fn draft(app: &TestApp) -> (i32, (i32, i32), (i32, i32)) {
    let store = &app.db.store;
    let plan = kpss_store::plan::plans(store, app.tenant, true)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Draft)
        .unwrap();
    let tree = kpss_store::plan::plan(store, app.tenant, plan.id)
        .await
        .unwrap();
    let first = |own: bool| {
        let part = tree
            .parts
            .iter()
            .find(|p| (p.group == "SEN") == own && p.measures().next().is_some())
            .unwrap();
        (part.id, part.measures().next().unwrap().id)
    };
    (plan.id, first(true), first(false))
}

#[tokio::test]
async fn the_manager_writes_the_groups_part_and_the_coordinator_takes_it_over() {
    let mut app = demo_app().await;
    let (plan, (sen_part, sen_measure), (other_part, other_measure)) = draft(&app).await;
    let edit = format!("/plany/{plan}/opatreni/{sen_measure}/upravit");
    let foreign = format!("/plany/{plan}/opatreni/{other_measure}/upravit");
    let thread = format!("/plany/{plan}/opatreni/{sen_measure}/diskuse");
    assert_ne!(
        app.get(&thread).await.status,
        StatusCode::OK,
        "the public reads no thread"
    );

    let store = app.db.store.clone();
    let tenant = app.tenant;
    let pending = async || {
        kpss_store::plan::writing::pending_changes(&store, tenant, plan)
            .await
            .unwrap()
            .get(&sen_part)
            .copied()
            .unwrap_or_default()
    };
    let waiting = pending().await;
    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let page = app.get(&format!("/plany/{plan}")).await.body;
    assert!(
        page.contains(&edit),
        "the manager's own measures have their links"
    );
    assert!(!page.contains(&foreign));
    assert!(!page.contains(&format!("/plany/{plan}/casti/{sen_part}/zmeny")));
    assert_eq!(app.get(&foreign).await.status, StatusCode::FORBIDDEN);
    let version = app.hidden(&edit, "version").await;
    let code = app.hidden(&edit, "code").await;
    let refused = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", &code),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", &code),
                ("text", "Rozvoj odlehčovacích služeb podle skupiny"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let other_version = "1";
    let stolen = app
        .post(
            &foreign,
            &[
                ("csrf", &csrf),
                ("version", other_version),
                ("code", "X"),
                ("text", "Cizí"),
            ],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);

    // The group's internal thread.
    let empty = app
        .post(&thread, &[("csrf", &csrf), ("comment", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Komentář: Vyplňte prosím tento údaj."));
    let said = app
        .post(
            &thread,
            &[("csrf", &csrf), ("comment", "Doplnit <b>odlehčení</b>.")],
        )
        .await;
    let (page, notice) = app.follow(&said).await;
    assert_eq!(notice.as_deref(), Some("Komentář byl přidán."));
    assert!(
        page.body
            .contains("Doplnit &#60;b&#62;odlehčení&#60;/b&#62;."),
        "escaped: {}",
        page.body
            .split("class=\"thread\"")
            .nth(1)
            .unwrap_or("no thread")
    );
    assert_eq!(
        app.get(&format!("/plany/{plan}/opatreni/{other_measure}/diskuse"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/plany/{plan}/casti/{sen_part}/zmeny"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The coordinator sees the change, takes it over and locks the part.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let changes = format!("/plany/{plan}/casti/{sen_part}/zmeny");
    let page = app.get(&format!("/plany/{plan}")).await.body;
    let now_waiting = pending().await;
    assert_eq!(now_waiting, waiting + 1, "the manager's change waits");
    assert!(page.contains(&format!(
        "Změny skupiny od poslední kontroly ({now_waiting})"
    )));
    let body = app.get(&changes).await.body;
    assert!(body.contains("manazer@demo.kpss.cz"));
    assert!(body.contains("Rozvoj odlehčovacích služeb podle skupiny"));
    let taken = app
        .post(
            &format!("/plany/{plan}/casti/{sen_part}/prevzit"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert!(
        app.get(&changes)
            .await
            .body
            .contains("Od poslední kontroly se v části nic nezměnilo.")
    );
    let lock = format!("/plany/{plan}/casti/{sen_part}/zamek");
    let bad = app
        .post(&lock, &[("csrf", &csrf), ("zamknout", "možná")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let locked = app
        .post(&lock, &[("csrf", &csrf), ("zamknout", "ano")])
        .await;
    assert_eq!(locked.status, StatusCode::SEE_OTHER);
    let _ = other_part;

    // The manager can no longer change the locked part, and is told why.
    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let page = app.get(&format!("/plany/{plan}")).await.body;
    assert!(page.contains("Koordinátor část uzamkl jako konečnou."));
    assert!(!page.contains(&edit));
    let after_lock = app.get(&edit).await;
    assert_eq!(after_lock.status, StatusCode::CONFLICT);
    assert!(after_lock.body.contains("uzamkl jako konečnou"));
    let version = (version.parse::<i32>().unwrap() + 1).to_string();
    let late = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", &code),
                ("text", "Pozdě"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);

    // The manager names editors of the group; a plain member may not.
    let editors = app
        .get(&format!("/skupiny/{}/editori", group_id(&app, "SEN").await))
        .await;
    assert_eq!(editors.status, StatusCode::OK);
    assert!(editors.body.contains("Kdo ze členů skupiny píše návrh"));
    login(&mut app, "clen@demo.kpss.cz").await;
    let refused = app
        .get(&format!("/skupiny/{}/editori", group_id(&app, "SEN").await))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn group_id(app: &TestApp, code: &str) -> i32 {
    kpss_store::work_group::work_groups(&app.db.store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.draft.code == code)
        .unwrap()
        .id
}
