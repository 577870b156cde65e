//! Two `kpss serve` nodes on one PostgreSQL behind Debian's nginx (round robin): a login on one
//! node is valid on the other, a catalogue edit on one is found by search on the other within
//! 5 s, and an evaluation storm through the balancer loses nothing.

mod common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{csrf, form, send, serve};
use kpss_domain::evaluation::ReportState;
use kpss_store::{Store, action_plan, evaluation, plan, tenant};

/// nginx balancing the two nodes round robin, in the foreground, with everything it writes in
/// `dir`.
fn nginx(dir: &std::path::Path, nodes: [SocketAddr; 2]) -> (Child, SocketAddr) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = dir.display();
    let config = format!(
        "worker_processes 1;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
           log_format upstream '$upstream_addr $status';\n\
           access_log {d}/access.log upstream;\n\
           client_body_temp_path {d}/body;\n\
           proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n\
           uwsgi_temp_path {d}/uwsgi;\n\
           scgi_temp_path {d}/scgi;\n\
           upstream kpss {{ server {}; server {}; }}\n\
           server {{\n\
             listen 127.0.0.1:{port};\n\
             location / {{ proxy_pass http://kpss; proxy_http_version 1.1; \
                           proxy_set_header Connection \"\"; proxy_set_header Host $host; \
                           proxy_set_header X-Forwarded-For $remote_addr; }}\n\
           }}\n\
         }}\n",
        nodes[0], nodes[1]
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, config).unwrap();
    let mut child = Command::new("nginx")
        .args(["-c", path.to_str().unwrap(), "-g", "daemon off; user root;"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("nginx starts");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    for _ in 0..50 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return (child, addr);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().ok();
    child.wait().ok();
    panic!("nginx did not listen on {addr}");
}

async fn login(addr: SocketAddr, password: &str) -> String {
    let page = send(addr, "/prihlaseni", None, None).await.unwrap();
    let cookie = page.cookie.unwrap();
    let logged = send(
        addr,
        "/prihlaseni",
        Some(&cookie),
        Some(form(&[
            ("csrf", &csrf(&page.body)),
            ("email", "koordinator@demo.kpss.cz"),
            ("password", password),
        ])),
    )
    .await
    .unwrap();
    assert_eq!(logged.status, 303, "{}", logged.body);
    logged.cookie.unwrap_or(cookie)
}

mod two_nodes_behind_nginx {
    /// Named `postgres` so CI counts it among the tests that must run on PostgreSQL.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::share_logins_search_and_every_write().await;
    }
}

async fn share_logins_search_and_every_write() {
    let nginx_missing = Command::new("nginx").arg("-v").output().is_err();
    let db = kpss_store::testing::TestDb::postgres().await;
    let (Some(db), false) = (db, nginx_missing) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the two-node leg needs KPSS_TEST_PG_URL and nginx under CI"
        );
        eprintln!(
            "skipped: the two-node leg needs KPSS_TEST_PG_URL and nginx (apt-get install nginx)"
        );
        return;
    };
    let url = db.url().to_owned();
    let (mut first, a, password) = serve(&url);
    let password = password.expect("the demo's coordinator password");
    let (mut second, b, _) = serve(&url);
    let dir = tempfile::tempdir().unwrap();
    let (mut balancer, lb) = nginx(dir.path(), [a, b]);

    // A session made on one node is valid on the other, and through the balancer.
    let cookie = login(a, &password).await;
    for node in [a, b, lb, lb] {
        let page = send(node, "/ucet/heslo", Some(&cookie), None)
            .await
            .unwrap();
        assert_eq!(page.status, 200, "the session on {node}");
    }

    // A service added on the first node is found by the second node's search within 5 s.
    let store = Store::connect(&url).await.unwrap();
    let t = tenant::by_slug(&store, "ostrava")
        .await
        .unwrap()
        .unwrap()
        .id;
    let organisation = kpss_store::catalogue::organisations(&store, t)
        .await
        .unwrap()[0]
        .id;
    let token = csrf(
        &send(a, "/ucet/heslo", Some(&cookie), None)
            .await
            .unwrap()
            .body,
    );
    let added = send(
        a,
        &format!("/sprava/organizace/{organisation}/sluzby/nova"),
        Some(&cookie),
        Some(form(&[
            ("csrf", &token),
            ("kind", "sluzba"),
            ("name", "Dvouuzlová poradna Kvítek"),
            ("service_type", "40"),
            ("register_id", "7654321"),
            ("forms", "terenni"),
            ("target_groups", "seniori"),
            ("capacity", "12"),
            ("capacity_unit", "klienti"),
        ])),
    )
    .await
    .unwrap();
    assert_eq!(added.status, 303, "{}", added.body);
    let saved = Instant::now();
    loop {
        let found = send(b, "/katalog?q=kv%C3%ADtek", None, None).await.unwrap();
        if found.body.contains("Dvouuzlová poradna Kvítek") {
            break;
        }
        assert!(
            saved.elapsed() < Duration::from_secs(5),
            "the second node's search did not find the new service within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let seen_after = saved.elapsed();

    // The second node serves search rows and facet labels from its memory; a rename made
    // elsewhere (here by a third process on the same database) reaches it within 5 s.
    let found = send(b, "/katalog?q=kv%C3%ADtek", None, None).await.unwrap();
    assert!(found.body.contains("Senioři"));
    let service = kpss_store::catalogue::all_services(&store)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.draft.name == "Dvouuzlová poradna Kvítek")
        .unwrap();
    let mut renamed = service.draft.clone();
    renamed.name = "Dvouuzlová poradna Kvítek a Lísteček".to_owned();
    kpss_store::catalogue::update_service(
        &store,
        t,
        &kpss_domain::account::Actor::system(),
        service.id,
        service.version,
        &renamed,
    )
    .await
    .unwrap();
    let mut groups = tenant::list(&store, t, tenant::ListKind::TargetGroups)
        .await
        .unwrap();
    for g in &mut groups {
        if g.code == "seniori" {
            g.name = "Senioři a seniorky".to_owned();
        }
    }
    tenant::set_list(&store, t, tenant::ListKind::TargetGroups, &groups)
        .await
        .unwrap();
    let changed = Instant::now();
    loop {
        let page = send(b, "/katalog?q=kv%C3%ADtek", None, None).await.unwrap();
        if page.body.contains("Kvítek a Lísteček") && page.body.contains("Senioři a seniorky") {
            break;
        }
        assert!(
            changed.elapsed() < Duration::from_secs(5),
            "the second node kept its old copies for 5 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let renamed_after = changed.elapsed();

    // The demo round's owed reports, submitted at once through the balancer: all stored.
    let mut owed = Vec::new();
    for p in plan::plans(&store, t, false).await.unwrap() {
        for ap in action_plan::action_plans(&store, t, p.id).await.unwrap() {
            if evaluation::round(&store, t, ap.id)
                .await
                .unwrap()
                .is_some_and(|r| !r.closed)
            {
                for card in action_plan::cards(&store, t, ap.id).await.unwrap() {
                    if card.report.state.is_editable() {
                        owed.push((card.id, card.version));
                    }
                }
            }
        }
    }
    assert!(owed.len() >= 40);
    let tasks: Vec<_> = owed
        .iter()
        .copied()
        .enumerate()
        .map(|(i, (card, version))| {
            let (cookie, token) = (cookie.clone(), token.clone());
            tokio::spawn(async move {
                let clients = (500 + i).to_string();
                let body = form(&[
                    ("csrf", &token),
                    ("version", &version.to_string()),
                    ("status", "splneno"),
                    ("actual_clients", &clients),
                    ("cost_mesto", "77 000"),
                    ("action", "odevzdat"),
                ]);
                let answer = send(
                    lb,
                    &format!("/karty/{card}/hodnoceni"),
                    Some(&cookie),
                    Some(body),
                )
                .await
                .unwrap();
                (card, clients, answer.status)
            })
        })
        .collect();
    for task in tasks {
        let (card, clients, status) = task.await.unwrap();
        assert_eq!(status, 303, "card {card} through the balancer");
        let stored = action_plan::card(&store, t, card).await.unwrap();
        assert_eq!(stored.report.state, ReportState::Submitted);
        assert_eq!(
            stored.report.actual_clients.map(|c| c.to_string()),
            Some(clients)
        );
    }
    // Round robin: nginx's log names the node of every request, and both served.
    let log = std::fs::read_to_string(dir.path().join("access.log")).unwrap();
    for node in [a, b] {
        let served = log
            .lines()
            .filter(|l| l.starts_with(&node.to_string()))
            .count();
        assert!(
            served >= owed.len() / 3,
            "{node} served {served} requests:\n{log}"
        );
    }

    store.close().await.unwrap();
    for child in [&mut balancer, &mut first, &mut second] {
        child.kill().ok();
        child.wait().ok();
    }
    let server = db.store.server_version().await.unwrap();
    db.finish().await;
    kpss_store::testing::mark_ran_on_postgres(&server);
    eprintln!(
        "two nodes behind nginx: search on the other node after {:.1} s, renames after {:.1} s, \
         {} submissions stored",
        seen_after.as_secs_f64(),
        renamed_after.as_secs_f64(),
        owed.len()
    );
}
