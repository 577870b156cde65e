//! The HSDS 3.0 API of the demo catalogue: every answer validates against the Open Referral
//! schemas (tests/data/hsds-3.0), pages and filters say what they hold, and bad queries get a
//! Czech message as JSON.

use jsonschema::{Registry, Validator};
use serde_json::{Value, json};

use super::demo_round::demo_app;
use super::*;

const BASE: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hsds-3.0/");

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DIR}{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Validators of whole records (`{file}.json`, with their references) and of pages whose
/// contents are records of a schema.
struct Schemas {
    registry: Registry<'static>,
}

impl Schemas {
    fn new() -> Self {
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(DIR).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".json") && name != "openapi.json" {
                docs.push((format!("{BASE}{name}"), load(&name)));
            }
        }
        for name in [
            "service_list",
            "organization_list",
            "service_at_location_list",
        ] {
            let file = format!("compiled/{name}.json");
            docs.push((format!("{BASE}{file}"), load(&file)));
        }
        Self {
            registry: Registry::new().extend(docs).unwrap().prepare().unwrap(),
        }
    }

    fn build(&self, schema: &Value) -> Validator {
        jsonschema::options()
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(schema)
            .unwrap()
    }

    fn record(&self, file: &str) -> Validator {
        self.build(&json!({ "$ref": format!("{BASE}{file}") }))
    }

    /// The `Page` of openapi.json with its contents; every header field is sent.
    fn page(&self, file: &str) -> Validator {
        let header = ["total_items", "total_pages", "page_number", "size"]
            .map(|f| (f, json!({"type": "integer"})))
            .into_iter()
            .chain(["first_page", "last_page", "empty"].map(|f| (f, json!({"type": "boolean"}))));
        let mut properties: serde_json::Map<String, Value> =
            header.map(|(k, v)| (k.to_owned(), v)).collect();
        properties.insert(
            "contents".into(),
            json!({"type": "array", "items": {"$ref": format!("{BASE}{file}")}}),
        );
        let required: Vec<&String> = properties.keys().collect();
        self.build(&json!({"type": "object", "properties": properties, "required": required}))
    }
}

fn valid(v: &Validator, value: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

async fn get_json(app: &mut TestApp, uri: &str) -> (StatusCode, Value) {
    let answer = app.get(uri).await;
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "application/json",
        "{uri}"
    );
    (
        answer.status,
        serde_json::from_slice(&answer.bytes).unwrap(),
    )
}

