//! `kpss bench groups`: the people of community planning at national scale (2 000 groups,
//! 50 000 members, 20 000 meetings with attendance, minutes and tasks). Times a group's page and
//! a member's start page over HTTP on loopback, then sends 10 000 queued mails through a local
//! SMTP server (Python's aiosmtpd) from two nodes at once and checks none went twice.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kpss_domain::account::Actor;
use kpss_domain::mail::MailDraft;
use kpss_store::demo::GroupScale;

use super::evaluation::{login, send, serve};
use super::ms;

const SCALE: GroupScale = GroupScale {
    groups: 2_000,
    members: 50_000,
    meetings: 20_000,
};
const MAILS: usize = 10_000;
/// Nodes sending at once, each with its [`kpss_web::mail::send::WORKERS`].
const NODES: usize = 2;

/// Median and 95th percentile, in ms.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into a short list"
        )]
        let i = ((times.len() - 1) as f64 * q).round() as usize;
        ms(times[i])
    };
    (at(0.5), at(0.95))
}

/// Fills the data set, times the pages, sends the mail.
pub async fn groups(database: Option<&str>) -> anyhow::Result<()> {
    let (store, _dir) = super::store(database).await?;
    println!("database: {}", store.backend());
    let tenant = kpss_store::tenant::ensure(&store, "skupiny", "Skupiny (bench)").await?;
    let started = Instant::now();
    let member = kpss_store::demo::fill_group_scale(&store, tenant.id, SCALE).await?;
    store.analyze().await?;
    println!(
        "filled {} groups, {} members, {} meetings (with attendance and tasks) in {:.0} s",
        SCALE.groups,
        SCALE.members,
        SCALE.meetings,
        started.elapsed().as_secs_f64()
    );
    let password = kpss_store::account::one_time_password();
    let hash = kpss_store::account::hash_password(&password);
    let account =
        kpss_store::member::invite(&store, tenant.id, &Actor::system(), member, hash).await?;
    let email = kpss_store::account::get(&store, tenant.id, account)
        .await?
        .email;
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;

    let groups = kpss_store::work_group::work_groups(&store, tenant.id).await?;
    let mut group_times = Vec::new();
    for (i, g) in groups.iter().step_by(groups.len() / 100).enumerate() {
        let t = Instant::now();
        let page = send(addr, "GET", &format!("/skupiny/{}", g.id), None, None).await?;
        group_times.push(t.elapsed());
        anyhow::ensure!(page.status == 200, "group page: {}", page.status);
        if i == 0 {
            anyhow::ensure!(page.body.contains("Proběhlé schůzky"), "no meetings listed");
        }
    }
    let cookie = login(addr, &email, &password).await?;
    let mut home_times = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        let page = send(addr, "GET", "/", Some(&cookie), None).await?;
        home_times.push(t.elapsed());
        anyhow::ensure!(page.status == 200, "start page: {}", page.status);
        anyhow::ensure!(
            page.body.contains("Moje úkoly ze schůzek"),
            "no tasks on the start page"
        );
    }
    let (group_median, group_p95) = spread(group_times);
    let (home_median, home_p95) = spread(home_times);
    println!("over HTTP on loopback, 100 requests each:");
    println!(
        "  group page:         median {group_median:>6.1} ms, p95 {group_p95:>6.1} ms  target < 50 ms"
    );
    println!(
        "  member's start page: median {home_median:>6.1} ms, p95 {home_p95:>6.1} ms  target < 50 ms"
    );

    mail(&store, tenant.id).await
}

/// Queues 10 000 mails and sends them through aiosmtpd with four senders at once.
async fn mail(store: &kpss_store::Store, tenant: i32) -> anyhow::Result<()> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let maildir = tempfile::tempdir()?;
    let mut server = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path().join("box"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("python3 -m aiosmtpd: {e} (pip install aiosmtpd)"))?;
    let result = send_all(store, tenant, port, maildir.path()).await;
    let _ = server.kill();
    let _ = server.wait();
    result
}

async fn send_all(
    store: &kpss_store::Store,
    tenant: i32,
    port: u16,
    maildir: &std::path::Path,
) -> anyhow::Result<()> {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let drafts: Vec<MailDraft> = (0..MAILS)
        .map(|n| MailDraft {
            kind: "bench",
            key: format!("bench-{n}"),
            to: format!("prijemce{n}@skupiny.kpss.cz"),
            subject: format!("Zpráva {n}"),
            text: "Dobrý den,\n\ntoto je zkušební zpráva.\n".to_owned(),
            html: "<p>Dobrý den,</p><p>toto je zkušební zpráva.</p>".to_owned(),
            attachment: None,
        })
        .collect();
    for chunk in drafts.chunks(1000) {
        kpss_store::mail::queue(store, tenant, chunk).await?;
    }
    let server = kpss_web::mail::send::Smtp {
        host: "127.0.0.1".to_owned(),
        port,
        security: kpss_web::mail::send::Security::None,
        credentials: None,
    };
    let started = Instant::now();
    let mut senders = Vec::new();
    for _ in 0..NODES {
        let sender = kpss_web::mail::send::Sender::smtp(&server, "Bench <bench@kpss.cz>")?;
        let store = store.clone();
        senders.push(tokio::spawn(async move {
            sender
                .send_due_in_parallel(&store, kpss_web::mail::send::WORKERS)
                .await
        }));
    }
    let (mut sent, mut failed) = (0, 0);
    for s in senders {
        let (a, b) = s.await??;
        sent += a;
        failed += b;
    }
    let took = started.elapsed();
    // What the server got: one file per message, each recipient once.
    let mut recipients = HashSet::new();
    let mut delivered = 0;
    for dir in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(maildir.join("box").join(dir)) else {
            continue;
        };
        for entry in entries {
            let text = std::fs::read_to_string(entry?.path())?;
            delivered += 1;
            if let Some(to) = text.lines().find_map(|l| l.strip_prefix("To: ")) {
                recipients.insert(to.trim().to_owned());
            }
        }
    }
    let counts = kpss_store::mail::counts(store, tenant).await?;
    println!(
        "mail: {sent} sent, {failed} failed by {NODES} nodes of {} workers at once in {:.1} s ({:.0} per second)  target < 60 s",
        kpss_web::mail::send::WORKERS,
        took.as_secs_f64(),
        f64::from(u32::try_from(sent).unwrap_or(u32::MAX)) / took.as_secs_f64()
    );
    println!(
        "  the SMTP server received {delivered} messages for {} distinct recipients; the queue says {counts:?} (waiting, sending, sent, failed)",
        recipients.len()
    );
    anyhow::ensure!(
        delivered == MAILS && recipients.len() == MAILS,
        "each message once: {delivered} received, {} recipients",
        recipients.len()
    );
    Ok(())
}
