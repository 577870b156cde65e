//! `kpss` – serves the web application and runs the admin commands.

mod admin;
mod backup;
mod bench;
mod check;
mod cli;
mod config;

use clap::Parser;

/// mimalloc instead of glibc's malloc: a server's threads allocate and free for each other
/// all day, and glibc keeps what they freed in per-thread arenas, so a long export or a busy
/// hour left the process larger than what it held.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KPSS_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(
                    "info,sqlx=warn,tantivy=warn,sea_orm_migration=warn",
                )
            }),
        )
        .init();
    cli::run(cli::Cli::parse()).await
}
