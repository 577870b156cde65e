//! Open data of the demo city: every dataset as CSV and JSON holding the same rows, read back
//! and checked against the store (adopted plans only, evaluation figures only once closed,
//! costs by source adding up to each card), and the DCAT-AP-CZ catalogue whose records lead
//! to each other and to the files.

use std::collections::HashMap;

use kpss_docs::open_data::Dataset;
use kpss_docs::table::key_of;
use kpss_store::open_data as store;
use serde_json::Value;

use super::demo_round::demo_app;
use super::*;

/// A CSV download read back: its header and rows, after checking it opens in Czech Excel.
fn read_csv(answer: &Answer) -> (Vec<String>, Vec<Vec<String>>) {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(answer.bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&answer.bytes[3..]);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

async fn dataset(app: &mut TestApp, d: Dataset) -> (Vec<String>, Vec<Vec<String>>, Value) {
    let csv = app.get(&format!("/otevrena-data/{}.csv", d.slug())).await;
    assert_eq!(
        csv.headers[header::LINK],
        r#"<https://creativecommons.org/licenses/by/4.0/>; rel="license""#
    );
    let (header, rows) = read_csv(&csv);
    let expected: Vec<&str> = d.columns().iter().map(|c| c.0).collect();
    assert_eq!(header, expected, "{d:?}");
    let json = app.get(&format!("/otevrena-data/{}.json", d.slug())).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
    let json: Value = serde_json::from_slice(&json.bytes).unwrap();
    assert_eq!(
        json["licence"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let items = json["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        rows.len(),
        "{d:?}: the same rows in CSV and JSON"
    );
    // The same values under each column's key, numbers as numbers.
    for (row, item) in rows.iter().zip(items) {
        for (h, cell) in header.iter().zip(row) {
            let value = &item[key_of(h)];
            let as_text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string().replace('.', ","),
                other => panic!("{other}"),
            };
            assert_eq!(&as_text, cell, "{d:?} {h}");
        }
    }
    (header, rows, json)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[tokio::test]
async fn every_dataset_downloads_as_csv_and_json_with_what_the_store_holds() {
    let mut app = demo_app().await;
    let tenant = app.tenant;

    // Plans: every measure of every adopted plan, never a draft's.
    let adopted = store::adopted_plans(&app.db.store, tenant).await.unwrap();
    assert!(!adopted.is_empty());
    let all = kpss_store::plan::plans(&app.db.store, tenant, true)
        .await
        .unwrap();
    let draft = all
        .iter()
        .find(|p| !store::adopted(p.status))
        .expect("the demo has a plan being written");
    let mut measures = 0;
    let mut targets = 0;
    let mut costs = 0;
    for p in &adopted {
        let tree = kpss_store::plan::plan(&app.db.store, tenant, p.id)
            .await
            .unwrap();
        for m in tree.measures() {
            measures += 1;
            costs += m.funding.costs.len();
            targets += m
                .funding
                .indicators
                .iter()
                .map(|i| i.targets.len().max(1))
                .sum::<usize>();
        }
    }
    let (header, rows, _) = dataset(&mut app, Dataset::PlanMeasures).await;
    assert_eq!(rows.len(), measures);
    let plan = column(&header, "Plán");
    assert!(
        rows.iter()
            .all(|r| r[plan] != draft.title || adopted.iter().any(|a| a.title == draft.title))
    );
    assert!(rows.iter().any(|r| r[plan] == adopted[0].title));
    assert!(measures > 10, "the demo's plans have measures: {measures}");
    let (_, rows, _) = dataset(&mut app, Dataset::PlanIndicators).await;
    assert_eq!(rows.len(), targets);
    let (header, rows, _) = dataset(&mut app, Dataset::PlanCosts).await;
    assert_eq!(rows.len(), costs);
    assert!(costs > 0);
    let amount = column(&header, "Předpokládané náklady (Kč)");
    assert!(rows.iter().all(|r| r[amount].parse::<i64>().unwrap() > 0));

    // Cards: every card of every public action plan; actual figures only once evaluated.
    let action_plans = store::action_plans(&app.db.store, tenant).await.unwrap();
    let mut cards = 0;
    for ap in &action_plans {
        cards += kpss_store::action_plan::count_cards(
            &app.db.store,
            &[tenant],
            ap.action_plan.id,
            &Default::default(),
        )
        .await
        .unwrap();
    }
    let (header, card_rows, _) = dataset(&mut app, Dataset::ActionPlanCards).await;
    assert_eq!(card_rows.len() as u64, cards);
    assert!(cards > 0);
    let (closed, actual) = (
        column(&header, "Hodnocení uzavřeno"),
        column(&header, "Skutečné náklady (Kč)"),
    );
    assert!(
        card_rows
            .iter()
            .filter(|r| r[closed] == "ne")
            .all(|r| r[actual].is_empty()),
        "no actual figure of an evaluation still open"
    );
    // Each card's costs by source add up to its planned cost.
    let (number, planned) = (
        column(&header, "Číslo karty"),
        column(&header, "Plánované náklady (Kč)"),
    );
    let (cost_header, cost_rows, _) = dataset(&mut app, Dataset::ActionPlanCosts).await;
    let (cost_card, cost_planned) = (
        column(&cost_header, "Číslo karty"),
        column(&cost_header, "Plánované náklady (Kč)"),
    );
    let mut by_card: HashMap<&str, i64> = HashMap::new();
    for r in &cost_rows {
        *by_card.entry(&r[cost_card]).or_default() += r[cost_planned].parse::<i64>().unwrap();
    }
    for r in &card_rows {
        assert_eq!(
            by_card.get(r[number].as_str()).copied().unwrap_or(0),
            r[planned].parse::<i64>().unwrap(),
            "card {}",
            r[number]
        );
    }

    // The catalogue: every service of the city.
    let (header, rows, _) = dataset(&mut app, Dataset::Services).await;
    let services: Vec<_> = kpss_store::catalogue::all_services(&app.db.store)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.tenant_id == tenant)
        .collect();
    assert_eq!(rows.len(), services.len());
    let name = column(&header, "Název");
    assert!(rows.iter().any(|r| r[name] == services[0].draft.name));

    // Anything else under the folder is 404.
    for bad in ["nic.csv", "akcni-plany-karty.xlsx", "akcni-plany-karty"] {
        let answer = app.get(&format!("/otevrena-data/{bad}")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn the_catalogue_record_leads_to_every_dataset_and_its_files() {
    let mut app = demo_app().await;
    let answer = app.get("/otevrena-data/katalog.jsonld").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_TYPE], "application/ld+json");
    let catalogue: Value = serde_json::from_slice(&answer.bytes).unwrap();
    assert_eq!(catalogue["typ"], "Katalog");
    assert_eq!(
        catalogue["poskytovatel"],
        "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/00845451"
    );
    let sets = catalogue["datová_sada"].as_array().unwrap();
    assert_eq!(sets.len(), Dataset::ALL.len());
    let base = catalogue["iri"]
        .as_str()
        .unwrap()
        .trim_end_matches("/otevrena-data/katalog.jsonld")
        .to_owned();
    for iri in sets {
        let path = iri.as_str().unwrap().strip_prefix(&base).unwrap();
        let record: Value = serde_json::from_slice(&app.get(path).await.bytes).unwrap();
        assert_eq!(record["iri"], *iri, "a record's IRI is its address");
        assert_eq!(record["typ"], "Datová sada");
        assert_eq!(
            record["prvek_rúian"][0],
            "https://linked.cuzk.cz/resource/ruian/obec/554821"
        );
        for d in record["distribuce"].as_array().unwrap() {
            let url = d["soubor_ke_stažení"].as_str().unwrap();
            let file = app.get(url.strip_prefix(&base).unwrap()).await;
            assert_eq!(file.status, StatusCode::OK, "{url}");
        }
    }
    // A plan dataset covers the adopted plans' periods.
    let plans: Value = serde_json::from_slice(
        &app.get("/otevrena-data/sady/komunitni-plany-opatreni")
            .await
            .bytes,
    )
    .unwrap();
    assert!(
        plans["časové_pokrytí"]["začátek"]
            .as_str()
            .unwrap()
            .ends_with("-01-01")
    );
    assert_eq!(
        app.get("/otevrena-data/sady/nic").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_coordinator_names_the_publisher_and_bad_input_is_kept_and_explained() {
    let mut app = TestApp::new().await;
    // No publisher yet: the catalogue says in Czech what is missing, as JSON.
    let answer = app.get("/otevrena-data/katalog.jsonld").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let error: Value = serde_json::from_slice(&answer.bytes).unwrap();
    assert!(
        error["error"]["message"].as_str().unwrap().contains("IČO"),
        "{error}"
    );
    assert!(
        !app.get("/otevrena-data")
            .await
            .body
            .contains("katalog.jsonld")
    );
    // Only the coordinator may name it.
    assert_eq!(
        app.get("/sprava/otevrena-data").await.status,
        StatusCode::FORBIDDEN
    );
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf("/sprava/otevrena-data").await;
    let refused = app
        .post(
            "/sprava/otevrena-data",
            &[
                ("csrf", &csrf),
                ("ico", "00845452"),
                ("ruian", "5548"),
                ("email", "data@ostrava.cz"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("IČO"), "{}", refused.body);
    assert!(refused.body.contains("Zadejte kód obce z RÚIAN"));
    assert!(
        refused.body.contains(r#"value="00845452""#),
        "what was typed stays"
    );
    assert!(refused.body.contains(r#"value="data@ostrava.cz""#));
    assert_eq!(
        app.get("/otevrena-data/katalog.jsonld").await.status,
        StatusCode::NOT_FOUND,
        "nothing was stored"
    );
    let saved = app
        .post(
            "/sprava/otevrena-data",
            &[
                ("csrf", &csrf),
                ("ico", "008 45 451"),
                ("ruian", "554821"),
                ("email", "data@ostrava.cz"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let catalogue: Value =
        serde_json::from_slice(&app.get("/otevrena-data/katalog.jsonld").await.bytes).unwrap();
    assert_eq!(
        catalogue["kontaktní_bod"]["e-mail"],
        "mailto:data@ostrava.cz"
    );
    let history =
        kpss_store::audit::history(&app.db.store, app.tenant, "open_data_publisher", app.tenant)
            .await
            .unwrap();
    assert_eq!(history.len(), 1);
    assert!(
        app.get("/otevrena-data")
            .await
            .body
            .contains("katalog.jsonld")
    );
}
