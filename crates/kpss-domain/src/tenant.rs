//! Tenants: the municipalities and regions one installation serves.

use crate::FieldError;

/// Obec or kraj: a region reads across its municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantKind {
    /// A municipality (obec, město, statutární město).
    Municipality,
    /// A region (kraj).
    Region,
}

impl TenantKind {
    /// Code in the database and on the command line.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Municipality => "municipality",
            Self::Region => "region",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        match code {
            "municipality" => Ok(Self::Municipality),
            "region" => Ok(Self::Region),
            _ => Err(FieldError::UnknownValue),
        }
    }
}

/// A tenant's short name in URLs and commands: lowercase ASCII letters, digits and dashes.
pub fn parse_slug(raw: &str) -> Result<String, FieldError> {
    let slug = raw.trim();
    let valid = !slug.is_empty()
        && slug.len() <= 40
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if valid {
        Ok(slug.to_owned())
    } else {
        Err(FieldError::UnknownValue)
    }
}

/// A host name a tenant is served at, e.g. `kp.ostrava.cz`.
pub fn parse_host(raw: &str) -> Result<String, FieldError> {
    let host = raw.trim().to_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok) {
        Ok(host)
    } else {
        Err(FieldError::InvalidUrl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_short() {
        assert_eq!(parse_slug("frydek-mistek"), Ok("frydek-mistek".into()));
        assert!(parse_slug("Frýdek").is_err());
        assert!(parse_slug("-x").is_err());
        assert!(parse_slug("").is_err());
        assert!(parse_slug(&"a".repeat(41)).is_err());
    }

    #[test]
    fn hosts_are_dns_names() {
        assert_eq!(parse_host("KP.Ostrava.cz"), Ok("kp.ostrava.cz".into()));
        assert!(parse_host("localhost").is_err());
        assert!(parse_host("kp.ostrava.cz/katalog").is_err());
        assert_eq!(TenantKind::parse("region"), Ok(TenantKind::Region));
        assert!(TenantKind::parse("state").is_err());
    }
}
