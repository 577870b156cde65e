//! Spreadsheet imports: reading an uploaded XLSX table defensively (not a zip, a zip bomb,
//! a missing sheet or column, merged cells, too many rows), and the templates kpss offers for
//! download, so that the columns of both always match.

mod columns;
mod population;

pub use columns::{CardColumns, ReportColumns};
pub use population::{
    MAX_POPULATION_ROWS, PopulationProblem, PopulationRow, RowProblem, read_population,
};

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

use crate::Error;

/// The most data rows one upload may carry.
pub const MAX_ROWS: usize = 5_000;
/// The most bytes an upload may unpack to; a real card sheet is a fraction of this.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// Why a whole file is refused before any row is looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// Not an XLSX workbook at all.
    #[error("not an xlsx workbook")]
    NotXlsx,
    /// Unpacks to more than [`MAX_UNPACKED`] bytes or compresses suspiciously well.
    #[error("unpacks too large")]
    TooLarge,
    /// The sheet the template names is not there.
    #[error("missing sheet {0}")]
    MissingSheet(String),
    /// The header row lacks these columns.
    #[error("missing columns {0:?}")]
    MissingColumns(Vec<String>),
    /// The sheet has merged cells (e.g. „A2:C2“), which hide which value belongs where.
    #[error("merged cells {0}")]
    MergedCells(String),
    /// More data rows than [`MAX_ROWS`].
    #[error("too many rows: {0}")]
    TooManyRows(usize),
    /// The sheet has a header but no data row.
    #[error("no rows")]
    Empty,
}

/// One data row: its number as the spreadsheet shows it and its cells in the asked order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell of column `i` of the asked columns.
    #[must_use]
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Refuses archives that unpack to too much, before anything is unpacked.
fn check_archive<R: Read + Seek>(reader: R, packed: u64) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|_| FileProblem::NotXlsx)?;
    if archive.len() > 10_000 {
        return Err(FileProblem::TooLarge);
    }
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| FileProblem::NotXlsx)?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    // Spreadsheet XML packs about 10:1; a ratio in the hundreds is a bomb, whatever its size.
    if unpacked > MAX_UNPACKED || unpacked > packed.saturating_mul(200).max(1024 * 1024) {
        return Err(FileProblem::TooLarge);
    }
    Ok(())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        #[allow(clippy::cast_possible_truncation)]
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "ano" } else { "ne" }.to_owned(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(_) => "#CHYBA".to_owned(),
    }
}

fn normalise(header: &str) -> String {
    header
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads the data rows of `sheet`, whose first row names (at least) `columns`; the cells come
/// back in the order of `columns`. Fully empty rows are skipped.
pub fn read_table(bytes: &[u8], sheet: &str, columns: &[String]) -> Result<Vec<Row>, FileProblem> {
    let packed = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    check_archive(Cursor::new(bytes), packed)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| FileProblem::NotXlsx)?;
    if !book.sheet_names().iter().any(|n| n == sheet) {
        return Err(FileProblem::MissingSheet(sheet.to_owned()));
    }
    let merged = book
        .merge_cells_by_sheet_name(sheet)
        .map_err(|_| FileProblem::NotXlsx)?;
    if let Some(dims) = merged.first() {
        let name = |(r, c): (u32, u32)| {
            let mut col = String::new();
            let mut n = c + 1;
            while n > 0 {
                col.insert(
                    0,
                    char::from(b'A' + u8::try_from((n - 1) % 26).unwrap_or(0)),
                );
                n = (n - 1) / 26;
            }
            format!("{col}{}", r + 1)
        };
        return Err(FileProblem::MergedCells(format!(
            "{}:{}",
            name(dims.start),
            name(dims.end)
        )));
    }
    let range = book
        .worksheet_range(sheet)
        .map_err(|_| FileProblem::NotXlsx)?;
    let start_row = range.start().map_or(0, |(r, _)| r);
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| normalise(&cell_text(c))).collect())
        .unwrap_or_default();
    let mut positions = Vec::with_capacity(columns.len());
    let mut missing = Vec::new();
    for column in columns {
        match header.iter().position(|h| *h == normalise(column)) {
            Some(p) => positions.push(p),
            None => missing.push(column.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns(missing));
    }
    let height = range.height().saturating_sub(1);
    if height > MAX_ROWS + 1000 {
        return Err(FileProblem::TooManyRows(height));
    }
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let cells: Vec<String> = positions
            .iter()
            .map(|p| row.get(*p).map(cell_text).unwrap_or_default())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let number = start_row + u32::try_from(i).unwrap_or(u32::MAX - 2) + 2;
        out.push(Row { number, cells });
    }
    if out.len() > MAX_ROWS {
        return Err(FileProblem::TooManyRows(out.len()));
    }
    if out.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(out)
}

/// A template: the sheet to fill with its header row, pre-filled rows, and a sheet of the
/// codes that may be used.
pub fn template(
    sheet: &str,
    columns: &[String],
    rows: &[Vec<String>],
    codes: &[(&str, Vec<(String, String)>)],
) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DCE6F1");
    let main = workbook.add_worksheet();
    main.set_name(sheet)?;
    for (col, title) in columns.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        main.write_string_with_format(0, col, title, &header)?;
        main.set_column_width(col, 18)?;
    }
    main.set_row_height(0, 45)?;
    main.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                let (r, c) = (
                    u32::try_from(r + 1).unwrap_or(u32::MAX),
                    u16::try_from(c).unwrap_or(u16::MAX),
                );
                match value.parse::<i32>() {
                    Ok(n) => main.write_number(r, c, f64::from(n))?,
                    Err(_) => main.write_string(r, c, value)?,
                };
            }
        }
    }
    for (name, list) in codes {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        sheet.write_string_with_format(0, 0, "Kód", &header)?;
        sheet.write_string_with_format(0, 1, "Význam", &header)?;
        sheet.set_column_width(0, 16)?;
        sheet.set_column_width(1, 80)?;
        sheet.set_freeze_panes(1, 0)?;
        for (i, (code, meaning)) in list.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            sheet.write_string(r, 0, code)?;
            sheet.write_string(r, 1, meaning)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}
