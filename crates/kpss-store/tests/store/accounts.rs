//! Sessions and the login throttle.

use super::*;

on_both_databases!(
    sessions_and_login_failures_live_in_the_database,
    housekeeping_sweeps_only_what_is_past_its_time,
    a_new_password_ends_the_other_sessions,
    the_coordinator_edits_deactivates_and_reactivates_accounts,
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
    // A new session on an id already in use draws another id instead of taking that one over.
    let mut intruder = Record {
        id: record.id,
        data: [("account".to_owned(), serde_json::json!(8))]
            .into_iter()
            .collect(),
        expiry_date: record.expiry_date,
    };
    sessions.create(&mut intruder).await.unwrap();
    assert_ne!(intruder.id, record.id);
    assert_eq!(
        sessions.load(&record.id).await.unwrap().unwrap().data["account"],
        7
    );
    assert_eq!(
        sessions.load(&intruder.id).await.unwrap().unwrap().data["account"],
        8
    );
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

/// A session of the account, as the web layer stores it after a login.
async fn logged_in(store: &Store, account_id: i32) -> tower_sessions::session::Id {
    use kpss_store::session::{ACCOUNT_KEY, DbSessionStore};
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let mut record = Record {
        id: Id::default(),
        data: [(ACCOUNT_KEY.to_owned(), serde_json::json!(account_id))]
            .into_iter()
            .collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    DbSessionStore(store.clone())
        .create(&mut record)
        .await
        .unwrap();
    record.id
}

async fn session_lives(store: &Store, id: &tower_sessions::session::Id) -> bool {
    use tower_sessions::SessionStore;
    kpss_store::session::DbSessionStore(store.clone())
        .load(id)
        .await
        .unwrap()
        .is_some()
}

async fn the_coordinator_edits_deactivates_and_reactivates_accounts(store: Store) {
    use kpss_store::account::AccountChange;
    let t = tenant::ensure(&store, "ostrava", "Ostrava")
        .await
        .unwrap()
        .id;
    let new = |email: &'static str, role| account::NewAccount {
        email,
        name: "Jméno",
        role,
        password_hash: account::hash_password("heslo-12345678"),
        organisations: &[],
        groups: &[],
    };
    let system = Actor::system();
    let eva = account::add(&store, t, &system, new("eva@ostrava.cz", Role::Admin))
        .await
        .unwrap();
    let jana = account::add(&store, t, &system, new("jana@ostrava.cz", Role::Member))
        .await
        .unwrap();
    let by_eva = eva.actor();
    let groups = vec!["SEN".to_owned()];
    // A group that does not exist cannot be led.
    let unknown = AccountChange {
        email: "jana@ostrava.cz",
        name: "Jméno",
        role: Role::Manager,
        organisations: &[],
        groups: &groups,
    };
    assert!(matches!(
        account::update(&store, t, &by_eva, (jana.id, jana.version), &unknown).await,
        Err(Error::Invalid(e)) if e.get("groups") == Some(&FieldError::UnknownValue)
    ));
    kpss_store::work_group::create_work_group(
        &store,
        t,
        &system,
        &super::work_groups::group("pracovni", "SEN", None),
    )
    .await
    .unwrap();
    let change = AccountChange {
        email: "Jana.Nova@Ostrava.cz",
        name: "Jana Nová",
        role: Role::Manager,
        organisations: &[],
        groups: &groups,
    };
    let jana_session = logged_in(&store, jana.id).await;
    let eva_session = logged_in(&store, eva.id).await;
    let saved = account::update(&store, t, &by_eva, (jana.id, jana.version), &change)
        .await
        .unwrap();
    assert_eq!(
        (saved.email.as_str(), saved.role, saved.groups.clone()),
        ("jana.nova@ostrava.cz", Role::Manager, groups.clone())
    );
    assert!(
        !session_lives(&store, &jana_session).await,
        "new rights: she logs in again"
    );
    assert!(session_lives(&store, &eva_session).await);
    // A second coordinator's tab opened before the change is refused.
    assert!(matches!(
        account::update(&store, t, &by_eva, (jana.id, jana.version), &change).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    let history = audit::history(&store, t, "account", jana.id).await.unwrap();
    assert_eq!(history[0].action, "update");
    assert!(history[0].before.as_deref().unwrap().contains("\"member\""));
    assert!(history[0].after.as_deref().unwrap().contains("\"manager\""));

    // Eva is the only coordinator: she can neither demote nor deactivate herself.
    let eva_now = account::find(&store, t, eva.id).await.unwrap();
    let demote = AccountChange {
        email: &eva.email,
        name: &eva.name,
        role: Role::Member,
        organisations: &[],
        groups: &[],
    };
    let Err(Error::Invalid(errors)) =
        account::update(&store, t, &by_eva, (eva.id, eva_now.version), &demote).await
    else {
        panic!("a coordinator demoting herself")
    };
    assert_eq!(errors.get("role"), Some(&FieldError::OwnAccount));
    let Err(Error::Invalid(errors)) =
        account::set_active(&store, t, &system, (eva.id, eva_now.version), false).await
    else {
        panic!("the last coordinator deactivated")
    };
    assert_eq!(errors.get("active"), Some(&FieldError::LastCoordinator));

    // Deactivation: no login, every session ends, the history stays; reactivation undoes it.
    let jana_session = logged_in(&store, saved.id).await;
    account::set_active(&store, t, &by_eva, (saved.id, saved.version), false)
        .await
        .unwrap();
    assert!(!session_lives(&store, &jana_session).await);
    assert!(
        account::find_for_login(&store, t, "jana.nova@ostrava.cz")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        account::get(&store, t, saved.id).await,
        Err(Error::NotFound)
    ));
    let off = account::find(&store, t, saved.id).await.unwrap();
    assert!(!off.active);
    account::set_active(&store, t, &by_eva, (off.id, off.version), true)
        .await
        .unwrap();
    assert!(
        account::find_for_login(&store, t, "jana.nova@ostrava.cz")
            .await
            .unwrap()
            .is_some()
    );

    // A reset: the old password stops working and so does every session.
    let jana_session = logged_in(&store, saved.id).await;
    account::reset_password(
        &store,
        t,
        &by_eva,
        saved.id,
        account::hash_password("nove-jednorazove-1"),
    )
    .await
    .unwrap();
    assert!(!session_lives(&store, &jana_session).await);
    let (_, hash) = account::find_for_login(&store, t, "jana.nova@ostrava.cz")
        .await
        .unwrap()
        .unwrap();
    assert!(!account::verify_password("heslo-12345678", &hash));
    assert!(account::verify_password("nove-jednorazove-1", &hash));

    // Another tenant's coordinator does not find the account at all.
    let opava = tenant::ensure(&store, "opava", "Opava").await.unwrap().id;
    assert!(matches!(
        account::set_active(&store, opava, &system, (saved.id, 1), false).await,
        Err(Error::NotFound)
    ));
}