#[tokio::test]
async fn the_catalogue_is_served_as_hsds_that_validates_against_the_open_referral_schemas() {
    let mut app = demo_app().await;
    let schemas = Schemas::new();
    let store = app.db.store.clone();
    let services = kpss_store::catalogue::tenant_services(&store, app.tenant)
        .await
        .unwrap();

    let (status, root) = get_json(&mut app, "/api/hsds").await;
    assert_eq!(
        (status, root["version"].as_str()),
        (StatusCode::OK, Some("3.0"))
    );
    let (_, profile) = get_json(&mut app, root["profile"].as_str().unwrap()).await;
    assert_eq!(profile["organization_identifier_scheme"], json!("CZ-ICO"));
    assert_eq!(profile["taxonomies"].as_array().unwrap().len(), 3);

    // Services, a page at a time, every one once.
    let page_of = schemas.page("compiled/service_list.json");
    let (_, first) = get_json(&mut app, "/api/hsds/services?per_page=100").await;
    valid(&page_of, &first, "services");
    assert_eq!(first["total_items"], json!(services.len()));
    assert_eq!(first["size"], json!(100));
    assert_eq!(first["first_page"], json!(true));
    let last = first["total_pages"].as_u64().unwrap();
    let (_, end) = get_json(
        &mut app,
        &format!("/api/hsds/services?per_page=100&page={last}"),
    )
    .await;
    valid(&page_of, &end, "last page of services");
    assert_eq!(end["last_page"], json!(true));
    assert_eq!(
        end["size"].as_u64().unwrap() + (last - 1) * 100,
        services.len() as u64
    );

    // One service in full: its places, terms and organisation.
    let id = first["contents"][0]["id"].as_str().unwrap().to_owned();
    let (status, one) = get_json(&mut app, &format!("/api/hsds/services/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    valid(&schemas.record("service.json"), &one, "a service");
    let kept = &services[0];
    assert_eq!(one["name"], json!(kept.draft.name));
    assert!(
        one["service_at_locations"][0]["location"]
            .get("external_identifier")
            .is_none(),
        "no RÚIAN code until the register gives one"
    );
    assert_eq!(
        one["service_at_locations"].as_array().unwrap().len(),
        kept.draft.locations.len()
    );
    let terms: Vec<&str> = one["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["taxonomy_term"]["name"].as_str().unwrap())
        .collect();
    assert!(!terms.is_empty(), "{one}");

    // The RÚIAN code of an address point, once the register gave it, as the location's
    // external identifier.
    let mut coded = kept.draft.clone();
    coded.locations[0].ruian = Some(2_365_711);
    kpss_store::catalogue::update_service(
        &store,
        app.tenant,
        &kpss_domain::account::Actor::system(),
        kept.id,
        kept.version,
        &coded,
    )
    .await
    .unwrap();
    let (_, one) = get_json(&mut app, &format!("/api/hsds/services/{id}")).await;
    valid(
        &schemas.record("service.json"),
        &one,
        "a service with a RÚIAN code",
    );
    let location = &one["service_at_locations"][0]["location"];
    assert_eq!(location["external_identifier"], json!("2365711"));
    assert_eq!(
        location["external_identifier_type"],
        json!("RÚIAN kód adresního místa")
    );

    // Organisations with their IČO; one with its services.
    let (_, orgs) = get_json(&mut app, "/api/hsds/organizations?per_page=10").await;
    valid(
        &schemas.page("compiled/organization_list.json"),
        &orgs,
        "organisations",
    );
    let org = &orgs["contents"][0];
    assert_eq!(
        org["organization_identifiers"][0]["identifier_scheme"],
        json!("CZ-ICO")
    );
    let org_id = org["id"].as_str().unwrap().to_owned();
    let (_, full) = get_json(&mut app, &format!("/api/hsds/organizations/{org_id}")).await;
    valid(
        &schemas.record("organization.json"),
        &full,
        "an organisation",
    );
    let (_, theirs) = get_json(
        &mut app,
        &format!("/api/hsds/services?organization_id={org_id}&per_page=100"),
    )
    .await;
    assert_eq!(
        theirs["total_items"].as_u64().unwrap() as usize,
        full["services"].as_array().unwrap().len()
    );
    assert!(
        theirs["contents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["organization_id"] == json!(org_id))
    );

    // Services at locations, taxonomies and their terms.
    let (_, sals) = get_json(&mut app, "/api/hsds/service_at_locations?per_page=5").await;
    valid(
        &schemas.page("compiled/service_at_location_list.json"),
        &sals,
        "services at locations",
    );
    let places: usize = services.iter().map(|s| s.draft.locations.len()).sum();
    assert_eq!(sals["total_items"], json!(places));
    let sal_id = sals["contents"][0]["id"].as_str().unwrap().to_owned();
    let (_, sal) = get_json(
        &mut app,
        &format!("/api/hsds/service_at_locations/{sal_id}"),
    )
    .await;
    valid(
        &schemas.record("service_at_location.json"),
        &sal,
        "a service at a location",
    );
    assert_eq!(sal["location"]["addresses"][0]["country"], json!("CZ"));
    let (_, taxonomies) = get_json(&mut app, "/api/hsds/taxonomies").await;
    valid(&schemas.page("taxonomy.json"), &taxonomies, "taxonomies");
    assert_eq!(taxonomies["total_items"], json!(3));
    let kinds = taxonomies["contents"][0]["id"].as_str().unwrap().to_owned();
    let (_, kind) = get_json(&mut app, &format!("/api/hsds/taxonomies/{kinds}")).await;
    valid(&schemas.record("taxonomy.json"), &kind, "a taxonomy");
    let (_, terms) = get_json(
        &mut app,
        &format!("/api/hsds/taxonomy_terms?taxonomy_id={kinds}&per_page=100"),
    )
    .await;
    valid(&schemas.page("taxonomy_term.json"), &terms, "terms");
    let homes = terms["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == json!("49"))
        .expect("§ 49 domovy pro seniory");
    assert!(homes["name"].as_str().unwrap().starts_with("§ 49 "));
    let homes_id = homes["id"].as_str().unwrap().to_owned();
    let (_, term) = get_json(&mut app, &format!("/api/hsds/taxonomy_terms/{homes_id}")).await;
    valid(&schemas.record("taxonomy_term.json"), &term, "a term");
    let (_, of_kind) = get_json(
        &mut app,
        &format!("/api/hsds/services?taxonomy_term_id={homes_id}&per_page=100"),
    )
    .await;
    let expected = services
        .iter()
        .filter(|s| s.draft.service_type.as_deref() == Some("49"))
        .count();
    assert_eq!(of_kind["total_items"], json!(expected));

    // Changed since: nothing after tomorrow, everything since 2000.
    let (_, none) = get_json(&mut app, "/api/hsds/services?modified_after=2999-01-01").await;
    assert_eq!(
        (none["total_items"].clone(), none["empty"].clone()),
        (json!(0), json!(true))
    );
    let (_, since) = get_json(
        &mut app,
        "/api/hsds/services?modified_after=2000-01-01T00:00:00Z",
    )
    .await;
    assert_eq!(since["total_items"], json!(services.len()));

    // Bad queries and unknown ids: a Czech message as JSON.
    for (uri, status, message) in [
        (
            "/api/hsds/services?per_page=1000",
            StatusCode::BAD_REQUEST,
            "1 až 100",
        ),
        (
            "/api/hsds/services?page=0",
            StatusCode::BAD_REQUEST,
            "celé číslo od 1",
        ),
        (
            "/api/hsds/services?modified_after=včera",
            StatusCode::BAD_REQUEST,
            "2026-11-01",
        ),
        (
            "/api/hsds/services?search=senior",
            StatusCode::BAD_REQUEST,
            "nezná",
        ),
        (
            "/api/hsds/services?format=ndjson",
            StatusCode::BAD_REQUEST,
            "json",
        ),
        (
            "/api/hsds/services/nesmysl",
            StatusCode::NOT_FOUND,
            "neexistuje",
        ),
        (
            &format!("/api/hsds/services/{org_id}"),
            StatusCode::NOT_FOUND,
            "neexistuje",
        ),
    ] {
        let (got, body) = get_json(&mut app, uri).await;
        assert_eq!(got, status, "{uri}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(message),
            "{uri}: {body}"
        );
    }
}
