use time::macros::date;

use super::*;

fn actor(role: Role, groups: &[&str]) -> Actor {
    Actor {
        account_id: Some(1),
        role,
        organisations: Vec::new(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

fn input<'a>() -> DocumentInput<'a> {
    DocumentInput {
        title: " Analýza potřeb seniorů ",
        kind: "analyza",
        issued_on: "14. 9. 2026",
        description: "",
        plan: Some(2),
        group: "SEN",
        public: true,
    }
}

#[test]
fn a_document_needs_a_title_a_kind_a_day_and_a_known_group() {
    let groups = vec!["SEN".to_owned(), "DET".to_owned()];
    let d = DocumentDraft::parse(&input(), &groups).unwrap();
    assert_eq!(d.title, "Analýza potřeb seniorů");
    assert_eq!(d.kind, DocumentKind::Analysis);
    assert_eq!(d.issued_on, date!(2026 - 09 - 14));
    assert_eq!(d.description, None);
    assert_eq!(d.group.as_deref(), Some("SEN"));

    let bad = DocumentInput {
        title: "",
        kind: "letak",
        issued_on: "31. 2. 2026",
        group: "XYZ",
        ..input()
    };
    let errors = DocumentDraft::parse(&bad, &groups).unwrap_err();
    assert_eq!(errors.get("title"), Some(&FieldError::Required));
    assert_eq!(errors.get("kind"), Some(&FieldError::UnknownValue));
    assert!(errors.get("issued_on").is_some());
    assert_eq!(errors.get("group"), Some(&FieldError::UnknownValue));
}

#[test]
fn managers_keep_their_groups_documents_and_members_read_internal_ones() {
    let coordinator = actor(Role::Admin, &[]);
    let manager = actor(Role::Manager, &["SEN"]);
    let member = actor(Role::Member, &["SEN"]);
    let provider = actor(Role::ProviderEditor, &[]);
    assert!(may_manage(&coordinator, None));
    assert!(may_manage(&manager, Some("SEN")));
    assert!(!may_manage(&manager, Some("DET")));
    assert!(
        !may_manage(&manager, None),
        "a document of no group is the coordinator's"
    );
    assert!(!may_manage(&member, Some("SEN")));
    assert!(may_add(&manager) && !may_add(&member));
    assert!(may_read(None, true));
    assert!(!may_read(None, false));
    assert!(may_read(Some(&member), false));
    assert!(!may_read(Some(&provider), false));
}

#[test]
fn the_list_filters_by_kind_plan_group_year_and_words() {
    let pairs = |q: &str| crate::listing::pairs(q);
    let d = DocumentDraft::parse(&input(), &["SEN".to_owned()]).unwrap();
    let keeps = |q: &str| DocumentQuery::parse(&pairs(q)).unwrap().keeps(&d);
    assert!(keeps(""));
    assert!(keeps("druh=analyza&rok=2026&plan=2&skupina=SEN"));
    assert!(keeps("text=POTŘEB+seniorů"));
    assert!(!keeps("text=děti"));
    assert!(!keeps("druh=zapis"));
    assert!(!keeps("rok=2025"));
    assert!(!keeps("plan=1"));
    assert!(!keeps("skupina=DET"));
    for bad in ["druh=letak", "rok=abc", "plan=-1", "razeni=x"] {
        assert!(DocumentQuery::parse(&pairs(bad)).is_err(), "{bad}");
    }
    assert!(!DocumentQuery::parse(&pairs("")).unwrap().is_filtered());
}
