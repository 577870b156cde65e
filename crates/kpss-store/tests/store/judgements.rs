//! The groups' judgements of measures, their evaluations of their parts, and the
//! coordinator's summary of the plan, in the reports.

use kpss_domain::evaluation::{
    Fulfilment, Judgement, JudgementInput, ReportAction, ReportState, RoundDraft,
};
use kpss_domain::plan::funding::{MeasureFunding, MeasureIndicator};
use kpss_domain::quantity::Quantity;
use kpss_store::{action_plan, evaluation, plan};

use super::*;

fn manager(groups: &[&str]) -> Actor {
    Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

fn judgement(fulfilment: &str, reasoning: &str, indicator: &str) -> Judgement {
    Judgement::parse(&JudgementInput {
        fulfilment,
        reasoning,
        achieved: "Otevřena nová odlehčovací služba.",
        indicators: vec![indicator],
    })
    .unwrap()
}

on_both_databases!(
    a_manager_judges_the_groups_measures_and_the_coordinator_approves_them,
    judgements_change_only_while_the_round_is_open,
);

async fn a_manager_judges_the_groups_measures_and_the_coordinator_approves_them(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let funding = MeasureFunding {
        indicators: vec![MeasureIndicator {
            name: "Účastníci".into(),
            unit: "osoby".into(),
            baseline: None,
            targets: vec![(2025, Quantity::whole(240))],
            feed: None,
        }],
        costs: vec![("mesto".into(), 2025, 1_000_000)],
    };
    let (plan_id, measures) =
        kpss_store::testing::approved_plan_with(&store, t, &["SEN", "ZP"], &funding).await;
    let (senior, disability) = (measures[0], measures[1]);
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let round = RoundDraft::parse("31. 1. 2026").unwrap();
    evaluation::open_round(&store, t, &admin, ap.id, &round)
        .await
        .unwrap();
    let sen = manager(&["SEN"]);

    assert!(matches!(
        evaluation::save_judgement(
            &store,
            t,
            &sen,
            (ap.id, disability, 0),
            &judgement("splneno", "", ""),
            true
        )
        .await,
        Err(Error::Forbidden)
    ));
    let saved = evaluation::save_judgement(
        &store,
        t,
        &sen,
        (ap.id, senior, 0),
        &judgement("castecne", "Chyběli pracovníci.", "286,5"),
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        saved.state,
        ReportState::Missing,
        "saved, not yet submitted"
    );
    assert!(matches!(
        evaluation::save_judgement(
            &store,
            t,
            &sen,
            (ap.id, senior, 0),
            &judgement("splneno", "", ""),
            true
        )
        .await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    let submitted = evaluation::save_judgement(
        &store,
        t,
        &sen,
        (ap.id, senior, saved.version),
        &judgement("castecne", "Chyběli pracovníci.", "286,5"),
        true,
    )
    .await
    .unwrap();
    assert_eq!(submitted.state, ReportState::Submitted);
    assert!(matches!(
        evaluation::review_judgement(
            &store,
            t,
            &sen,
            (ap.id, senior, submitted.version),
            &ReportAction::Approve
        )
        .await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        evaluation::review_judgement(
            &store,
            t,
            &admin,
            (ap.id, senior, submitted.version),
            &ReportAction::Return { reason: " ".into() }
        )
        .await,
        Err(Error::Invalid(_))
    ));
    assert_eq!(
        evaluation::approve_judgements(&store, t, &admin, ap.id)
            .await
            .unwrap(),
        1
    );
    evaluation::save_group_text(
        &store,
        t,
        &sen,
        (ap.id, part_of(&store, t, plan_id, "SEN").await, 0),
        "Rok 2025 přinesl novou odlehčovací službu.",
    )
    .await
    .unwrap();
    evaluation::save_conclusion(&store, t, &admin, (plan_id, 0), "Plán se daří plnit.")
        .await
        .unwrap();

    let stored = evaluation::judgements(&store, t, &[ap.id]).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].state, ReportState::Approved);
    assert_eq!(
        stored[0].judgement.indicator_actuals,
        vec![Some(Quantity::from_hundredths(28_650))]
    );
    let report = kpss_store::report::summary_report(&store, t, plan_id)
        .await
        .unwrap();
    let m = &report.groups[0].goals[0].measures[0];
    let verdict = m.verdict().expect("an approved judgement");
    assert_eq!(verdict.fulfilment, Fulfilment::PartlyFulfilled);
    assert_eq!(verdict.reasoning.as_deref(), Some("Chyběli pracovníci."));
    assert_eq!(m.indicators[0].years[0].percent, Some(119));
    assert_eq!(
        m.expected.get(&("mesto".to_owned(), 2025)),
        Some(&1_000_000)
    );
    assert_eq!(
        report.groups[0].texts,
        vec![(
            2025,
            "Rok 2025 přinesl novou odlehčovací službu.".to_owned()
        )]
    );
    assert_eq!(report.conclusion.as_deref(), Some("Plán se daří plnit."));
    assert_eq!(report.verdicts.not_judged, 1, "ZP 1.1 was not judged");
    assert_eq!(report.groups[1].goals[0].measures[0].cards.len(), 0);
    let year = kpss_store::report::action_plan_report(&store, t, ap.id)
        .await
        .unwrap();
    assert_eq!(
        year.groups[0].goals[0].measures[0]
            .verdict()
            .map(|j| j.fulfilment),
        Some(Fulfilment::PartlyFulfilled)
    );
    assert!(
        audit::history(&store, t, "plan_measure", senior)
            .await
            .unwrap()
            .len()
            >= 3
    );
}

async fn part_of(store: &Store, t: i32, plan_id: i32, code: &str) -> i32 {
    plan::plan(store, t, plan_id)
        .await
        .unwrap()
        .parts
        .iter()
        .find(|p| p.draft.code == code)
        .map(|p| p.id)
        .unwrap()
}

async fn judgements_change_only_while_the_round_is_open(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, measures) = kpss_store::testing::approved_plan(&store, t, &["SEN"]).await;
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();
    let before_round = evaluation::save_judgement(
        &store,
        t,
        &admin,
        (ap.id, measures[0], 0),
        &judgement("splneno", "", ""),
        true,
    )
    .await;
    assert!(matches!(
        before_round,
        Err(Error::Conflict(Conflict::NotEditable))
    ));
    evaluation::open_round(
        &store,
        t,
        &admin,
        ap.id,
        &RoundDraft::parse("31. 1. 2026").unwrap(),
    )
    .await
    .unwrap();
    let saved = evaluation::save_judgement(
        &store,
        t,
        &admin,
        (ap.id, measures[0], 0),
        &judgement("splneno", "", ""),
        true,
    )
    .await
    .unwrap();
    evaluation::close_round(&store, t, &admin, ap.id)
        .await
        .unwrap();
    let after = evaluation::review_judgement(
        &store,
        t,
        &admin,
        (ap.id, measures[0], saved.version),
        &ReportAction::Approve,
    )
    .await;
    assert!(matches!(after, Err(Error::Conflict(Conflict::NotEditable))));
    let stored = evaluation::judgements(&store, t, &[ap.id]).await.unwrap();
    assert_eq!(
        stored[0].state,
        ReportState::Submitted,
        "nothing changed after the round closed"
    );
    let other_tenant = tenant(&store, "opava").await;
    assert!(
        evaluation::judgements(&store, other_tenant, &[ap.id])
            .await
            .unwrap()
            .is_empty()
    );
}
