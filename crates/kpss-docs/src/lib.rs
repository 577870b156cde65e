//! Documents out and in: the reports as XLSX workbooks and PDF documents, the catalogue as
//! HSDS JSON, and spreadsheet imports. Only this crate depends on typst, so nothing else pays for compiling it.

pub mod chart;
pub mod hsds;
pub mod import;
pub mod open_data;
pub mod publication;
pub mod report;
pub mod settlement;
pub mod table;
#[cfg(feature = "testing")]
pub mod testing;
mod typesetting;

/// What can go wrong while making a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The workbook writer failed.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The typesetter rejected the document (a bug in the template).
    #[error("typesetting: {0}")]
    Typesetting(String),
    /// A list could not be written out.
    #[error("table: {0}")]
    Table(String),
}
