//! HSDS identifiers: every record needs a UUID, and kpss keys its rows by numbers. An id is a
//! UUID of version 8 (custom) that carries the kind of record, the tenant and the row's
//! number, so an address like `/api/hsds/services/{id}` leads back to the row without a table
//! of ids, and a service's id is never taken for an organisation's.

use uuid::Uuid;

/// The kinds of records the API names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organization = 1,
    Service = 2,
    /// A place of a service: (service, place's index).
    Location = 3,
    ServiceAtLocation = 4,
    Taxonomy = 5,
    /// A term: (taxonomy, term's index in it).
    TaxonomyTerm = 6,
    /// An organisation's IČO.
    Identifier = 7,
    /// A phone: (organisation, 0) or (service, 1).
    Phone = 8,
    Address = 9,
    /// A term attached to a service: (service, term's number).
    Attribute = 10,
    Schedule = 11,
}

/// Marks kpss's ids among UUIDs.
const MARK: [u8; 2] = [0x6b, 0x70];

/// The id of record `(number, part)` of `kind` of `tenant`; `part` tells apart the records
/// one row makes (the places of one service).
#[must_use]
pub fn id(kind: Kind, tenant: i32, (number, part): (i32, u16)) -> Uuid {
    let mut b = [0u8; 16];
    b[0..2].copy_from_slice(&MARK);
    b[2] = kind as u8;
    b[3..5].copy_from_slice(&part.to_be_bytes());
    // Byte 6 holds the version and byte 8 the variant: the numbers go around them.
    let tenant = tenant.to_be_bytes();
    b[5] = tenant[0];
    b[9..13].copy_from_slice(&number.to_be_bytes());
    b[13..16].copy_from_slice(&tenant[1..4]);
    uuid::Builder::from_custom_bytes(b).into_uuid()
}

/// The row (number, part) an id of `kind` of `tenant` names; `None` for any other text.
#[must_use]
pub fn parse(text: &str, kind: Kind, tenant: i32) -> Option<(i32, u16)> {
    let uuid = Uuid::parse_str(text).ok()?;
    let b = uuid.as_bytes();
    let (number, part) = (
        i32::from_be_bytes([b[9], b[10], b[11], b[12]]),
        u16::from_be_bytes([b[3], b[4]]),
    );
    (id(kind, tenant, (number, part)) == uuid).then_some((number, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_leads_back_to_its_row_and_kind_only() {
        let service = id(Kind::Service, 3, (123_456, 0));
        assert_eq!(service.get_version_num(), 8);
        assert_eq!(service.to_string().len(), 36);
        assert_eq!(
            parse(&service.to_string(), Kind::Service, 3),
            Some((123_456, 0))
        );
        assert_eq!(parse(&service.to_string(), Kind::Organization, 3), None);
        assert_eq!(
            parse(&service.to_string(), Kind::Service, 4),
            None,
            "another tenant"
        );
        assert_eq!(parse("nesmysl", Kind::Service, 3), None);
        let place = id(Kind::Location, 3, (7, 2));
        assert_eq!(parse(&place.to_string(), Kind::Location, 3), Some((7, 2)));
        assert_ne!(place, id(Kind::Location, 3, (7, 1)));
        assert_ne!(id(Kind::Service, 1, (1, 0)), id(Kind::Service, 1, (2, 0)));
        assert_ne!(
            id(Kind::Service, 1, (256, 0)),
            id(Kind::Service, 2, (256, 0))
        );
    }
}
