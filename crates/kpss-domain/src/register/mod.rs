//! The national register of social services (registr poskytovatelů sociálních služeb) as the
//! ministry publishes it: a JSON file of items, each a registered service with its identifier,
//! kind, provider, facilities with RÚIAN codes, contacts, forms and capacities. This module
//! reads such a file into what the catalogue keeps of it – item by item, so one bad item is a
//! row of the report and not the end of the import – and compares it with the catalogue
//! (`diff`). Names of statutory bodies are personal data: they are never read.

mod diff;
mod file;

pub use diff::{Change, Current, FieldChange, diff};
pub use file::{FileError, Place, Problem, Provider, Read, RegisterService, read};

/// A small file in the register's layout with made-up services of Ostrava and Opava and two
/// bad items: the demo offers it for review, the tests read it.
pub const SAMPLE: &[u8] = include_bytes!("../../data/registr-poskytovatelu-vzorek.json");

/// The largest register file kpss takes: a region's extract is a few MB, the whole national
/// register about ten.
pub const MAX_FILE: usize = 50 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::catalogue::{Capacity, CapacityUnit, ServiceForm};

    const SAMPLE: &str = include_str!("../../data/registr-poskytovatelu-vzorek.json");

    fn sample() -> Read {
        read(SAMPLE.as_bytes()).unwrap()
    }

    #[test]
    fn the_sample_reads_item_by_item_and_reports_the_bad_ones() {
        let r = sample();
        assert_eq!(r.exported, Some(date!(2026 - 11 - 20)));
        let ids: Vec<&str> = r.services.iter().map(|s| s.register_id.as_str()).collect();
        assert_eq!(ids, ["2000001", "2345678", "3456789", "4567890", "1000039"]);
        let home = &r.services[0];
        assert_eq!(home.service_type, "49", "by the register's code");
        assert_eq!(home.forms, [ServiceForm::Residential]);
        assert_eq!(
            home.capacity,
            Some(Capacity {
                amount: 120,
                unit: CapacityUnit::Beds
            })
        );
        assert_eq!(home.places[0].ruian, Some(2_365_711));
        assert_eq!(home.places[0].municipality, Some(554_821));
        assert_eq!(home.active_from, Some(date!(2007 - 01 - 01)));
        let care = &r.services[1];
        assert_eq!(care.service_type, "40", "by the paragraph „§ 40“");
        assert_eq!(care.name, "Pečovatelská služba", "named by its kind");
        assert_eq!(care.forms, [ServiceForm::Ambulatory, ServiceForm::Field]);
        assert_eq!(r.services[2].service_type, "61", "by the name");
        assert_eq!(r.services[3].active_to, Some(date!(2026 - 12 - 31)));
        let problems: Vec<(usize, Option<&str>, &str)> = r
            .problems
            .iter()
            .map(|p| (p.item, p.register_id.as_deref(), p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    6,
                    Some("5678901"),
                    "IČO poskytovatele „12345678“ není platné."
                ),
                (
                    7,
                    Some("6789012"),
                    "neznámý druh sociální služby „sociální služba neznámého druhu“."
                ),
            ]
        );
    }

    #[test]
    fn names_of_statutory_bodies_are_never_read() {
        assert!(SAMPLE.contains("Jana Příkladová"));
        let kept = serde_json::to_string(&sample().services).unwrap();
        assert!(!kept.contains("Příkladová"), "{kept}");
    }

    #[test]
    fn a_file_that_is_not_the_register_is_refused_as_a_whole() {
        let cut = &SAMPLE.as_bytes()[..SAMPLE.len() / 2];
        assert!(matches!(read(cut), Err(FileError::NotJson(_))));
        assert!(
            read(b"<html>")
                .unwrap_err()
                .to_string()
                .contains("není platný JSON"),
            "a Czech message"
        );
        assert_eq!(read(b"{\"items\": []}"), Err(FileError::NotRegister));
        assert_eq!(read(b"[1, 2]"), Err(FileError::NotRegister));
        assert_eq!(
            read(b"{\"polozky\": [").unwrap_err(),
            FileError::NotJson("řádek 1, znak 13".into())
        );
        let big = vec![b' '; MAX_FILE + 1];
        assert_eq!(read(&big), Err(FileError::TooLarge(50)));
    }

    fn current(id: i32, s: &RegisterService) -> Current {
        Current {
            id,
            name: s.name.clone(),
            register_id: Some(s.register_id.clone()),
            ico: s.provider.ico.as_str().to_owned(),
            service_type: Some(s.service_type.clone()),
            forms: s.forms.clone(),
            capacity: s.capacity,
            email: s.email.clone(),
            phone: s.phone.clone(),
            web: s.web.clone(),
            active_from: s.active_from,
            active_to: s.active_to,
            addresses: s.places.iter().map(|p| p.address.clone()).collect(),
        }
    }

    #[test]
    fn the_diff_finds_new_changed_and_withdrawn_services() {
        let r = sample();
        let today = date!(2026 - 11 - 23);
        // The catalogue: the home as registered, but with 100 beds; the care service kept
        // by hand without its identifier; a service the register no longer lists; and one
        // that ended already.
        let mut home = current(1, &r.services[0]);
        home.capacity = Some(Capacity {
            amount: 100,
            unit: CapacityUnit::Beds,
        });
        let mut care = current(2, &r.services[1]);
        care.register_id = None;
        let mut gone = current(3, &r.services[0]);
        gone.register_id = Some("9999999".into());
        gone.name = "Zrušený domov".into();
        let mut ended = current(4, &r.services[0]);
        ended.register_id = Some("8888888".into());
        ended.active_to = Some(date!(2025 - 12 - 31));
        let in_ostrava =
            |s: &RegisterService| s.places.iter().any(|p| p.municipality == Some(554_821));
        let changes = diff(&r.services, &[home, care, gone, ended], in_ostrava, today);
        let keys: Vec<String> = changes.iter().map(Change::key).collect();
        assert_eq!(
            keys,
            [
                "zmena-1",
                "zmena-2",
                "novy-3456789",
                "novy-1000039",
                "konec-3"
            ]
        );
        let Change::Changed { fields, .. } = &changes[0] else {
            panic!("{:?}", changes[0]);
        };
        assert_eq!(
            fields,
            &[FieldChange {
                field: "Kapacita",
                before: "100 lůžka".into(),
                after: "120 lůžka".into(),
            }]
        );
        let Change::Changed { fields, .. } = &changes[1] else {
            panic!("{:?}", changes[1]);
        };
        assert_eq!(fields.len(), 1, "matched by IČO and kind: {fields:?}");
        assert_eq!(fields[0].field, "Identifikátor v registru");
        assert!(
            matches!(&changes[4], Change::Withdrawn { name, on, .. } if name == "Zrušený domov" && *on == today)
        );
        // Opava's shelter is not the city's.
        assert!(!keys.iter().any(|k| k == "novy-4567890"));
    }
}
