//! `kpss bench …`: speed and memory at the scales the issues name, printed as numbers.

mod consultation;
mod documents;
mod evaluation;
mod export;
mod groups;
mod http;
mod planning;
mod report;
mod search;

pub use consultation::consultation;
pub use documents::documents;
pub use evaluation::evaluation;
pub use export::export;
pub use groups::groups;
pub use http::http;
pub use planning::national as planning_national;
pub use report::report;
pub use search::search;

/// This process's resident memory, in MiB.
pub(crate) fn rss_mib() -> f64 {
    memory_mib("VmRSS")
}

/// A memory figure of this process from `/proc/self/status` (`VmRSS`, `VmHWM`), in MiB.
pub(crate) fn memory_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .filter_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .find_map(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Starts this process's peak memory (`VmHWM`) again from what it holds now.
pub(crate) fn forget_peak() -> anyhow::Result<()> {
    std::fs::write("/proc/self/clear_refs", "5")
        .map_err(|e| anyhow::anyhow!("cannot reset the peak memory of the process: {e}"))
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

/// The national data set on `url` (filled unless the database already holds it), or on a new
/// SQLite file: the store, the tenant, and the guard of the temporary directory.
pub(crate) async fn national_set(
    url: Option<&str>,
) -> anyhow::Result<(
    kpss_store::Store,
    kpss_store::tenant::Tenant,
    Option<tempfile::TempDir>,
)> {
    use kpss_store::demo::{self, Scale};
    let (store, dir) = store(url).await?;
    println!("database: {}", store.backend());
    let tenant = kpss_store::tenant::ensure(&store, "cesko", "Česká republika (demo)").await?;
    let started = std::time::Instant::now();
    // Nobody logs in with these; a benchmark that does sets a password of its own.
    let hash = kpss_store::account::hash_password(&kpss_store::account::one_time_password());
    if demo::fill(
        &store,
        &tenant,
        Scale::National,
        &std::array::from_fn(|_| hash.clone()),
    )
    .await?
    {
        store.analyze().await?;
        println!(
            "national data set filled in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok((store, tenant, dir))
}

/// The tenant's approved plan: the demo city and the national set have one.
pub(crate) async fn approved_plan(
    store: &kpss_store::Store,
    tenant: i32,
) -> anyhow::Result<kpss_store::plan::Plan> {
    kpss_store::plan::plans(store, tenant, false)
        .await?
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .ok_or_else(|| anyhow::anyhow!("no approved plan in the data set"))
}

/// Searches as people type them: official words, inflected ones, without diacritics, with
/// typos, colloquial, and one that finds nothing (the suggestion's path).
pub(crate) const QUERIES: [&str; 37] = [
    "senioři",
    "seniori",
    "pečovatelská služba",
    "pecovatelska",
    "azylový dům",
    "azylovy dum",
    "domov pro seniory",
    "osobní asistence",
    "osobni asistence",
    "krizová pomoc",
    "noclehárna",
    "rodina děti",
    "terénní program",
    "terenni programy",
    "chráněné bydlení",
    "poradenství",
    "klub",
    "sociální rehabilitace",
    "Poruba",
    "denní stacionář",
    "odlehčovací služba",
    "drogy",
    "dluhy",
    "tlumočnické služby",
    "raná péče",
    "bezdomovci",
    "lidi bez domova",
    "feťáci",
    "důchodci",
    "vozíčkáři",
    "seniorům",
    "azylového domu",
    "pečovatelká služba",
    "senoiri",
    "noclehrna",
    "hopsic",
    "xyzzy kvrdl",
];

/// The facet selections of the query mixes: none, a target group, a form and a district, a
/// kind.
pub(crate) fn facets(i: usize) -> kpss_search::Filters {
    use kpss_search::{Dimension, Filters};
    match i % 4 {
        0 => Filters::default(),
        1 => Filters(vec![(Dimension::TargetGroup, vec!["seniori".into()])]),
        2 => Filters(vec![
            (Dimension::Form, vec!["terenni".into()]),
            (Dimension::District, vec!["poruba".into()]),
        ]),
        _ => Filters(vec![(Dimension::Kind, vec!["sluzba".into()])]),
    }
}

/// Milliseconds of a duration.
pub(crate) fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
