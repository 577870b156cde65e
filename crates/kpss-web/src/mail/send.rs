//! Sending the queued mail: through an SMTP server (lettre, with STARTTLS or TLS), or, where
//! none is set up, into an outbox folder as `.eml` files, so the demo works without one.

use std::path::PathBuf;
use std::time::Duration;

use kpss_store::Store;
use kpss_store::mail::{self as queue, Mail};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only for a server on the same machine.
    None,
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
}

/// The SMTP server mail goes through.
#[derive(Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, when the server asks for them.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for Smtp {
    // The password stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

/// Messages one node sends at once. SMTP waits for the server's answer to each message, so one
/// connection sends some tens a second; a few in parallel keep a mailing of thousands short.
pub const WORKERS: usize = 8;

/// Sends what the queue holds.
#[derive(Clone)]
pub struct Sender {
    transport: Transport,
    from: Mailbox,
}

/// Why a sender could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the sender address „{0}“ is not an e-mail address")]
    From(String),
    #[error("the SMTP server: {0}")]
    Smtp(String),
}

impl Sender {
    /// Sends through this SMTP server as `from` („Komunitní plánování <kp@mesto.cz>“).
    pub fn smtp(server: &Smtp, from: &str) -> Result<Self, SetupError> {
        let builder = match server.security {
            Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host),
            Security::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&server.host)
                    .map_err(|e| SetupError::Smtp(e.to_string()))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&server.host)
                .map_err(|e| SetupError::Smtp(e.to_string()))?,
        };
        let mut builder = builder
            .port(server.port)
            .timeout(Some(Duration::from_secs(20)))
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(u32::try_from(WORKERS).unwrap_or(1)),
            );
        if let Some((user, password)) = &server.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: Transport::Smtp(builder.build()),
            from: from
                .parse()
                .map_err(|_| SetupError::From(from.to_owned()))?,
        })
    }

    /// Writes each message as `{id}.eml` into `dir` instead of sending it.
    pub fn outbox(dir: PathBuf, from: &str) -> Result<Self, SetupError> {
        Ok(Self {
            transport: Transport::Outbox(dir),
            from: from
                .parse()
                .map_err(|_| SetupError::From(from.to_owned()))?,
        })
    }

    /// Claims the due messages, sends them and records each outcome; returns how many went out
    /// and how many failed (they wait for their next attempt).
    pub async fn send_due(&self, store: &Store) -> kpss_store::Result<(usize, usize)> {
        let (mut sent, mut failed) = (0, 0);
        // One message per claim: a node that stops leaves at most the one it was sending
        // unconfirmed, never a batch it had not begun.
        while let Some(mail) = queue::claim_due(store, 1, now()).await?.pop() {
            match self.send(&mail).await {
                Ok(()) => {
                    queue::mark_sent(store, mail.id, now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(mail = mail.id, %error, "mail not sent");
                    queue::mark_failed(store, &mail, &error, now()).await?;
                    failed += 1;
                }
            }
        }
        Ok((sent, failed))
    }

    /// Sends the due mail with `workers` at once, each claiming one message at a time.
    pub async fn send_due_in_parallel(
        &self,
        store: &Store,
        workers: usize,
    ) -> kpss_store::Result<(usize, usize)> {
        let mut running = tokio::task::JoinSet::new();
        for _ in 0..workers.max(1) {
            let (sender, store) = (self.clone(), store.clone());
            running.spawn(async move { sender.send_due(&store).await });
        }
        let (mut sent, mut failed) = (0, 0);
        while let Some(done) = running.join_next().await {
            let (s, f) = match done {
                Ok(result) => result?,
                // A worker that panicked takes the node's sending down with it, as one would.
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => continue,
            };
            sent += s;
            failed += f;
        }
        Ok((sent, failed))
    }

    /// Sends the due mail every `every`, for as long as kpss runs.
    pub async fn run(self, store: Store, every: Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match self.send_due_in_parallel(&store, WORKERS).await {
                Ok((0, 0)) => {}
                Ok((sent, failed)) => tracing::info!(sent, failed, "mail"),
                Err(e) => tracing::warn!("mail queue: {e}"),
            }
        }
    }

    async fn send(&self, mail: &Mail) -> Result<(), String> {
        let message = self.message(mail)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("{}: {e}", dir.display()))?;
                let path = dir.join(format!("{:08}.eml", mail.id));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }

    /// The message as it goes out: a plain-text and an HTML part, and the attachment.
    fn message(&self, mail: &Mail) -> Result<Message, String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("neplatná adresa {}: {e}", mail.to))?;
        let body = MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        let built = match &mail.attachment {
            Some(a) => {
                let kind = ContentType::parse(&a.content_type).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .multipart(body)
                        .singlepart(Attachment::new(a.name.clone()).body(a.body.clone(), kind)),
                )
            }
            None => builder.multipart(body),
        };
        built.map_err(|e| e.to_string())
    }
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
