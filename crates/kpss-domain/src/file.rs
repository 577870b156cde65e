//! Uploaded files: kept only when their content shows one of the kinds kpss keeps, the name
//! agrees with it, and they are not larger than the place they go to allows.

use crate::FieldError;

/// The kinds kpss keeps: (extension, media type).
pub const ALLOWED: [(&str, &str); 7] = [
    ("pdf", "application/pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
];

/// The name to keep of a file as the browser sent it: its last path segment (some browsers
/// send C:\Users\…, and a name with „../“ must never reach a path), without control
/// characters, at most 200 characters.
#[must_use]
pub fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// Checks an upload: its name (as the browser sent it), the extension its content shows
/// (`detected`, from the magic bytes) and its size against `max` bytes. Gives the name to keep
/// (its last path segment, without control characters) and the media type to serve it with.
pub fn check(
    name: &str,
    detected: Option<&str>,
    size: usize,
    max: usize,
) -> Result<(String, &'static str), FieldError> {
    if size == 0 {
        return Err(FieldError::Required);
    }
    if size > max {
        return Err(FieldError::FileTooLarge {
            max_mb: max / 1024 / 1024,
        });
    }
    let name = base_name(name);
    let claimed = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .map(|e| if e == "jpeg" { "jpg".to_owned() } else { e });
    let Some(detected) = detected else {
        return Err(FieldError::FileType);
    };
    let Some((ext, mime)) = ALLOWED.iter().find(|(e, _)| *e == detected) else {
        return Err(FieldError::FileType);
    };
    // A file whose name says one thing and whose content another is refused.
    if claimed.as_deref() != Some(*ext) {
        return Err(FieldError::FileType);
    }
    Ok((name, mime))
}

/// The short name of a kept file's kind, for lists („PDF“, „XLSX“).
#[must_use]
pub fn kind_name(media_type: &str) -> &'static str {
    ALLOWED
        .iter()
        .find(|(_, m)| *m == media_type)
        .map_or("soubor", |(e, _)| match *e {
            "pdf" => "PDF",
            "docx" => "DOCX",
            "xlsx" => "XLSX",
            "odt" => "ODT",
            "ods" => "ODS",
            "png" => "PNG",
            _ => "JPEG",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_keeps_only_its_last_name_segment() {
        assert_eq!(
            check("../../etc/analyza.pdf", Some("pdf"), 10, 100),
            Ok(("analyza.pdf".to_owned(), "application/pdf"))
        );
        assert_eq!(
            check("a\u{0}b.pdf", Some("pdf"), 10, 100).map(|(n, _)| n),
            Ok("ab.pdf".to_owned())
        );
        assert_eq!(
            check("velky.pdf", Some("pdf"), 3 * 1024 * 1024, 2 * 1024 * 1024),
            Err(FieldError::FileTooLarge { max_mb: 2 })
        );
        assert_eq!(kind_name("application/pdf"), "PDF");
        assert_eq!(kind_name("text/html"), "soubor");
    }
}
