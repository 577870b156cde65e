//! Files attached to minutes: office documents, PDF and pictures, at most
//! [`MAX_ATTACHMENT`] bytes, of the type their content shows.

use crate::FieldError;

/// The largest attachment, in bytes.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// Checks an upload as [`crate::file::check`] does, against [`MAX_ATTACHMENT`].
pub fn check(
    name: &str,
    detected: Option<&str>,
    size: usize,
) -> Result<(String, &'static str), FieldError> {
    crate::file::check(name, detected, size, MAX_ATTACHMENT)
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
