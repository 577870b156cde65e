//! Files attached to minutes: office documents, PDF and pictures, at most
//! [`MAX_ATTACHMENT`] bytes, of the type their content shows.

use crate::FieldError;

/// The largest attachment, in bytes.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

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

/// Checks an upload: its name (as the browser sent it), the extension its content shows
/// (`detected`, from the magic bytes) and its size. Gives the name to keep and the media
/// type to serve it with.
pub fn check(
    name: &str,
    detected: Option<&str>,
    size: usize,
) -> Result<(String, &'static str), FieldError> {
    if size == 0 {
        return Err(FieldError::Required);
    }
    if size > MAX_ATTACHMENT {
        return Err(FieldError::FileTooLarge {
            max_mb: MAX_ATTACHMENT / 1024 / 1024,
        });
    }
    // Only the last path segment: some browsers send C:\Users\… as the name.
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attachment_is_what_its_content_says_and_not_too_large() {
        assert_eq!(
            check("C:\\Dokumenty\\zápis.PDF", Some("pdf"), 1000),
            Ok(("zápis.PDF".to_owned(), "application/pdf"))
        );
        assert_eq!(
            check("fotka.jpeg", Some("jpg"), 10).map(|(_, m)| m),
            Ok("image/jpeg")
        );
        assert_eq!(
            check("zapis.pdf", Some("exe"), 10),
            Err(FieldError::FileType)
        );
        assert_eq!(
            check("zapis.pdf", Some("png"), 10),
            Err(FieldError::FileType),
            "lies"
        );
        assert_eq!(check("skript.html", None, 10), Err(FieldError::FileType));
        assert_eq!(
            check("prazdny.pdf", Some("pdf"), 0),
            Err(FieldError::Required)
        );
        assert_eq!(
            check("velky.pdf", Some("pdf"), MAX_ATTACHMENT + 1),
            Err(FieldError::FileTooLarge { max_mb: 10 })
        );
    }
}
