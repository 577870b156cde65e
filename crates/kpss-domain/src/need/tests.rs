use super::map::{NeedSpot, ServiceSpot, WHOLE_CITY, cells};
use super::*;

fn lists() -> (Vec<String>, Vec<String>) {
    (
        vec!["seniori".into(), "rodiny".into()],
        vec!["poruba".into(), "jih".into()],
    )
}

#[test]
fn a_need_names_a_known_group_and_districts() {
    let (groups, districts) = lists();
    let refused = NeedDraft::parse(
        &NeedInput {
            title: "",
            target_group: "kocky",
            districts: &["marianske-hory".into()],
            source: "vestba",
            size: "-3",
            state: "zjistena",
            ..NeedInput::default()
        },
        (&groups, &districts),
    )
    .unwrap_err();
    for field in ["title", "target_group", "districts", "source", "size"] {
        assert!(refused.get(field).is_some(), "{field}: {refused:?}");
    }
    let need = NeedDraft::parse(
        &NeedInput {
            title: "Odlehčovací služba o víkendech",
            target_group: "seniori",
            districts: &["jih".into(), "jih".into()],
            source: "dotaznik",
            size: "1 200",
            state: "zjistena",
            ..NeedInput::default()
        },
        (&groups, &districts),
    )
    .unwrap();
    assert_eq!(need.districts, vec!["jih".to_owned()]);
    assert_eq!(need.size, Some(1200));
    assert!(need.state.is_open() && !NeedState::Met.is_open());
}

#[test]
fn the_map_splits_sizes_over_districts_and_shows_the_gap() {
    let both = vec!["poruba".to_owned(), "jih".to_owned()];
    let seniors = vec!["seniori".to_owned()];
    let map = cells(
        &[
            NeedSpot {
                target_group: "seniori",
                districts: &both,
                size: Some(101),
            },
            NeedSpot {
                target_group: "rodiny",
                districts: &[],
                size: None,
            },
        ],
        &[ServiceSpot {
            target_groups: &seniors,
            districts: vec!["jih"],
            places: 80,
        }],
    );
    let poruba = &map[&("seniori".to_owned(), "poruba".to_owned())];
    let jih = &map[&("seniori".to_owned(), "jih".to_owned())];
    assert_eq!(
        (poruba.people, jih.people),
        (51, 50),
        "the whole 101 is kept"
    );
    assert_eq!((poruba.gap(), jih.gap()), (51, 0));
    assert!(poruba.uncovered() && !jih.uncovered());
    let city = &map[&("rodiny".to_owned(), WHOLE_CITY.to_owned())];
    assert_eq!((city.needs, city.people, city.gap()), (1, 0, 0));
    assert!(city.uncovered());
}
