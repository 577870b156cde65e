use kpss_domain::catalogue::ServiceForm;
use kpss_store::catalogue::Service;

use super::fixture::Fixture;
use super::*;

fn service(
    id: i32,
    tenant: i32,
    name: &str,
    service_type: Option<&str>,
    groups: &[&str],
    forms: &[ServiceForm],
    district: &str,
) -> Service {
    Fixture::new(id, name)
        .tenant(tenant)
        .service_type(service_type)
        .groups(groups)
        .forms(forms)
        .district(district)
        .build()
}

fn index() -> CatalogueIndex {
    use ServiceForm::*;
    let index = CatalogueIndex::new().unwrap();
    index
        .replace_all(&[
            service(
                1,
                1,
                "Domov pro seniory Slunovrat",
                Some("49"),
                &["seniori"],
                &[Residential],
                "poruba",
            ),
            service(
                2,
                1,
                "Pečovatelská služba pro seniory",
                Some("40"),
                &["seniori"],
                &[Field],
                "poruba",
            ),
            service(
                3,
                1,
                "Chráněné bydlení Lipová",
                Some("51"),
                &["zp"],
                &[Residential],
                "vitkovice",
            ),
            service(
                4,
                1,
                "Hospic svatého Lukáše",
                Some("52"),
                &["seniori", "zp"],
                &[Residential],
                "vitkovice",
            ),
            service(
                5,
                1,
                "Klub seniorů Hrabůvka",
                None,
                &["seniori"],
                &[Ambulatory],
                "jih",
            ),
            service(
                6,
                2,
                "Domov pro seniory v Opavě",
                Some("49"),
                &["seniori"],
                &[Residential],
                "opava",
            ),
        ])
        .unwrap();
    index
}

fn query(text: &str) -> Query {
    Query {
        tenants: vec![1],
        text: text.into(),
        filters: Filters::default(),
        sort: Sort::Relevance,
        page: 1,
        per_page: 10,
    }
}

