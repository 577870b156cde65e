//! `kpss bench …`: speed and memory at the scales the issues name, printed as numbers.

mod evaluation;
mod http;
mod planning;
mod report;
mod search;

pub use evaluation::evaluation;
pub use http::http;
pub use planning::national as planning_national;
pub use report::report;
pub use search::search;

/// This process's resident memory.
pub(crate) fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// A store on `url`, or on a new SQLite file in a temporary directory (kept alive by the
/// returned guard).
pub(crate) async fn store(
    url: Option<&str>,
) -> anyhow::Result<(kpss_store::Store, Option<tempfile::TempDir>)> {
    let (url, dir) = match url {
        Some(url) => (url.to_owned(), None),
        None => {
            let dir = tempfile::tempdir()?;
            let url = format!("sqlite://{}/bench.db", dir.path().display());
            (url, Some(dir))
        }
    };
    let store = kpss_store::Store::connect(&url).await?;
    store.migrate().await?;
    Ok((store, dir))
}

/// Milliseconds of a duration.
pub(crate) fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
