//! Lists to work with: an action plan's cards, the organisations and the accounts, with their
//! filters, orders, pages and the exports of exactly what is filtered, against the demo city
//! as the store holds it.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use kpss_domain::evaluation::ReportState;
use kpss_store::action_plan;

use super::demo_round::{demo_app, login};
use super::*;

const PLAN_2025: i32 = 3;

/// The card ids a page lists.
fn listed(body: &str) -> Vec<i32> {
    body.split("<tr><td><a href=\"/karty/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn the_coordinator_filters_sorts_pages_and_exports_the_cards() {
    let mut app = demo_app().await;
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let cards = action_plan::cards(&app.db.store, app.tenant, PLAN_2025)
        .await
        .unwrap();
    assert!(
        cards.len() > 50,
        "the demo's 2025 plan fills more than a page"
    );

    let all = app.get(&format!("/akcni-plany/{PLAN_2025}/karty")).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let pages = cards.len().div_ceil(50);
    assert!(all.body.contains(&format!(
        "Celkem {} · strana 1 z {pages}",
        kpss_domain::czech::count(cards.len(), "karta", "karty", "karet")
    )));
    assert_eq!(listed(&all.body).len(), 50);
    let second = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty?strana=2"))
        .await;
    let first_ids: BTreeSet<i32> = listed(&all.body).into_iter().collect();
    assert!(
        listed(&second.body)
            .iter()
            .all(|id| !first_ids.contains(id)),
        "pages do not repeat cards"
    );
    assert!(second.body.contains("rel=\"prev\""));

    // Owed cards of one organisation, by planned cost from the highest.
    let owed: Vec<_> = cards
        .iter()
        .filter(|c| c.report.state == ReportState::Missing)
        .collect();
    let organisation = owed[0].placement.organisation_id;
    let mut expected: Vec<_> = owed
        .iter()
        .filter(|c| c.placement.organisation_id == organisation)
        .map(|c| (c.draft.costs.iter().map(|(_, k)| k).sum::<i64>(), c.id))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let query = format!("stav=missing&organizace={organisation}&razeni=naklady&sestupne=1");
    let page = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty?{query}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let ids = listed(&page.body);
    assert_eq!(
        ids,
        expected.iter().map(|e| e.1).collect::<Vec<_>>(),
        "the filter keeps exactly these cards, the most expensive first"
    );
    assert!(
        page.body
            .contains(&format!("karty.xlsx?{}", query.replace('&', "&#38;")))
    );

    // The workbook holds exactly the filtered list, in its order, amounts as numbers.
    let xlsx = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty.xlsx?{query}"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("karty-2025.xlsx")
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range("Karty 2025").unwrap();
    assert_eq!(sheet.get((0, 3)), Some(&Data::String("Název karty".into())));
    let rows: Vec<(i64, i64)> = sheet
        .rows()
        .skip(1)
        .map(|r| match (&r[0], &r[10]) {
            (Data::Float(id), Data::Float(cost)) => (*cost as i64, *id as i64),
            other => panic!("not numbers: {other:?}"),
        })
        .collect();
    assert_eq!(
        rows,
        expected
            .iter()
            .map(|(cost, id)| (*cost, i64::from(*id)))
            .collect::<Vec<_>>()
    );
    assert!(
        sheet
            .rows()
            .skip(1)
            .all(|r| r[6] == Data::String("nevyplněno".into()))
    );

    // Compressed on the way, as a browser asks: the stream ends cleanly.
    for (format, encoding) in [("xlsx", "br"), ("csv", "gzip")] {
        let mut request = Request::get(format!("/akcni-plany/{PLAN_2025}/karty.{format}?{query}"))
            .header(header::ACCEPT_ENCODING, encoding);
        if let Some(cookie) = &app.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let answer = app
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(answer.headers()[header::CONTENT_ENCODING], encoding);
        let body = answer.into_body().collect().await.unwrap().to_bytes();
        assert!(
            body.len() > 100,
            "{format} compressed to {} bytes",
            body.len()
        );
    }

    // The CSV: Czech Excel's dialect, the same rows.
    let csv = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty.csv?{query}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.bytes
            .starts_with("\u{feff}Číslo karty;Pracovní skupina;".as_bytes())
    );
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), expected.len() + 1);
    assert!(lines[1].starts_with(&format!("{};", expected[0].1)));

    // Late reports: the 2025 deadline has passed, so the owed and the returned ones.
    let late = cards
        .iter()
        .filter(|c| c.report.state.is_editable())
        .count();
    let overdue = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty.csv?po-terminu=1"))
        .await;
    assert_eq!(overdue.body.trim_end().split("\r\n").count(), late + 1);

    // Text finds a word of the title whatever its case (SQLite folds ASCII letters only).
    let title = &cards[0].draft.title;
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let found = app
        .get(&format!(
            "/akcni-plany/{PLAN_2025}/karty.csv?text={}",
            form_urlencoded::byte_serialize(word.to_ascii_uppercase().as_bytes())
                .collect::<String>()
        ))
        .await;
    let rows: Vec<&str> = found.body.trim_end().split("\r\n").skip(1).collect();
    assert!(
        rows.iter()
            .any(|l| l.starts_with(&format!("{};", cards[0].id)))
    );
    assert!(rows.len() < cards.len(), "the text narrows the list");
    assert!(
        rows.iter()
            .all(|l| l.to_lowercase().contains(&word.to_lowercase()))
    );
}

