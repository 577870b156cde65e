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
