//! The groups of community planning: the tenant's records, assigned to plan parts, kept
//! across plan versions.

use kpss_domain::work_group::{GroupKind, WorkGroupDraft, WorkGroupInput};
use kpss_store::work_group;

use super::*;

on_both_databases!(
    groups_are_the_tenants_and_parts_keep_them_in_every_version,
    a_group_changes_once_per_version_and_its_code_is_unique,
    the_codes_of_parts_and_managers_become_groups_and_nothing_is_lost,
);

/// What migration m0019 does to a database from before groups were records.
async fn the_codes_of_parts_and_managers_become_groups_and_nothing_is_lost(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    // Plans of before: no group exists, the parts carry codes only.
    let (plan, _) = kpss_store::testing::approved_plan(&store, t, &["SEN", "ZP"]).await;
    let next = kpss_store::plan::new_version(&store, t, &admin, plan)
        .await
        .unwrap();
    // Before m0020 an account named the codes it leads.
    let led = manager(&store, t, &[]).await;
    kpss_store::testing::execute_raw(
        &store,
        &format!(
            "UPDATE account SET work_groups = 'SEN,PPS' WHERE id = {}",
            led.id
        ),
    )
    .await;
    kpss_store::testing::link_work_group_codes(&store).await;
    let groups = work_group::work_groups(&store, t).await.unwrap();
    let codes: Vec<&str> = groups.iter().map(|g| g.draft.code.as_str()).collect();
    assert_eq!(
        codes,
        ["PPS", "SEN", "ZP"],
        "a code a manager leads is kept too"
    );
    assert!(groups.iter().all(|g| g.draft.kind == GroupKind::Working));
    for id in [plan, next.id] {
        let tree = kpss_store::plan::plan(&store, t, id).await.unwrap();
        for part in &tree.parts {
            let group = groups.iter().find(|g| Some(g.id) == part.work_group);
            assert_eq!(
                group.map(|g| g.draft.code.as_str()),
                Some(part.draft.code.as_str())
            );
        }
    }
    // The manager is a member leading both groups from the day the account was made.
    let now = account::find(&store, t, led.id).await.unwrap();
    assert_eq!(now.groups, ["PPS", "SEN"]);
    let people = kpss_store::member::members(&store, t).await.unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].account, Some(led.id));
    let (_, spans) = kpss_store::member::member(&store, t, people[0].id)
        .await
        .unwrap();
    assert!(spans.iter().all(
        |m| m.draft.function == kpss_domain::member::Function::Manager
            && m.draft.kp_role.is_none()
            && m.draft.since == kpss_domain::czech::today()
    ));
    // Run again, it finds nothing more to do.
    kpss_store::testing::link_work_group_codes(&store).await;
    assert_eq!(work_group::work_groups(&store, t).await.unwrap(), groups);
    assert_eq!(
        kpss_store::member::memberships(&store, t)
            .await
            .unwrap()
            .len(),
        2
    );
}

/// A manager leading the groups of these codes.
async fn manager(store: &Store, t: i32, groups: &[String]) -> account::Account {
    account::add(
        store,
        t,
        &Actor::system(),
        account::NewAccount {
            email: "manazerka@ostrava.cz",
            name: "Manažerka",
            role: Role::Manager,
            password_hash: account::hash_password("heslo-12345678"),
            organisations: &[],
            groups,
        },
    )
    .await
    .unwrap()
}

/// A group of this kind and code, for the tenant's target group „seniori“.
pub(super) fn group(kind: &str, code: &str, parent: Option<i32>) -> WorkGroupDraft {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    WorkGroupDraft::parse(
        &WorkGroupInput {
            kind,
            code,
            name: &format!("Skupina {code}"),
            parent: &parent,
            target_groups: vec!["seniori"],
            founded: "1. 3. 2003",
            ..WorkGroupInput::default()
        },
        &["seniori".to_owned()],
        &parent.parse().map(|p| vec![p]).unwrap_or_default(),
    )
    .unwrap()
}

