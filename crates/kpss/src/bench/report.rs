//! `kpss bench report`: the summary report of a plan at national scale (50 000 cards in each
//! of 4 years, 8 funding sources each: 1.6 million cost rows), as HTML, XLSX and PDF.

use std::time::{Duration, Instant};

use super::{ms, rss_mib};

/// Fills a national data set (unless the database already holds one) and times the report.
pub async fn report(database: Option<&str>) -> anyhow::Result<()> {
    let (store, tenant, _dir) = super::national_set(database).await?;
    let plan = kpss_store::plan::plans(&store, tenant.id, false)
        .await?
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .ok_or_else(|| anyhow::anyhow!("no approved plan in the data set"))?;
    let mut load = Vec::new();
    let mut html = Vec::new();
    let mut xlsx = Vec::new();
    let mut pdf = Vec::new();
    let (mut html_len, mut xlsx_len, mut pdf_len, mut cards) = (0, 0, 0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let report = kpss_store::report::summary_report(&store, tenant.id, plan.id).await?;
        let loaded = t.elapsed();
        load.push(loaded);
        cards = report.cards;
        let t = Instant::now();
        html_len = kpss_web::report::render_summary(&report, &tenant.name, plan.id)?.len();
        html.push(loaded + t.elapsed());
        let t = Instant::now();
        xlsx_len = kpss_docs::report::xlsx(&report)?.len();
        xlsx.push(loaded + t.elapsed());
        let t = Instant::now();
        pdf_len = kpss_docs::report::pdf(&report)?.len();
        pdf.push(loaded + t.elapsed());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };
    println!(
        "plan: {} ({} cards, {} years)",
        plan.title,
        cards,
        plan.period.years().count()
    );
    println!("median of 5 runs, each including loading the sums from the database:");
    println!("  load sums:  {:>8.1} ms", median(&mut load));
    println!(
        "  HTML:       {:>8.1} ms  ({} kB)  target < 200 ms",
        median(&mut html),
        html_len / 1024
    );
    println!(
        "  XLSX:       {:>8.1} ms  ({} kB)  target < 1000 ms",
        median(&mut xlsx),
        xlsx_len / 1024
    );
    println!(
        "  PDF:        {:>8.1} ms  ({} kB)  target < 3000 ms",
        median(&mut pdf),
        pdf_len / 1024
    );
    println!("RSS: {:.0} MiB", rss_mib());
    Ok(())
}
