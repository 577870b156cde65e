//! Two kpss nodes share one database: what one saves, the other's index takes in.

use kpss_domain::account::Actor;
use kpss_domain::catalogue::{
    CodeLists, OrganisationDraft, OrganisationInput, ServiceDraft, ServiceInput,
};
use kpss_search::{CatalogueIndex, Filters, Query, Sort};
use kpss_store::catalogue;
use kpss_store::testing::TestDb;

fn query(tenant: i32, text: &str) -> Query {
    Query {
        tenants: vec![tenant],
        text: text.into(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 10,
    }
}

#[tokio::test]
async fn a_node_takes_in_what_another_node_saved() {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    let t = kpss_store::tenant::ensure(&store, "ostrava", "Ostrava")
        .await
        .unwrap()
        .id;
    let other_node = CatalogueIndex::build(&store).await.unwrap();
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);

    let system = Actor::system();
    let org = OrganisationDraft::parse(&OrganisationInput {
        name: "Charita".into(),
        ico: "00845451".into(),
        ..Default::default()
    })
    .unwrap();
    let org = catalogue::create_organisation(&store, t, &system, &org)
        .await
        .unwrap();
    let input = ServiceInput {
        kind: "aktivita".into(),
        name: "Klub seniorů Jitřenka".into(),
        forms: vec!["ambulantni".into()],
        ..Default::default()
    };
    let draft = ServiceDraft::parse(
        &input,
        CodeLists {
            target_groups: &[],
            districts: &[],
        },
    )
    .unwrap();
    catalogue::create_service(&store, t, &system, org.id, &draft)
        .await
        .unwrap();

    assert!(
        other_node
            .search(&query(t, "jitrenka"))
            .unwrap()
            .hits
            .is_empty(),
        "not yet seen"
    );
    assert_eq!(other_node.refresh_since(&store, since).await.unwrap(), 1);
    assert_eq!(other_node.search(&query(t, "jitrenka")).unwrap().total, 1);

    // A renamed organisation re-indexes its services, whose text holds its name.
    let later = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let mut renamed = org.draft.clone();
    renamed.name = "Diecézní charita ostravsko-opavská".into();
    catalogue::update_organisation(&store, t, &system, org.id, 1, &renamed)
        .await
        .unwrap();
    assert_eq!(other_node.refresh_since(&store, later).await.unwrap(), 1);
    assert_eq!(other_node.search(&query(t, "diecezni")).unwrap().total, 1);
    db.finish().await;
}
