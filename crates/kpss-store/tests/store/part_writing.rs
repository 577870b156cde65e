//! Groups write their parts of a draft: the manager and the editors the manager names write
//! the group's part and nothing else; the coordinator reviews the changes and locks the part;
//! the group's people discuss a measure internally.

use kpss_domain::member::{Function, KpRole, MemberDraft, MembershipDraft};
use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanHeader};
use kpss_store::plan::{self, writing};
use kpss_store::{member, work_group};
use time::macros::date;

use super::*;

on_both_databases!(the_manager_and_named_editors_write_their_groups_part_until_it_is_locked);

fn measure(code: &str, text: &str) -> MeasureDraft {
    MeasureDraft::parse(code, text, "", "", "", "").unwrap()
}

async fn the_manager_and_named_editors_write_their_groups_part_until_it_is_locked(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let header = PlanHeader::parse("7. komunitní plán", "2027", "2030").unwrap();
    let draft = plan::create_plan(&store, t, &admin, &header).await.unwrap();
    let mut parts = Vec::new();
    let mut measures = Vec::new();
    for code in ["SEN", "ZP"] {
        let part = plan::add_part(
            &store,
            t,
            &admin,
            draft.id,
            &PartDraft::parse(code, code).unwrap(),
        )
        .await
        .unwrap();
        let goal = GoalDraft::parse(&format!("{code} 1"), "Cíl").unwrap();
        let goal = plan::add_goal(&store, t, &admin, part, &goal)
            .await
            .unwrap();
        let m = plan::add_measure(
            &store,
            t,
            &admin,
            goal,
            &measure(&format!("{code} 1.1"), "Původní"),
        )
        .await
        .unwrap();
        parts.push(part);
        measures.push((goal, m));
    }
    kpss_store::testing::link_work_group_codes(&store).await;
    let groups = work_group::work_groups(&store, t).await.unwrap();
    let sen = groups.iter().find(|g| g.draft.code == "SEN").unwrap().id;
    let manager = account::add(
        &store,
        t,
        &admin,
        NewAccount {
            email: "vedouci@ostrava.cz",
            name: "Vedoucí SEN",
            role: Role::Manager,
            password_hash: account::hash_password("heslo-12345678"),
            organisations: &[],
            groups: &["SEN".to_owned()],
        },
    )
    .await
    .unwrap()
    .actor();
    // Jana is a member of SEN with a login; the manager names her an editor later.
    let jana = member::create_member(
        &store,
        t,
        &admin,
        &MemberDraft {
            name: "Jana Nová".into(),
            email: Some("jana@ostrava.cz".into()),
            phone: None,
            organisation: None,
            organisation_name: None,
            publish_contact: false,
        },
        Some(&MembershipDraft {
            group: sen,
            kp_role: Some(KpRole::Provider),
            function: Function::Member,
            since: date!(2020 - 01 - 01),
            until: None,
        }),
    )
    .await
    .unwrap();
    let login = member::invite(
        &store,
        t,
        &admin,
        jana.id,
        account::hash_password("heslo-12345678"),
    )
    .await
    .unwrap();
    let jana_acts = account::get(&store, t, login).await.unwrap().actor();
    let (sen_part, zp_part) = (parts[0], parts[1]);
    let ((sen_goal, sen_measure), (_, zp_measure)) = (measures[0], measures[1]);

    // The manager writes the group's measure, not another group's.
    plan::update_measure(
        &store,
        t,
        &manager,
        (sen_measure, 1),
        &measure("SEN 1.1", "Nové znění"),
    )
    .await
    .unwrap();
    assert!(matches!(
        plan::update_measure(
            &store,
            t,
            &manager,
            (zp_measure, 1),
            &measure("ZP 1.1", "Cizí")
        )
        .await,
        Err(Error::Forbidden)
    ));
    let added = plan::add_measure(&store, t, &manager, sen_goal, &measure("SEN 1.2", "Další"))
        .await
        .unwrap();
    assert!(
        matches!(
            plan::update_part(
                &store,
                t,
                &manager,
                (sen_part, 1, None),
                &PartDraft::parse("SEN", "Jiná").unwrap()
            )
            .await,
            Err(Error::Forbidden)
        ),
        "parts stay the coordinator's"
    );

    // A member writes nothing until named, and discusses the group's measures only.
    assert!(matches!(
        plan::update_measure(
            &store,
            t,
            &jana_acts,
            (sen_measure, 2),
            &measure("SEN 1.1", "Jana")
        )
        .await,
        Err(Error::Forbidden)
    ));
    writing::add_comment(
        &store,
        t,
        &jana_acts,
        sen_measure,
        "Doplnit odlehčovací služby.",
    )
    .await
    .unwrap();
    assert!(matches!(
        writing::add_comment(&store, t, &jana_acts, zp_measure, "Cizí").await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        writing::set_editors(&store, t, &jana_acts, sen, &[jana.id]).await,
        Err(Error::Forbidden)
    ));
    writing::set_editors(&store, t, &manager, sen, &[jana.id])
        .await
        .unwrap();
    plan::update_measure(
        &store,
        t,
        &jana_acts,
        (sen_measure, 2),
        &measure("SEN 1.1", "Janino znění"),
    )
    .await
    .unwrap();
    let thread = writing::comments(&store, t, &manager, sen_measure)
        .await
        .unwrap();
    assert_eq!(
        thread
            .iter()
            .map(|c| (c.by.as_str(), c.text.as_str()))
            .collect::<Vec<_>>(),
        [("Jana Nová", "Doplnit odlehčovací služby.")]
    );

    // The coordinator sees the changes since the last look, takes them over, locks the part.
    let changes = writing::changes_since_review(&store, t, sen_part)
        .await
        .unwrap();
    assert_eq!(
        changes
            .iter()
            .map(|c| c.action.as_str())
            .collect::<Vec<_>>(),
        [
            "add_goal",
            "add_measure",
            "update_measure",
            "add_measure",
            "update_measure"
        ]
    );
    assert_eq!(changes[4].by.as_deref(), Some("jana@ostrava.cz"));
    assert!(
        changes[4]
            .after
            .as_deref()
            .unwrap()
            .contains("Janino znění")
    );
    assert_eq!(
        writing::pending_changes(&store, t, draft.id).await.unwrap()[&sen_part],
        5
    );
    assert!(matches!(
        writing::take_over_changes(&store, t, &manager, sen_part).await,
        Err(Error::Forbidden)
    ));
    writing::take_over_changes(&store, t, &admin, sen_part)
        .await
        .unwrap();
    assert!(
        writing::changes_since_review(&store, t, sen_part)
            .await
            .unwrap()
            .is_empty()
    );
    writing::lock_part(&store, t, &admin, sen_part, true)
        .await
        .unwrap();
    match plan::update_measure(
        &store,
        t,
        &manager,
        (sen_measure, 3),
        &measure("SEN 1.1", "Po zámku"),
    )
    .await
    {
        Err(Error::Invalid(e)) => assert_eq!(e.get("part"), Some(&FieldError::PartLocked)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        plan::remove(&store, t, &jana_acts, plan::Item::Measure(added)).await,
        Err(Error::Invalid(_))
    ));
    assert!(
        writing::changes_since_review(&store, t, sen_part)
            .await
            .unwrap()
            .is_empty(),
        "locking is no change"
    );
    // The coordinator still writes a locked part, and removing a measure takes its thread.
    plan::remove(&store, t, &admin, plan::Item::Measure(sen_measure))
        .await
        .unwrap();
    let rights = writing::part_rights(&store, t, &manager, zp_part)
        .await
        .unwrap();
    assert!(!rights.access().may_write(&manager));
}
