//! The evaluation of an action plan and the summary report of a plan as documents.

mod view;
mod workbook;

pub use view::{ReportView, status_line, verdicts_chart};
pub use workbook::xlsx;

use kpss_domain::report::Report;

use crate::Error;

/// The typst template of both reports; it reads the [`ReportView`] as `data.json`.
const TEMPLATE: &str = include_str!("report.typ");

/// The report as an A4 PDF: table of contents, page numbers, tables that break across pages
/// with their header repeated.
pub fn pdf(report: &Report) -> Result<Vec<u8>, Error> {
    let data = serde_json::to_vec(&ReportView::new(report))
        .map_err(|e| Error::Typesetting(e.to_string()))?;
    crate::typesetting::pdf(TEMPLATE, data)
}
