//! Contact details: e-mail, web address and telephone.

use std::str::FromStr;

use crate::FieldError;

/// Checks an e-mail address (RFC 5322 syntax, as `email_address` reads it).
pub fn parse_email(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.len() > 254 {
        return Err(FieldError::TooLong { max: 254 });
    }
    match email_address::EmailAddress::from_str(text) {
        // A bare „jan@localhost“ is legal syntax but never a public contact.
        Ok(email) if email.domain().contains('.') => Ok(email.to_string()),
        _ => Err(FieldError::InvalidEmail),
    }
}

/// Checks a web address; „www.example.cz“ gets „https://“ in front.
pub fn parse_web(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.len() > 500 {
        return Err(FieldError::TooLong { max: 500 });
    }
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = url::Url::parse(&with_scheme).map_err(|_| FieldError::InvalidUrl)?;
    let host_ok = url.host_str().is_some_and(|h| h.contains('.'));
    if !matches!(url.scheme(), "http" | "https") || !host_ok {
        return Err(FieldError::InvalidUrl);
    }
    Ok(url.to_string())
}

/// Checks a telephone number: digits, spaces, an optional leading „+“, 9 to 15 digits.
pub fn parse_phone(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let allowed = body.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if !allowed || !(9..=15).contains(&digits) {
        return Err(FieldError::InvalidPhone);
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Applies a parser to an optional field: empty stays `None`.
pub fn optional(
    raw: &str,
    parse: impl Fn(&str) -> Result<String, FieldError>,
) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" info@ostrava.cz "),
            Ok("info@ostrava.cz".into())
        );
        assert_eq!(parse_email("info@"), Err(FieldError::InvalidEmail));
        assert_eq!(
            parse_email("info ostrava.cz"),
            Err(FieldError::InvalidEmail)
        );
        assert_eq!(parse_email("jan@localhost"), Err(FieldError::InvalidEmail));
    }

    #[test]
    fn web_addresses() {
        assert_eq!(
            parse_web("www.ostrava.cz"),
            Ok("https://www.ostrava.cz/".into())
        );
        assert_eq!(
            parse_web("http://kp.ostrava.cz/a"),
            Ok("http://kp.ostrava.cz/a".into())
        );
        assert_eq!(
            parse_web("javascript:alert(1)"),
            Err(FieldError::InvalidUrl)
        );
        assert_eq!(parse_web("ftp://x.cz"), Err(FieldError::InvalidUrl));
        assert_eq!(parse_web("not a url"), Err(FieldError::InvalidUrl));
    }

    #[test]
    fn phones() {
        assert_eq!(
            parse_phone("+420  599 443 111"),
            Ok("+420 599 443 111".into())
        );
        assert_eq!(parse_phone("599443111"), Ok("599443111".into()));
        assert_eq!(parse_phone("12345"), Err(FieldError::InvalidPhone));
        assert_eq!(parse_phone("599-443-111"), Err(FieldError::InvalidPhone));
        assert_eq!(optional("", parse_phone), Ok(None));
    }
}
