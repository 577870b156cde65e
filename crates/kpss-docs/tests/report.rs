//! The generated XLSX read back with calamine and the PDF read back with a PDF text extractor
//! carry the numbers of the report model.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use kpss_domain::evaluation::{CardFigures, CardStatus, Cost, ReportState};
use kpss_domain::report::{CardLine, OutlineGoal, OutlineGroup, OutlineMeasure, Report};

fn card(measure_id: i32, title: &str, state: ReportState, costs: &[(&str, i64, i64)]) -> CardLine {
    CardLine {
        measure_id,
        year: 2025,
        title: title.into(),
        organisation: "Charita Ostrava".into(),
        state,
        status: Some(CardStatus::Fulfilled),
        comment: Some("Služba běžela celý rok v plném rozsahu.".into()),
        figures: CardFigures {
            status: Some(CardStatus::Fulfilled),
            planned_clients: Some(240),
            actual_clients: Some(286),
            costs: costs
                .iter()
                .map(|(s, p, a)| Cost {
                    source: (*s).into(),
                    year: 2025,
                    planned: *p,
                    actual: Some(*a),
                })
                .collect(),
        },
    }
}

fn report() -> Report {
    let outline = vec![
        OutlineGroup {
            code: "SEN".into(),
            name: "Senioři".into(),
            goals: vec![OutlineGoal {
                code: "SEN 1".into(),
                text: "Zachovat síť služeb pro seniory".into(),
                measures: vec![OutlineMeasure {
                    id: 1,
                    code: "SEN 1.1".into(),
                    text: "Udržet kapacitu pečovatelské služby".into(),
                }],
            }],
        },
        OutlineGroup {
            code: "ZP".into(),
            name: "Osoby se zdravotním postižením".into(),
            goals: vec![OutlineGoal {
                code: "ZP 1".into(),
                text: "Rozvíjet chráněné bydlení".into(),
                measures: vec![OutlineMeasure {
                    id: 2,
                    code: "ZP 1.1".into(),
                    text: "Nové místo chráněného bydlení".into(),
                }],
            }],
        },
    ];
    let cards = vec![
        card(
            1,
            "Pečovatelská služba Poruba",
            ReportState::Approved,
            &[
                ("mesto", 1_234_000, 1_150_500),
                ("mpsv", 2_553_000, 2_553_000),
            ],
        ),
        card(
            2,
            "Chráněné bydlení Hrabůvka",
            ReportState::Approved,
            &[("mesto", 800_000, 760_000)],
        ),
        // Submitted but not approved: its actual figures must not count.
        card(
            2,
            "Podpora samostatného bydlení",
            ReportState::Submitted,
            &[("mesto", 100_000, 999_999)],
        ),
    ];
    let sources = vec![
        ("mesto".into(), "rozpočet města".into()),
        ("mpsv".into(), "státní rozpočet (MPSV)".into()),
        ("eu".into(), "fondy EU".into()),
    ];
    Report::build(
        (
            "Vyhodnocení akčního plánu na rok 2025".into(),
            "6. komunitní plán (test)".into(),
        ),
        vec![2025],
        sources,
        &outline,
        cards,
    )
}

fn number(sheet: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match sheet.get_value((row, col)) {
        Some(Data::Float(v)) => *v,
        #[allow(clippy::cast_precision_loss)]
        Some(Data::Int(v)) => *v as f64,
        other => panic!("no number at ({row}, {col}): {other:?}"),
    }
}

fn text(sheet: &calamine::Range<Data>, row: u32, col: u32) -> String {
    sheet
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn the_workbook_has_a_summary_sources_and_a_sheet_per_group_with_typed_numbers() {
    let report = report();
    let bytes = kpss_docs::report::xlsx(&report).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Souhrn", "Zdroje", "SEN", "ZP"]);

    let summary = book.worksheet_range("Souhrn").unwrap();
    assert_eq!(text(&summary, 3, 1), "Pracovní skupina");
    assert_eq!(text(&summary, 4, 0), "SEN");
    // Columns: code, name, cards, approved, 6 statuses, share, clients ×2, cost ×2, tis. ×2.
    assert_eq!(number(&summary, 4, 2), 1.0);
    assert_eq!(number(&summary, 4, 13), 3_787_000.0, "SEN planned");
    assert_eq!(number(&summary, 4, 14), 3_703_500.0, "SEN actual");
    assert_eq!(number(&summary, 5, 13), 900_000.0, "ZP planned, both cards");
    assert_eq!(
        number(&summary, 5, 14),
        760_000.0,
        "ZP actual, the approved card only"
    );
    assert_eq!(text(&summary, 6, 1), "Celkem");
    assert_eq!(number(&summary, 6, 3), 2.0, "approved cards");
    assert_eq!(number(&summary, 6, 13), 4_687_000.0);
    assert_eq!(number(&summary, 6, 14), 4_463_500.0);
    assert_eq!(number(&summary, 6, 10), 100.0, "share fulfilled");

    let sources = book.worksheet_range("Zdroje").unwrap();
    assert_eq!(text(&sources, 4, 0), "rozpočet města");
    assert_eq!(number(&sources, 4, 1), 2_134_000.0);
    assert_eq!(number(&sources, 4, 2), 1_910_500.0);
    assert_eq!(text(&sources, 5, 0), "státní rozpočet (MPSV)");
    assert_eq!(
        text(&sources, 6, 0),
        "Celkem",
        "unused sources are left out"
    );

    let sen = book.worksheet_range("SEN").unwrap();
    assert_eq!(text(&sen, 4, 0), "SEN 1");
    assert_eq!(text(&sen, 5, 0), "SEN 1.1");
    assert_eq!(text(&sen, 6, 1), "Pečovatelská služba Poruba");
    assert_eq!(number(&sen, 6, 7), 3_787_000.0);
    assert_eq!(
        number(&sen, 6, 10),
        1_150_500.0,
        "actual from the city's budget"
    );
    assert_eq!(number(&sen, 6, 6), 286.0, "clients served");
}

#[test]
fn the_pdf_carries_the_same_numbers_with_czech_diacritics() {
    let report = report();
    let bytes = kpss_docs::report::pdf(&report).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Vyhodnocení akčního plánu na rok 2025",
        "Obsah",
        "Finanční část",
        "Pečovatelská služba Poruba",
        "Osoby se zdravotním postižením",
        "3 787 000 Kč",
        "3 703 500 Kč",
        "4 687 000 Kč",
        "3 704 tis. Kč",
        "podíl splněných 100 %",
    ] {
        assert!(flat.contains(expected), "{expected:?} missing in:\n{flat}");
    }
    assert!(
        !flat.contains("999 999"),
        "an unapproved report is not counted"
    );
    let zp_finance = flat.rsplit("3.2 ZP").next().unwrap();
    assert!(
        !zp_finance.contains("MPSV"),
        "a group's source table lists only its own sources"
    );
}
