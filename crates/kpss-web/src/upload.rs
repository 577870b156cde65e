//! Files sent with a form (`multipart/form-data`): reading the form with its one file, and
//! sending a kept file back for download under its own name.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use kpss_domain::FieldError;

use crate::form::FormData;
use crate::{AppState, Error};

/// A form with a file: its other fields, the file's name as the browser sent it, the bytes.
pub(crate) struct Upload {
    pub form: FormData,
    pub file_name: String,
    pub body: axum::body::Bytes,
}

/// The request around a file of `max` bytes: its form fields and the multipart framing.
pub(crate) fn body_limit(max: usize) -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(max + 64 * 1024)
}

/// Reads a form whose file is in the field `file` and may have `max` bytes (the route's
/// [`body_limit`]); a missing file reads as an empty one, for the caller's check to name.
pub(crate) async fn read(
    multipart: Result<Multipart, MultipartRejection>,
    max: usize,
) -> Result<Upload, Error> {
    let broken = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Error::FileTooLarge(max / 1024 / 1024)
        } else {
            Error::BadRequest(
                "Formulář se souborem nebyl přijat celý; přenos byl přerušen. Zkuste to \
                 prosím znovu."
                    .into(),
            )
        }
    };
    let mut multipart = multipart.map_err(|e| broken(e.status()))?;
    let mut upload = Upload {
        form: FormData(Vec::new()),
        file_name: String::new(),
        body: axum::body::Bytes::new(),
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| broken(e.status()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            upload.file_name = field.file_name().unwrap_or_default().to_owned();
            upload.body = field.bytes().await.map_err(|e| broken(e.status()))?;
        } else {
            let value = field.text().await.map_err(|e| broken(e.status()))?;
            upload.form.0.push((name, value));
        }
    }
    Ok(upload)
}

/// The extension the content shows, whatever the name or the browser claim.
pub(crate) fn detected(body: &[u8]) -> Option<&'static str> {
    infer::get(body).map(|t| t.extension())
}

/// `Content-Disposition` of a download named `name`: an ASCII fallback and the UTF-8 name.
pub(crate) fn disposition(name: &str) -> String {
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        name.replace(
            |c: char| !c.is_ascii_alphanumeric() && !".-_".contains(c),
            "_"
        ),
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
    )
}

/// A kept file for download, never rendered by the browser as something else.
pub(crate) fn download(
    name: &str,
    media_type: String,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type),
            (header::CONTENT_DISPOSITION, disposition(name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

/// A file size in Czech: „850 kB“, „1,2 MB“.
pub(crate) fn size(bytes: usize) -> String {
    let kb = bytes.div_ceil(1024);
    if kb < 1024 {
        format!("{kb}\u{a0}kB")
    } else {
        let tenths = (kb * 10).div_ceil(1024);
        format!("{},{}\u{a0}MB", tenths / 10, tenths % 10)
    }
}

/// Runs the virus scanner set up for this node (`virus_scan`), if any, on a file about to be
/// kept: the command reads the bytes on its input and answers by its exit code, 0 clean and 1
/// infected, as `clamdscan -` does. Anything else means the check could not be made, and the
/// file is not kept.
pub(crate) async fn scan(
    state: &AppState,
    body: &axum::body::Bytes,
) -> Result<Result<(), FieldError>, Error> {
    let Some(command) = state.virus_scan.clone() else {
        return Ok(Ok(()));
    };
    let body = body.clone();
    let status = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let (program, args) = command.split_first().ok_or(std::io::ErrorKind::NotFound)?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        if let Some(mut input) = child.stdin.take() {
            // A scanner that stops reading early has made up its mind; its exit code says what.
            let _ = input.write_all(&body);
        }
        child.wait()
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?;
    match status.map(|s| s.code()) {
        Ok(Some(0)) => Ok(Ok(())),
        Ok(Some(1)) => Ok(Err(FieldError::Infected)),
        other => {
            tracing::error!(?other, "virus scanner failed");
            Err(Error::Unavailable(
                "Antivirová kontrola souboru se nepodařila, a tak soubor nebyl uložen. Zkuste \
                 to prosím později; pokud potíž trvá, obraťte se na správce kpss."
                    .into(),
            ))
        }
    }
}
