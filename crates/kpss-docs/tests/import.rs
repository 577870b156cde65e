//! Reading uploads defensively: what is not a workbook, what lacks its sheet or columns, what
//! merges cells, what is too long, and what unpacks like a bomb is refused as a whole.

use std::io::Write;

use kpss_docs::import::{CardColumns, FileProblem, MAX_ROWS, read_table, template};

fn columns() -> Vec<String> {
    CardColumns::new(&[("mesto".into(), "rozpočet města".into())]).names
}

fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    template(CardColumns::SHEET, &columns(), rows, &[]).unwrap()
}

fn row(measure: &str, title: &str, cost: &str) -> Vec<String> {
    let mut r = vec![String::new(); columns().len()];
    r[0] = measure.into();
    r[1] = "00845451".into();
    r[4] = title.into();
    r[10] = cost.into();
    r
}

#[test]
fn a_filled_template_reads_back_row_by_row_with_sheet_row_numbers() {
    let bytes = workbook(&[
        row("SEN 1.1", "Terénní péče", "1200000"),
        vec![String::new(); columns().len()],
        row("ZP 1.1", "Chráněné bydlení", "text"),
    ]);
    let rows = read_table(&bytes, CardColumns::SHEET, &columns()).unwrap();
    assert_eq!(rows.len(), 2, "the empty row is skipped");
    assert_eq!(rows[0].number, 2);
    assert_eq!(rows[0].get(0), "SEN 1.1");
    assert_eq!(
        rows[0].get(10),
        "1200000",
        "a numeric cell reads as a whole number"
    );
    assert_eq!(rows[1].number, 4);
    assert_eq!(rows[1].get(10), "text");
}

#[test]
fn what_is_not_a_workbook_is_refused() {
    assert_eq!(
        read_table(b"IC;Nazev\n123;Foo", CardColumns::SHEET, &columns()),
        Err(FileProblem::NotXlsx)
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"not a workbook").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::NotXlsx)
    );
}

#[test]
fn a_missing_sheet_or_column_is_named() {
    let bytes = template("List1", &columns(), &[], &[]).unwrap();
    assert_eq!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::MissingSheet("Karty".into()))
    );
    let mut short = columns();
    short.remove(4);
    let bytes = template(CardColumns::SHEET, &short, &[row("x", "y", "1")], &[]).unwrap();
    assert_eq!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::MissingColumns(vec!["Název aktivity".into()]))
    );
}

#[test]
fn merged_cells_are_refused_with_their_range() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(CardColumns::SHEET).unwrap();
    for (c, name) in columns().iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), name)
            .unwrap();
    }
    sheet
        .merge_range(1, 0, 1, 2, "SEN 1.1", &rust_xlsxwriter::Format::new())
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::MergedCells("A2:C2".into()))
    );
}

#[test]
fn a_hundred_thousand_rows_are_too_many() {
    let one = row("SEN 1.1", "Karta", "1000");
    let rows = vec![one; 100_000];
    let bytes = workbook(&rows);
    assert!(matches!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::TooManyRows(n)) if n > MAX_ROWS
    ));
}

#[test]
fn an_archive_that_unpacks_like_a_bomb_is_refused_unopened() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..8 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 100 * 1024, "8 MB of zeros pack small");
    assert_eq!(
        read_table(&bytes, CardColumns::SHEET, &columns()),
        Err(FileProblem::TooLarge)
    );
}
