//! `kpss bench search`: the catalogue index at national scale.

use std::time::Instant;

use kpss_search::{CatalogueIndex, Query, Sort};
use kpss_store::catalogue::Service;
use kpss_store::demo::{self, Scale};

use super::rss_mib;

/// Builds the national index and times 1 000 queries.
pub fn search() -> anyhow::Result<()> {
    let data = demo::generate(Scale::National);
    let services: Vec<Service> = data
        .services
        .into_iter()
        .enumerate()
        .map(|(i, (org, draft))| Service {
            id: i32::try_from(i + 1).unwrap_or(i32::MAX),
            tenant_id: 1,
            organisation_id: i32::try_from(org + 1).unwrap_or(i32::MAX),
            organisation_name: data.organisations[org].name.clone(),
            draft,
            version: 1,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        })
        .collect();
    let rss_before = rss_mib();
    let started = Instant::now();
    let index = CatalogueIndex::new()?;
    index.replace_all(&services)?;
    let build = started.elapsed();
    println!(
        "documents: {} ({} organisations)",
        index.len(),
        data.organisations.len()
    );
    println!("index build: {:.2} s", build.as_secs_f64());
    println!(
        "RSS: {:.0} MiB (before building: {:.0} MiB)",
        rss_mib(),
        rss_before
    );

    let mut latencies = Vec::with_capacity(1000);
    let mut found = 0usize;
    for i in 0..1000usize {
        let text = super::QUERIES[i % super::QUERIES.len()].to_owned();
        let filters = super::facets(i);
        let sort = if i % 5 == 0 {
            Sort::Name
        } else {
            Sort::Relevance
        };
        let query = Query {
            tenants: vec![1],
            text,
            filters,
            sort,
            page: 1 + i % 3,
            per_page: 20,
        };
        let t = Instant::now();
        let results = index.search(&query)?;
        latencies.push(t.elapsed());
        found += results.total;
    }
    latencies.sort();
    let at = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1000.0
    };
    println!("queries: 1000 (mean {} results)", found / 1000);
    println!(
        "latency p50: {:.2} ms, p95: {:.2} ms, p99: {:.2} ms",
        at(0.50),
        at(0.95),
        at(0.99)
    );
    Ok(())
}
