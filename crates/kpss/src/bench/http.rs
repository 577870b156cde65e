//! `kpss bench http`: the public pages over HTTP at national scale, side by side on one
//! machine with what bounds them: the search page and the API over 1 000 distinct Czech
//! queries with facets against the same queries run through the index in process, and the home
//! and a service page against Debian's nginx serving the same pages saved as files. 64
//! keep-alive connections; requests per second, p50 and p99.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper::header::HOST;
use hyper_util::rt::TokioIo;
use kpss_search::{Query, Sort};
use kpss_web::catalogue::query_string;

use super::ms;

/// Connections kept open at once.
const CONNECTIONS: usize = 64;
/// Requests per measured run.
const REQUESTS: usize = 5_000;

/// 1 000 distinct queries: 25 texts × 4 facet sets × 5 pages × 2 orders.
fn mix(tenant: i32) -> Vec<Query> {
    (0..1000)
        .map(|i| Query {
            tenants: vec![tenant],
            text: super::QUERIES[i % 25].to_owned(),
            filters: super::facets(i / 25),
            sort: if (i / 500) % 2 == 0 {
                Sort::Relevance
            } else {
                Sort::Name
            },
            page: 1 + (i / 100) % 5,
            per_page: 20,
        })
        .collect()
}

/// Throughput and latency of one run.
struct Run {
    per_second: f64,
    p50: f64,
    p99: f64,
}

/// `REQUESTS` GETs of `paths` in turn over `CONNECTIONS` keep-alive connections; every answer
/// must be 200.
async fn load(addr: SocketAddr, paths: Arc<Vec<String>>) -> anyhow::Result<Run> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (next, paths) = (Arc::clone(&next), Arc::clone(&paths));
            tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr).await?;
                stream.set_nodelay(true)?;
                let (mut sender, connection) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
                tokio::spawn(connection);
                let mut times = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        return anyhow::Ok(times);
                    }
                    let request = Request::get(paths[i % paths.len()].as_str())
                        .header(HOST, "localhost")
                        .body(Empty::<Bytes>::new())?;
                    let t = Instant::now();
                    sender.ready().await?;
                    let response = sender.send_request(request).await?;
                    let status = response.status();
                    response.into_body().collect().await?;
                    times.push(t.elapsed());
                    anyhow::ensure!(status == 200, "{}: HTTP {status}", paths[i % paths.len()]);
                }
            })
        })
        .collect();
    let mut times: Vec<Duration> = Vec::with_capacity(REQUESTS);
    for task in tasks {
        times.extend(task.await??);
    }
    let elapsed = started.elapsed();
    times.sort();
    let at = |p: f64| ms(times[((times.len() as f64 * p) as usize).min(times.len() - 1)]);
    Ok(Run {
        per_second: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
    })
}

