//! The plain-language texts of a plan: saved whole and read back, empty texts dropped, a
//! stale form refused without a change, others refused, every save audited, tenants apart.

use std::collections::BTreeMap;

use kpss_domain::plan::plain::Section;
use kpss_store::plan::plain;

use super::*;

on_both_databases!(plain_texts_are_saved_whole_with_their_history);

async fn plain_texts_are_saved_whole_with_their_history(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let other = tenant(&store, "opava").await;
    let admin = Actor::system();
    let (plan, _) = kpss_store::testing::approved_plan(&store, t, &["SEN"]).await;
    let tree = kpss_store::plan::plan(&store, t, plan).await.unwrap();
    let part = Section::Part(tree.parts[0].id);

    assert_eq!(plain::texts(&store, t, plan).await.unwrap().version, 0);
    let first = BTreeMap::from([
        (Section::Plan.key(), "Pomáháme lidem.".to_owned()),
        (part.key(), "Senioři žijí doma.".to_owned()),
        ("goal-999".to_owned(), "   ".to_owned()),
    ]);
    plain::save(&store, t, &admin, plan, 0, &first)
        .await
        .unwrap();
    let saved = plain::texts(&store, t, plan).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(saved.get(part), Some("Senioři žijí doma."));
    assert_eq!(saved.texts.len(), 2, "the blank text is not kept");

    // A form opened before that save changes nothing.
    let stale = BTreeMap::from([(Section::Plan.key(), "Jiný text.".to_owned())]);
    assert!(matches!(
        plain::save(&store, t, &admin, plan, 0, &stale).await,
        Err(kpss_store::Error::Conflict(
            kpss_store::Conflict::StaleVersion
        ))
    ));
    assert_eq!(plain::texts(&store, t, plan).await.unwrap(), saved);

    plain::save(&store, t, &admin, plan, 1, &stale)
        .await
        .unwrap();
    let replaced = plain::texts(&store, t, plan).await.unwrap();
    assert_eq!(replaced.get(Section::Plan), Some("Jiný text."));
    assert_eq!(replaced.get(part), None, "the whole set is replaced");

    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    assert!(matches!(
        plain::save(&store, t, &manager, plan, 2, &first).await,
        Err(kpss_store::Error::Forbidden)
    ));
    assert!(matches!(
        plain::save(&store, other, &admin, plan, 2, &first).await,
        Err(kpss_store::Error::NotFound)
    ));
    assert_eq!(plain::texts(&store, other, plan).await.unwrap().version, 0);
    let history = kpss_store::audit::history(&store, t, "plain_language", plan)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert!(
        history
            .iter()
            .any(|e| e.after.as_deref().is_some_and(|a| a.contains("Jiný text.")))
    );
}