fn ids(results: &Results) -> Vec<i32> {
    let mut ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn diacritics_and_case_are_ignored() {
    let index = index();
    let expected = ids(&index.search(&query("senioři")).unwrap());
    assert_eq!(
        expected,
        vec![1, 2, 4, 5],
        "Slunovrat, pečovatelská, the hospice for the target group, klub seniorů"
    );
    assert_eq!(ids(&index.search(&query("seniori")).unwrap()), expected);
    assert_eq!(ids(&index.search(&query("SENIORI")).unwrap()), expected);
    assert_eq!(ids(&index.search(&query("pecovatelska")).unwrap()), vec![2]);
}

#[test]
fn a_typo_still_finds_the_service() {
    let index = index();
    assert_eq!(
        ids(&index.search(&query("pečovatelkská")).unwrap()),
        vec![2]
    );
    assert_eq!(ids(&index.search(&query("hospc")).unwrap()), vec![4]);
    assert!(index.search(&query("xyzzyqq")).unwrap().hits.is_empty());
}

#[test]
fn a_typo_is_forgiven_only_when_the_words_as_typed_find_nothing() {
    let index = CatalogueIndex::new().unwrap();
    let club = |id, name| service(id, 1, name, None, &["seniori"], &[], "poruba");
    index
        .replace_all(&[club(1, "Klub Kvítek"), club(2, "Klub Květek")])
        .unwrap();
    assert_eq!(ids(&index.search(&query("kvítek")).unwrap()), vec![1]);
    let mut both = ids(&index.search(&query("kvutek")).unwrap());
    both.sort_unstable();
    assert_eq!(both, vec![1, 2]);
}

#[test]
fn every_word_must_match() {
    let index = index();
    assert_eq!(
        ids(&index.search(&query("domov slunovrat")).unwrap()),
        vec![1]
    );
}

#[test]
fn the_name_weighs_more_than_the_description() {
    let index = index();
    let results = index.search(&query("hospic")).unwrap();
    assert_eq!(results.hits[0].id, 4);
}

#[test]
fn tenants_are_kept_apart() {
    let index = index();
    let results = index
        .search(&Query {
            tenants: vec![2],
            ..query("domov")
        })
        .unwrap();
    assert_eq!(ids(&results), vec![6]);
    // A region reads across its municipalities.
    let region = index
        .search(&Query {
            tenants: vec![1, 2],
            ..query("domov")
        })
        .unwrap();
    assert_eq!(ids(&region), vec![1, 6]);
}

#[test]
fn facets_count_and_filter() {
    let index = index();
    let all = index.search(&query("")).unwrap();
    assert_eq!(all.total, 5);
    let forms = &all
        .facets
        .iter()
        .find(|(d, _)| *d == Dimension::Form)
        .unwrap()
        .1;
    assert!(forms.contains(&FacetCount {
        value: "pobytova".into(),
        count: 3
    }));
    let groups = &all
        .facets
        .iter()
        .find(|(d, _)| *d == Dimension::TargetGroup)
        .unwrap()
        .1;
    assert!(groups.contains(&FacetCount {
        value: "seniori".into(),
        count: 4
    }));

    let filters = Filters(vec![
        (Dimension::Form, vec!["pobytova".into()]),
        (Dimension::District, vec!["vitkovice".into()]),
    ]);
    let narrowed = index
        .search(&Query {
            filters,
            ..query("")
        })
        .unwrap();
    assert_eq!(ids(&narrowed), vec![3, 4]);
    // The selected dimension still counts its other values (within the other filters).
    let forms = &narrowed
        .facets
        .iter()
        .find(|(d, _)| *d == Dimension::Form)
        .unwrap()
        .1;
    assert_eq!(
        forms,
        &vec![FacetCount {
            value: "pobytova".into(),
            count: 2
        }]
    );
    let districts = &narrowed
        .facets
        .iter()
        .find(|(d, _)| *d == Dimension::District)
        .unwrap()
        .1;
    assert!(districts.contains(&FacetCount {
        value: "poruba".into(),
        count: 1
    }));

    let either = Filters(vec![(
        Dimension::ServiceType,
        vec!["49".into(), "40".into()],
    )]);
    assert_eq!(
        ids(&index
            .search(&Query {
                filters: either,
                ..query("")
            })
            .unwrap()),
        vec![1, 2]
    );
}

#[test]
fn names_sort_in_czech_order_and_pages_follow_it() {
    let index = index();
    let page = |n| {
        index
            .search(&Query {
                sort: Sort::Name,
                page: n,
                per_page: 2,
                ..query("")
            })
            .unwrap()
    };
    let order: Vec<i32> = (1..=3)
        .flat_map(|n| page(n).hits.into_iter().map(|h| h.id))
        .collect();
    // Domov, Hospic, Chráněné bydlení (ch after h), Klub, Pečovatelská.
    assert_eq!(order, vec![1, 4, 3, 5, 2]);
    assert_eq!(page(3).total, 5);
    assert!(page(4).hits.is_empty());
}

#[test]
fn an_edit_is_searchable_at_once() {
    let index = index();
    let mut renamed = service(
        3,
        1,
        "Chráněné bydlení Modrý kámen",
        Some("51"),
        &["zp"],
        &[ServiceForm::Residential],
        "vitkovice",
    );
    renamed.draft.description = None;
    index.upsert(&renamed).unwrap();
    assert_eq!(ids(&index.search(&query("modry kamen")).unwrap()), vec![3]);
    assert!(index.search(&query("lipova")).unwrap().hits.is_empty());
    assert_eq!(index.len(), 6);
}

#[test]
fn absurd_queries_are_harmless() {
    let index = index();
    let long = "senior ".repeat(20_000);
    assert_eq!(ids(&index.search(&query(&long)).unwrap()), vec![1, 2, 4, 5]);
    let far = index
        .search(&Query {
            page: 1_000_000,
            ..query("")
        })
        .unwrap();
    assert!(far.hits.is_empty());
    assert_eq!(far.total, 5);
    assert!(index.search(&query("\"*?(){}[]:+-")).is_ok());
}
