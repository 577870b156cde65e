//! Meetings of a group: planned by its manager, attendance of its members, minutes published
//! and locked, tasks marked by their owner.

use kpss_domain::meeting::{MeetingDraft, MeetingInput, Presence, TaskDraft};
use kpss_domain::member::{Function, KpRole, MembershipDraft};
use kpss_store::{meeting, member, work_group};
use time::macros::{date, datetime};

use super::work_groups::group;
use super::*;

on_both_databases!(a_manager_runs_a_meeting_from_plan_to_published_minutes);

fn draft(day: &str) -> MeetingDraft {
    MeetingDraft::parse(&MeetingInput {
        day,
        from: "14:00",
        to: "15:30",
        place: "Magistrát, místnost 301",
        agenda: "1. SWOT\n2. Karty 2027",
    })
    .unwrap()
}

async fn a_manager_runs_a_meeting_from_plan_to_published_minutes(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let zp = work_group::create_work_group(&store, t, &admin, &group("pracovni", "ZP", None))
        .await
        .unwrap();
    let lead = account::add(
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
    .unwrap();
    let manager = lead.actor();
    let me = member::of_account(&store, t, lead.id)
        .await
        .unwrap()
        .unwrap();
    let member_in = |name: &'static str, group: i32| {
        let store = store.clone();
        async move {
            let person = kpss_domain::member::MemberDraft {
                name: name.into(),
                email: None,
                phone: None,
                organisation: None,
                organisation_name: None,
                publish_contact: false,
            };
            let span = MembershipDraft {
                group,
                kp_role: Some(KpRole::Provider),
                function: Function::Member,
                since: date!(2020 - 01 - 01),
                until: None,
            };
            member::create_member(&store, t, &Actor::system(), &person, Some(&span))
                .await
                .unwrap()
        }
    };
    let jana = member_in("Jana", sen.id).await;
    let petr = member_in("Petr", zp.id).await;

    // The manager plans their group's meeting, not another group's.
    let planned = meeting::create_meeting(&store, t, &manager, sen.id, &draft("3. 12. 2026"))
        .await
        .unwrap();
    assert_eq!(planned.draft.starts, datetime!(2026 - 12 - 03 14:00));
    assert_eq!(
        planned.starts_at,
        datetime!(2026 - 12 - 03 13:00 UTC),
        "Prague winter time is stored as the instant"
    );
    assert!(matches!(
        meeting::create_meeting(&store, t, &manager, zp.id, &draft("3. 12. 2026")).await,
        Err(Error::Forbidden)
    ));
    let again = meeting::meeting(&store, t, planned.id).await.unwrap();
    assert_eq!(
        again.draft, planned.draft,
        "read back as typed, on both databases"
    );

    // Attendance of the group's members only; a second save replaces the first.
    let v = planned.version;
    assert!(matches!(
        meeting::record_attendance(
            &store,
            t,
            &manager,
            (planned.id, v),
            (&[(petr.id, Presence::Present)], &[])
        )
        .await,
        Err(Error::Invalid(e)) if e.get("attendance").is_some()
    ));
    meeting::record_attendance(
        &store,
        t,
        &manager,
        (planned.id, v),
        (
            &[(jana.id, Presence::Excused), (me.id, Presence::Present)],
            &["Host z Charity".to_owned()],
        ),
    )
    .await
    .unwrap();
    assert!(matches!(
        meeting::record_attendance(&store, t, &manager, (planned.id, v), (&[], &[])).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    let came = meeting::attendance(&store, t, planned.id).await.unwrap();
    assert_eq!(came.get(&jana.id), Some(&Presence::Excused));
    assert_eq!(came.len(), 2);

    // Minutes in draft, then approved and published: locked from then on.
    let task = |owner| TaskDraft {
        text: "Připravit SWOT".into(),
        owner: Some(owner),
        deadline: Some(date!(2027 - 01 - 15)),
    };
    assert!(matches!(
        meeting::save_minutes(&store, t, &manager, (planned.id, v + 1), ("Zápis", &[task(petr.id)]), false).await,
        Err(Error::Invalid(e)) if e.get("task_owner_0").is_some()
    ));
    let saved = meeting::save_minutes(
        &store,
        t,
        &manager,
        (planned.id, v + 1),
        ("# Zápis\n\nPřítomni dva.", &[task(me.id), task(jana.id)]),
        false,
    )
    .await
    .unwrap();
    assert!(saved.published_at.is_none());
    assert!(
        meeting::published_tasks(&store, t, (Some(sen.id), None))
            .await
            .unwrap()
            .is_empty(),
        "tasks of a draft are nobody's yet"
    );
    let published = meeting::save_minutes(
        &store,
        t,
        &manager,
        (planned.id, saved.version),
        ("# Zápis\n\nPřítomni dva.", &[task(me.id), task(jana.id)]),
        true,
    )
    .await
    .unwrap();
    assert!(published.published_at.is_some());
    assert!(matches!(
        meeting::save_minutes(&store, t, &manager, (planned.id, published.version), ("Jinak", &[]), false).await,
        Err(Error::Invalid(e)) if e.get("minutes") == Some(&FieldError::MinutesPublished)
    ));
    let mine = meeting::published_tasks(&store, t, (None, Some(me.id)))
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    // The owner marks it done; a provider of another group may not.
    let stranger = Actor {
        account_id: Some(999),
        role: Role::ProviderEditor,
        organisations: vec![1],
        groups: Vec::new(),
    };
    assert!(matches!(
        meeting::set_task_done(&store, t, &stranger, mine[0].task.id, true).await,
        Err(Error::Forbidden)
    ));
    let owner_only = Actor {
        groups: Vec::new(),
        role: Role::Member,
        ..manager.clone()
    };
    meeting::set_task_done(&store, t, &owner_only, mine[0].task.id, true)
        .await
        .unwrap();
    let group_tasks = meeting::published_tasks(&store, t, (Some(sen.id), None))
        .await
        .unwrap();
    assert_eq!(
        group_tasks.iter().map(|x| x.task.done).collect::<Vec<_>>(),
        [false, true],
        "open tasks first"
    );
    let opava = tenant(&store, "opava").await;
    assert!(matches!(
        meeting::meeting(&store, opava, planned.id).await,
        Err(Error::NotFound)
    ));
}

on_both_databases!(attachments_go_with_the_minutes_until_they_are_published);

async fn attachments_go_with_the_minutes_until_they_are_published(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let planned = meeting::create_meeting(&store, t, &admin, sen.id, &draft("3. 12. 2026"))
        .await
        .unwrap();
    let body = b"%PDF-1.4\n\x00\xff binary \x00\n%%EOF\n".to_vec();
    let kept = meeting::attach(
        &store,
        t,
        &admin,
        planned.id,
        ("prezence.pdf", "application/pdf", body.clone()),
    )
    .await
    .unwrap();
    let (info, read) = meeting::attachment(&store, t, (planned.id, kept.id))
        .await
        .unwrap();
    assert_eq!(
        (info.name.as_str(), info.size, read),
        ("prezence.pdf", body.len(), body.clone())
    );
    let other = tenant(&store, "opava").await;
    assert!(matches!(
        meeting::attachment(&store, other, (planned.id, kept.id)).await,
        Err(Error::NotFound)
    ));
    meeting::save_minutes(
        &store,
        t,
        &admin,
        (planned.id, planned.version),
        ("Zápis", &[]),
        true,
    )
    .await
    .unwrap();
    match meeting::attach(
        &store,
        t,
        &admin,
        planned.id,
        ("pozde.pdf", "application/pdf", body),
    )
    .await
    {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.get("attachment"), Some(&FieldError::MinutesPublished));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        meeting::detach(&store, t, &admin, (planned.id, kept.id)).await,
        Err(Error::Invalid(_))
    ));
    assert_eq!(
        meeting::attachments(&store, t, planned.id)
            .await
            .unwrap()
            .len(),
        1
    );
}
