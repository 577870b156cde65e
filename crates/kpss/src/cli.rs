//! The command line; settings are layered in [`crate::config`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kpss_domain::account::Role;
use kpss_store::demo::{self, Scale};
use kpss_store::{Store, tenant};

use crate::config::{FileConfig, Given, Settings};

/// Komunitní plánování sociálních služeb.
#[derive(Debug, Parser)]
#[command(name = "kpss", version, about)]
pub struct Cli {
    /// Configuration file [default: ./kpss.toml if present].
    #[arg(long, env = "KPSS_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// Database: sqlite://path or postgres://user@host/db [default: sqlite://./kpss-data/kpss.db].
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Slug of the default tenant [default: ostrava].
    #[arg(long, env = "KPSS_TENANT", global = true)]
    tenant: Option<String>,
    /// Name of the default tenant, used when it is created [default: Statutární město Ostrava].
    #[arg(long, env = "KPSS_TENANT_NAME", global = true)]
    tenant_name: Option<String>,
    /// Address to serve on [default: 127.0.0.1:8080].
    #[arg(long, env = "KPSS_LISTEN", global = true)]
    listen: Option<SocketAddr>,
    /// Do not fill an empty database with the demo city.
    #[arg(long, env = "KPSS_NO_DEMO", global = true)]
    no_demo: bool,
    /// Mark the session cookie Secure (behind HTTPS).
    #[arg(long, env = "KPSS_SECURE_COOKIES", global = true)]
    secure_cookies: bool,
    /// Virus scanner run on every kept upload: a program and its arguments, reading the file
    /// on its input and exiting 0 when clean, 1 when infected (e.g. `clamdscan --no-summary -`).
    #[arg(long, env = "KPSS_VIRUS_SCAN", global = true)]
    virus_scan: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application (the default): migrates and fills the demo city on first start.
    Serve,
    /// Bring the database schema up to date.
    Migrate,
    /// Fill the tenant with demo data.
    Demo {
        #[arg(long, value_enum, default_value = "city")]
        scale: ScaleArg,
    },
    /// Manage tenants (municipalities and regions).
    Tenant {
        #[command(subcommand)]
        command: crate::admin::TenantCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: crate::admin::UserCommand,
    },
    /// Write a consistent copy of the database while kpss serves (SQLite: VACUUM INTO;
    /// PostgreSQL: pg_dump --format=custom).
    Backup {
        /// File to write; never overwritten.
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the database with a backup, checked first (stop kpss before; SQLite: atomic
    /// rename; PostgreSQL: pg_restore in one transaction).
    Restore {
        /// A file written by `kpss backup`.
        #[arg(long)]
        from: PathBuf,
    },
    /// Check that stored data agree with what they are derived from.
    Check {
        #[command(subcommand)]
        what: CheckCommand,
    },
    /// Measure speed.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScaleArg {
    City,
    National,
}

#[derive(Debug, Subcommand)]
enum CheckCommand {
    /// The sums of cards per measure (what the reports read) against the cards themselves.
    Rollups {
        /// Store the sums counted from the cards where they differ.
        #[arg(long)]
        repair: bool,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Index build time, memory and latency of 1 000 queries at national scale.
    Search,
    /// The summary report of a plan at national scale as HTML, XLSX and PDF.
    Report {
        /// Database to fill (or reuse) with the national set; a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
    },
    /// The public pages over HTTP at national scale against the search in process and
    /// against nginx serving the same pages as files.
    Http {
        /// Database to fill (or reuse) with the national set; a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
    },
    /// An action plan of 200 000 cards exported as CSV and XLSX over HTTP, with the server's
    /// peak memory while it writes each file.
    Export {
        /// Database to fill (or reuse); a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
        /// Cards in the exported action plan.
        #[arg(long, default_value_t = 200_000)]
        rows: usize,
    },
    /// A draft of 108 measures with 10 000 comments: the public draft page, the settlement
    /// table as a page, PDF and XLSX, over HTTP.
    Consultation {
        /// Database to fill; a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
    },
    /// The national catalogue's open data: HSDS pages of 100 services (first, middle,
    /// last), a service in full, organisations and taxonomy terms, over HTTP.
    Documents {
        /// Database to fill (or reuse); a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
    },
    /// 2 000 groups, 50 000 members and 20 000 meetings: a group's page and a member's start
    /// page over HTTP, and 10 000 mails through a local SMTP server (aiosmtpd).
    Groups {
        /// Database to fill; a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
    },
    /// City: 500 concurrent card submissions over HTTP on loopback. National: the card form
    /// and saving cards in an open year of 50 000 cards.
    Evaluation {
        /// Database to fill (or reuse); a temporary SQLite file if absent.
        #[arg(long)]
        database: Option<String>,
        #[arg(long, value_enum, default_value = "city")]
        scale: ScaleArg,
    },
}

/// Runs the chosen command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Bench { what }) = &cli.command {
        return match what {
            BenchCommand::Search => crate::bench::search(),
            BenchCommand::Report { database } => crate::bench::report(database.as_deref()).await,
            BenchCommand::Http { database } => crate::bench::http(database.as_deref()).await,
            BenchCommand::Groups { database } => crate::bench::groups(database.as_deref()).await,
            BenchCommand::Documents { database } => {
                crate::bench::documents(database.as_deref()).await
            }
            BenchCommand::Consultation { database } => {
                crate::bench::consultation(database.as_deref()).await
            }
            BenchCommand::Export { database, rows } => {
                crate::bench::export(database.as_deref(), *rows).await
            }
            BenchCommand::Evaluation { database, scale } => match scale {
                ScaleArg::City => crate::bench::evaluation(database.as_deref()).await,
                ScaleArg::National => crate::bench::planning_national(database.as_deref()).await,
            },
        };
    }
    for name in crate::config::unknown_variables(std::env::vars().map(|(k, _)| k)) {
        tracing::warn!("unknown environment variable {name} is ignored");
    }
    let mut file = FileConfig::load(cli.config.as_deref())?;
    let mail = crate::config::MailSettings::resolve(file.mail.take(), |n| std::env::var(n).ok())?;
    let given = Given {
        database_url: cli.database_url.clone(),
        listen: cli.listen,
        tenant: cli.tenant.clone(),
        tenant_name: cli.tenant_name.clone(),
        no_demo: cli.no_demo.then_some(true),
        secure_cookies: cli.secure_cookies.then_some(true),
        virus_scan: cli.virus_scan.clone(),
    };
    let settings = Settings::resolve(given, file);
    // Neither touches the schema: a backup copies what is there, a restore replaces it.
    match &cli.command {
        Some(Command::Backup { to }) => {
            return crate::backup::backup(&settings.database_url, to).await;
        }
        Some(Command::Restore { from }) => {
            return crate::backup::restore(&settings.database_url, from).await;
        }
        _ => {}
    }
    let store = Store::connect(&settings.database_url)
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                crate::config::redacted(&settings.database_url)
            )
        })?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    if let Some(Command::Check {
        what: CheckCommand::Rollups { repair },
    }) = &cli.command
    {
        return crate::check::rollups(&store, *repair).await;
    }
    if let Some(Command::Tenant { command }) = cli.command {
        return crate::admin::tenant_command(&store, command).await;
    }
    let tenant = tenant::ensure(&store, &settings.tenant, &settings.tenant_name).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let (listen, secure_cookies) = (settings.listen, settings.secure_cookies);
            // Held while serving, so `kpss restore` never replaces the file under this process.
            let _serving = kpss_store::backup::sqlite_path(&settings.database_url)
                .map(|path| kpss_store::backup::hold_serving_lock(&path))
                .transpose()
                .map_err(|_| {
                    anyhow::anyhow!(
                        "databázi právě obnovuje kpss restore; spusťte kpss až po jejím dokončení"
                    )
                })?;
            let demo_logins = if settings.demo {
                fill_demo(&store, &tenant, Scale::City).await?
            } else {
                None
            };
            let setup_token = kpss_store::setup::issue(&store, tenant.id).await?;
            tokio::spawn(housekeeping(store.clone()));
            // Other nodes change tenants, lists and the catalogue too; this node's copies follow.
            tokio::spawn(
                store
                    .clone()
                    .follow_shared_changes(std::time::Duration::from_secs(2)),
            );
            let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
            // Other nodes sharing the database save too; their changes reach this index.
            tokio::spawn(
                Arc::clone(&index).follow(store.clone(), std::time::Duration::from_secs(2)),
            );
            let mut state = kpss_web::AppState::new(store.clone(), index, tenant.clone());
            state.public_url = mail.public_url.clone();
            state.virus_scan = settings.virus_scan.clone().map(Into::into);
            let app = kpss_web::App::build(state, &kpss_web::Config { secure_cookies }, listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let addr = app.local_addr()?;
            let sender = match &mail.smtp {
                Some(server) => kpss_web::mail::send::Sender::smtp(server, &mail.from)?,
                None => kpss_web::mail::send::Sender::outbox(mail.outbox.clone(), &mail.from)?,
            };
            // Every node sends: a message is claimed before it goes out, so none goes twice.
            tokio::spawn(sender.run(store.clone(), std::time::Duration::from_secs(5)));
            let reminders = kpss_web::mail::reminders::Reminders {
                base_url: mail
                    .public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{addr}")),
                days_before: mail.reminder_days,
            };
            tokio::spawn(reminders.run(store.clone(), std::time::Duration::from_secs(3600)));
            if let Some(logins) = demo_logins {
                print_demo_logins(&logins);
            }
            if let Some(token) = setup_token {
                println!(
                    "Instalace zatím nemá žádný účet. Prvního koordinátora založíte jednorázovým \
                     odkazem http://{addr}/nastaveni/{token}\n  nebo příkazem: kpss user add \
                     --role admin --email …"
                );
            }
            match &mail.smtp {
                Some(server) => println!("Pošta odchází přes {}:{}.", server.host, server.port),
                None => println!(
                    "Pošta: SMTP server není nastaven, zprávy se ukládají do {}.",
                    mail.outbox.display()
                ),
            }
            println!(
                "kpss běží na http://{addr}/  ({}: {})",
                store.backend(),
                crate::config::redacted(&settings.database_url)
            );
            app.serve().await?;
        }
        Command::Migrate => println!("Databáze je aktuální ({}).", store.backend()),
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::Demo { scale } => {
            let scale = match scale {
                ScaleArg::City => Scale::City,
                ScaleArg::National => Scale::National,
            };
            match fill_demo(&store, &tenant, scale).await? {
                Some(logins) => {
                    println!("Demo data jsou nahrána do tenanta {}.", tenant.slug);
                    print_demo_logins(&logins);
                }
                None => println!(
                    "Tenant {} už má data, účty nebo byl nastaven bez dema; nic nebylo změněno.",
                    tenant.slug
                ),
            }
        }
        Command::User { command } => crate::admin::user_command(&store, &tenant, command).await?,
        Command::Bench { .. } | Command::Tenant { .. } | Command::Check { .. } => {
            unreachable!("handled above")
        }
    }
    Ok(())
}

