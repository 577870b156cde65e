//! What the lists to work with share on the web: links to the neighbouring pages, and the
//! list as a CSV or XLSX download, written off the async runtime as its rows come.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use kpss_docs::table::{Cell, Csv, Json, Xlsx};
use kpss_domain::listing::{Order, Sorting};
use tracing::Instrument;

use crate::Error;

/// One piece of a streamed download.
type Chunk = Result<Bytes, std::io::Error>;

/// Pieces handed from the task that writes a download to the response, at most this many
/// ahead: the slower of the two sets the pace, and memory stays bounded.
const CHUNKS_AHEAD: usize = 4;

/// Batches of rows read ahead of the file's writer.
const BATCHES_AHEAD: usize = 2;

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
    /// Open data: the rows as JSON objects under the CC BY 4.0 licence.
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => crate::report::XLSX,
            Self::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }
}

/// A short list (organisations, accounts: thousands of rows at most) as a file at once.
pub(crate) fn export(
    format: Format,
    name: &str,
    sheet: String,
    columns: &[(&str, f64)],
    rows: Vec<Vec<Cell>>,
) -> Response {
    stream(format, name, sheet, columns, |out| async move {
        // A client gone before the only batch needs nothing more.
        let _ = out.send(rows).await;
        Ok(())
    })
}

/// What the side that reads the rows hands to the side that writes the file.
enum Handed {
    Rows(Vec<Vec<Cell>>),
    /// Every row was handed on: the file may be finished.
    Done,
    /// Reading failed: the file must not look whole.
    Failed(String),
}

/// Where a list's rows are handed on, in batches, to the file's writer.
pub(crate) struct Rows(tokio::sync::mpsc::Sender<Handed>);

impl Rows {
    /// Hands a batch on, waiting while the file's writer is behind; false once nothing more
    /// is wanted (the client went away or writing failed).
    #[must_use]
    pub async fn send(&self, batch: Vec<Vec<Cell>>) -> bool {
        self.0.send(Handed::Rows(batch)).await.is_ok()
    }
}

/// A list of any length as a download of `name.{csv|xlsx}`: `produce` reads the rows and
/// hands them on in batches, while one blocking thread writes them into the file. Each side
/// waits for the other, so memory holds a few batches whatever the length. A failure ends
/// the download short, never with a file that looks whole (the client sees a broken
/// transfer), and is logged.
pub(crate) fn stream<F, Fut>(
    format: Format,
    name: &str,
    sheet: String,
    columns: &[(&str, f64)],
    produce: F,
) -> Response
where
    F: FnOnce(Rows) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), Error>> + Send + 'static,
{
    let columns: Vec<(String, f64)> = columns.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect();
    let (rows_tx, rows_rx) = tokio::sync::mpsc::channel(BATCHES_AHEAD);
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(CHUNKS_AHEAD);
    // Both halves log under the request's span, with its tenant and user.
    let span = tracing::Span::current();
    tokio::spawn(
        async move {
            let end = match produce(Rows(rows_tx.clone())).await {
                Ok(()) => Handed::Done,
                Err(e) => Handed::Failed(e.to_string()),
            };
            let _ = rows_tx.send(end).await;
        }
        .instrument(span.clone()),
    );
    tokio::spawn(
        async move {
            let out = tx.clone();
            // One thread writes the whole file: the writers are synchronous, and what the
            // allocator hands to one thread is not spread over many.
            let written =
                tokio::task::spawn_blocking(move || write(format, &sheet, columns, rows_rx, &out))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()));
            if let Err(e) = written {
                tracing::error!(error = %e, "export failed");
                let _ = tx.send(Err(std::io::Error::other(e))).await;
            }
        }
        .instrument(span),
    );
    download(rx, format, name)
}

/// Writes the batches from `rows` into the file and its bytes to `out`, blocking: the CSV
/// after every batch, the workbook (a zip, whole only at its end) from a temporary file once
/// finished. Stops early, without an error, once the client went away.
fn write(
    format: Format,
    sheet: &str,
    columns: Vec<(String, f64)>,
    mut rows: tokio::sync::mpsc::Receiver<Handed>,
    out: &tokio::sync::mpsc::Sender<Chunk>,
) -> Result<(), String> {
    let send = |bytes: Vec<u8>| out.blocking_send(Ok(Bytes::from(bytes))).is_ok();
    // The next batch; `None` once every row came.
    let mut next = || match rows.blocking_recv() {
        Some(Handed::Rows(batch)) => Ok(Some(batch)),
        Some(Handed::Done) => Ok(None),
        Some(Handed::Failed(e)) => Err(e),
        None => Err("the rows stopped coming".to_owned()),
    };
    let text = |e: kpss_docs::Error| e.to_string();
    match format {
        Format::Csv => {
            let headers: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
            let mut csv = Csv::new(&headers).map_err(text)?;
            while send(csv.take().map_err(text)?) {
                let Some(batch) = next()? else {
                    break;
                };
                for row in &batch {
                    csv.row(row).map_err(text)?;
                }
            }
        }
        Format::Json => {
            let headers: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
            let mut json = Json::new(&headers, kpss_docs::open_data::LICENCE).map_err(text)?;
            while send(json.take()) {
                let Some(batch) = next()? else {
                    let _ = send(json.finish());
                    break;
                };
                for row in &batch {
                    json.row(row).map_err(text)?;
                }
            }
        }
        Format::Xlsx => {
            let widths: Vec<(&str, f64)> = columns.iter().map(|(h, w)| (h.as_str(), *w)).collect();
            let mut book = Xlsx::new(sheet, &widths).map_err(text)?;
            while let Some(batch) = next()? {
                for row in &batch {
                    book.row(row).map_err(text)?;
                }
                // Nobody waits for the workbook any more: stop reading the rows.
                if out.is_closed() {
                    return Ok(());
                }
            }
            let mut file = tempfile::tempfile().map_err(|e| e.to_string())?;
            book.finish(&mut file).map_err(text)?;
            std::io::Seek::rewind(&mut file).map_err(|e| e.to_string())?;
            loop {
                let mut piece = vec![0; 256 * 1024];
                let n = std::io::Read::read(&mut file, &mut piece).map_err(|e| e.to_string())?;
                piece.truncate(n);
                if n == 0 || !send(piece) {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// A download of `name.{csv|xlsx}` whose pieces come from `rx`.
fn download(rx: tokio::sync::mpsc::Receiver<Chunk>, format: Format, name: &str) -> Response {
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
