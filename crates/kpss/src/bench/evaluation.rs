//! `kpss bench evaluation`: 500 concurrent card submissions over HTTP on loopback against a
//! real kpss; prints writes per second, conflicts and errors, then checks that every
//! acknowledged submission is stored.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, LOCATION, SET_COOKIE};
use hyper_util::rt::TokioIo;
use kpss_domain::account::Actor;
use kpss_domain::action_plan::{CardDraft, CardInput};
use kpss_domain::evaluation::{ReportState, RoundDraft};
use kpss_store::action_plan::{self, CardPlacement};
use kpss_store::demo::{self, Scale};

/// Submissions sent at once; the last `DUPLICATES` repeat earlier cards, so they must end as
/// conflicts rather than overwrite an acknowledged report.
const SUBMISSIONS: usize = 500;
const DUPLICATES: usize = 50;

/// An HTTP answer as the benchmarks read it.
pub(super) struct Answer {
    pub status: u16,
    pub cookie: Option<String>,
    pub location: Option<String>,
    pub body: String,
}

/// `runs` GETs of `path`, each on its own connection, which must answer 200 with `expect` in
/// the body: the time of each in order, and the size of the last answer.
pub(super) async fn gets(
    addr: SocketAddr,
    path: &str,
    runs: usize,
    expect: &str,
) -> anyhow::Result<(Vec<std::time::Duration>, usize)> {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let answer = send(addr, "GET", path, None, None).await?;
        times.push(t.elapsed());
        anyhow::ensure!(answer.status == 200, "{path}: {}", answer.status);
        anyhow::ensure!(answer.body.contains(expect), "{path}: no „{expect}“");
        size = answer.body.len();
    }
    Ok((times, size))
}

