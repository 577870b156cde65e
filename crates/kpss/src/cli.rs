//! The command line: flags win over `KPSS_*` variables, which win over the defaults.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use kpss_domain::account::Role;
use kpss_store::demo::{self, Scale};
use kpss_store::{Store, tenant};

/// Komunitní plánování sociálních služeb.
#[derive(Debug, Parser)]
#[command(name = "kpss", version, about)]
pub struct Cli {
    /// Database: sqlite://path or postgres://user@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://./kpss-data/kpss.db",
        global = true
    )]
    database_url: String,
    /// Slug of the default tenant.
    #[arg(long, env = "KPSS_TENANT", default_value = "ostrava", global = true)]
    tenant: String,
    /// Name of the default tenant, used when it is created.
    #[arg(
        long,
        env = "KPSS_TENANT_NAME",
        default_value = "Statutární město Ostrava",
        global = true
    )]
    tenant_name: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application (the default): migrates and fills the demo city on first start.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "KPSS_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Do not fill an empty database with the demo city.
        #[arg(long, env = "KPSS_NO_DEMO")]
        no_demo: bool,
        /// Mark the session cookie Secure (behind HTTPS).
        #[arg(long, env = "KPSS_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Fill the tenant with demo data.
    Demo {
        #[arg(long, value_enum, default_value = "city")]
        scale: ScaleArg,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
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
enum UserCommand {
    /// Add an account; prints its one-time password.
    Add {
        #[arg(long)]
        email: String,
        /// admin | manager | member | provider
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
        /// IČO of the organisation a provider editor speaks for.
        #[arg(long)]
        organisation: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Index build time, memory and latency of 1 000 queries at national scale.
    Search,
}

/// Runs the chosen command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Bench {
        what: BenchCommand::Search,
    }) = &cli.command
    {
        return crate::bench::search();
    }
    let store = Store::connect(&cli.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", cli.database_url))?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let tenant = tenant::ensure(&store, &cli.tenant, &cli.tenant_name).await?;
    match cli.command.unwrap_or(Command::Serve {
        listen: std::env::var("KPSS_LISTEN")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
        no_demo: std::env::var_os("KPSS_NO_DEMO").is_some(),
        secure_cookies: std::env::var_os("KPSS_SECURE_COOKIES").is_some(),
    }) {
        Command::Serve {
            listen,
            no_demo,
            secure_cookies,
        } => {
            let mut filled = false;
            if !no_demo {
                let hash = tokio::task::spawn_blocking(|| {
                    kpss_store::account::hash_password(demo::DEMO_PASSWORD)
                })
                .await?;
                filled = demo::fill(&store, &tenant, Scale::City, &hash).await?;
            }
            let index = kpss_search::CatalogueIndex::build(&store).await?;
            let state = kpss_web::AppState {
                store: store.clone(),
                index: Arc::new(index),
                default_tenant: tenant.clone(),
            };
            let app = kpss_web::App::build(state, &kpss_web::Config { secure_cookies }, listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let addr = app.local_addr()?;
            println!(
                "kpss běží na http://{addr}/  ({}: {})",
                store.backend(),
                cli.database_url
            );
            if filled || !no_demo {
                println!(
                    "Demo přihlášení (heslo pro všechny: {}):",
                    demo::DEMO_PASSWORD
                );
                for (email, role) in demo::DEMO_ACCOUNTS {
                    println!("  {:<28} {}", email, role.name());
                }
            }
            app.serve().await?;
        }
        Command::Migrate => println!("Databáze je aktuální ({}).", store.backend()),
        Command::Demo { scale } => {
            let scale = match scale {
                ScaleArg::City => Scale::City,
                ScaleArg::National => Scale::National,
            };
            let hash = tokio::task::spawn_blocking(|| {
                kpss_store::account::hash_password(demo::DEMO_PASSWORD)
            })
            .await?;
            if demo::fill(&store, &tenant, scale, &hash).await? {
                println!("Demo data jsou nahrána do tenanta {}.", tenant.slug);
            } else {
                println!("Tenant {} už data má; nic nebylo změněno.", tenant.slug);
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    name,
                    organisation,
                },
        } => {
            let role = Role::parse(&role).map_err(|_| {
                anyhow::anyhow!(
                    "neznámá role „{role}“; použijte admin, manager, member nebo provider"
                )
            })?;
            let email = kpss_domain::account::parse_login_email(&email)
                .map_err(|_| anyhow::anyhow!("„{email}“ není platná e-mailová adresa"))?;
            let mut organisations = Vec::new();
            if let Some(ico) = organisation {
                let ico = kpss_domain::catalogue::Ico::parse(&ico)
                    .map_err(|_| anyhow::anyhow!("„{ico}“ není platné IČO"))?;
                let found = kpss_store::catalogue::organisations(&store, tenant.id)
                    .await?
                    .into_iter()
                    .find(|o| o.draft.ico == ico);
                let Some(found) = found else {
                    bail!("organizace s IČO {ico} v katalogu není")
                };
                organisations.push(found.id);
            } else if role == Role::ProviderEditor {
                bail!("poskytovatel potřebuje --organisation IČO");
            }
            let password = kpss_store::account::one_time_password();
            let to_hash = password.clone();
            let hash =
                tokio::task::spawn_blocking(move || kpss_store::account::hash_password(&to_hash))
                    .await?;
            let name = if name.is_empty() { email.clone() } else { name };
            let new = kpss_store::account::NewAccount {
                email: &email,
                name: &name,
                role,
                password_hash: hash,
                organisations: &organisations,
            };
            match kpss_store::account::add(
                &store,
                tenant.id,
                &kpss_domain::account::Actor::system(),
                new,
            )
            .await
            {
                Ok(account) => println!(
                    "Účet {} ({}) založen. Jednorázové heslo: {password}",
                    account.email,
                    role.name()
                ),
                Err(kpss_store::Error::Conflict(_)) => bail!("účet {email} už existuje"),
                Err(e) => return Err(e.into()),
            }
        }
        Command::Bench { .. } => unreachable!("handled above"),
    }
    Ok(())
}
