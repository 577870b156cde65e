//! The SWOT of a group: its manager and the coordinator edit it while the plan is a draft,
//! another group's manager may not, and items keep their order within their list.

use kpss_domain::plan::funding::MeasureFunding;
use kpss_domain::swot::{Evidence, Quadrant, SwotItemDraft};
use kpss_store::swot;

use super::*;

on_both_databases!(a_groups_swot_is_edited_by_its_manager_in_order);

fn item(quadrant: Quadrant, text: &str, evidence: Option<Evidence>) -> SwotItemDraft {
    SwotItemDraft {
        quadrant,
        text: text.to_owned(),
        evidence,
    }
}

async fn a_groups_swot_is_edited_by_its_manager_in_order(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let (plan, _) =
        kpss_store::testing::draft_plan(&store, t, &["SEN", "ZP"], &MeasureFunding::default())
            .await;
    kpss_store::testing::link_work_group_codes(&store).await;
    let groups = kpss_store::work_group::work_groups(&store, t)
        .await
        .unwrap();
    let sen = groups.iter().find(|g| g.draft.code == "SEN").unwrap().id;
    let zp = groups.iter().find(|g| g.draft.code == "ZP").unwrap().id;
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".to_owned()],
    };
    let first = swot::add(
        &store,
        t,
        &manager,
        (plan, sen),
        &item(
            Quadrant::Threats,
            "Odchod pracovníků",
            Some(Evidence::Meeting(7)),
        ),
    )
    .await
    .unwrap();
    let second = swot::add(
        &store,
        t,
        &manager,
        (plan, sen),
        &item(Quadrant::Threats, "Ceny energií", None),
    )
    .await
    .unwrap();
    swot::add(
        &store,
        t,
        &manager,
        (plan, sen),
        &item(Quadrant::Strengths, "Spolupráce", None),
    )
    .await
    .unwrap();
    assert!(matches!(
        swot::add(
            &store,
            t,
            &manager,
            (plan, zp),
            &item(Quadrant::Threats, "Cizí", None)
        )
        .await,
        Err(Error::Forbidden)
    ));
    swot::shift(&store, t, &manager, second, true)
        .await
        .unwrap();
    let texts = |items: &[swot::SwotItem], q: Quadrant| -> Vec<String> {
        items
            .iter()
            .filter(|i| i.draft.quadrant == q)
            .map(|i| i.draft.text.clone())
            .collect()
    };
    let items = swot::items(&store, t, plan, Some(sen)).await.unwrap();
    assert_eq!(
        texts(&items, Quadrant::Threats),
        vec!["Ceny energií", "Odchod pracovníků"]
    );
    assert_eq!(
        items.iter().find(|i| i.id == first).unwrap().draft.evidence,
        Some(Evidence::Meeting(7))
    );
    // Moved to another list, an item goes to its end.
    let moved = items.iter().find(|i| i.id == first).unwrap();
    swot::update(
        &store,
        t,
        &Actor::system(),
        (moved.id, moved.version),
        &item(Quadrant::Weaknesses, "Odchod pracovníků", None),
    )
    .await
    .unwrap();
    let stale = swot::update(
        &store,
        t,
        &manager,
        (moved.id, moved.version),
        &item(Quadrant::Threats, "x", None),
    )
    .await;
    assert!(
        matches!(stale, Err(Error::Conflict(Conflict::StaleVersion))),
        "{stale:?}"
    );
    swot::delete(&store, t, &manager, second).await.unwrap();
    let items = swot::items(&store, t, plan, None).await.unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        texts(&items, Quadrant::Weaknesses),
        vec!["Odchod pracovníků"]
    );
    assert!(texts(&items, Quadrant::Threats).is_empty());
}
