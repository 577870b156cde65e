//! The catalogue's full-text index: a derived copy of the store, rebuilt at start and kept
//! current on every write, never a source of truth.

mod catalogue;
pub mod czech;

pub use catalogue::{CatalogueIndex, Dimension, FacetCount, Filters, Hit, Query, Results, Sort};

/// What can go wrong while indexing or searching.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed (out of memory, a bug).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The store failed while the index was being built.
    #[error("store: {0}")]
    Store(#[from] kpss_store::Error),
}
