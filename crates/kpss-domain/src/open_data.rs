//! Who publishes a city's open data: what the national open-data catalogue needs of the
//! publisher to harvest the city's catalogue (IČO of the public body, its territory in RÚIAN,
//! a contact e-mail).

use serde::Serialize;

use crate::catalogue::Ico;
use crate::catalogue::contact::parse_email;
use crate::{FieldError, FieldErrors};

/// The publisher of a tenant's open data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publisher {
    /// IČO of the public body (orgán veřejné moci) that publishes the data.
    pub ico: Ico,
    /// The RÚIAN code of its territory: a municipality (obec, 6 digits) or a region (kraj,
    /// 2–3 digits), as the catalogue's `prvek_rúian` names it.
    pub ruian: Ruian,
    /// Where questions about the data go.
    pub email: String,
}

/// A territory in RÚIAN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Ruian {
    /// Obec, by its code (e.g. 554821 Ostrava).
    Municipality(u32),
    /// Vyšší územně samosprávný celek (kraj), by its code (e.g. 132 Moravskoslezský kraj).
    Region(u32),
}

impl Ruian {
    /// Reads a code: six digits are a municipality, two or three a region.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let digits = raw.trim();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::InvalidRuian);
        }
        let code: u32 = digits.parse().map_err(|_| FieldError::InvalidRuian)?;
        match digits.len() {
            6 if code >= 500_000 => Ok(Self::Municipality(code)),
            2 | 3 if code > 0 => Ok(Self::Region(code)),
            _ => Err(FieldError::InvalidRuian),
        }
    }

    /// The code as typed back into the form.
    #[must_use]
    pub fn code(self) -> u32 {
        match self {
            Self::Municipality(c) | Self::Region(c) => c,
        }
    }

    /// Its IRI in the linked data of ČÚZK.
    #[must_use]
    pub fn iri(self) -> String {
        match self {
            Self::Municipality(c) => format!("https://linked.cuzk.cz/resource/ruian/obec/{c}"),
            Self::Region(c) => format!("https://linked.cuzk.cz/resource/ruian/vusc/{c}"),
        }
    }
}

impl Publisher {
    /// Reads the form: IČO, RÚIAN code and e-mail, each required.
    pub fn parse(ico: &str, ruian: &str, email: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let ico = errors.take("ico", Ico::parse(ico));
        let ruian = errors.take("ruian", Ruian::parse(ruian));
        let email = errors.take("email", parse_email(email));
        match (ico, ruian, email) {
            (Some(ico), Some(ruian), Some(email)) if errors.is_empty() => {
                Ok(Self { ico, ruian, email })
            }
            _ => Err(errors),
        }
    }

    /// The public body's IRI in the register of rights and duties (RPP), as the national
    /// catalogue names publishers.
    #[must_use]
    pub fn iri(&self) -> String {
        format!(
            "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/{}",
            self.ico.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_and_a_region_are_told_by_their_length() {
        assert_eq!(Ruian::parse("554821"), Ok(Ruian::Municipality(554_821)));
        assert_eq!(Ruian::parse(" 132 "), Ok(Ruian::Region(132)));
        assert_eq!(
            Ruian::Municipality(554_821).iri(),
            "https://linked.cuzk.cz/resource/ruian/obec/554821"
        );
        for bad in ["", "12a", "1234", "000000", "0", "5548210", "-55482"] {
            assert_eq!(Ruian::parse(bad), Err(FieldError::InvalidRuian), "{bad}");
        }
    }

    #[test]
    fn the_publisher_needs_all_three_and_says_which_is_wrong() {
        let p = Publisher::parse("008 45 451", "554821", "data@ostrava.cz").unwrap();
        assert_eq!(
            p.iri(),
            "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/00845451"
        );
        let e = Publisher::parse("00845452", "55", "nikdo").unwrap_err();
        assert_eq!(e.get("ico"), Some(&FieldError::InvalidIco));
        assert_eq!(e.get("ruian"), None, "55 is a region's code");
        assert_eq!(e.get("email"), Some(&FieldError::InvalidEmail));
    }
}
