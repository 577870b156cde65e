//! Sessions and the login throttle.

use super::*;

on_both_databases!(sessions_and_login_failures_live_in_the_database,);

async fn sessions_and_login_failures_live_in_the_database(store: Store) {
    use kpss_store::session::DbSessionStore;
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let sessions = DbSessionStore(store.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("account".to_owned(), serde_json::json!(7))]
            .into_iter()
            .collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    sessions.create(&mut record).await.unwrap();
    sessions.save(&record).await.unwrap();
    let loaded = sessions.load(&record.id).await.unwrap().unwrap();
    assert_eq!(loaded.data["account"], 7);
    sessions.delete(&record.id).await.unwrap();
    assert!(sessions.load(&record.id).await.unwrap().is_none());

    let window = time::Duration::minutes(15);
    account::record_login_failure(&store, "account:a@b.cz")
        .await
        .unwrap();
    account::record_login_failure(&store, "account:a@b.cz")
        .await
        .unwrap();
    assert_eq!(
        account::recent_login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap(),
        2
    );
    account::clear_login_failures(&store, "account:a@b.cz")
        .await
        .unwrap();
    assert_eq!(
        account::recent_login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap(),
        0
    );
}
