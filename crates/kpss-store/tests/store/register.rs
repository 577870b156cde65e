//! The national register applied to the catalogue: the sample file's new, changed and
//! withdrawn services written in one transaction, with audit; what the city keeps by hand
//! stays; a second look finds nothing left to do.

use kpss_domain::catalogue::{Capacity, CapacityUnit, ServiceKind};
use kpss_domain::register::{self, Change};
use kpss_store::catalogue::register as store;
use time::macros::date;

use super::*;

on_both_databases!(the_register_changes_only_its_own_fields_in_one_transaction);

const SAMPLE: &[u8] = kpss_domain::register::SAMPLE;

async fn the_register_changes_only_its_own_fields_in_one_transaction(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let today = date!(2026 - 11 - 23);
    let home_org = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Domov Slunovrat", "00845451"),
    )
    .await
    .unwrap();
    // The home as the city keeps it: its own description, district and target group, the
    // register's identifier, but 100 beds where the register now says 120.
    let mut home = service("Domov Slunovrat – Zábřeh");
    home.service_type = Some("49".into());
    home.register_id = Some("2000001".into());
    home.capacity = Some(Capacity {
        amount: 100,
        unit: CapacityUnit::Beds,
    });
    home.locations[0].address = "Gurťjevova 11, 700 30 Ostrava-Zábřeh".into();
    let home = catalogue::create_service(&store, t, &admin, home_org.id, &home)
        .await
        .unwrap();
    // A service the register no longer lists.
    let mut gone = service("Zrušená služba");
    gone.register_id = Some("9999999".into());
    let gone = catalogue::create_service(&store, t, &admin, home_org.id, &gone)
        .await
        .unwrap();

    let read = register::read(SAMPLE).unwrap();
    let (current, icos) = store::current(&store, t).await.unwrap();
    assert_eq!(icos, vec!["00845451".to_owned()]);
    let ostrava =
        |s: &register::RegisterService| s.places.iter().any(|p| p.municipality == Some(554_821));
    let changes = register::diff(&read.services, &current, ostrava, today);
    let keys: Vec<String> = changes.iter().map(Change::key).collect();
    assert_eq!(
        keys,
        [
            format!("zmena-{}", home.id),
            "novy-2345678".to_owned(),
            "novy-3456789".to_owned(),
            "novy-1000039".to_owned(),
            format!("konec-{}", gone.id),
        ]
    );
    // Someone else may not apply them.
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    assert!(matches!(
        store::apply(&store, t, &manager, &changes, today).await,
        Err(Error::Forbidden)
    ));
    let applied = store::apply(&store, t, &admin, &changes, today)
        .await
        .unwrap();
    assert_eq!((applied.new, applied.changed, applied.withdrawn), (3, 1, 1));
    assert_eq!(applied.services.len(), 5);

    let after = catalogue::service(&store, t, home.id).await.unwrap();
    assert_eq!(after.draft.capacity.map(|c| c.amount), Some(120));
    assert_eq!(
        after.draft.email.as_deref(),
        Some("info@slunovrat.example.cz")
    );
    assert_eq!(
        after.draft.description, home.draft.description,
        "kept by hand"
    );
    assert_eq!(after.draft.target_groups, home.draft.target_groups);
    assert_eq!(after.draft.name, home.draft.name);
    assert_eq!(
        after.draft.locations[0].district.as_deref(),
        Some("poruba"),
        "the district of the same address stays"
    );
    assert_eq!(
        after.draft.locations[0].ruian,
        Some(2_365_711),
        "the address point's RÚIAN code comes with the register"
    );
    // A form knows no RÚIAN code; saving the service keeps the code of an address it keeps.
    let mut edited = after.draft.clone();
    edited.locations[0].ruian = None;
    edited.description = Some("Nový popis.".into());
    let edited = catalogue::update_service(&store, t, &admin, home.id, after.version, &edited)
        .await
        .unwrap();
    assert_eq!(edited.draft.locations[0].ruian, Some(2_365_711));
    assert_eq!(
        catalogue::service(&store, t, gone.id)
            .await
            .unwrap()
            .draft
            .active_to,
        Some(today)
    );
    // The care service joined its known provider; the centre brought a new organisation.
    let all = catalogue::tenant_services(&store, t).await.unwrap();
    let care = all
        .iter()
        .find(|s| s.draft.register_id.as_deref() == Some("2345678"))
        .unwrap();
    assert_eq!(care.organisation_id, home_org.id);
    assert_eq!(care.draft.locations[0].ruian, Some(2_364_901));
    assert_eq!(care.draft.kind, ServiceKind::Registered);
    let centre = all
        .iter()
        .find(|s| s.draft.register_id.as_deref() == Some("3456789"))
        .unwrap();
    let charity = catalogue::organisation(&store, t, centre.organisation_id)
        .await
        .unwrap();
    assert_eq!(charity.draft.ico.as_str(), "44990260");
    assert!(
        !all.iter()
            .any(|s| s.draft.register_id.as_deref() == Some("4567890"))
    );
    let log = audit::history(&store, t, "service", home.id).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions[..2],
        ["update", "register"],
        "the form's save after the import"
    );

    // Applied once, nothing is left; the upload is kept for its tenant only.
    let (current, _) = store::current(&store, t).await.unwrap();
    assert!(register::diff(&read.services, &current, ostrava, today).is_empty());
    let id = store::save_upload(&store, t, &admin, "registr.json", SAMPLE)
        .await
        .unwrap();
    assert_eq!(store::upload(&store, t, id).await.unwrap().body, SAMPLE);
    let other = tenant(&store, "opava").await;
    assert!(matches!(
        store::upload(&store, other, id).await,
        Err(Error::NotFound)
    ));
}
