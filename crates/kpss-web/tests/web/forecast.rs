//! The forecast of need: the demo's synthetic population and ratios give gaps per district up
//! to the plan's end; the coordinator's import of a population table refuses missing columns,
//! text in a number column, negative counts and unknown districts with nothing changed, and
//! replaces the table when it is right.

use super::demo_round::{demo_app, login};
use super::*;

async fn upload(app: &mut TestApp, csrf: &str, csv: &str) -> Answer {
    app.post_named_file(
        "/prognoza/obyvatelstvo",
        &[("csrf", csrf)],
        ("obyvatele.csv", csv.as_bytes()),
    )
    .await
}

#[tokio::test]
async fn the_forecast_shows_gaps_and_the_population_is_imported_whole_or_not_at_all() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let page = app.get("/prognoza").await.body;
    assert!(page.contains("§ 49 Domovy pro seniory"), "{page}");
    assert!(page.contains("chybí"), "some district lacks places");
    assert!(
        page.contains("podle roku 2025"),
        "2026 carries 2025 forward"
    );
    let csv = app.get("/prognoza.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'));
    let rows = csv.body.lines().count() - 1;
    let ratios = kpss_store::forecast::ratios(&store, app.tenant)
        .await
        .unwrap()
        .len();
    assert_eq!(rows % 23, 0, "every district, every year");
    assert!(rows >= ratios * 23 * 4, "{rows} rows");

    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let before = kpss_store::forecast::population(&store, app.tenant)
        .await
        .unwrap();
    for (bad, says) in [
        (
            "hodnota,vek_txt\n5,0 až 5\n",
            "chybí sloupce: vuzemi_txt, casref_do",
        ),
        (
            "hodnota,vek_txt,vuzemi_txt,casref_do\nmnoho,0 až 5,Poruba,2026\n",
            "Řádek 2: ve sloupci hodnota není celé číslo",
        ),
        (
            "hodnota,vek_txt,vuzemi_txt,casref_do\n-4,0 až 5,Poruba,2026\n",
            "Řádek 2: počet obyvatel je záporný",
        ),
        (
            "hodnota,vek_txt,vuzemi_txt,casref_do\n4,0 až 5,Atlantida,2026\n",
            "obvod „Atlantida“ není v seznamu",
        ),
    ] {
        let refused = upload(&mut app, &csrf, bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(refused.body.contains(says), "{says}: {}", refused.body);
    }
    let pdf = app
        .post_named_file(
            "/prognoza/obyvatelstvo",
            &[("csrf", &csrf)],
            ("obyvatele.csv", b"%PDF-1.7 binary"),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        kpss_store::forecast::population(&store, app.tenant)
            .await
            .unwrap(),
        before,
        "nothing changed"
    );

    let districts: Vec<(String, String)> =
        kpss_store::tenant::list(&store, app.tenant, kpss_store::tenant::ListKind::Districts)
            .await
            .unwrap()
            .into_iter()
            .map(|d| (d.code, d.name))
            .collect();
    let table = kpss_store::demo::population_csv(&districts);
    let imported = upload(&mut app, &csrf, &table).await;
    let (page, flash) = app.follow(&imported).await;
    assert!(flash.unwrap().contains("Tabulka obyvatel byla nahrána"));
    assert!(page.body.contains("Poruba"));
    let after = kpss_store::forecast::population(&store, app.tenant)
        .await
        .unwrap();
    assert_eq!(
        after.len(),
        kpss_store::demo::synthetic_population(&districts).len()
    );

    // A ratio with ages in the wrong order is refused and kept.
    let refused = app
        .post(
            "/prognoza/ukazatele",
            &[
                ("csrf", &csrf),
                ("service_type", "49"),
                ("age_from", "80"),
                ("age_to", "65"),
                ("per_thousand", "12"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("value=\"80\""));
}