#[tokio::test]
async fn unknown_filters_are_refused_in_czech_and_strangers_see_no_list() {
    let mut app = demo_app().await;
    let anonymous = app.get(&format!("/akcni-plany/{PLAN_2025}/karty")).await;
    assert_ne!(anonymous.status, StatusCode::OK);
    let export = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty.csv"))
        .await;
    assert!(
        !export.body.contains("Číslo karty"),
        "no export for strangers"
    );
    login(&mut app, "koordinator@demo.kpss.cz").await;
    for (query, message) in [
        (
            "stav=smazano",
            "Neznámá hodnota filtru stav hodnocení: „smazano“",
        ),
        (
            "skupina=XYZ",
            "Neznámá hodnota filtru pracovní skupina: „XYZ“",
        ),
        (
            "opatreni=999999",
            "Neznámá hodnota filtru opatření: „999999“",
        ),
        (
            "organizace=999999",
            "Neznámá hodnota filtru organizace: „999999“",
        ),
        ("razeni=nahodne", "Neznámá hodnota filtru řazení"),
        ("strana=abc", "Neznámá hodnota filtru strana"),
    ] {
        for suffix in ["", ".csv", ".xlsx"] {
            let answer = app
                .get(&format!("/akcni-plany/{PLAN_2025}/karty{suffix}?{query}"))
                .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
            assert!(answer.body.contains(message), "{query}: {}", answer.body);
        }
    }
    // A page past the end shows the last one.
    let past = app
        .get(&format!("/akcni-plany/{PLAN_2025}/karty?strana=999"))
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(!listed(&past.body).is_empty());
}

