//! `kpss bench export`: an action plan of 200 000 cards exported as CSV and XLSX over HTTP,
//! with the server's peak memory while it writes each file. The exports are streamed, so the
//! peak must not grow with the rows: a tenth of the plan and the whole of it are measured side
//! by side. Then the open-data file of every public action plan's cards, CSV and JSON.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper::header::{COOKIE, HOST};
use hyper_util::rt::TokioIo;
use kpss_store::action_plan;
use kpss_store::demo::{self, Scale};
use kpss_store::plan::Part;

use super::evaluation::{COORDINATOR, login, serve};
use super::{forget_peak, memory_mib, ms, rss_mib};

/// Fills (or reuses) an action plan of `rows` cards, serves it and exports it.
pub async fn export(database: Option<&str>, rows: usize) -> anyhow::Result<()> {
    let (store, _dir) = super::store(database).await?;
    println!("database: {}", store.backend());
    let tenant = kpss_store::tenant::ensure(&store, "vyvoz", "Velký vývoz (demo)").await?;
    let hash = kpss_store::account::hash_password(&kpss_store::account::one_time_password());
    demo::fill(
        &store,
        &tenant,
        Scale::City,
        &std::array::from_fn(|_| hash.clone()),
    )
    .await?;
    let plan = super::approved_plan(&store, tenant.id).await?;
    let ap = action_plan::action_plans(&store, tenant.id, plan.id)
        .await?
        .into_iter()
        .max_by_key(|a| a.year)
        .ok_or_else(|| anyhow::anyhow!("no action plan in the demo city"))?;
    let everything = action_plan::CardFilter::default();
    let held = action_plan::count_cards(&store, &[tenant.id], ap.id, &everything).await?;
    let held = usize::try_from(held)?;
    if held < rows {
        let started = Instant::now();
        let tree = kpss_store::plan::plan(&store, tenant.id, plan.id).await?;
        let measures: Vec<i32> = tree.measures().map(|m| m.id).collect();
        let organisations: Vec<i32> = kpss_store::catalogue::organisations(&store, tenant.id)
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        demo::national::add_cards(
            &store,
            (tenant.id, ap.id, ap.year),
            &measures,
            &organisations,
            rows - held,
            false,
        )
        .await?;
        store.analyze().await?;
        println!(
            "{} cards added in {:.0} s",
            rows - held,
            started.elapsed().as_secs_f64()
        );
    }
    let held = action_plan::count_cards(&store, &[tenant.id], ap.id, &everything).await?;
    let tree = kpss_store::plan::plan(&store, tenant.id, plan.id).await?;
    let group = tree
        .parts
        .first()
        .map(|p| p.draft.code.clone())
        .unwrap_or_default();
    let of_group = action_plan::count_cards(
        &store,
        &[tenant.id],
        ap.id,
        &action_plan::CardFilter {
            measures: Some(
                tree.parts
                    .iter()
                    .filter(|p| p.draft.code == group)
                    .flat_map(Part::measures)
                    .map(|m| m.id)
                    .collect(),
            ),
            ..action_plan::CardFilter::default()
        },
    )
    .await?;

    let password = kpss_store::account::one_time_password();
    let (account, _) = kpss_store::account::find_for_login(&store, tenant.id, COORDINATOR)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo city has no coordinator"))?;
    kpss_store::account::set_password(
        &store,
        tenant.id,
        account.id,
        kpss_store::account::hash_password(&password),
        None,
    )
    .await?;
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;
    let cookie = login(addr, COORDINATOR, &password).await?;
    let list = format!("/akcni-plany/{}/karty", ap.id);
    // The first page once, so that what every request needs is in memory before measuring.
    download(addr, &list, &cookie, None).await?;
    println!("action plan {} of {held} cards", ap.year);
    println!(
        "export over HTTP on loopback, read in pieces and not kept by the client; the memory \
         of the process just before, and its peak while it answers:"
    );
    let workbook = tempfile::NamedTempFile::new()?;
    for (what, query, expected) in [
        ("a tenth (one group)", format!("?skupina={group}"), of_group),
        ("the whole plan", String::new(), held),
    ] {
        for (format, kept) in [("csv", None), ("xlsx", Some(workbook.path()))] {
            let before = rss_mib();
            forget_peak()?;
            let t = Instant::now();
            let got = download(addr, &format!("{list}.{format}{query}"), &cookie, kept).await?;
            let took = t.elapsed();
            let peak = memory_mib("VmHWM");
            let rows = match kept {
                None => got.lines.saturating_sub(1),
                Some(path) => xlsx_rows(path)?,
            };
            println!(
                "  {format:<4} {what:<20} {rows:>7} rows  {:>6.1} MB  {:>6.0} ms  {before:>5.0} \
                 MiB, peak {peak:>5.0} MiB (+{:.0} MiB)",
                got.bytes as f64 / 1e6,
                ms(took),
                (peak - before).max(0.0),
            );
            anyhow::ensure!(
                rows == usize::try_from(expected)?,
                "the {format} export of {what} has {rows} rows, the list {expected}"
            );
        }
    }
    open_data(addr, &store, tenant.id).await
}

