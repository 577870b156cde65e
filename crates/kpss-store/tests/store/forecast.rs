//! The forecast's data: an import replaces the whole population table, ratios are set and
//! removed by the coordinator only, and the places of a service type are counted per district.

use kpss_domain::forecast::{AgeBand, NeedRatio, Population};
use kpss_store::forecast;

use super::*;

on_both_databases!(the_population_is_replaced_whole_and_ratios_kept);

async fn the_population_is_replaced_whole_and_ratios_kept(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let row = |district: &str, year, people| Population {
        district: district.into(),
        year,
        band: AgeBand { from: 65, to: None },
        people,
    };
    forecast::replace_population(
        &store,
        t,
        &admin,
        &[row("poruba", 2025, 10), row("jih", 2025, 20)],
    )
    .await
    .unwrap();
    // 2 500 rows go in chunks; the earlier table is gone.
    let many: Vec<Population> = (0..2_500)
        .map(|i| row("poruba", 2000 + i % 50, 1))
        .collect();
    forecast::replace_population(&store, t, &admin, &many)
        .await
        .unwrap();
    let stored = forecast::population(&store, t).await.unwrap();
    assert_eq!(stored.len(), 2_500);
    assert!(stored.iter().all(|p| p.district == "poruba"));
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    assert!(matches!(
        forecast::replace_population(&store, t, &manager, &[]).await,
        Err(Error::Forbidden)
    ));
    let ratio = NeedRatio::parse(("49", "65", "", "17,5")).unwrap();
    let id = forecast::add_ratio(&store, t, &admin, &ratio)
        .await
        .unwrap();
    assert_eq!(
        forecast::ratios(&store, t).await.unwrap(),
        vec![(id, ratio)]
    );
    let other = tenant(&store, "opava").await;
    assert!(matches!(
        forecast::delete_ratio(&store, other, &admin, id).await,
        Err(Error::NotFound)
    ));
    forecast::delete_ratio(&store, t, &admin, id).await.unwrap();
    assert!(forecast::ratios(&store, t).await.unwrap().is_empty());
    assert!(
        forecast::capacities(&store, t, "49")
            .await
            .unwrap()
            .is_empty()
    );
}