/// Sweeps expired sessions and old login failures every ten minutes, on every node.
async fn housekeeping(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match kpss_store::housekeeping::sweep(&store).await {
            Ok(swept) => tracing::debug!(?swept, "housekeeping"),
            Err(e) => tracing::warn!("housekeeping failed: {e}"),
        }
    }
}

/// The demo accounts with the passwords generated for them.
type DemoLogins = Vec<(&'static str, Role, String)>;

/// Fills an untouched tenant with the demo; its accounts get passwords generated now, shown
/// once by the caller and stored only as hashes.
async fn fill_demo(
    store: &Store,
    tenant: &tenant::Tenant,
    scale: Scale,
) -> anyhow::Result<Option<DemoLogins>> {
    if !kpss_store::setup::is_untouched(store, tenant.id).await? {
        return Ok(None);
    }
    let logins: DemoLogins = demo::DEMO_ACCOUNTS
        .into_iter()
        .map(|(email, role)| (email, role, kpss_store::account::one_time_password()))
        .collect();
    let passwords: Vec<String> = logins.iter().map(|(_, _, p)| p.clone()).collect();
    let hashes: Vec<String> = tokio::task::spawn_blocking(move || {
        passwords
            .iter()
            .map(|p| kpss_store::account::hash_password(p))
            .collect()
    })
    .await?;
    let hashes: demo::DemoPasswordHashes = hashes
        .try_into()
        .map_err(|_| anyhow::anyhow!("one hash per demo account"))?;
    Ok(demo::fill(store, tenant, scale, &hashes)
        .await?
        .then_some(logins))
}

fn print_demo_logins(logins: &DemoLogins) {
    println!("Demo přihlášení (hesla vygenerovaná teď; vypisují se jen jednou):");
    for (email, role, password) in logins {
        println!("  {email:<28} {:<24} {password}", role.name());
    }
    println!("  Nové heslo kdykoli: kpss user password --email <e-mail>");
}
