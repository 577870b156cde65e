//! Funding sources: where the money of a measure or an activity comes from. Each tenant keeps
//! its own list; a new tenant starts from the sources Czech community plans use.

/// The sources a tenant starts with: (code, Czech name), in the order reports list them.
pub const DEFAULT_SOURCES: [(&str, &str); 10] = [
    ("mesto", "rozpočet města"),
    ("obvod", "rozpočet městského obvodu"),
    ("kraj", "rozpočet kraje"),
    ("mpsv", "státní rozpočet (MPSV)"),
    ("eu", "fondy EU"),
    ("zp", "zdravotní pojišťovny"),
    ("uhrady", "úhrady uživatelů"),
    ("up", "úřad práce"),
    ("dary", "dary a sbírky"),
    ("jine", "jiné zdroje"),
];

/// A code list as the coordinator types it, a line per item: „mesto; rozpočet města“. Codes
/// are lowercase letters, digits and dashes; empty lines are skipped.
pub fn parse_code_list(raw: &str) -> Result<Vec<(String, String)>, crate::FieldError> {
    use crate::FieldError;
    let mut items: Vec<(String, String)> = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (code, name) = line
            .split_once(';')
            .ok_or(FieldError::BadLine { line: line_no })?;
        let (code, name) = (code.trim(), name.trim());
        let code_ok = !code.is_empty()
            && code.len() <= 40
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !code_ok || name.is_empty() || name.chars().count() > 200 {
            return Err(FieldError::BadLine { line: line_no });
        }
        if items.iter().any(|(c, _)| c == code) {
            return Err(FieldError::DuplicateLine { line: line_no });
        }
        items.push((code.to_owned(), name.to_owned()));
    }
    if items.is_empty() {
        return Err(FieldError::Required);
    }
    if items.len() > 200 {
        return Err(FieldError::TooLong { max: 200 });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;

    #[test]
    fn a_code_list_is_read_line_by_line() {
        assert_eq!(
            parse_code_list("mesto; rozpočet města\n\n nadace ;Nadace ČEZ "),
            Ok(vec![
                ("mesto".to_owned(), "rozpočet města".to_owned()),
                ("nadace".to_owned(), "Nadace ČEZ".to_owned())
            ])
        );
        assert_eq!(
            parse_code_list("mesto rozpočet"),
            Err(FieldError::BadLine { line: 1 })
        );
        assert_eq!(
            parse_code_list("a; A\nMěsto; B"),
            Err(FieldError::BadLine { line: 2 })
        );
        assert_eq!(
            parse_code_list("a; A\na; B"),
            Err(FieldError::DuplicateLine { line: 2 })
        );
        assert_eq!(parse_code_list("  "), Err(FieldError::Required));
    }
}
