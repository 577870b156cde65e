//! `/sprava/skupiny`: the coordinator keeps the steering group, the working groups and their
//! subgroups of the demo city.

use super::demo_round::{demo_app, login};
use super::*;

#[tokio::test]
async fn the_coordinator_keeps_the_groups_and_a_refused_form_keeps_what_was_typed() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let list = app.get("/sprava/skupiny").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("13\u{a0}skupin"), "{}", list.body);
    let steering = list
        .body
        .find("Řídící skupina komunitního plánování (demo)")
        .expect("the steering group");
    let seniors = list.body.find(">Senioři<").expect("the seniors' group");
    assert!(steering < seniors, "the steering group comes first");
    let groups = kpss_store::work_group::work_groups(&app.db.store, app.tenant)
        .await
        .unwrap();
    let sen = groups.iter().find(|g| g.draft.code == "SEN").unwrap();

    // A subgroup without its working group and with a code of spaces: every problem named,
    // what was typed kept.
    let refused = app
        .post(
            "/sprava/skupiny/nova",
            &[
                ("csrf", &csrf),
                ("kind", "podskupina"),
                ("code", "SEN D"),
                ("name", "Lidé s demencí"),
                ("target_groups", "seniori"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Formulář obsahuje chyby (2)"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"Lidé s demencí\""));
    assert!(refused.body.contains("value=\"seniori\" checked"));

    let parent = sen.id.to_string();
    let created = app
        .post(
            "/sprava/skupiny/nova",
            &[
                ("csrf", &csrf),
                ("kind", "podskupina"),
                ("code", "sen-d"),
                ("name", "Lidé s demencí"),
                ("parent", &parent),
                ("target_groups", "seniori"),
                ("founded", "1. 9. 2024"),
            ],
        )
        .await;
    let (list, notice) = app.follow(&created).await;
    assert_eq!(
        notice.as_deref(),
        Some("Pracovní podskupina SEN-D – Lidé s demencí byla uložena.")
    );
    let (at_sen, at_sub) = (
        list.body.find(">Senioři<").unwrap(),
        list.body.find(">Lidé s demencí<").unwrap(),
    );
    assert!(at_sen < at_sub, "a subgroup follows its working group");

    // The working group dissolved; a second tab opened before is refused and keeps its text.
    let edit = format!("/sprava/skupiny/{}", sen.id);
    let page = app.get(&edit).await;
    assert!(
        page.body.contains("<title>SEN – Senioři – úprava skupiny"),
        "{}",
        page.body
    );
    let version = app.hidden(&edit, "version").await;
    let fields = |dissolved: &'static str, name: &'static str| {
        vec![
            ("kind", "pracovni"),
            ("code", "SEN"),
            ("name", name),
            ("target_groups", "seniori"),
            ("founded", "1. 3. 2003"),
            ("dissolved", dissolved),
        ]
    };
    let mut form = fields("30. 6. 2024", "Senioři");
    form.extend([("csrf", csrf.as_str()), ("version", version.as_str())]);
    let saved = app.post(&edit, &form).await;
    let (list, _) = app.follow(&saved).await;
    assert!(
        list.body.contains("zrušena 30.\u{a0}6.\u{a0}2024"),
        "{}",
        list.body
    );
    let mut stale = fields("", "Senioři a jejich blízcí");
    stale.extend([("csrf", csrf.as_str()), ("version", version.as_str())]);
    let refused = app.post(&edit, &stale).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("value=\"Senioři a jejich blízcí\""));
    let stored = kpss_store::work_group::work_group(&app.db.store, app.tenant, sen.id)
        .await
        .unwrap();
    assert_eq!((stored.draft.name.as_str(), stored.version), ("Senioři", 2));
}

#[tokio::test]
async fn the_coordinator_gives_a_part_of_the_draft_to_another_group() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let t = app.tenant;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let draft = kpss_store::plan::plans(&store, t, true)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Draft)
        .expect("the demo city's draft of the next plan");
    let tree = kpss_store::plan::plan(&store, t, draft.id).await.unwrap();
    let part = tree.parts.iter().find(|p| p.group == "SEN").unwrap();
    let groups = kpss_store::work_group::work_groups(&store, t)
        .await
        .unwrap();
    let zp = groups.iter().find(|g| g.draft.code == "ZP").unwrap();
    let edit = format!("/plany/{}/casti/{}/upravit", draft.id, part.id);
    let form = app.get(&edit).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!(
            "<option value=\"{}\" selected",
            part.work_group.unwrap()
        )),
        "the part's group is chosen: {}",
        form.body
    );
    assert!(
        !form.body.contains("RS – Řídící skupina"),
        "the steering group plans no part"
    );
    let version = part.version.to_string();
    let refused = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", &part.draft.code),
                ("name", &part.draft.name),
                ("work_group", "nesmysl"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Pracovní skupina: Zvolte hodnotu z nabídky."),
        "{}",
        refused.body
    );
    let zp_id = zp.id.to_string();
    let saved = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", &part.draft.code),
                ("name", &part.draft.name),
                ("work_group", &zp_id),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let tree = kpss_store::plan::plan(&store, t, draft.id).await.unwrap();
    let moved = tree.parts.iter().find(|p| p.id == part.id).unwrap();
    assert_eq!(
        (moved.work_group, moved.group.as_str()),
        (Some(zp.id), "ZP")
    );
}
