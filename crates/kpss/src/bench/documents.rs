//! `kpss bench documents`: the open data of the national catalogue over HTTP on loopback –
//! HSDS `/api/hsds/services` pages of 100 (the first, one in the middle, the last), a service
//! in full, a page of organisations and the taxonomy terms; the median of 20 requests each –
//! and the publications: the catalogue book of all its services as HTML (the median of 3) and
//! PDF, the guide for seniors and the plan as PDF: typeset on the first request, with the peak
//! memory that takes, and kept for the next ones (the median of 3).

use std::sync::Arc;

use super::evaluation::{send, serve};
use super::ms;

const RUNS: usize = 20;

/// Serves the national data set and times the API's answers.
pub async fn documents(database: Option<&str>) -> anyhow::Result<()> {
    let (store, tenant, _dir) = super::national_set(database).await?;
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;
    let first = send(addr, "GET", "/api/hsds/services?per_page=100", None, None).await?;
    anyhow::ensure!(first.status == 200, "services: {}", first.status);
    let page: serde_json::Value = serde_json::from_str(&first.body)?;
    let (total, pages) = (
        page["total_items"].as_u64().unwrap_or_default(),
        page["total_pages"].as_u64().unwrap_or(1),
    );
    let service = page["contents"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    println!("HSDS: {total} services in {pages} pages of 100");
    let paths = [
        (
            "services, first page of 100",
            "/api/hsds/services?per_page=100".to_owned(),
        ),
        (
            "services, middle page of 100",
            format!("/api/hsds/services?per_page=100&page={}", pages.div_ceil(2)),
        ),
        (
            "services, last page of 100",
            format!("/api/hsds/services?per_page=100&page={pages}"),
        ),
        (
            "services changed since 2000, page of 100",
            "/api/hsds/services?per_page=100&modified_after=2000-01-01".to_owned(),
        ),
        (
            "one service in full",
            format!("/api/hsds/services/{service}"),
        ),
        (
            "organisations, page of 100",
            "/api/hsds/organizations?per_page=100".to_owned(),
        ),
        (
            "taxonomy terms",
            "/api/hsds/taxonomy_terms?per_page=100".to_owned(),
        ),
    ];
    for (what, path) in paths {
        let (median, slowest, size) = timed(addr, &path, RUNS).await?;
        println!(
            "{what}: median {:.1} ms, slowest {:.1} ms ({} kB)",
            ms(median),
            ms(slowest),
            size / 1024
        );
    }
    publications(&store, &tenant, addr).await
}

/// `runs` GETs of `path`: the median and the slowest time, and the answer's size.
async fn timed(
    addr: std::net::SocketAddr,
    path: &str,
    runs: usize,
) -> anyhow::Result<(std::time::Duration, std::time::Duration, usize)> {
    let (mut times, size) = super::evaluation::gets(addr, path, runs, "").await?;
    times.sort();
    Ok((times[runs / 2], times[runs - 1], size))
}

/// Times the publications of the national tenant.
async fn publications(
    store: &kpss_store::Store,
    tenant: &kpss_store::tenant::Tenant,
    addr: std::net::SocketAddr,
) -> anyhow::Result<()> {
    let plan = kpss_store::plan::plans(store, tenant.id, false)
        .await?
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .ok_or_else(|| anyhow::anyhow!("the national set has no approved plan"))?;
    let year = kpss_domain::czech::today().year();
    let services = kpss_store::catalogue::tenant_services(store, tenant.id)
        .await?
        .len();
    println!(
        "publications: the catalogue book of {services} services; the first request typesets \
         (with the peak memory of the process above what it held before), the median of 3 \
         more is the same PDF kept"
    );
    let (median, _, size) = timed(addr, &format!("/katalog/kniha/{year}"), 3).await?;
    println!(
        "catalogue book, HTML: median {:.0} ms ({} kB)",
        ms(median),
        size / 1024
    );
    for (what, path) in [
        ("catalogue book, PDF", format!("/katalog/kniha/{year}.pdf")),
        (
            "guide for seniors, PDF",
            "/katalog/pruvodce/seniori.pdf".to_owned(),
        ),
        ("plan, PDF", format!("/plany/{}/dokument.pdf", plan.id)),
    ] {
        // The book's typst caches are freed after its answer: not on the next one's time.
        tokio::task::spawn_blocking(kpss_docs::publication::settled).await?;
        let before = super::rss_mib();
        super::forget_peak()?;
        let (first, _, size) = timed(addr, &path, 1).await?;
        let peak = super::memory_mib("VmHWM") - before;
        let (again, _, _) = timed(addr, &path, 3).await?;
        println!(
            "{what}: typeset {:.0} ms ({} kB, peak +{:.0} MiB), again {:.0} ms",
            ms(first),
            size / 1024,
            peak.max(0.0),
            ms(again)
        );
    }
    Ok(())
}
