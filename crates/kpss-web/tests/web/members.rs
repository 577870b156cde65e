//! `/sprava/lide` and `/skupiny`: the coordinator keeps the people of the demo city's groups,
//! and the public sees each group with its manager and organisations, contacts only by consent.

use super::demo_round::{demo_app, login};
use super::*;

#[tokio::test]
async fn the_coordinator_adds_a_member_to_a_group_and_gives_them_a_login() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let groups = kpss_store::work_group::work_groups(&app.db.store, app.tenant)
        .await
        .unwrap();
    let zp = groups.iter().find(|g| g.draft.code == "ZP").unwrap();
    let zp_id = zp.id.to_string();

    // The group's list is filtered to its people of today.
    let list = app.get(&format!("/sprava/lide?skupina={zp_id}")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("(manažer / vedoucí)"), "{}", list.body);
    assert!(list.body.contains("\u{a0}lidí"), "{}", list.body);

    // Nothing but a role that does not exist and a date backwards: each problem named in
    // Czech, what was typed kept, nobody stored.
    let before = kpss_store::member::members(&app.db.store, app.tenant)
        .await
        .unwrap()
        .len();
    let refused = app
        .post(
            "/sprava/lide/novy",
            &[
                ("csrf", &csrf),
                ("full_name", ""),
                ("email", "ne-e-mail"),
                ("organisation_name", "Klub Sluníčko"),
                ("group", &zp_id),
                ("kp_role", "kral"),
                ("function", "clen"),
                ("since", "31. 2. 2026"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Jméno a příjmení: Vyplňte prosím tento údaj.",
        "E-mail: Zadejte e-mailovou adresu",
        "Role v komunitním plánování: Zvolte hodnotu z nabídky.",
        "Členem od: Zadejte datum",
    ] {
        assert!(
            refused.body.contains(message),
            "{message}: {}",
            refused.body
        );
    }
    assert!(refused.body.contains("value=\"Klub Sluníčko\""));
    assert_eq!(
        kpss_store::member::members(&app.db.store, app.tenant)
            .await
            .unwrap()
            .len(),
        before
    );

    let created = app
        .post(
            "/sprava/lide/novy",
            &[
                ("csrf", &csrf),
                ("full_name", "Věra Skalická"),
                ("email", "vera.skalicka@example.cz"),
                ("phone", "+420 777 123 456"),
                ("organisation_name", "Klub Sluníčko"),
                ("publish_contact", "ano"),
                ("group", &zp_id),
                ("kp_role", "pecovatel"),
                ("function", "kontakt"),
                ("since", "1. 9. 2026"),
            ],
        )
        .await;
    let (page, notice) = app.follow(&created).await;
    assert_eq!(
        notice.as_deref(),
        Some("Věra Skalická je mezi lidmi komunitního plánování.")
    );
    assert!(page.body.contains("ZP – Osoby se zdravotním postižením"));
    assert!(page.body.contains("pečovatel"));
    assert!(page.body.contains("od 1.\u{a0}9.\u{a0}2026") || page.body.contains("od 1. 9. 2026"));
    let vera = kpss_store::member::members(&app.db.store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.draft.name == "Věra Skalická")
        .unwrap();

    // The same group again for overlapping days is refused with its reason.
    let again = format!("/sprava/lide/{}/clenstvi/nove", vera.id);
    let overlap = app
        .post(
            &again,
            &[
                ("csrf", &csrf),
                ("group", &zp_id),
                ("kp_role", "pecovatel"),
                ("function", "clen"),
                ("since", "1. 1. 2027"),
            ],
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        overlap
            .body
            .contains("Člen je v této skupině už veden v části zvoleného období"),
        "{}",
        overlap.body
    );
    assert!(overlap.body.contains("value=\"1. 1. 2027\""));

    // A login: a member's account, as she leads no group; the password is shown once.
    let invited = app
        .post(
            &format!("/sprava/lide/{}/ucet", vera.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    assert!(invited.body.contains("Jednorázové heslo"));
    let (account, _) =
        account::find_for_login(&app.db.store, app.tenant, "vera.skalicka@example.cz")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(account.role, Role::Member);
    let twice = app
        .post(
            &format!("/sprava/lide/{}/ucet", vera.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("Člen už přihlašovací účet má."));
}

#[tokio::test]
async fn the_public_sees_groups_with_their_people_and_contacts_only_by_consent() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let store = &store;
    let t = app.tenant;
    let today = kpss_domain::czech::today();
    let overview = app.get("/skupiny").await;
    assert_eq!(overview.status, StatusCode::OK);
    let (_, all) = kpss_store::member::role_counts(store, t, today)
        .await
        .unwrap();
    assert!(
        (200..=260).contains(&all.total()),
        "about 240 people in the demo: {}",
        all.total()
    );
    assert!(
        overview.body.contains(&format!(
            "Lidé ve skupinách: {}",
            kpss_domain::czech::group_thousands(i64::try_from(all.total()).unwrap())
        )),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("Péče o lidi s demencí"),
        "a subgroup is listed"
    );

    let groups = kpss_store::work_group::work_groups(store, t).await.unwrap();
    let zp = groups.iter().find(|g| g.draft.code == "ZP").unwrap();
    let people = kpss_store::member::group_people(store, t, zp.id, today)
        .await
        .unwrap();
    let page = app.get(&format!("/skupiny/{}", zp.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let (manager, _) = people
        .iter()
        .find(|(_, s)| s.draft.function == kpss_domain::member::Function::Manager)
        .unwrap();
    assert!(page.body.contains(&manager.draft.name));
    // Every member's e-mail is shown only where they agreed to it, and of the people who speak
    // for the group only those named publicly are on the page at all.
    for (m, span) in &people {
        let email = m.draft.email.as_deref().unwrap();
        let named = kpss_domain::member::named_publicly(&span.draft, m.draft.publish_contact);
        assert_eq!(
            page.body.contains(email),
            named && m.draft.publish_contact,
            "{} ({email})",
            m.draft.name
        );
    }
    // A user or carer who did not consent stays unnamed, whatever their function.
    for (m, span) in &people {
        if !m.draft.publish_contact && span.draft.kp_role.is_some_and(|r| r.is_sensitive()) {
            assert!(
                !page.body.contains(&m.draft.name),
                "{} is named",
                m.draft.name
            );
        }
    }
    let organisation = people
        .iter()
        .find_map(|(m, _)| m.draft.organisation)
        .unwrap();
    assert!(
        page.body
            .contains(&format!("href=\"/katalog/organizace/{organisation}\"")),
        "the members' organisations link to the catalogue"
    );
    assert!(page.body.contains("Členové podle role"));
    assert_eq!(
        app.get("/skupiny/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/skupiny/abc").await.status, StatusCode::NOT_FOUND);
}
