//! The people of community planning: members, their memberships over time, and the manager
//! rights a „manažer“ membership gives an account.

use kpss_domain::member::{Function, KpRole, MemberDraft, MemberInput, MembershipDraft};
use kpss_store::{member, work_group};
use time::Date;
use time::macros::date;

use super::work_groups::group;
use super::*;

on_both_databases!(
    members_belong_to_groups_over_time_without_overlaps,
    an_account_leads_the_groups_of_its_manager_memberships,
);

fn person(name: &str) -> MemberDraft {
    MemberDraft::parse(
        &MemberInput {
            name,
            email: "clen@example.cz",
            ..MemberInput::default()
        },
        &[],
    )
    .unwrap()
}

fn span(group: i32, role: KpRole, function: Function, since: Date) -> MembershipDraft {
    MembershipDraft {
        group,
        kp_role: Some(role),
        function,
        since,
        until: None,
    }
}

async fn members_belong_to_groups_over_time_without_overlaps(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let opava = tenant(&store, "opava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let zp = work_group::create_work_group(&store, t, &admin, &group("pracovni", "ZP", None))
        .await
        .unwrap();
    let foreign =
        work_group::create_work_group(&store, opava, &admin, &group("pracovni", "SEN", None))
            .await
            .unwrap();
    let jana = member::create_member(&store, t, &admin, &person("Jana Nováková"), None)
        .await
        .unwrap();
    let petr = member::create_member(&store, t, &admin, &person("Petr Dvořák"), None)
        .await
        .unwrap();
    let first = member::add_membership(
        &store,
        t,
        &admin,
        jana.id,
        &span(
            sen.id,
            KpRole::Provider,
            Function::Member,
            date!(2024 - 01 - 01),
        ),
    )
    .await
    .unwrap();
    // The same group for days she is already in it is refused, whatever the function.
    let again = span(
        sen.id,
        KpRole::User,
        Function::Recorder,
        date!(2025 - 03 - 01),
    );
    assert!(matches!(
        member::add_membership(&store, t, &admin, jana.id, &again).await,
        Err(Error::Invalid(e)) if e.get("since") == Some(&FieldError::MembershipOverlaps)
    ));
    // Ended, she may come back later, and another group is no clash at all.
    let mut ended = first.draft.clone();
    ended.until = Some(date!(2024 - 12 - 31));
    member::update_membership(&store, t, &admin, (jana.id, first.id), &ended)
        .await
        .unwrap();
    member::add_membership(&store, t, &admin, jana.id, &again)
        .await
        .unwrap();
    member::add_membership(
        &store,
        t,
        &admin,
        jana.id,
        &span(
            zp.id,
            KpRole::Provider,
            Function::Member,
            date!(2024 - 06 - 01),
        ),
    )
    .await
    .unwrap();
    member::add_membership(
        &store,
        t,
        &admin,
        petr.id,
        &span(
            sen.id,
            KpRole::Carer,
            Function::Manager,
            date!(2023 - 01 - 01),
        ),
    )
    .await
    .unwrap();
    // Another tenant's group is not offered.
    assert!(matches!(
        member::add_membership(
            &store,
            t,
            &admin,
            petr.id,
            &span(foreign.id, KpRole::Carer, Function::Member, date!(2024 - 01 - 01))
        )
        .await,
        Err(Error::Invalid(e)) if e.get("group").is_some()
    ));
    // Nobody but the coordinator keeps the people.
    let provider = Actor {
        account_id: Some(9),
        role: Role::ProviderEditor,
        organisations: vec![1],
        groups: Vec::new(),
    };
    assert!(matches!(
        member::create_member(&store, t, &provider, &person("Cizí"), None).await,
        Err(Error::Forbidden)
    ));

    // In 2024 the group had Petr (manager first) and Jana as a provider; in 2025 Jana keeps
    // the minutes as a user.
    let in_2024 = member::group_people(&store, t, sen.id, date!(2024 - 06 - 30))
        .await
        .unwrap();
    let names: Vec<(&str, Function)> = in_2024
        .iter()
        .map(|(m, s)| (m.draft.name.as_str(), s.draft.function))
        .collect();
    assert_eq!(
        names,
        [
            ("Petr Dvořák", Function::Manager),
            ("Jana Nováková", Function::Member)
        ]
    );
    let (by_group, all) = member::role_counts(&store, t, date!(2025 - 06 - 30))
        .await
        .unwrap();
    assert_eq!(by_group[&sen.id].by_role, [0, 0, 1, 1, 0]);
    assert_eq!(by_group[&zp.id].by_role, [0, 1, 0, 0, 0]);
    assert_eq!(
        all.total(),
        2,
        "Jana counts once though she is in two groups"
    );
    // A membership entered by mistake is removed, and every change is in the history.
    member::remove_membership(&store, t, &admin, (jana.id, first.id))
        .await
        .unwrap();
    let (_, spans) = member::member(&store, t, jana.id).await.unwrap();
    assert_eq!(spans.len(), 2);
    let history = audit::history(&store, t, "member", jana.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    for action in [
        "create",
        "membership-add",
        "membership-update",
        "membership-remove",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    // A form opened before the membership changes is stale.
    assert!(matches!(
        member::update_member(
            &store,
            t,
            &admin,
            (jana.id, jana.version),
            &person("Jana N.")
        )
        .await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    assert!(matches!(
        member::member(&store, opava, jana.id).await,
        Err(Error::NotFound)
    ));
}

async fn an_account_leads_the_groups_of_its_manager_memberships(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let manager = account::add(
        &store,
        t,
        &admin,
        NewAccount {
            email: "vedouci@ostrava.cz",
            name: "Vedoucí",
            role: Role::Manager,
            password_hash: account::hash_password("heslo-12345678"),
            organisations: &[],
            groups: &["SEN".to_owned()],
        },
    )
    .await
    .unwrap();
    assert_eq!(manager.groups, ["SEN"]);
    // The account became a member leading the group from today.
    let people = member::members(&store, t).await.unwrap();
    assert_eq!(people[0].account, Some(manager.id));
    let (_, spans) = member::member(&store, t, people[0].id).await.unwrap();
    assert_eq!(spans[0].draft.function, Function::Manager);
    assert_eq!(spans[0].draft.group, sen.id);
    // Ending the membership yesterday ends the rights today.
    let mut ended = spans[0].draft.clone();
    ended.since = date!(2020 - 01 - 01);
    ended.until = kpss_domain::czech::today().previous_day();
    member::update_membership(&store, t, &admin, (people[0].id, spans[0].id), &ended)
        .await
        .unwrap();
    assert!(
        account::find(&store, t, manager.id)
            .await
            .unwrap()
            .groups
            .is_empty()
    );
    // Taken off the account form, a manager membership of today is gone altogether, one of
    // before ends yesterday.
    let again = account::find(&store, t, manager.id).await.unwrap();
    let change = |groups: &'static [String]| account::AccountChange {
        email: "vedouci@ostrava.cz",
        name: "Vedoucí",
        role: Role::Manager,
        organisations: &[],
        groups,
    };
    static SEN: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| vec!["SEN".into()]);
    let led = account::update(&store, t, &admin, (again.id, again.version), &change(&SEN))
        .await
        .unwrap();
    assert_eq!(led.groups, ["SEN"]);
    let (_, spans) = member::member(&store, t, people[0].id).await.unwrap();
    assert_eq!(spans.len(), 2, "the old span stays as history");
    let dropped = account::update(&store, t, &admin, (led.id, led.version), &change(&[]))
        .await
        .unwrap();
    assert!(dropped.groups.is_empty());
    let (_, spans) = member::member(&store, t, people[0].id).await.unwrap();
    assert_eq!(spans.len(), 1, "the span begun today is removed");
}
