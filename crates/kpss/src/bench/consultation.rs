//! `kpss bench consultation`: a draft of 9 parts, 36 goals and 108 measures consulted with
//! 10 000 comments from every channel, two in three settled. Times over HTTP on loopback the
//! public draft page with its comment counts, the settlement table page, and the table as PDF
//! and XLSX; then a survey of 50 questions with 20 000 questionnaires and its results page.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kpss_domain::account::Actor;
use kpss_domain::consultation::ConsultationPeriod;
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanAction, PlanHeader};

use super::evaluation::serve;
use super::ms;

const COMMENTS: usize = 10_000;
const QUESTIONNAIRES: usize = 20_000;

/// The first (cold) time and the median, in ms: typst keeps what it laid out, so a second PDF
/// of the same table is much faster than the first.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    let first = ms(times[0]);
    times.sort();
    (first, ms(times[times.len() / 2]))
}

/// Times `path` `runs` times; every answer must be 200 and contain `expect`.
async fn time(
    addr: std::net::SocketAddr,
    path: &str,
    runs: usize,
    expect: &str,
) -> anyhow::Result<(f64, f64, usize)> {
    let (times, size) = super::evaluation::gets(addr, path, runs, expect).await?;
    let (first, median) = spread(times);
    Ok((first, median, size))
}

/// Fills the draft and its comments, then times the pages and documents.
pub async fn consultation(database: Option<&str>) -> anyhow::Result<()> {
    let (store, _dir) = super::store(database).await?;
    println!("database: {}", store.backend());
    let tenant = kpss_store::tenant::ensure(&store, "pripominky", "Připomínky (bench)").await?;
    let admin = Actor::system();
    let started = Instant::now();
    let header = PlanHeader::parse("Návrh plánu (bench)", "2027", "2030")
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let plan = kpss_store::plan::create_plan(&store, tenant.id, &admin, &header).await?;
    let codes = ["SEN", "ZP", "DUS", "DRM", "BEZ", "ROM", "DEL", "DRO", "SVY"];
    for (p, code) in codes.iter().enumerate() {
        let part =
            PartDraft::parse(code, &format!("Část {p}")).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let part = kpss_store::plan::add_part(&store, tenant.id, &admin, plan.id, &part).await?;
        for g in 1..=4 {
            let goal = GoalDraft::parse(&format!("{code} {g}"), &format!("Cíl {g} části {p}"))
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let goal = kpss_store::plan::add_goal(&store, tenant.id, &admin, part, &goal).await?;
            for m in 1..=3 {
                let measure = MeasureDraft::parse(
                    &format!("{code} {g}.{m}"),
                    &format!("Opatření {m} cíle {g} části {p}: rozvoj služeb pro cílovou skupinu"),
                    "",
                    "",
                    "",
                    "",
                )
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                kpss_store::plan::add_measure(&store, tenant.id, &admin, goal, &measure).await?;
            }
        }
    }
    let today = kpss_domain::czech::today();
    let period = ConsultationPeriod {
        opens_on: today,
        closes_on: today + time::Duration::days(30),
    };
    kpss_store::plan::transition(
        &store,
        tenant.id,
        &admin,
        plan.id,
        plan.version,
        &PlanAction::OpenConsultation(period),
    )
    .await?;
    let id = kpss_store::consultation::of_plan(&store, tenant.id, plan.id).await?[0].id;
    kpss_store::demo::fill_consultation_scale(&store, tenant.id, id, COMMENTS).await?;
    store.analyze().await?;
    println!(
        "filled a draft of 108 measures and {COMMENTS} comments in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;
    let base = format!("/pripominkovani/{id}");
    let rows = [
        (base.clone(), 50, "Návrh plánu po částech", 100.0),
        (
            format!("{base}/vyporadani"),
            10,
            "Připomínky a jejich vypořádání",
            300.0,
        ),
        (format!("{base}/vyporadani.pdf"), 3, "%PDF", 3_000.0),
        (format!("{base}/vyporadani.xlsx"), 3, "PK", 3_000.0),
    ];
    let started = Instant::now();
    let survey = kpss_store::demo::fill_survey_scale(&store, tenant.id, QUESTIONNAIRES).await?;
    store.analyze().await?;
    println!(
        "filled a survey of 50 questions with {QUESTIONNAIRES} questionnaires in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let rows = rows.into_iter().chain([(
        format!("/dotazniky/{survey}/vysledky"),
        10,
        "Vyplněných dotazníků: 20\u{a0}000.",
        300.0,
    )]);
    println!("over HTTP on loopback:");
    for (path, runs, expect, target) in rows {
        let (first, median, size) = time(addr, &path, runs, expect).await?;
        println!(
            "  {path:<34} {runs:>3}×  first {first:>8.1} ms, median {median:>8.1} ms, {:>6} kB  target < {target:.0} ms",
            size / 1024
        );
    }
    Ok(())
}
