//! Killed mid-storm: `kpss serve` gets SIGKILL while providers' evaluations pour in, and after a
//! restart every submission it acknowledged (303) is stored as sent, on SQLite and on
//! PostgreSQL.

mod common;

use common::{csrf, form, send, serve};
use kpss_domain::evaluation::ReportState;
use kpss_store::{Store, action_plan, evaluation, plan, tenant};

/// The cards of the demo city's open round still owed, as stored.
async fn owed_cards(store: &Store) -> Vec<(i32, i32)> {
    let t = tenant::by_slug(store, "ostrava").await.unwrap().unwrap().id;
    let mut owed = Vec::new();
    for p in plan::plans(store, t, false).await.unwrap() {
        for ap in action_plan::action_plans(store, t, p.id).await.unwrap() {
            let open = evaluation::round(store, t, ap.id)
                .await
                .unwrap()
                .is_some_and(|r| !r.closed);
            if open {
                for card in action_plan::cards(store, t, ap.id).await.unwrap() {
                    if card.report.state.is_editable() {
                        owed.push((card.id, card.version));
                    }
                }
            }
        }
    }
    owed
}

/// Fills the demo city through a first start, then storms its open round and kills the server
/// once part of the storm is acknowledged.
async fn killed_mid_storm(database: &str) {
    let (mut server, addr, password) = serve(database);
    let password = password.expect("the demo coordinator's password on the first start");
    let store = Store::connect(database).await.unwrap();
    let owed = owed_cards(&store).await;
    assert!(owed.len() >= 40, "only {} cards owed", owed.len());

    let login = send(addr, "/prihlaseni", None, None).await.unwrap();
    let cookie = login.cookie.unwrap();
    let logged = send(
        addr,
        "/prihlaseni",
        Some(&cookie),
        Some(form(&[
            ("csrf", &csrf(&login.body)),
            ("email", "koordinator@demo.kpss.cz"),
            ("password", &password),
        ])),
    )
    .await
    .unwrap();
    assert_eq!(logged.status, 303);
    let cookie = logged.cookie.unwrap_or(cookie);
    let page = send(addr, "/ucet/heslo", Some(&cookie), None)
        .await
        .unwrap();
    let token = csrf(&page.body);

    let (sent, mut acknowledged) = (tokio::sync::mpsc::unbounded_channel(), Vec::new());
    let (tx, mut rx) = sent;
    for (i, (card, version)) in owed.iter().copied().enumerate() {
        let (tx, cookie, token) = (tx.clone(), cookie.clone(), token.clone());
        tokio::spawn(async move {
            let clients = (300 + i).to_string();
            let body = form(&[
                ("csrf", &token),
                ("version", &version.to_string()),
                ("status", "splneno"),
                ("actual_clients", &clients),
                ("cost_mesto", "123 000"),
                ("action", "odevzdat"),
            ]);
            let answer = send(
                addr,
                &format!("/karty/{card}/hodnoceni"),
                Some(&cookie),
                Some(body),
            )
            .await;
            match answer {
                Ok(a) if a.status == 303 => {
                    let _ = tx.send(Ok((card, clients)));
                }
                // Refused before the kill: the storm itself is wrong, say why.
                Ok(a) => {
                    let _ = tx.send(Err(format!("card {card}: HTTP {}: {}", a.status, a.body)));
                }
                // Cut off by the kill: not acknowledged.
                Err(_) => {}
            }
        });
    }
    drop(tx);
    // Kill as soon as a third is acknowledged: the rest are in flight or not yet sent.
    let mut refused = Vec::new();
    while let Some(answer) = rx.recv().await {
        match answer {
            Ok(ack) => acknowledged.push(ack),
            Err(why) => refused.push(why),
        }
        if acknowledged.len() >= owed.len() / 3 {
            break;
        }
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    // Answers already read before the kill count too.
    while let Ok(answer) = rx.try_recv() {
        if let Ok(ack) = answer {
            acknowledged.push(ack);
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
    store.close().await.unwrap();
    assert!(acknowledged.len() >= owed.len() / 3);

    // After a restart, every acknowledged submission is there as sent.
    let (mut server, _, _) = serve(database);
    let store = Store::connect(database).await.unwrap();
    let t = tenant::by_slug(&store, "ostrava")
        .await
        .unwrap()
        .unwrap()
        .id;
    for (card, clients) in &acknowledged {
        let stored = action_plan::card(&store, t, *card).await.unwrap();
        assert_eq!(stored.report.state, ReportState::Submitted, "card {card}");
        assert_eq!(
            stored
                .report
                .actual_clients
                .map(|c| c.to_string())
                .as_deref(),
            Some(clients.as_str()),
            "card {card}"
        );
        assert!(
            stored
                .report
                .actual_costs
                .contains(&("mesto".to_owned(), 123_000)),
            "card {card}"
        );
    }
    store.close().await.unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    eprintln!(
        "{} of {} submissions acknowledged before SIGKILL, all stored",
        acknowledged.len(),
        owed.len()
    );
}

mod killed_mid_storm {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kpss.db").display());
        super::killed_mid_storm(&url).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) = kpss_store::testing::TestDb::postgres().await else {
            assert!(
                std::env::var_os("CI").is_none(),
                "KPSS_TEST_PG_URL is not set under CI: the PostgreSQL half cannot be skipped"
            );
            eprintln!("skipped: set KPSS_TEST_PG_URL to run this test on PostgreSQL");
            return;
        };
        let url = db.url().to_owned();
        let server = db.store.server_version().await.unwrap();
        super::killed_mid_storm(&url).await;
        db.finish().await;
        kpss_store::testing::mark_ran_on_postgres(&server);
    }
}