/// The organisation ids a `/sprava` page lists.
fn organisation_rows(body: &str) -> Vec<i32> {
    body.split("<tr><td><a href=\"/katalog/organizace/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn organisations_and_accounts_are_lists_to_filter_sort_and_export() {
    let mut app = demo_app().await;
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let store = app.db.store.clone();
    let organisations = kpss_store::catalogue::organisations(&store, app.tenant)
        .await
        .unwrap();
    let counts = kpss_store::catalogue::service_counts(&store, app.tenant)
        .await
        .unwrap();
    let all = app.get("/sprava").await;
    assert!(all.body.contains(&format!(
        "Celkem {}",
        kpss_domain::czech::count(
            organisations.len(),
            "organizace",
            "organizace",
            "organizací"
        )
    )));
    // Most services first: the page starts with the organisation that has the most.
    let busiest = organisations
        .iter()
        .max_by_key(|o| {
            (
                counts.get(&o.id).copied().unwrap_or(0),
                std::cmp::Reverse(o.id),
            )
        })
        .unwrap();
    let by_services = app.get("/sprava?razeni=sluzby&sestupne=1").await;
    let first = organisation_rows(&by_services.body)[0];
    assert_eq!(
        counts.get(&first).copied().unwrap_or(0),
        counts.get(&busiest.id).copied().unwrap_or(0)
    );
    // The workbook of those without services holds exactly them.
    let idle: BTreeSet<String> = organisations
        .iter()
        .filter(|o| !counts.contains_key(&o.id))
        .map(|o| o.draft.ico.to_string())
        .collect();
    let xlsx = app.get("/sprava/organizace.xlsx?bez-sluzeb=1").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range("Organizace").unwrap();
    let listed: BTreeSet<String> = sheet.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(listed, idle);
    assert!(sheet.rows().skip(1).all(|r| r[7] == Data::Float(0.0)));
    // A name typed in capitals finds its organisation.
    let name = &organisations[0].draft.name;
    let found = app
        .get(&format!(
            "/sprava?text={}",
            form_urlencoded::byte_serialize(name.to_uppercase().as_bytes()).collect::<String>()
        ))
        .await;
    assert!(organisation_rows(&found.body).contains(&organisations[0].id));
    let refused = app.get("/sprava?razeni=velikost").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused
            .body
            .contains("Neznámá hodnota filtru řazení: „velikost“")
    );

    // Accounts: the providers only, as CSV too.
    let accounts = kpss_store::account::all(&store, app.tenant).await.unwrap();
    let providers: Vec<&str> = accounts
        .iter()
        .filter(|a| a.role == kpss_domain::account::Role::ProviderEditor)
        .map(|a| a.email.as_str())
        .collect();
    let page = app.get("/sprava/uzivatele?role=provider").await;
    assert!(page.body.contains(&format!(
        "Vybráno {}",
        kpss_domain::czech::count(providers.len(), "účet", "účty", "účtů")
    )));
    let csv = app.get("/sprava/uzivatele.csv?role=provider").await;
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), providers.len() + 1);
    assert!(lines[0].starts_with("\u{feff}E-mail;Jméno;Role"));
    assert!(
        providers
            .iter()
            .all(|p| lines.iter().any(|l| l.starts_with(p)))
    );
    assert_eq!(
        app.get("/sprava/uzivatele?stav=smazany").await.status,
        StatusCode::BAD_REQUEST
    );

    // A provider sees its own organisation only, and no accounts.
    login(&mut app, "poskytovatel@demo.kpss.cz").await;
    let own = app.get("/sprava").await;
    let actor = kpss_store::account::all(&store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.email == "poskytovatel@demo.kpss.cz")
        .unwrap();
    assert_eq!(organisation_rows(&own.body), actor.organisations);
    let export = app.get("/sprava/organizace.csv").await;
    assert_eq!(
        export.body.trim_end().split("\r\n").count(),
        actor.organisations.len() + 1
    );
    assert_eq!(
        app.get("/sprava/uzivatele.csv").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_catalogue_search_is_exported_whole_for_people_who_work_with_it() {
    let mut app = demo_app().await;
    assert_ne!(app.get("/katalog.csv?q=senio").await.status, StatusCode::OK);
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let page = app.get("/katalog?q=senio&razeni=nazev").await;
    let total: usize = page
        .body
        .split("Nalezeno: <strong>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(total > 0);
    assert!(page.body.contains("/katalog.xlsx?q=senio&#38;razeni=nazev"));
    let csv = app.get("/katalog.csv?q=senio&razeni=nazev").await;
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(
        lines.len(),
        total + 1,
        "every page of the search, not the first"
    );
    assert!(lines[0].starts_with("\u{feff}Název;Druh;"));
    let xlsx = app
        .get("/katalog.xlsx?q=senio&razeni=nazev&skupina=seniori")
        .await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range("Katalog").unwrap();
    assert!(sheet.rows().count() > 1);
    assert!(
        sheet
            .rows()
            .skip(1)
            .all(|r| r[5].to_string().to_lowercase().contains("senio")),
        "{:?}",
        sheet.rows().nth(1)
    );
    assert_eq!(
        app.get("/katalog.csv?skupina=marťani").await.status,
        StatusCode::BAD_REQUEST
    );
}
