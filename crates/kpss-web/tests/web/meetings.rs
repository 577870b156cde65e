//! Meetings of the demo city's seniors' group: its manager plans one, records who came and
//! publishes the minutes; the public reads them, calendars subscribe, the task owner sees the
//! task on their start page.

use super::demo_round::{demo_app, login};
use super::*;

#[tokio::test]
async fn the_manager_runs_a_meeting_from_plan_to_published_minutes() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let t = app.tenant;
    let sen = kpss_store::work_group::work_groups(&store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.draft.code == "SEN")
        .unwrap();
    let group_page = format!("/skupiny/{}", sen.id);
    let new = format!("/skupiny/{}/schuzky/nova", sen.id);
    // The public sees the group's meetings but plans none.
    assert!(
        !app.get(&group_page)
            .await
            .body
            .contains("Naplánovat schůzku")
    );
    assert_eq!(app.get(&new).await.status, StatusCode::FORBIDDEN);

    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    assert!(
        app.get(&group_page)
            .await
            .body
            .contains("Naplánovat schůzku")
    );
    let refused = app
        .post(
            &new,
            &[
                ("csrf", &csrf),
                ("day", "31. 2. 2026"),
                ("from", "15:00"),
                ("to", "14:00"),
                ("place", ""),
                ("agenda", "SWOT"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["Den: Zadejte datum", "Místo: Vyplňte prosím tento údaj."] {
        assert!(
            refused.body.contains(message),
            "{message}: {}",
            refused.body
        );
    }
    assert!(
        refused.body.contains(">SWOT</textarea>"),
        "what was typed stays"
    );
    let planned = app
        .post(
            &new,
            &[
                ("csrf", &csrf),
                ("day", "3. 12. 2026"),
                ("from", "14:00"),
                ("to", "15:30"),
                ("place", "Magistrát, místnost 301"),
                ("agenda", "1. SWOT\n2. Karty 2027"),
            ],
        )
        .await;
    let (page, notice) = app.follow(&planned).await;
    assert_eq!(
        notice.as_deref(),
        Some("Schůzka čtvrtek 3.\u{a0}12.\u{a0}2026, 14:00–15:30 byla uložena.")
    );
    assert!(page.body.contains("Magistrát, místnost 301"));
    let meeting = kpss_store::meeting::meetings(&store, t, sen.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.draft.place == "Magistrát, místnost 301")
        .unwrap();

    // A calendar subscribes to the group's meetings, in UTC.
    let feed = app.get(&format!("/skupiny/{}/schuzky.ics", sen.id)).await;
    assert_eq!(
        feed.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    for line in [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "DTSTART:20261203T130000Z",
        "DTEND:20261203T143000Z",
        "LOCATION:Magistrát\\, místnost 301",
    ] {
        assert!(feed.body.contains(line), "{line} in {}", feed.body);
    }

    // Who came: the manager and a member; a member of another group is refused.
    let me = kpss_store::member::of_account(
        &store,
        t,
        account::find_for_login(&store, t, "manazer@demo.kpss.cz")
            .await
            .unwrap()
            .unwrap()
            .0
            .id,
    )
    .await
    .unwrap()
    .unwrap();
    let version = meeting.version.to_string();
    let attendance = format!("/schuzky/{}/dochazka", meeting.id);
    let form = app.get(&attendance).await;
    assert!(form.body.contains(&me.draft.name));
    let mine = format!("clen_{}", me.id);
    let saved = app
        .post(
            &attendance,
            &[
                ("csrf", &csrf),
                ("version", &version),
                (&mine, "pritomen"),
                ("guests", "Host z Charity\n\n"),
            ],
        )
        .await;
    let (page, _) = app.follow(&saved).await;
    assert!(page.body.contains("přítomnost: 1"), "{}", page.body);
    assert!(page.body.contains("hosté: 1"));

    // Minutes with a script and a task for the manager, approved and published.
    let minutes = format!("/schuzky/{}/zapis", meeting.id);
    let version = (meeting.version + 1).to_string();
    let owner = me.id.to_string();
    let published = app
        .post(
            &minutes,
            &[
                ("csrf", &csrf),
                ("version", &version),
                (
                    "minutes",
                    "## Závěry\n\n- SWOT hotová <script>alert(1)</script>",
                ),
                ("task_text_0", "Rozeslat SWOT členům"),
                ("task_owner_0", &owner),
                ("task_deadline_0", "15. 1. 2027"),
                ("task_text_1", ""),
                ("action", "zverejnit"),
            ],
        )
        .await;
    let (_, notice) = app.follow(&published).await;
    assert_eq!(
        notice.as_deref(),
        Some("Zápis byl schválen a zveřejněn; úkoly jsou na stránce skupiny.")
    );
    let start = app.get("/").await;
    assert!(
        start.body.contains("Moje úkoly ze schůzek"),
        "{}",
        start.body
    );
    assert!(start.body.contains("Rozeslat SWOT členům"));
    // Published minutes are locked.
    let late = app
        .post(
            &minutes,
            &[
                ("csrf", &csrf),
                ("version", &(meeting.version + 2).to_string()),
                ("minutes", "Jinak"),
                ("action", "ulozit"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The public reads the minutes, without the script, and the task on the group page.
    app.cookie = None;
    let public = app.get(&format!("/schuzky/{}", meeting.id)).await;
    assert!(public.body.contains("<h3>Závěry</h3>"), "{}", public.body);
    assert!(!public.body.contains("<script>alert"), "{}", public.body);
    let group = app.get(&group_page).await;
    assert!(group.body.contains("Rozeslat SWOT členům"));
    assert!(group.body.contains("zápis zveřejněn") || group.body.contains(">čtvrtek 3."));
}
