//! A list as a file to take away: CSV as Czech Excel opens it (UTF-8 with a byte-order mark,
//! semicolons) and an XLSX workbook. Both are written row by row, so an export of hundreds of
//! thousands of rows holds one batch in memory, not the list: the CSV hands its bytes on after
//! every batch, the workbook keeps its rows in a temporary file until it is finished.

use std::io::{Seek, Write};

use rust_xlsxwriter::{Format, Workbook};

use crate::Error;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A whole number (money in Kč, counts): a number in the workbook, not text.
    Number(i64),
    /// A number with two decimals, in hundredths: a number in the workbook, „12,5“ in CSV.
    Hundredths(i64),
    Empty,
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Self::Empty, Self::Number)
    }
}

/// CSV written in batches: `row` adds, `take` hands on what was written so far.
pub struct Csv {
    writer: csv::Writer<Pending>,
    pending: Pending,
}

/// The bytes written and not yet taken, shared by the CSV writer and `Csv::take`.
#[derive(Clone, Default)]
struct Pending(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Csv {
    /// A file with its byte-order mark and the header row.
    pub fn new(headers: &[&str]) -> Result<Self, Error> {
        let mut pending = Pending::default();
        pending
            .write_all("\u{feff}".as_bytes())
            .map_err(|e| Error::Table(e.to_string()))?;
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(pending.clone());
        writer.write_record(headers).map_err(csv_error)?;
        Ok(Self { writer, pending })
    }

    /// Adds a row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        self.writer
            .write_record(cells.iter().map(|c| {
                match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Number(n) => n.to_string(),
                    // Czech Excel reads a decimal comma, but not digits grouped by spaces.
                    Cell::Hundredths(n) => match (n / 100, (n % 100).abs()) {
                        (whole, 0) => whole.to_string(),
                        (whole, part) => format!("{whole},{part:02}")
                            .trim_end_matches('0')
                            .to_owned(),
                    },
                    Cell::Empty => String::new(),
                }
            }))
            .map_err(csv_error)
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Result<Vec<u8>, Error> {
        self.writer
            .flush()
            .map_err(|e| Error::Table(e.to_string()))?;
        let mut pending = self
            .pending
            .0
            .lock()
            .map_err(|_| Error::Table("poisoned".into()))?;
        Ok(std::mem::take(&mut *pending))
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Table(e.to_string())
}

/// The name of a column in JSON, from its Czech header: „Plánované náklady (Kč)“ →
/// `planovane_naklady_kc`, so one list of columns serves CSV and JSON alike.
#[must_use]
pub fn key_of(header: &str) -> String {
    let folded = kpss_domain::listing::fold(header);
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_end_matches('_').to_owned()
}

/// JSON written in batches: `{"licence": …, "items": [{column: value, …}, …]}`, numbers as
/// numbers and an empty cell as `null`. `row` adds, `take` hands on what was written so far,
/// `finish` closes the document.
pub struct Json {
    keys: Vec<String>,
    out: Vec<u8>,
    first: bool,
}

impl Json {
    /// A document whose items have these keys, under the licence at `licence`.
    pub fn new(headers: &[&str], licence: &str) -> Result<Self, Error> {
        let mut out = b"{\"licence\":".to_vec();
        serde_json::to_writer(&mut out, licence).map_err(json_error)?;
        out.extend_from_slice(b",\"items\":[");
        Ok(Self {
            keys: headers.iter().map(|h| key_of(h)).collect(),
            out,
            first: true,
        })
    }

    /// Adds a row, its keys in the columns' order.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        self.out.push(b'{');
        for (i, (key, cell)) in self.keys.iter().zip(cells).enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            serde_json::to_writer(&mut self.out, key).map_err(json_error)?;
            self.out.push(b':');
            let value = match cell {
                Cell::Text(t) => serde_json::Value::from(t.as_str()),
                Cell::Number(n) => serde_json::Value::from(*n),
                // A whole number stays one („660“, not „660.0“), as in the CSV.
                Cell::Hundredths(n) if n % 100 == 0 => serde_json::Value::from(n / 100),
                #[allow(clippy::cast_precision_loss)] // hundredths of counts, far below 2^53
                Cell::Hundredths(n) => serde_json::Value::from(*n as f64 / 100.0),
                Cell::Empty => serde_json::Value::Null,
            };
            serde_json::to_writer(&mut self.out, &value).map_err(json_error)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// The end of the document.
    #[must_use]
    pub fn finish(self) -> Vec<u8> {
        let mut out = self.out;
        out.extend_from_slice(b"]}");
        out
    }
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Table(e.to_string())
}

/// An XLSX workbook of one sheet, its rows kept in a temporary file as they come.
pub struct Xlsx {
    workbook: Workbook,
    next_row: u32,
    columns: u16,
}

impl Xlsx {
    /// A workbook whose sheet is called `sheet`, with a bold header row that stays in view and
    /// filters on every column.
    pub fn new(sheet: &str, headers: &[(&str, f64)]) -> Result<Self, Error> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(sheet)?;
        for (col, (header, width)) in (0u16..).zip(headers) {
            worksheet.set_column_width(col, *width)?;
            worksheet.write_string_with_format(0, col, *header, &bold)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        let columns = u16::try_from(headers.len()).unwrap_or(u16::MAX);
        Ok(Self {
            workbook,
            next_row: 1,
            columns,
        })
    }

    /// Adds a row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        let row = self.next_row;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(row, col, t)?;
                }
                #[allow(clippy::cast_precision_loss)] // Kč and counts stay far below 2^53
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                #[allow(clippy::cast_precision_loss)]
                Cell::Hundredths(n) => {
                    sheet.write_number(row, col, *n as f64 / 100.0)?;
                }
                Cell::Empty => {}
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// Writes the finished workbook.
    pub fn finish<W: Write + Seek + Send>(mut self, out: W) -> Result<(), Error> {
        let last = self.next_row.saturating_sub(1);
        if self.columns > 0 {
            self.workbook
                .worksheet_from_index(0)?
                .autofilter(0, 0, last, self.columns - 1)?;
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_czech_excel_and_quotes_what_needs_it() {
        let mut csv = Csv::new(&["Název", "Kč"]).unwrap();
        let mut out = csv.take().unwrap();
        csv.row(&[
            Cell::Text("Domov; „Slunce“".into()),
            Cell::Number(1_250_000),
        ])
        .unwrap();
        csv.row(&[Cell::Text("Řádek\nsecond".into()), Cell::Empty])
            .unwrap();
        out.extend(csv.take().unwrap());
        assert!(csv.take().unwrap().is_empty(), "nothing written twice");
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Název;Kč\r\n\"Domov; „Slunce“\";1250000\r\n\"Řádek\nsecond\";\r\n"
        );
    }

    #[test]
    fn json_has_keys_from_the_headers_and_numbers_as_numbers() {
        assert_eq!(key_of("Plánované náklady (Kč)"), "planovane_naklady_kc");
        assert_eq!(key_of("IČO"), "ico");
        let mut json = Json::new(&["Název karty", "Kč", "Podíl"], "https://x/by/4.0/").unwrap();
        let mut out = json.take();
        json.row(&[
            Cell::Text("Domov „Slunce“".into()),
            Cell::Number(1_250_000),
            Cell::Hundredths(1250),
        ])
        .unwrap();
        out.extend(json.take());
        json.row(&[Cell::Empty, Cell::Empty, Cell::Hundredths(66000)])
            .unwrap();
        json.row(&[Cell::Text("B".into()), Cell::Empty, Cell::Empty])
            .unwrap();
        out.extend(json.finish());
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(
            text.contains(r#"{"nazev_karty":"Domov „Slunce“","kc":1250000,"podil":12.5}"#),
            "keys in the columns' order: {text}"
        );
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["licence"], "https://x/by/4.0/");
        assert_eq!(value["items"][0]["nazev_karty"], "Domov „Slunce“");
        assert_eq!(value["items"][0]["kc"], 1_250_000);
        assert_eq!(value["items"][0]["podil"], 12.5);
        assert_eq!(value["items"][1]["podil"].to_string(), "660");
        assert!(value["items"][2]["kc"].is_null());
        assert_eq!(value["items"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn json_without_rows_is_an_empty_list() {
        let json = Json::new(&["A"], "l").unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json.finish()).unwrap();
        assert_eq!(value["items"], serde_json::json!([]));
    }

    #[test]
    fn the_workbook_has_numbers_as_numbers() {
        use calamine::{Data, Reader, Xlsx as Read};
        let mut xlsx = Xlsx::new("Karty", &[("Název", 40.0), ("Kč", 12.0)]).unwrap();
        for i in 0..3 {
            xlsx.row(&[Cell::Text(format!("Karta {i}")), Cell::Number(i * 1000)])
                .unwrap();
        }
        let mut file = std::io::Cursor::new(Vec::new());
        xlsx.finish(&mut file).unwrap();
        file.set_position(0);
        let mut book: Read<_> = calamine::open_workbook_from_rs(file).unwrap();
        let range = book.worksheet_range("Karty").unwrap();
        assert_eq!(range.get_size(), (4, 2));
        assert_eq!(range.get((0, 0)), Some(&Data::String("Název".into())));
        assert_eq!(range.get((3, 1)), Some(&Data::Float(2000.0)));
    }
}