async fn groups_are_the_tenants_and_parts_keep_them_in_every_version(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let opava = tenant(&store, "opava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let steering = work_group::create_work_group(&store, t, &admin, &group("ridici", "RS", None))
        .await
        .unwrap();
    let sub = work_group::create_work_group(
        &store,
        t,
        &admin,
        &group("podskupina", "SEN-D", Some(sen.id)),
    )
    .await
    .unwrap();
    assert_eq!(sub.draft.parent, Some(sen.id));
    assert_eq!(sub.draft.target_groups, ["seniori"]);
    // The steering group first, then each working group with its subgroups.
    let codes: Vec<String> = work_group::work_groups(&store, t)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.draft.code)
        .collect();
    assert_eq!(codes, ["RS", "SEN", "SEN-D"]);
    assert!(
        work_group::work_groups(&store, opava)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        work_group::work_group(&store, opava, sen.id).await,
        Err(Error::NotFound)
    ));
    // A subgroup belongs to a working group of the same tenant only.
    let under_steering = group("podskupina", "RS-A", Some(steering.id));
    assert!(matches!(
        work_group::create_work_group(&store, t, &admin, &under_steering).await,
        Err(Error::Invalid(e)) if e.get("parent").is_some()
    ));

    // A part of the group's code is assigned to it, and a new version keeps the link even
    // when the part's code then changes.
    let (plan, _) = kpss_store::testing::approved_plan(&store, t, &["SEN", "ZP"]).await;
    let tree = kpss_store::plan::plan(&store, t, plan).await.unwrap();
    let assigned: Vec<Option<i32>> = tree.parts.iter().map(|p| p.work_group).collect();
    assert_eq!(assigned, [Some(sen.id), None]);
    let next = kpss_store::plan::new_version(&store, t, &admin, plan)
        .await
        .unwrap();
    let next = kpss_store::plan::plan(&store, t, next.id).await.unwrap();
    assert_eq!(
        next.parts.iter().map(|p| p.work_group).collect::<Vec<_>>(),
        assigned
    );
    // The next version calls the part otherwise: it stays the group's, and rights go by the
    // group's code.
    let renamed =
        kpss_domain::plan::PartDraft::parse("SENIORI", "Senioři a jejich blízcí").unwrap();
    kpss_store::plan::update_part(
        &store,
        t,
        &admin,
        (
            next.parts[0].id,
            next.parts[0].version,
            next.parts[0].work_group,
        ),
        &renamed,
    )
    .await
    .unwrap();
    let next = kpss_store::plan::plan(&store, t, next.plan.id)
        .await
        .unwrap();
    assert_eq!(
        (
            next.parts[0].draft.code.as_str(),
            next.parts[0].work_group,
            next.parts[0].group.as_str()
        ),
        ("SENIORI", Some(sen.id), "SEN")
    );
    // A group created later takes over the parts of its code that had none.
    let zp = work_group::create_work_group(&store, t, &admin, &group("pracovni", "ZP", None))
        .await
        .unwrap();
    let next = kpss_store::plan::plan(&store, t, next.plan.id)
        .await
        .unwrap();
    assert_eq!(next.parts[1].work_group, Some(zp.id));
    let audit = audit::history(&store, t, "work_group", zp.id)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    // The coordinator gives the seniors' part of the draft to another group: rights follow it.
    let p = &next.parts[0];
    let part = p.draft.clone();
    kpss_store::plan::update_part(&store, t, &admin, (p.id, p.version, Some(zp.id)), &part)
        .await
        .unwrap();
    let moved = kpss_store::plan::plan(&store, t, next.plan.id)
        .await
        .unwrap();
    assert_eq!(
        (moved.parts[0].work_group, moved.parts[0].group.as_str()),
        (Some(zp.id), "ZP")
    );
    // Not to the steering group, nor to another tenant's group.
    let opava_group =
        work_group::create_work_group(&store, opava, &admin, &group("pracovni", "ZP", None))
            .await
            .unwrap();
    for wrong in [steering.id, opava_group.id] {
        let p = &moved.parts[0];
        assert!(matches!(
            kpss_store::plan::update_part(&store, t, &admin, (p.id, p.version, Some(wrong)), &part).await,
            Err(Error::Invalid(e)) if e.get("work_group").is_some()
        ));
    }
}

async fn a_group_changes_once_per_version_and_its_code_is_unique(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    assert!(matches!(
        work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None)).await,
        Err(Error::Invalid(e)) if e.get("code") == Some(&kpss_domain::FieldError::AlreadyUsed)
    ));
    let provider = Actor {
        account_id: Some(7),
        role: Role::ProviderEditor,
        organisations: vec![1],
        groups: Vec::new(),
    };
    assert!(matches!(
        work_group::create_work_group(&store, t, &provider, &group("pracovni", "ZP", None)).await,
        Err(Error::Forbidden)
    ));
    let mut dissolved = group("pracovni", "SEN", None);
    dissolved.dissolved = Some(time::macros::date!(2024 - 06 - 30));
    let after = work_group::update_work_group(&store, t, &admin, (sen.id, 1), &dissolved)
        .await
        .unwrap();
    assert_eq!(
        (after.version, after.draft.dissolved),
        (2, dissolved.dissolved)
    );
    assert!(matches!(
        work_group::update_work_group(
            &store,
            t,
            &admin,
            (sen.id, 1),
            &group("pracovni", "SEN", None)
        )
        .await,
        Err(Error::Conflict(kpss_store::Conflict::StaleVersion))
    ));
    // A working group with subgroups stays a working group.
    work_group::create_work_group(
        &store,
        t,
        &admin,
        &group("podskupina", "SEN-D", Some(sen.id)),
    )
    .await
    .unwrap();
    assert!(matches!(
        work_group::update_work_group(&store, t, &admin, (sen.id, 2), &group("ridici", "SEN", None))
            .await,
        Err(Error::Invalid(e)) if e.get("kind").is_some()
    ));
    let entries = audit::history(&store, t, "work_group", sen.id)
        .await
        .unwrap();
    assert_eq!(entries.len(), 2, "created and dissolved");
    // Renamed, the group keeps its manager.
    work_group::create_work_group(&store, t, &admin, &group("pracovni", "ZP", None))
        .await
        .unwrap();
    let manager = manager(&store, t, &["ZP".to_owned(), "SEN".to_owned()]).await;
    assert_eq!(manager.groups, ["ZP"], "a dissolved group is led by nobody");
    // Renamed and meeting again, the group keeps its manager.
    let renamed = group("pracovni", "SENIORI", None);
    work_group::update_work_group(&store, t, &admin, (sen.id, 2), &renamed)
        .await
        .unwrap();
    let led = account::find(&store, t, manager.id).await.unwrap();
    assert_eq!(led.groups, ["SENIORI", "ZP"]);
    assert_eq!(
        work_group::work_group(&store, t, sen.id)
            .await
            .unwrap()
            .draft
            .kind,
        GroupKind::Working
    );
}
