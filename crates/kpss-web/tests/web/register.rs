//! The national register through the coordinator's pages: a bad file refused with a Czech
//! reason and nothing kept, the sample file's changes reviewed with its bad items listed, the
//! chosen ones applied and found by the catalogue's search, the rest still offered.

use kpss_domain::open_data::Publisher;

use super::*;

const SAMPLE: &[u8] = kpss_domain::register::SAMPLE;

#[tokio::test]
async fn the_coordinator_reviews_the_register_and_applies_the_chosen_changes() {
    let mut app = TestApp::new().await;
    assert_eq!(
        app.get("/sprava/registr").await.status,
        StatusCode::FORBIDDEN
    );
    // The city is Ostrava: its facilities are the city's.
    let publisher = Publisher::parse("00845451", "554821", "kp@ostrava.cz").unwrap();
    kpss_store::open_data::save_publisher(&app.db.store, app.tenant, &Actor::system(), &publisher)
        .await
        .unwrap();
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf("/sprava/registr").await;
    let fields = [("csrf", csrf.as_str())];

    // Not the register: refused whole, nothing kept.
    for (name, body, reason) in [
        ("stranka.json", &b"<html></html>"[..], "není platný JSON"),
        (
            "useknuty.json",
            &SAMPLE[..SAMPLE.len() / 2],
            "není platný JSON",
        ),
        ("jiny.json", &b"{\"items\": []}"[..], "nemá podobu registru"),
        ("prazdny.json", &b""[..], "Vyberte soubor registru"),
    ] {
        let refused = app
            .post_named_file("/sprava/registr", &fields, (name, body))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(refused.body.contains(reason), "{name}: {}", refused.body);
        assert!(!refused.body.contains("Dříve nahrané"), "{name} was kept");
    }

    let uploaded = app
        .post_named_file("/sprava/registr", &fields, ("../../registr.json", SAMPLE))
        .await;
    let (review, flash) = app.follow(&uploaded).await;
    assert!(flash.unwrap().contains("zkontrolujte změny"));
    let review_uri = uploaded.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(review.body.contains("registr.json"), "the name's last part");
    let exported = kpss_domain::czech::format_date(time::macros::date!(2026 - 11 - 20));
    assert!(
        review
            .body
            .contains(&format!("export registru ze dne {exported}"))
    );
    for offered in [
        "novy-2000001",
        "novy-2345678",
        "novy-3456789",
        "novy-1000039",
    ] {
        assert!(
            review
                .body
                .contains(&format!("value=\"{offered}\" checked")),
            "{offered}"
        );
    }
    assert!(
        !review.body.contains("novy-4567890"),
        "Opava's shelter is not Ostrava's"
    );
    assert!(
        review
            .body
            .contains("IČO poskytovatele „12345678“ není platné.")
    );
    assert!(review.body.contains("Vynechané položky"));
    assert!(!review.body.contains("Příkladová"), "no statutory names");

    // Nothing chosen: said so, nothing written.
    let none = app.post(&review_uri, &fields).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Vyberte alespoň jednu změnu"));

    let applied = app
        .post(&review_uri, &[("csrf", &csrf), ("zmena", "novy-3456789")])
        .await;
    let (after, flash) = app.follow(&applied).await;
    assert_eq!(
        flash.unwrap(),
        "Z registru použito: nové 1\u{a0}služba, změněné 0\u{a0}služeb, ukončené 0\u{a0}služeb."
    );
    assert!(!after.body.contains("novy-3456789"), "applied once");
    assert!(
        after.body.contains("novy-2000001"),
        "the rest still offered"
    );
    let services = kpss_store::catalogue::tenant_services(&app.db.store, app.tenant)
        .await
        .unwrap();
    let centre = services
        .iter()
        .find(|s| s.draft.register_id.as_deref() == Some("3456789"))
        .expect("the chosen service came");
    assert_eq!(centre.draft.name, "Denní centrum Přístav");
    assert!(
        !services
            .iter()
            .any(|s| s.draft.register_id.as_deref() == Some("2000001")),
        "what was not chosen did not come"
    );
    let found = app.get("/katalog?q=P%C5%99%C3%ADstav").await;
    assert!(
        found.body.contains("Denní centrum Přístav"),
        "the search knows it"
    );
    let history = app.get("/sprava/registr").await;
    assert!(history.body.contains(&format!("href=\"{review_uri}\"")));
}
