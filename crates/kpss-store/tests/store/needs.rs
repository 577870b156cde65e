//! Needs: recorded by the coordinator or a manager, never a provider; linked to goals and
//! measures, found again from them, a goal's link reaching its measures.

use kpss_domain::consultation::Section;
use kpss_domain::need::{NeedDraft, NeedSource, NeedState};
use kpss_domain::plan::funding::MeasureFunding;
use kpss_store::need;

use super::*;

on_both_databases!(needs_are_linked_to_the_goals_and_measures_that_answer_them);

async fn needs_are_linked_to_the_goals_and_measures_that_answer_them(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan, measures) =
        kpss_store::testing::draft_plan(&store, t, &["SEN", "ZP"], &MeasureFunding::default())
            .await;
    let tree = kpss_store::plan::plan(&store, t, plan).await.unwrap();
    let goal = tree.parts[1].goals[0].id;
    let draft = NeedDraft {
        title: "Odlehčovací služby o víkendech".into(),
        description: None,
        target_group: "seniori".into(),
        districts: vec!["poruba".into(), "jih".into()],
        source: NeedSource::Survey,
        source_note: Some("Dotazník 2026".into()),
        size: Some(45),
        state: NeedState::Identified,
        plan: Some(plan),
    };
    let provider = Actor {
        account_id: None,
        role: Role::ProviderEditor,
        organisations: vec![1],
        groups: Vec::new(),
    };
    assert!(matches!(
        need::create(&store, t, &provider, &draft).await,
        Err(Error::Forbidden)
    ));
    let id = need::create(&store, t, &admin, &draft).await.unwrap();
    need::link(&store, t, &admin, (id, Section::Measure(measures[0])), true)
        .await
        .unwrap();
    need::link(&store, t, &admin, (id, Section::Measure(measures[0])), true)
        .await
        .unwrap();
    need::link(&store, t, &admin, (id, Section::Goal(goal)), true)
        .await
        .unwrap();
    let refused = need::link(&store, t, &admin, (id, Section::Measure(999_999)), true).await;
    assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
    let found = need::need(&store, t, id).await.unwrap();
    assert_eq!(
        found.links,
        vec![Section::Measure(measures[0]), Section::Goal(goal)],
        "once each"
    );
    assert_eq!(found.draft.districts, draft.districts);
    // Found again from the measure and from the goal's measure's side.
    let from_measure = need::linked_to(&store, t, &[Section::Measure(measures[0])])
        .await
        .unwrap();
    assert_eq!(from_measure.len(), 1);
    assert_eq!(
        need::linked_to(&store, t, &[Section::Measure(measures[1])])
            .await
            .unwrap()
            .len(),
        0
    );
    need::link(
        &store,
        t,
        &admin,
        (id, Section::Measure(measures[0])),
        false,
    )
    .await
    .unwrap();
    let mut changed = draft.clone();
    changed.state = NeedState::Answered;
    need::update(&store, t, &admin, (id, found.version), &changed)
        .await
        .unwrap();
    let stale = need::update(&store, t, &admin, (id, found.version), &changed).await;
    assert!(matches!(
        stale,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    let after = need::need(&store, t, id).await.unwrap();
    assert_eq!(after.links, vec![Section::Goal(goal)]);
    assert_eq!(after.draft.state, NeedState::Answered);
    // No action plan yet: nothing answers it in cards.
    assert!(
        need::cards_answering(&store, t, &after)
            .await
            .unwrap()
            .is_empty()
    );
}
