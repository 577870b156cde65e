//! `kpss bench evaluation --scale national`: planning in the open year of the national set
//! (50 000 cards, about 5 600 per measure) over HTTP: how big and how fast the card form is,
//! and how long saving one card takes now that a save adds its difference to the measure's
//! sums instead of counting all of the measure's cards again; and taking 2 000 cards of the
//! year before over into the open year.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kpss_domain::action_plan::{ActionPlanState, cost_field, indicator_fields};
use kpss_store::action_plan;

use super::evaluation::{COORDINATOR, csrf_of, form, login, send, serve};
use super::ms;

/// Cards saved one after another; each a different card.
const SAVES: usize = 200;
/// Times each form is fetched.
const FORMS: usize = 20;
/// Cards of the year before taken over into the open year at once.
const TAKE_OVER: usize = 2_000;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[at.min(sorted.len() - 1)])
}

/// Fills (or reuses) the national set, serves it and plans in its open year.
pub async fn national(database: Option<&str>) -> anyhow::Result<()> {
    let (store, tenant, _dir) = super::national_set(database).await?;
    // A password of this run only, whether the set is new or reused.
    let password = kpss_store::account::one_time_password();
    let (account, _) = kpss_store::account::find_for_login(&store, tenant.id, COORDINATOR)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the national set has no coordinator"))?;
    let hash = kpss_store::account::hash_password(&password);
    kpss_store::account::set_password(&store, tenant.id, account.id, hash, None).await?;

    let plan = super::approved_plan(&store, tenant.id).await?;
    let ap = action_plan::action_plans(&store, tenant.id, plan.id)
        .await?
        .into_iter()
        .find(|a| a.state == ActionPlanState::Open)
        .ok_or_else(|| anyhow::anyhow!("no open action plan in the data set"))?;
    let cards = action_plan::cards(&store, tenant.id, ap.id).await?;
    let (organisations, _, _) = kpss_store::catalogue::counts(&store, tenant.id).await?;
    println!(
        "open action plan {}: {} cards; catalogue: {organisations} organisations",
        ap.year,
        cards.len()
    );

    let index = Arc::new(kpss_search::CatalogueIndex::build(&store).await?);
    let addr = serve(&store, &tenant, index).await?;
    let cookie = login(addr, COORDINATOR, &password).await?;
    let step = cards.len() / SAVES;
    let sample: Vec<&action_plan::Card> = cards.iter().step_by(step.max(1)).take(SAVES).collect();

    let new_form = format!("/akcni-plany/{}/karty/nova", ap.id);
    let (mut new_times, mut edit_times) = (Vec::new(), Vec::new());
    let (mut new_size, mut edit_size) = (0, 0);
    for card in sample.iter().take(FORMS) {
        let t = Instant::now();
        let page = send(addr, "GET", &new_form, Some(&cookie), None).await?;
        new_times.push(t.elapsed());
        anyhow::ensure!(page.status == 200, "new card form: HTTP {}", page.status);
        new_size = page.body.len();
        let t = Instant::now();
        let page = send(
            addr,
            "GET",
            &format!("/karty/{}/upravit", card.id),
            Some(&cookie),
            None,
        )
        .await?;
        edit_times.push(t.elapsed());
        anyhow::ensure!(page.status == 200, "card form: HTTP {}", page.status);
        edit_size = page.body.len();
    }
    let page = send(addr, "GET", &new_form, Some(&cookie), None).await?;
    let token = csrf_of(&page.body)?;

    let mut saves = Vec::with_capacity(sample.len());
    for card in &sample {
        let mut fields: Vec<(String, String)> = vec![
            ("csrf".into(), token.clone()),
            ("version".into(), card.version.to_string()),
            ("measure".into(), card.placement.measure_id.to_string()),
            (
                "organisation".into(),
                card.placement.organisation_id.to_string(),
            ),
            (
                "service".into(),
                card.placement
                    .service_id
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            ),
            ("title".into(), format!("{} (upraveno)", card.draft.title)),
            (
                "planned_clients".into(),
                (card.draft.planned_clients.unwrap_or(0) + 1).to_string(),
            ),
        ];
        for (source, amount) in &card.draft.costs {
            fields.push((cost_field(source), (amount + 1000).to_string()));
        }
        for (i, indicator) in card.draft.indicators.iter().enumerate() {
            let [name, unit, target, _] = indicator_fields(i);
            fields.push((name, indicator.name.clone()));
            fields.push((unit, indicator.unit.clone()));
            fields.push((target, indicator.target.to_string()));
        }
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let t = Instant::now();
        let answer = send(
            addr,
            "POST",
            &format!("/karty/{}/upravit", card.id),
            Some(&cookie),
            Some(form(&pairs)),
        )
        .await?;
        saves.push(t.elapsed());
        anyhow::ensure!(
            answer.status == 303,
            "saving card {}: HTTP {}",
            card.id,
            answer.status
        );
    }
    // A new year starts: cards of the year before taken over into the open year in bulk. Each
    // run takes cards not taken yet, so a reused data set can be measured again.
    let (earlier, earlier_cards, taken) = action_plan::candidates(&store, tenant.id, &ap)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no earlier action plan to take cards from"))?;
    let chosen: Vec<i32> = earlier_cards
        .iter()
        .filter(|c| !taken.contains(&c.id))
        .take(TAKE_OVER)
        .map(|c| c.id)
        .collect();
    let t = Instant::now();
    let outcome =
        action_plan::take_over(&store, tenant.id, &account.actor(), ap.id, &chosen).await?;
    let take_over = t.elapsed();
    let action_plan::TakeOver::Done(created) = outcome else {
        anyhow::bail!("the take-over found cards taken over already");
    };
    anyhow::ensure!(
        created.len() == chosen.len(),
        "the take-over left cards out"
    );
    let mismatches = action_plan::rollup::check(&store, false).await?;

    // The working day's pages at this scale: the start page and the list of cards, a page
    // of it and a filtered one, and the whole year exported.
    let tree = kpss_store::plan::plan(&store, tenant.id, plan.id).await?;
    let group = tree
        .parts
        .first()
        .map(|p| p.draft.code.clone())
        .unwrap_or_default();
    let list = format!("/akcni-plany/{}/karty", ap.id);
    let mut pages: Vec<(String, String)> = vec![
        ("start page (coordinator)".into(), "/".into()),
        ("card list, first page".into(), list.clone()),
        ("card list, page 100".into(), format!("{list}?strana=100")),
        (
            "card list, by title".into(),
            format!("{list}?razeni=nazev&strana=20"),
        ),
        (
            "card list, group + text + costs".into(),
            format!("{list}?skupina={group}&text=domov&razeni=naklady&sestupne=1"),
        ),
        ("card list, overdue".into(), format!("{list}?po-terminu=1")),
    ];
    let provider = provider_login(&store, tenant.id, addr, ap.id).await?;
    if let Some((cookie, count)) = &provider {
        pages.push((
            format!("start page (provider, {count} cards)"),
            format!("/#{cookie}"),
        ));
    }
    let mut timings = Vec::new();
    for (name, path) in &pages {
        let (path, who) = match path.split_once('#') {
            Some((p, c)) => (p.to_owned(), c.to_owned()),
            None => (path.clone(), cookie.clone()),
        };
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..FORMS {
            let t = Instant::now();
            let page = send(addr, "GET", &path, Some(&who), None).await?;
            times.push(t.elapsed());
            anyhow::ensure!(page.status == 200, "{name}: HTTP {}", page.status);
            size = page.body.len();
        }
        times.sort();
        timings.push((
            name.clone(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            size,
        ));
    }
    let rss_before = super::rss_mib();
    let t = Instant::now();
    let export = send(addr, "GET", &format!("{list}.csv"), Some(&cookie), None).await?;
    let export_time = t.elapsed();
    anyhow::ensure!(export.status == 200, "export: HTTP {}", export.status);
    let export_rows = export.body.lines().count().saturating_sub(1);
    let rss_after = super::rss_mib();

    new_times.sort();
    edit_times.sort();
    saves.sort();
    println!("card form (median of {FORMS}, over HTTP on loopback):");
    println!(
        "  new card:   {:>7.1} ms  {:>6.1} kB  target < 150 kB",
        percentile(&new_times, 0.5),
        new_size as f64 / 1024.0
    );
    println!(
        "  edit card:  {:>7.1} ms  {:>6.1} kB  target < 150 kB",
        percentile(&edit_times, 0.5),
        edit_size as f64 / 1024.0
    );
    println!(
        "saving a card ({} cards, one after another, each a different card):",
        saves.len()
    );
    println!(
        "  p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms  target < 50 ms",
        percentile(&saves, 0.5),
        percentile(&saves, 0.95),
        percentile(&saves, 1.0)
    );
    println!(
        "taking {} cards of {} over into {} (which holds {} cards): {:.0} ms  target < 2 000 ms",
        chosen.len(),
        earlier.year,
        ap.year,
        cards.len(),
        ms(take_over)
    );
    println!("pages of the working day (median and p95 of {FORMS}, over HTTP):");
    for (name, p50, p95, size) in &timings {
        println!(
            "  {name:<40} p50 {p50:>6.1} ms  p95 {p95:>6.1} ms  {:>6.1} kB  target < 50 ms",
            *size as f64 / 1024.0
        );
    }
    println!(
        "export of the whole year as CSV: {export_rows} rows, {:.1} MB in {:.0} ms; \
         memory of the process {rss_before:.0} MiB before, {rss_after:.0} MiB after",
        export.body.len() as f64 / 1e6,
        ms(export_time)
    );
    println!(
        "sums per measure equal to the cards after the saves and the take-over: {}",
        if mismatches.is_empty() {
            "yes".to_owned()
        } else {
            format!("NO, {} differ", mismatches.len())
        }
    );
    anyhow::ensure!(mismatches.is_empty(), "the saves left the sums wrong");
    Ok(())
}

/// The demo provider logged in with a password of this run, and how many cards its
/// organisations hold in the open year; `None` when the set has no such account.
async fn provider_login(
    store: &kpss_store::Store,
    tenant: i32,
    addr: std::net::SocketAddr,
    open_year: i32,
) -> anyhow::Result<Option<(String, u64)>> {
    const PROVIDER: &str = "poskytovatel@demo.kpss.cz";
    let Some((account, _)) = kpss_store::account::find_for_login(store, tenant, PROVIDER).await?
    else {
        return Ok(None);
    };
    let password = kpss_store::account::one_time_password();
    let hash = kpss_store::account::hash_password(&password);
    kpss_store::account::set_password(store, tenant, account.id, hash, None).await?;
    // The provider speaks for as many organisations as hold 50 cards of the open year, the
    // size of a large provider the start page is measured for.
    let candidates = action_plan::card_organisations(store, &[tenant], open_year, usize::MAX)
        .await?
        .unwrap_or_default();
    let (mut organisations, mut count) = (Vec::new(), 0);
    for (organisation, _, _) in candidates {
        if count >= 50 {
            break;
        }
        let of_it = action_plan::CardFilter {
            organisations: Some(vec![organisation]),
            ..action_plan::CardFilter::default()
        };
        count += action_plan::count_cards(store, &[tenant], open_year, &of_it).await?;
        organisations.push(organisation);
    }
    let account = kpss_store::account::find(store, tenant, account.id).await?;
    kpss_store::account::update(
        store,
        tenant,
        &kpss_domain::account::Actor::system(),
        (account.id, account.version),
        &kpss_store::account::AccountChange {
            email: &account.email,
            name: &account.name,
            role: account.role,
            organisations: &organisations,
            groups: &account.groups,
        },
    )
    .await?;
    Ok(Some((login(addr, PROVIDER, &password).await?, count)))
}
