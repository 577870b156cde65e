//! Sessions and the login throttle.

use super::*;

on_both_databases!(
    sessions_and_login_failures_live_in_the_database,
    housekeeping_sweeps_only_what_is_past_its_time,
    a_new_password_ends_the_other_sessions,
);

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
        account::login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap()
            .0,
        2
    );
    account::clear_login_failures(&store, "account:a@b.cz")
        .await
        .unwrap();
    assert_eq!(
        account::login_failures(&store, "account:a@b.cz", window)
            .await
            .unwrap(),
        (0, None)
    );
}

async fn housekeeping_sweeps_only_what_is_past_its_time(store: Store) {
    use kpss_store::housekeeping::{self, Swept};
    use kpss_store::session::DbSessionStore;
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let sessions = DbSessionStore(store.clone());
    let now = time::OffsetDateTime::now_utc();
    let mut live = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: now + time::Duration::hours(1),
    };
    let mut expired = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: now - time::Duration::minutes(1),
    };
    sessions.create(&mut live).await.unwrap();
    sessions.create(&mut expired).await.unwrap();
    account::record_login_failure(&store, "address:192.0.2.1")
        .await
        .unwrap();
    // Nothing is old yet but the expired session.
    let swept = housekeeping::sweep(&store).await.unwrap();
    assert_eq!(
        swept,
        Swept {
            sessions: 1,
            ..Swept::default()
        }
    );
    assert!(sessions.load(&live.id).await.unwrap().is_some());
    // A second node sweeping right after finds nothing left to do.
    assert_eq!(housekeeping::sweep(&store).await.unwrap(), Swept::default());
    assert_eq!(
        account::login_failures(&store, "address:192.0.2.1", time::Duration::minutes(15))
            .await
            .unwrap()
            .0,
        1
    );
}

async fn a_new_password_ends_the_other_sessions(store: Store) {
    use kpss_store::session::{ACCOUNT_KEY, DbSessionStore};
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let tenant = tenant::ensure(&store, "ostrava", "Ostrava").await.unwrap();
    let created = account::add(
        &store,
        tenant.id,
        &Actor::system(),
        account::NewAccount {
            email: "jana@ostrava.cz",
            name: "Jana",
            role: Role::Member,
            password_hash: account::hash_password("stare-heslo-12345"),
            organisations: &[],
            groups: &[],
        },
    )
    .await
    .unwrap();
    let sessions = DbSessionStore(store.clone());
    let mut records = Vec::new();
    for account_id in [created.id, created.id, created.id + 1000] {
        let mut record = Record {
            id: Id::default(),
            data: [(ACCOUNT_KEY.to_owned(), serde_json::json!(account_id))]
                .into_iter()
                .collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        sessions.create(&mut record).await.unwrap();
        records.push(record);
    }
    let here = records[0].id.to_string();
    account::set_password(
        &store,
        tenant.id,
        created.id,
        account::hash_password("nove-heslo-12345"),
        Some(&here),
    )
    .await
    .unwrap();
    assert!(sessions.load(&records[0].id).await.unwrap().is_some());
    assert!(sessions.load(&records[1].id).await.unwrap().is_none());
    assert!(sessions.load(&records[2].id).await.unwrap().is_some());
    assert!(account::verify_password(
        "nove-heslo-12345",
        &account::find_for_login(&store, tenant.id, "jana@ostrava.cz")
            .await
            .unwrap()
            .unwrap()
            .1
    ));
}
