//! The sheet of clients per group and year.

use kpss_domain::report::Report;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Formats, SUMMARY_HEADER_ROW, col_index, header, num, titles};

/// Clients per group and year: never added up across years.
pub(super) fn clients_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    sheet.set_name("Klienti")?;
    titles(sheet, f, report, "klienti podle let")?;
    let mut columns = vec!["Kód".to_owned(), "Pracovní skupina".to_owned()];
    for year in &report.years {
        columns.push(format!("{year} – plán"));
        columns.push(format!("{year} – skutečnost"));
    }
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let rows = report
        .groups
        .iter()
        .map(|g| (g.code.as_str(), g.name.as_str(), &g.summary, false))
        .chain([("", "Celkem", &report.summary, true)]);
    for (row, (code, name, s, total)) in (SUMMARY_HEADER_ROW + 1..).zip(rows) {
        let (text, count) = if total {
            (&f.bold, &f.count_bold)
        } else {
            (&f.text, &f.count)
        };
        sheet.write_string_with_format(row, 0, code, text)?;
        sheet.write_string_with_format(row, 1, name, text)?;
        for (i, year) in report.years.iter().enumerate() {
            let (planned, actual) = s.clients_in(*year);
            let col = col_index(2 + 2 * i);
            sheet.write_number_with_format(row, col, num(planned), count)?;
            sheet.write_number_with_format(row, col + 1, num(actual), count)?;
        }
    }
    sheet.set_column_width(1, 40)?;
    Ok(())
}
