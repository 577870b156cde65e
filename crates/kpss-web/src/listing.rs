//! What the lists to work with share on the web: links to the neighbouring pages, and the
//! list as a CSV or XLSX download, streamed or made at once.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use kpss_docs::table::{Cell, Csv, Xlsx};
use kpss_domain::listing::{Order, Sorting};

use crate::Error;

/// One piece of a streamed download.
pub(crate) type Chunk = Result<Bytes, std::io::Error>;

/// Pieces handed from the task that writes a download to the response, at most this many
/// ahead: the slower of the two sets the pace, and memory stays bounded.
pub(crate) const CHUNKS_AHEAD: usize = 4;

/// A list's query read from the query string; a value the list does not know is refused with
/// a 400 and the Czech message saying which.
pub(crate) fn read<Q>(
    raw: Option<String>,
    parse: impl FnOnce(&[(String, String)]) -> Result<Q, kpss_domain::listing::QueryError>,
) -> Result<Q, Error> {
    parse(&kpss_domain::listing::pairs(&raw.unwrap_or_default()))
        .map_err(|e| Error::BadRequest(e.0))
}

/// What a list page shows around its rows: how many there are, which page, links to its
/// neighbours, the query string of its exports and the orders to choose from.
pub(crate) struct Frame {
    /// „12 karet“.
    pub count: String,
    pub page: u64,
    pub pages: u64,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The query string of every page, for the exports.
    pub export: String,
    /// (code, name) of every order, the code of the chosen one and its direction.
    pub sorts: Vec<(&'static str, &'static str)>,
    pub sort: &'static str,
    pub descending: bool,
}

impl Frame {
    /// The frame of page `page` of `pages` of a list at `base` whose query string for a page
    /// is `query(page)` (0: every page).
    pub fn new<S: Sorting>(
        base: &str,
        count: String,
        (order, page, pages): (&Order<S>, u64, u64),
        query: impl Fn(u64) -> String,
    ) -> Self {
        let link = |p: u64| {
            let q = query(p);
            if q.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{q}")
            }
        };
        Self {
            count,
            page,
            pages,
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
            export: query(0),
            sorts: S::ALL.iter().map(|s| (s.code(), s.name())).collect(),
            sort: order.sort.code(),
            descending: order.descending,
        }
    }
}

/// A file format a list is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Xlsx,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => crate::report::XLSX,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// A short list (organisations, accounts: thousands of rows at most) as a file at once.
pub(crate) async fn export(
    format: Format,
    name: &str,
    sheet: String,
    columns: &'static [(&'static str, f64)],
    rows: Vec<Vec<Cell>>,
) -> Result<Response, Error> {
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, kpss_docs::Error> {
        match format {
            Format::Csv => {
                let headers: Vec<&str> = columns.iter().map(|c| c.0).collect();
                let mut csv = Csv::new(&headers)?;
                for row in &rows {
                    csv.row(row)?;
                }
                csv.take()
            }
            Format::Xlsx => {
                let mut book = Xlsx::new(&sheet, columns)?;
                for row in &rows {
                    book.row(row)?;
                }
                let mut out = std::io::Cursor::new(Vec::new());
                book.finish(&mut out)?;
                Ok(out.into_inner())
            }
        }
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(1);
    // The channel holds one chunk, so the send cannot wait.
    let _ = tx.try_send(Ok(Bytes::from(bytes)));
    drop(tx);
    Ok(download(rx, format, name))
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

/// A download of `name.{csv|xlsx}` whose pieces come from `rx`.
pub(crate) fn download(
    rx: tokio::sync::mpsc::Receiver<Chunk>,
    format: Format,
    name: &str,
) -> Response {
    // Fused: a compressing layer may poll once more after the end.
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    })
    .fuse();
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{}\"", format.extension()),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}
