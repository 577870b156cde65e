//! The settlement table of a consultation (vypořádání připomínek) as an XLSX workbook and an A4
//! PDF, from the same view the web page shows.

use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use crate::Error;

/// The typst template; it reads the [`SettlementView`] as `data.json`.
const TEMPLATE: &str = include_str!("settlement.typ");

/// One comment with its settlement, formatted for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementRow {
    pub number: usize,
    pub section: String,
    /// „3. 6. 2022, dopisem“.
    pub received: String,
    /// „Jana Nová, Charita Ostrava“, or „anonymně“.
    pub author: String,
    pub text: String,
    /// „vyhověno“ … or „čeká na vypořádání“.
    pub decision: String,
    pub reasoning: String,
}

/// A settlement table with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementView {
    /// „Vypořádání připomínek k návrhu „…““.
    pub title: String,
    /// „Připomínkové řízení 1. 6. 2022 – 30. 6. 2022“.
    pub subtitle: String,
    pub total: usize,
    /// The total in words, in the plural form its number takes: „28 připomínek“.
    pub total_text: String,
    /// (what, how many) by channel, by part of the draft and by decision.
    pub by_channel: Vec<(String, usize)>,
    pub by_part: Vec<(String, usize)>,
    pub by_decision: Vec<(String, usize)>,
    pub rows: Vec<SettlementRow>,
}

/// The table as an A4 landscape PDF: the counts, then every comment, the table's header
/// repeated on every page.
pub fn pdf(view: &SettlementView) -> Result<Vec<u8>, Error> {
    let data = serde_json::to_vec(view).map_err(|e| Error::Typesetting(e.to_string()))?;
    crate::typesetting::pdf(TEMPLATE, data)
}

/// The table as a workbook: the comments on one sheet, the counts on another.
pub fn xlsx(view: &SettlementView) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Připomínky")?;
    let headers = [
        ("Č.", 6.0),
        ("Čeho se týká", 40.0),
        ("Podáno", 24.0),
        ("Autor", 24.0),
        ("Připomínka", 60.0),
        ("Vypořádání", 18.0),
        ("Zdůvodnění", 60.0),
    ];
    for (col, (header, width)) in (0u16..).zip(headers) {
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, r) in (1u32..).zip(&view.rows) {
        sheet.write_number(
            row,
            0,
            f64::from(u32::try_from(r.number).unwrap_or(u32::MAX)),
        )?;
        let texts = [
            &r.section,
            &r.received,
            &r.author,
            &r.text,
            &r.decision,
            &r.reasoning,
        ];
        for (col, text) in (1u16..).zip(texts) {
            sheet.write_string_with_format(row, col, text.as_str(), &wrap)?;
        }
    }
    let last = u32::try_from(view.rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 6)?;
    let counts = book.add_worksheet();
    counts.set_name("Souhrn")?;
    counts.set_column_width(0, 50.0)?;
    counts.write_string_with_format(0, 0, &view.title, &bold)?;
    counts.write_string(1, 0, &view.subtitle)?;
    let mut row = 3u32;
    for (caption, list) in [
        ("Podle způsobu podání", &view.by_channel),
        ("Podle části návrhu", &view.by_part),
        ("Podle vypořádání", &view.by_decision),
    ] {
        counts.write_string_with_format(row, 0, caption, &bold)?;
        counts.write_string_with_format(row, 1, "Počet", &bold)?;
        row += 1;
        for (what, n) in list {
            counts.write_string(row, 0, what)?;
            counts.write_number(row, 1, f64::from(u32::try_from(*n).unwrap_or(u32::MAX)))?;
            row += 1;
        }
        row += 1;
    }
    counts.write_string_with_format(row, 0, "Celkem připomínek", &bold)?;
    counts.write_number(
        row,
        1,
        f64::from(u32::try_from(view.total).unwrap_or(u32::MAX)),
    )?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> SettlementView {
        SettlementView {
            title: "Vypořádání připomínek k návrhu „7. plán“".into(),
            subtitle: "Připomínkové řízení 1.\u{a0}10.\u{a0}2026 – 31.\u{a0}10.\u{a0}2026".into(),
            total: 2,
            total_text: "2 připomínky".into(),
            by_channel: vec![("dopisem".into(), 1), ("elektronicky na webu".into(), 1)],
            by_part: vec![("SEN – Senioři".into(), 2)],
            by_decision: vec![("vyhověno".into(), 1), ("čeká na vypořádání".into(), 1)],
            rows: vec![
                SettlementRow {
                    number: 1,
                    section: "Opatření SEN 1.1 – Odlehčovací služby".into(),
                    received: "3.\u{a0}10.\u{a0}2026, dopisem".into(),
                    author: "Jana Nová".into(),
                    text: "Víkendový provoz, prosím.".into(),
                    decision: "vyhověno".into(),
                    reasoning: "Doplněno.".into(),
                },
                SettlementRow {
                    number: 2,
                    section: "Část SEN – Senioři".into(),
                    received: "4.\u{a0}10.\u{a0}2026, elektronicky na webu".into(),
                    author: "anonymně".into(),
                    text: "Více míst #[v] domovech $x$ <script>".into(),
                    decision: "čeká na vypořádání".into(),
                    reasoning: String::new(),
                },
            ],
        }
    }

    #[test]
    fn the_workbook_lists_every_comment_and_the_counts() {
        use calamine::{Data, Reader, Xlsx as Read};
        let bytes = xlsx(&view()).unwrap();
        let mut book: Read<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let comments = book.worksheet_range("Připomínky").unwrap();
        assert_eq!(comments.get_size(), (3, 7));
        assert_eq!(comments.get((1, 5)), Some(&Data::String("vyhověno".into())));
        let counts = book.worksheet_range("Souhrn").unwrap();
        let total = counts
            .rows()
            .find(|r| r[0] == Data::String("Celkem připomínek".into()))
            .map(|r| r[1].clone());
        assert_eq!(total, Some(Data::Float(2.0)));
    }

    #[test]
    fn a_table_without_comments_is_still_a_document() {
        let empty = SettlementView {
            total: 0,
            total_text: "0 připomínek".into(),
            by_channel: Vec::new(),
            by_part: Vec::new(),
            by_decision: Vec::new(),
            rows: Vec::new(),
            ..view()
        };
        let text = pdf_extract::extract_text_from_mem(&pdf(&empty).unwrap()).unwrap();
        assert!(text.contains("0 připomínek celkem"), "{text}");
        assert!(
            text.contains("Zatím nebyla zveřejněna žádná připomínka."),
            "{text}"
        );
        assert!(!xlsx(&empty).unwrap().is_empty());
    }

    #[test]
    fn the_pdf_prints_markup_in_comments_as_text() {
        let bytes = pdf(&view()).unwrap();
        let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
        assert!(text.contains("Víkendový provoz"), "{text}");
        assert!(text.contains("#[v]") && text.contains("$x$"), "{text}");
        assert!(text.contains("2 připomínky celkem"), "{text}");
    }
}