/// One HTTP/1.1 request on its own connection.
pub(super) async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<String>,
) -> anyhow::Result<Answer> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, "localhost");
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let body = match form {
        Some(form) => {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
            Full::new(Bytes::from(form))
        }
        None => Full::new(Bytes::new()),
    };
    let response = sender.send_request(request.body(body)?).await?;
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // A login also sets the device cookie; the session is what this client keeps.
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kpss_session="))
        .and_then(|c| c.split(';').next().map(str::to_owned));
    let location = header(LOCATION);
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer {
        status,
        cookie,
        location,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

pub(super) fn csrf_of(page: &str) -> anyhow::Result<String> {
    let at = page
        .find("name=\"csrf\" value=\"")
        .ok_or_else(|| anyhow::anyhow!("no CSRF token on the page"))?
        + 19;
    Ok(page[at..at + 64].to_owned())
}

pub(super) fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The demo coordinator, who may plan and report on every card.
pub(super) const COORDINATOR: &str = "koordinator@demo.kpss.cz";

/// Serves kpss on a free loopback port; gives the address.
pub(super) async fn serve(
    store: &kpss_store::Store,
    tenant: &kpss_store::tenant::Tenant,
    index: Arc<kpss_search::CatalogueIndex>,
) -> anyhow::Result<SocketAddr> {
    serve_state(kpss_web::AppState::new(
        store.clone(),
        index,
        tenant.clone(),
    ))
    .await
}

/// Serves this state on a free loopback port; gives the address.
pub(super) async fn serve_state(state: kpss_web::AppState) -> anyhow::Result<SocketAddr> {
    let app = kpss_web::App::build(
        state,
        &kpss_web::Config {
            secure_cookies: false,
        },
        "127.0.0.1:0".parse()?,
    )
    .await?;
    let addr = app.local_addr()?;
    tokio::spawn(app.serve());
    Ok(addr)
}

/// Logs in; gives the session cookie.
pub(super) async fn login(addr: SocketAddr, email: &str, password: &str) -> anyhow::Result<String> {
    let page = send(addr, "GET", "/prihlaseni", None, None).await?;
    let cookie = page
        .cookie
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
    let token = csrf_of(&page.body)?;
    let logged = send(
        addr,
        "POST",
        "/prihlaseni",
        Some(&cookie),
        Some(form(&[
            ("csrf", &token),
            ("email", email),
            ("password", password),
        ])),
    )
    .await?;
    anyhow::ensure!(logged.status == 303, "login failed: {}", logged.status);
    Ok(logged.cookie.unwrap_or(cookie))
}

/// Sets up the demo city with an open round of 450 cards, serves it, and submits.
pub async fn evaluation(database: Option<&str>) -> anyhow::Result<()> {
    let (store, _dir) = super::store(database).await?;
    println!("database: {}", store.backend());
    let tenant = kpss_store::tenant::ensure(&store, "ostrava", "Statutární město Ostrava").await?;
    let password = kpss_store::account::one_time_password();
    let hash = kpss_store::account::hash_password(&password);
    demo::fill(
        &store,
        &tenant,
        Scale::City,
        &std::array::from_fn(|_| hash.clone()),
    )
    .await?;
    let system = Actor::system();
    let plan = super::approved_plan(&store, tenant.id).await?;
    let tree = kpss_store::plan::plan(&store, tenant.id, plan.id).await?;
    let measures: Vec<i32> = tree.measures().map(|m| m.id).collect();
    let organisations: Vec<i32> = kpss_store::catalogue::organisations(&store, tenant.id)
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    let year = plan.period.to;
    let ap = match action_plan::action_plans(&store, tenant.id, plan.id)
        .await?
        .into_iter()
        .find(|a| a.year == year)
    {
        Some(ap) => ap,
        None => action_plan::create_action_plan(&store, tenant.id, &system, plan.id, year).await?,
    };
    let sources: Vec<String> = kpss_domain::funding::DEFAULT_SOURCES
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect();
    let distinct = SUBMISSIONS - DUPLICATES;
    let cards: Vec<(CardPlacement, CardDraft)> = (0..distinct)
        .map(|i| {
            let draft = CardDraft::parse(
                &CardInput {
                    title: &format!("Zátěžová karta {i}"),
                    planned_clients: "100",
                    costs: vec![("mesto", "500 000"), ("mpsv", "250 000")],
                    indicators: vec![("počet klientů", "osob", "100", "")],
                    ..CardInput::default()
                },
                &sources,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok((
                CardPlacement {
                    measure_id: measures[i % measures.len()],
                    organisation_id: organisations[i % organisations.len()],
                    service_id: None,
                },
                draft,
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    let ids = action_plan::create_cards(&store, tenant.id, &system, ap.id, &cards).await?;
    let deadline = time::Date::from_calendar_date(year + 1, time::Month::January, 31)?;
    kpss_store::evaluation::open_round(&store, tenant.id, &system, ap.id, &RoundDraft { deadline })
        .await?;

    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;
    // The coordinator may report on every card.
    let cookie = login(addr, COORDINATOR, &password).await?;
    let page = send(
        addr,
        "GET",
        &format!("/karty/{}/hodnoceni", ids[0]),
        Some(&cookie),
        None,
    )
    .await?;
    let token = csrf_of(&page.body)?;

    let targets: Vec<i32> = ids
        .iter()
        .copied()
        .chain(ids.iter().copied().take(DUPLICATES))
        .collect();
    let started = Instant::now();
    let tasks: Vec<_> = targets
        .iter()
        .enumerate()
        .map(|(i, card)| {
            let (cookie, token, card) = (cookie.clone(), token.clone(), *card);
            let clients = (200 + i).to_string();
            tokio::spawn(async move {
                let body = form(&[
                    ("csrf", &token),
                    ("version", "1"),
                    ("status", "splneno"),
                    ("actual_clients", &clients),
                    ("cost_mesto", "480 000"),
                    ("indicator_actual_0", "100"),
                    ("action", "odevzdat"),
                ]);
                let answer = send(
                    addr,
                    "POST",
                    &format!("/karty/{card}/hodnoceni"),
                    Some(&cookie),
                    Some(body),
                )
                .await;
                (card, clients, answer)
            })
        })
        .collect();
    let mut acknowledged = Vec::new();
    let (mut conflicts, mut errors) = (0, 0);
    for task in tasks {
        let (card, clients, answer) = task.await?;
        match answer {
            Ok(a) if a.status == 303 && a.location.is_some() => acknowledged.push((card, clients)),
            Ok(a) if a.status == 409 => conflicts += 1,
            Ok(a) => {
                errors += 1;
                if errors <= 3 {
                    eprintln!("card {card}: HTTP {}", a.status);
                }
            }
            Err(e) => {
                errors += 1;
                if errors <= 3 {
                    eprintln!("card {card}: {e}");
                }
            }
        }
    }
    let elapsed = started.elapsed();
    let mut lost = 0;
    for (card, clients) in &acknowledged {
        let stored = action_plan::card(&store, tenant.id, *card).await?;
        let matches = stored.report.state == ReportState::Submitted
            && stored
                .report
                .actual_clients
                .map(|c| c.to_string())
                .as_deref()
                == Some(clients.as_str())
            && stored.report.actual_costs == vec![("mesto".to_owned(), 480_000)];
        if !matches {
            lost += 1;
        }
    }
    println!(
        "submissions: {} at once ({DUPLICATES} repeat an earlier card)",
        targets.len()
    );
    println!("time: {:.2} s", elapsed.as_secs_f64());
    println!(
        "acknowledged writes: {} ({:.0} writes/s)",
        acknowledged.len(),
        acknowledged.len() as f64 / elapsed.as_secs_f64()
    );
    println!("conflicts (409): {conflicts}");
    println!("errors: {errors}");
    println!("acknowledged but not stored as sent: {lost}");
    anyhow::ensure!(lost == 0, "{lost} acknowledged submissions were lost");
    Ok(())
}