/// The open-data file of every public action plan's cards, anonymously, as CSV and JSON.
async fn open_data(addr: SocketAddr, store: &kpss_store::Store, tenant: i32) -> anyhow::Result<()> {
    let mut public = 0;
    for ap in kpss_store::open_data::action_plans(store, tenant).await? {
        public += action_plan::count_cards(
            store,
            &[tenant],
            ap.action_plan.id,
            &action_plan::CardFilter::default(),
        )
        .await?;
    }
    println!("open data: the cards of every public action plan ({public} cards), anonymously:");
    for format in ["csv", "json"] {
        let before = rss_mib();
        forget_peak()?;
        let t = Instant::now();
        let path = format!("/otevrena-data/akcni-plany-karty.{format}");
        let got = download(addr, &path, "", None).await?;
        let took = t.elapsed();
        let peak = memory_mib("VmHWM");
        println!(
            "  {format:<4} {:>6.1} MB  {:>6.0} ms  {before:>5.0} MiB, peak {peak:>5.0} MiB (+{:.0} \
             MiB)",
            got.bytes as f64 / 1e6,
            ms(took),
            (peak - before).max(0.0),
        );
        if format == "csv" {
            let rows = got.lines.saturating_sub(1);
            anyhow::ensure!(
                rows == usize::try_from(public)?,
                "the open-data CSV has {rows} rows, the public action plans {public} cards"
            );
        }
    }
    Ok(())
}

/// What a download brought: its length and its lines.
struct Got {
    bytes: usize,
    lines: usize,
}

/// GETs `path` and reads the answer piece by piece, counting; the pieces go to the file `keep`
/// when given, else nowhere.
async fn download(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    keep: Option<&std::path::Path>,
) -> anyhow::Result<Got> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let request = Request::builder()
        .uri(path)
        .header(HOST, "localhost")
        .header(COOKIE, cookie)
        .body(Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await?;
    anyhow::ensure!(
        response.status() == 200,
        "{path}: HTTP {}",
        response.status()
    );
    let mut body = response.into_body();
    let mut file = keep.map(std::fs::File::create).transpose()?;
    let mut got = Got { bytes: 0, lines: 0 };
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            got.bytes += data.len();
            got.lines += data.iter().filter(|b| **b == b'\n').count();
            if let Some(file) = &mut file {
                std::io::Write::write_all(file, &data)?;
            }
        }
    }
    Ok(got)
}

/// The data rows of the workbook's first sheet.
fn xlsx_rows(path: &std::path::Path) -> anyhow::Result<usize> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("the workbook has no sheet"))??;
    Ok(range.height().saturating_sub(1))
}