/// Debian's nginx serving `dir` on a free loopback port, in the foreground.
fn nginx(dir: &std::path::Path) -> anyhow::Result<(Child, SocketAddr)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let d = dir.display();
    let config = format!(
        "worker_processes 2;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
           access_log off;\n\
           client_body_temp_path {d}/body;\n\
           proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n\
           uwsgi_temp_path {d}/uwsgi;\n\
           scgi_temp_path {d}/scgi;\n\
           server {{\n\
             listen 127.0.0.1:{port};\n\
             root {d}/www;\n\
             default_type text/html;\n\
           }}\n\
         }}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, config)?;
    let binary = ["nginx", "/usr/sbin/nginx"]
        .into_iter()
        .find(|b| Command::new(b).arg("-v").output().is_ok())
        .ok_or_else(|| anyhow::anyhow!("nginx is not installed (apt-get install nginx-light)"))?;
    let mut child = Command::new(binary)
        .args([
            "-c",
            &path.display().to_string(),
            "-g",
            "daemon off; user root;",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    for _ in 0..50 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Ok((child, addr));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().ok();
    anyhow::bail!("nginx did not listen on {addr}")
}

fn row(name: &str, run: &Run, note: &str) {
    println!(
        "  {name:<40} {:>9.0} /s  p50 {:>6.2} ms  p99 {:>6.2} ms  {note}",
        run.per_second, run.p50, run.p99
    );
}

/// Fills (or reuses) the national set, serves it and measures.
pub async fn http(database: Option<&str>) -> anyhow::Result<()> {
    let (store, tenant, _dir) = super::national_set(database).await?;
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    println!("catalogue records: {}", index.len());
    let queries = mix(tenant.id);

    // The search alone, on every core, over the same mix.
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|_| {
            let (index, queries, next) = (Arc::clone(&index), queries.clone(), Arc::clone(&next));
            std::thread::spawn(move || -> anyhow::Result<()> {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        return Ok(());
                    }
                    index.search(&queries[i % queries.len()])?;
                }
            })
        })
        .collect();
    for t in threads {
        t.join()
            .map_err(|_| anyhow::anyhow!("a search thread panicked"))??;
    }
    let in_process = REQUESTS as f64 / started.elapsed().as_secs_f64();

    let addr = super::evaluation::serve(&store, &tenant, Arc::clone(&index)).await?;
    // The same node without copies of answers: every request searches and renders.
    let built_addr = super::evaluation::serve_state(kpss_web::AppState {
        answers: Arc::new(kpss_web::answer_cache::AnswerCache::new(0)),
        ..kpss_web::AppState::new(store.clone(), Arc::clone(&index), tenant.clone())
    })
    .await?;

    let pages: Vec<String> = queries
        .iter()
        .map(|q| format!("/katalog?{}", query_string(q, q.page)))
        .collect();
    let api: Vec<String> = queries
        .iter()
        .map(|q| format!("/api/v1/catalogue/services?{}", query_string(q, q.page)))
        .collect();
    // Once through, so both sides start warm (and the node keeps a copy of every answer).
    load(built_addr, Arc::new(pages.clone())).await?;
    let web = load(built_addr, Arc::new(pages.clone())).await?;
    let json = load(built_addr, Arc::new(api.clone())).await?;
    load(addr, Arc::new(pages.clone())).await?;
    load(addr, Arc::new(api.clone())).await?;
    let web_kept = load(addr, Arc::new(pages)).await?;
    let json_kept = load(addr, Arc::new(api)).await?;

    let first = index.search(&queries[0])?;
    let service = format!(
        "/katalog/sluzby/{}",
        first
            .hits
            .first()
            .ok_or_else(|| anyhow::anyhow!("the search found nothing"))?
            .id
    );
    let dir = tempfile::tempdir()?;
    std::fs::create_dir_all(dir.path().join("www"))?;
    for (path, file) in [("/", "home.html"), (service.as_str(), "service.html")] {
        let body = super::evaluation::send(addr, "GET", path, None, None).await?;
        anyhow::ensure!(body.status == 200, "{path}: HTTP {}", body.status);
        std::fs::write(dir.path().join("www").join(file), body.body)?;
    }
    let (mut nginx, static_addr) = nginx(dir.path())?;
    let runs = async {
        let home_static = load(static_addr, Arc::new(vec!["/home.html".to_owned()])).await?;
        let service_static = load(static_addr, Arc::new(vec!["/service.html".to_owned()])).await?;
        let home = load(addr, Arc::new(vec!["/".to_owned()])).await?;
        let service_page = load(addr, Arc::new(vec![service.clone()])).await?;
        anyhow::Ok((home_static, service_static, home, service_page))
    }
    .await;
    nginx.kill().ok();
    nginx.wait().ok();
    let (home_static, service_static, home, service_page) = runs?;

    let share = |a: f64, b: f64| 100.0 * a / b;
    println!(
        "{REQUESTS} requests per run, {CONNECTIONS} keep-alive connections, {cores} cores shared by \
         server and client"
    );
    println!(
        "  {:<40} {:>9.0} /s",
        "search in process (index only)", in_process
    );
    row(
        "web search /katalog, every answer built",
        &web,
        &format!(
            "{:.0} % of in process (target ≥ 70 %)",
            share(web.per_second, in_process)
        ),
    );
    row(
        "API, every answer built",
        &json,
        &format!(
            "{:.0} % of in process (target ≥ 70 %)",
            share(json.per_second, in_process)
        ),
    );
    row(
        "web search, repeated: kept answers",
        &web_kept,
        &format!(
            "{:.0} % of in process",
            share(web_kept.per_second, in_process)
        ),
    );
    row(
        "API, repeated: kept answers",
        &json_kept,
        &format!(
            "{:.0} % of in process",
            share(json_kept.per_second, in_process)
        ),
    );
    row("nginx, home page as a file", &home_static, "");
    row(
        "kpss home page /",
        &home,
        &format!(
            "{:.0} % of nginx (target ≥ 30 %)",
            share(home.per_second, home_static.per_second)
        ),
    );
    row("nginx, service page as a file", &service_static, "");
    row(
        &format!("kpss service page {service}"),
        &service_page,
        &format!(
            "{:.0} % of nginx (target ≥ 30 %)",
            share(service_page.per_second, service_static.per_second)
        ),
    );
    println!("p99 target under {CONNECTIONS} connections: < 25 ms");
    Ok(())
}
