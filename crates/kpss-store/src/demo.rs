//! Demo data placeholder.
