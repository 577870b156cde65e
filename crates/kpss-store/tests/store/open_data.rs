//! What goes out as open data: adopted plans only, the action plans of those plans, each
//! card's costs by source streamed in order and kept apart by tenant, and the publisher the
//! coordinator names (upserted, audited, refused to others).

use futures_util::StreamExt;
use kpss_domain::action_plan::{CardDraft, CardInput};
use kpss_domain::open_data::Publisher;
use kpss_store::action_plan::{self, CardPlacement};
use kpss_store::open_data::{self, CardCost};

use super::*;

on_both_databases!(open_data_holds_the_adopted_plans_and_costs_by_source_per_tenant);

fn card(title: &str) -> CardDraft {
    let sources: Vec<String> = kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect();
    CardDraft::parse(
        &CardInput {
            title,
            planned_clients: "40",
            costs: vec![("mesto", "1 000 000"), ("mpsv", "500 000")],
            ..CardInput::default()
        },
        &sources,
    )
    .unwrap()
}

async fn costs(store: &Store, tenant: i32, ap: i32) -> Vec<CardCost> {
    open_data::stream_card_costs(store, tenant, ap)
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await
}

async fn open_data_holds_the_adopted_plans_and_costs_by_source_per_tenant(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let other = tenant(&store, "opava").await;
    let admin = Actor::system();
    let (plan, measures) = kpss_store::testing::approved_plan(&store, t, &["SEN"]).await;
    let (draft, _) =
        kpss_store::testing::draft_plan(&store, t, &["SEN"], &Default::default()).await;
    let adopted: Vec<i32> = open_data::adopted_plans(&store, t)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(adopted, vec![plan], "the draft {draft} is not published");

    let org =
        catalogue::create_organisation(&store, t, &admin, &organisation("Charita", "00845451"))
            .await
            .unwrap();
    let ap = action_plan::create_action_plan(&store, t, &admin, plan, 2024)
        .await
        .unwrap();
    let mut cards = Vec::new();
    for title in ["Denní centrum", "Terénní služba"] {
        let place = CardPlacement {
            measure_id: measures[0],
            organisation_id: org.id,
            service_id: None,
        };
        cards.push(
            action_plan::create_card(&store, t, &admin, ap.id, place, &card(title))
                .await
                .unwrap(),
        );
    }
    let public = open_data::action_plans(&store, t).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].action_plan.id, ap.id);
    assert!(!public[0].evaluated, "no round was closed");
    assert!(
        open_data::action_plans(&store, other)
            .await
            .unwrap()
            .is_empty()
    );

    let got = costs(&store, t, ap.id).await;
    let expected: Vec<(i32, &str, i64)> = cards
        .iter()
        .flat_map(|c| [(*c, "mesto", 1_000_000), (*c, "mpsv", 500_000)])
        .collect();
    assert_eq!(
        got.iter()
            .map(|c| (c.card_id, c.source.as_str(), c.planned))
            .collect::<Vec<_>>(),
        expected
    );
    assert!(got.iter().all(|c| c.actual.is_none()));
    assert!(
        costs(&store, other, ap.id).await.is_empty(),
        "another tenant's"
    );

    // The publisher: none, then set by the coordinator, changed, never by a manager.
    assert_eq!(open_data::publisher(&store, t).await.unwrap(), None);
    let first = Publisher::parse("00845451", "554821", "kp@ostrava.cz").unwrap();
    open_data::save_publisher(&store, t, &admin, &first)
        .await
        .unwrap();
    let region = Publisher::parse("70890692", "132", "data@msk.cz").unwrap();
    open_data::save_publisher(&store, t, &admin, &region)
        .await
        .unwrap();
    assert_eq!(open_data::publisher(&store, t).await.unwrap(), Some(region));
    assert_eq!(open_data::publisher(&store, other).await.unwrap(), None);
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    assert!(matches!(
        open_data::save_publisher(&store, other, &manager, &first).await,
        Err(kpss_store::Error::Forbidden)
    ));
    let history = kpss_store::audit::history(&store, t, "open_data_publisher", t)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
}
