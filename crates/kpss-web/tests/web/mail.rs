//! Mail through a real SMTP server (Python's aiosmtpd, started by the test): a meeting's
//! invitations are delivered once each, with the meeting as iCalendar; with the server down
//! they stay queued and the invitation itself still succeeds.

use std::process::{Child, Command, Stdio};

use kpss_web::mail::send::{Security, Sender, Smtp};
use mailparse::MailHeaderMap;

use super::demo_round::{demo_app, login};
use super::*;

/// An SMTP server writing what it receives into a maildir, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpServer {
    /// Starts aiosmtpd, or says why not (under CI that is a failure, not a skip).
    fn start() -> Option<Self> {
        let has = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !has {
            assert!(
                std::env::var_os("CI").is_none(),
                "aiosmtpd is missing under CI: pip install aiosmtpd"
            );
            eprintln!("skipped: pip install aiosmtpd to run the SMTP test");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new("python3")
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
            .unwrap();
        // Held from here on, so the server is stopped however the test ends.
        let server = Self {
            child,
            port,
            maildir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    /// The messages delivered so far.
    fn delivered(&self) -> Vec<Vec<u8>> {
        let new = self.maildir.path().join("box").join("new");
        let Ok(entries) = std::fs::read_dir(new) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect()
    }
}

fn smtp(port: u16) -> Sender {
    Sender::smtp(
        &Smtp {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            credentials: None,
        },
        "Komunitní plánování <kp@ostrava.test>",
    )
    .unwrap()
}

#[tokio::test]
async fn invitations_reach_a_real_smtp_server_once_with_the_meeting_as_icalendar() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let t = app.tenant;
    let sen = kpss_store::work_group::work_groups(&store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.draft.code == "SEN")
        .unwrap();
    let next = kpss_store::meeting::meetings(&store, t, sen.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.starts_at > time::OffsetDateTime::now_utc())
        .expect("the demo group's next meeting");
    let with_email = kpss_store::member::group_people(&store, t, sen.id, next.day())
        .await
        .unwrap()
        .iter()
        .filter(|(m, _)| m.draft.email.is_some())
        .count();
    assert!(with_email > 10);

    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let invite = format!("/schuzky/{}/pozvat", next.id);
    let version = next.version.to_string();
    let queued = app
        .post(&invite, &[("csrf", &csrf), ("version", &version)])
        .await;
    let (_, notice) = app.follow(&queued).await;
    assert_eq!(
        notice.unwrap(),
        format!(
            "Zařazeno k odeslání: {}.",
            kpss_domain::czech::count(with_email, "pozvánka", "pozvánky", "pozvánek")
        )
    );
    // A second click queues nothing more.
    let again = app
        .post(&invite, &[("csrf", &csrf), ("version", &version)])
        .await;
    let (_, notice) = app.follow(&again).await;
    assert!(notice.unwrap().contains("už byly zařazeny k odeslání"));

    let sender = smtp(server.port);
    assert_eq!(sender.send_due(&store).await.unwrap(), (with_email, 0));
    assert_eq!(
        sender.send_due(&store).await.unwrap(),
        (0, 0),
        "none goes twice"
    );
    let delivered = server.delivered();
    assert_eq!(delivered.len(), with_email);
    let message = mailparse::parse_mail(&delivered[0]).unwrap();
    let subject = message.headers.get_first_value("Subject").unwrap();
    assert!(subject.starts_with("Pozvánka: Senioři – "), "{subject}");
    let mut parts = vec![&message];
    let mut texts = Vec::new();
    while let Some(part) = parts.pop() {
        parts.extend(part.subparts.iter());
        if part.subparts.is_empty() {
            texts.push((part.ctype.mimetype.clone(), part.get_body().unwrap()));
        }
    }
    let find = |kind: &str| {
        texts
            .iter()
            .find(|(t, _)| t == kind)
            .map(|(_, b)| b.clone())
            .unwrap_or_else(|| panic!("no {kind} part"))
    };
    assert!(find("text/plain").contains(&format!("Kde: {}", next.draft.place)));
    assert!(find("text/html").contains("<strong>Senioři</strong>"));
    let ics = find("text/calendar");
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    assert!(
        ics.contains(&format!(
            "DTSTART:{}",
            next.starts_at
                .to_offset(time::UtcOffset::UTC)
                .format(time::macros::format_description!(
                    "[year][month][day]T[hour][minute][second]Z"
                ))
                .unwrap()
        )),
        "{ics}"
    );

    // The server down: the invitation still succeeds, the mail stays queued for a retry.
    let later = kpss_store::meeting::create_meeting(
        &store,
        t,
        &kpss_domain::account::Actor::system(),
        sen.id,
        &kpss_domain::meeting::MeetingDraft::parse(&kpss_domain::meeting::MeetingInput {
            day: &kpss_domain::czech::format_date(next.day() + time::Duration::days(30)),
            from: "10:00",
            to: "11:00",
            place: "Klub seniorů",
            agenda: "",
        })
        .unwrap(),
    )
    .await
    .unwrap();
    let queued = app
        .post(
            &format!("/schuzky/{}/pozvat", later.id),
            &[("csrf", &csrf), ("version", &later.version.to_string())],
        )
        .await;
    assert_eq!(queued.status, StatusCode::SEE_OTHER);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (sent, failed) = smtp(closed).send_due(&store).await.unwrap();
    assert_eq!((sent, failed), (0, with_email));
    let waiting = kpss_store::mail::counts(&store, t).await.unwrap();
    assert_eq!(
        waiting[0],
        u64::try_from(with_email).unwrap(),
        "queued again"
    );
    // The coordinator sees what waits and why.
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let outbox = app.get("/sprava/posta").await;
    assert_eq!(outbox.status, StatusCode::OK);
    assert!(outbox.body.contains("čeká na odeslání"), "{}", outbox.body);
    assert!(outbox.body.contains("Pozvánka: Senioři"));
    // A meeting that has begun invites nobody.
    let past = kpss_store::meeting::meetings(&store, t, sen.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.starts_at < time::OffsetDateTime::now_utc())
        .unwrap();
    let csrf = app.csrf("/").await;
    let refused = app
        .post(
            &format!("/schuzky/{}/pozvat", past.id),
            &[("csrf", &csrf), ("version", &past.version.to_string())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Schůzka už začala nebo proběhla"));
}
