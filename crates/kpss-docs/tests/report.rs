//! The generated XLSX read back with calamine and the PDF read back with a PDF text extractor
//! carry the numbers of the report model.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use kpss_domain::evaluation::{CardFigures, CardStatus, Cost, Fulfilment, ReportState};
use kpss_domain::plan::funding::{MeasureFunding, MeasureIndicator};
use kpss_domain::quantity::Quantity;
use kpss_domain::report::{
    CardLine, Heading, JudgementLine, OutlineGoal, OutlineGroup, OutlineMeasure, Report, Writing,
};

fn card(measure_id: i32, title: &str, state: ReportState, costs: &[(&str, i64, i64)]) -> CardLine {
    CardLine {
        measure_id,
        year: 2025,
        title: title.into(),
        organisation: "Charita Ostrava".into(),
        state,
        status: Some(CardStatus::Fulfilled),
        comment: Some("Služba běžela celý rok v plném rozsahu.".into()),
        new_activity: false,
        figures: CardFigures {
            year: 2025,
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
                    funding: MeasureFunding {
                        indicators: vec![MeasureIndicator {
                            name: "Uživatelé pečovatelské služby".into(),
                            unit: "osoby".into(),
                            baseline: Some(Quantity::whole(220)),
                            targets: vec![(2025, Quantity::whole(240))],
                            feed: None,
                        }],
                        costs: vec![("mesto".into(), 2025, 1_300_000)],
                    },
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
                    funding: MeasureFunding::default(),
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
    let writing = Writing {
        judgements: vec![JudgementLine {
            measure_id: 1,
            year: 2025,
            state: ReportState::Approved,
            fulfilment: Fulfilment::PartlyFulfilled,
            reasoning: Some("Chyběly pečovatelky na Porubě.".into()),
            achieved: Some("Služba obsloužila o 46 lidí víc.".into()),
            indicator_actuals: vec![Some(Quantity::whole(286))],
        }],
        ..Writing::default()
    };
    Report::build(
        Heading {
            title: "Vyhodnocení akčního plánu na rok 2025".into(),
            subtitle: "6. komunitní plán (test)".into(),
            years: vec![2025],
            sources,
        },
        &outline,
        cards,
        writing,
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
    assert_eq!(
        book.sheet_names(),
        [
            "Souhrn",
            "Zdroje",
            "Klienti",
            "Plnění opatření",
            "Indikátory",
            "Náklady opatření",
            "SEN",
            "ZP"
        ]
    );

    let summary = book.worksheet_range("Souhrn").unwrap();
    assert_eq!(text(&summary, 3, 1), "Pracovní skupina");
    assert_eq!(text(&summary, 4, 0), "SEN");
    // Columns: code, name, cards, approved, 6 statuses, share, expected, planned, actual,
    // 4 judgements, not judged, new activities.
    assert_eq!(number(&summary, 4, 2), 1.0);
    assert_eq!(
        number(&summary, 4, 11),
        1_300_000.0,
        "SEN expected by the plan"
    );
    assert_eq!(number(&summary, 4, 12), 3_787_000.0, "SEN planned");
    assert_eq!(number(&summary, 4, 13), 3_703_500.0, "SEN actual");
    assert_eq!(number(&summary, 4, 15), 1.0, "SEN 1.1 partly fulfilled");
    assert_eq!(number(&summary, 5, 12), 900_000.0, "ZP planned, both cards");
    assert_eq!(
        number(&summary, 5, 13),
        760_000.0,
        "ZP actual, the approved card only"
    );
    assert_eq!(number(&summary, 5, 18), 1.0, "ZP 1.1 not judged");
    assert_eq!(text(&summary, 6, 1), "Celkem");
    assert_eq!(number(&summary, 6, 3), 2.0, "approved cards");
    assert_eq!(number(&summary, 6, 12), 4_687_000.0);
    assert_eq!(number(&summary, 6, 13), 4_463_500.0);
    assert_eq!(number(&summary, 6, 10), 100.0, "share fulfilled");

    let judged = book.worksheet_range("Plnění opatření").unwrap();
    assert_eq!(text(&judged, 4, 1), "SEN 1.1");
    assert_eq!(text(&judged, 4, 4), "částečně splněno");
    assert_eq!(text(&judged, 4, 6), "Chyběly pečovatelky na Porubě.");
    assert_eq!(text(&judged, 5, 4), "neposouzeno");
    let indicators = book.worksheet_range("Indikátory").unwrap();
    assert_eq!(number(&indicators, 4, 7), 286.0);
    assert_eq!(number(&indicators, 4, 8), 119.0, "286 of 240");
    let clients = book.worksheet_range("Klienti").unwrap();
    assert_eq!(number(&clients, 4, 3), 286.0, "SEN clients in 2025");

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
        "3 704",
        "podíl splněných 100 %",
        "Plnění: částečně splněno (2025)",
        "Chyběly pečovatelky na Porubě.",
        "119 %",
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

/// A plan's four years, eight sources with long names, long texts and a measure with no card:
/// what once printed the 2023 figures over the source names.
fn four_year_report(all_cards: bool) -> Report {
    let sources: Vec<(String, String)> = [
        ("mesto", "rozpočet statutárního města Ostravy"),
        ("obvod", "rozpočty městských obvodů"),
        ("kraj", "rozpočet Moravskoslezského kraje"),
        ("mpsv", "státní rozpočet (MPSV) – dotace na sociální služby"),
        ("eu", "fondy Evropské unie (OPZ+)"),
        ("zp", "zdravotní pojišťovny"),
        ("uhrady", "úhrady uživatelů služeb"),
        ("dary", "dary, sbírky a ostatní zdroje"),
    ]
    .iter()
    .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
    .collect();
    let years = vec![2023, 2024, 2025, 2026];
    let mut cards = Vec::new();
    for (i, year) in years.iter().enumerate() {
        for measure in 1..=2 {
            let mut line = card(
                measure,
                "Terénní sociální práce v sociálně vyloučených lokalitách městského obvodu Slezská Ostrava",
                ReportState::Approved,
                &[],
            );
            line.year = *year;
            line.organisation = "Centrum sociálních služeb Ostrava, příspěvková organizace".into();
            line.figures.year = *year;
            line.figures.costs = sources
                .iter()
                .enumerate()
                .map(|(k, (code, _))| Cost {
                    source: code.clone(),
                    year: *year,
                    planned: 123_456_789 + i64::try_from(k * 1_000_333 + i * 7).unwrap(),
                    actual: Some(98_765_432 + i64::try_from(k * 333 + i).unwrap()),
                })
                .collect();
            cards.push(line);
        }
    }
    let mut outline = report_outline();
    outline[1].goals[0].measures.push(OutlineMeasure {
        id: 3,
        code: "ZP 1.2".into(),
        text: "Opatření, ke kterému se v období nenašel žádný poskytovatel".into(),
        funding: MeasureFunding::default(),
    });
    let heading = Heading {
        title: "Souhrnná zpráva o plnění cílů a opatření".into(),
        subtitle: "6. Komunitní plán sociálních služeb a souvisejících aktivit ve městě Ostrava"
            .into(),
        years,
        sources,
    };
    let mut report = Report::build(heading, &outline, cards, Writing::default());
    report.all_cards = all_cards;
    report
}

fn report_outline() -> Vec<OutlineGroup> {
    let group = |id: i32, code: &str| OutlineGroup {
        code: code.into(),
        name: "Osoby ohrožené sociálním vyloučením a osoby sociálně vyloučené".into(),
        goals: vec![OutlineGoal {
            code: format!("{code} 1"),
            text: "Zachovat a rozvíjet síť terénních a ambulantních služeb sociální prevence"
                .into(),
            measures: vec![OutlineMeasure {
                id,
                code: format!("{code} 1.1"),
                text: "Podporovat terénní programy a sociální rehabilitaci".into(),
                funding: MeasureFunding {
                    indicators: vec![MeasureIndicator {
                        name: "Počet uživatelů terénních programů ve všech lokalitách".into(),
                        unit: "osoby".into(),
                        baseline: Some(Quantity::whole(1200)),
                        targets: vec![
                            (2023, Quantity::whole(1250)),
                            (2024, Quantity::whole(1300)),
                            (2025, Quantity::from_hundredths(135_050)),
                            (2026, Quantity::whole(1400)),
                        ],
                        feed: None,
                    }],
                    costs: vec![("mesto".into(), 2026, 1_234_567_890)],
                },
            }],
        }],
    };
    vec![group(1, "OSV"), group(2, "ZP")]
}

#[test]
fn no_two_words_overlap_on_any_page_of_the_four_year_reports() {
    for all_cards in [true, false] {
        let bytes = kpss_docs::report::pdf(&four_year_report(all_cards)).unwrap();
        // To look at the pages: KPSS_PDF_OUT=/tmp/x cargo test …, then pdftoppm.
        if let Some(dir) = std::env::var_os("KPSS_PDF_OUT") {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("ctyri-roky-{all_cards}.pdf")),
                &bytes,
            )
            .unwrap();
        }
        kpss_docs::testing::assert_no_overlapping_words(&bytes);
        let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("K opatření nebyla v hodnoceném období realizována žádná aktivita"),
            "a measure without cards says so"
        );
        assert!(!flat.contains("Bez vysvětlovaných nedostatků"));
    }
    kpss_docs::testing::assert_no_overlapping_words(&kpss_docs::report::pdf(&report()).unwrap());
}
