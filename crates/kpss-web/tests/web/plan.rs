//! Community plans: drafts, lifecycle, versions.

use super::*;

#[tokio::test]
async fn the_coordinator_builds_a_plan_and_the_council_approves_it() {
    let mut app = TestApp::new().await;
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf("/plany/novy").await;
    let bad = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "7. komunitní plán"),
                ("period_from", "2030"),
                ("period_to", "2027"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Konec nesmí předcházet začátku."));
    assert!(bad.body.contains("value=\"7. komunitní plán\""));
    let created = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "7. komunitní plán"),
                ("period_from", "2027"),
                ("period_to", "2030"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let plan = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();

    let part = app
        .post(
            &format!("{plan}/casti/nova"),
            &[("csrf", &csrf), ("code", "SEN"), ("name", "Senioři")],
        )
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER);
    let form = app.get(&format!("{plan}/cile/novy")).await;
    let part_id = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let goal = app
        .post(
            &format!("{plan}/cile/novy"),
            &[
                ("csrf", &csrf),
                ("part", &part_id),
                ("code", "SEN 1"),
                ("text", "Rozvoj terénních služeb"),
            ],
        )
        .await;
    assert_eq!(goal.status, StatusCode::SEE_OTHER);
    let form = app.get(&format!("{plan}/opatreni/nove")).await;
    let goal_id = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let measure = |code: &str| {
        let text = "Navýšit kapacitu pečovatelské služby";
        [
            ("csrf", csrf.clone()),
            ("goal", goal_id.clone()),
            ("code", code.to_owned()),
            ("text", text.to_owned()),
            ("timing", "2028".to_owned()),
        ]
    };
    let first = measure("SEN 1.1");
    let ok = app
        .post(&format!("{plan}/opatreni/nove"), &as_fields(&first))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let dup = app
        .post(&format!("{plan}/opatreni/nove"), &as_fields(&first))
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("Tato hodnota je už použita"));

    // The measure's indicators and expected costs per year and funding source.
    let detail = app.get(&plan).await;
    let funding = detail
        .body
        .split("href=\"")
        .find(|s| s.contains("/financovani\""))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let version = app.hidden(&funding, "version").await;
    assert_eq!(version, "1");
    let outside = app
        .post(
            &funding,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("cost_mesto_2031", "100 000"),
                ("cost_mpsv_2028", "-5"),
                ("indicator_name_0", "počet lůžek"),
            ],
        )
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        outside.body.contains("Zadejte celé číslo od 2027 do 2030."),
        "a year outside the period"
    );
    assert!(
        outside.body.contains("value=\"-5\""),
        "the form keeps what was typed"
    );
    let saved = app
        .post(
            &funding,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("cost_mesto_2028", "1 000 000"),
                ("cost_mpsv_2028", "2 553 000"),
                ("indicator_name_0", "počet lůžek"),
                ("indicator_unit_0", "lůžek"),
                ("indicator_baseline_0", "120"),
                ("indicator_target_0_2030", "150"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // Changing and removing items of the draft.
    let detail = app.get(&plan).await;
    let edit = detail
        .body
        .split("href=\"")
        .find(|s| s.starts_with(&format!("{plan}/opatreni/")) && s.contains("/upravit\""))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let form = app.get(&edit).await;
    assert!(
        form.body.contains("value=\"SEN 1.1\""),
        "the form shows the measure"
    );
    // The funding save raised the measure's version.
    let version = app.hidden(&edit, "version").await;
    assert_eq!(version, "2");
    let renamed = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", "SEN 1.1"),
                ("text", "Navýšit kapacitu odlehčovací služby"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    // The same form sent again from a tab opened before: a 409 that keeps what was typed.
    let stale = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", "SEN 1.1"),
                ("text", "Text z druhé záložky"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Změny nebyly uloženy"));
    assert!(stale.body.contains("Text z druhé záložky"));
    let version = app.hidden(&edit, "version").await;
    let second = measure("SEN 1.2");
    app.post(&format!("{plan}/opatreni/nove"), &as_fields(&second))
        .await;
    let clash = app
        .post(
            &edit,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("code", "SEN 1.2"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(
        clash.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code taken in the plan"
    );
    let detail = app.get(&plan).await;
    let remove = detail
        .body
        .split("href=\"")
        .filter(|s| s.starts_with(&format!("{plan}/opatreni/")) && s.contains("/smazat\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let unconfirmed = app.post(&remove, &[("csrf", &csrf)]).await;
    assert_eq!(unconfirmed.headers[header::LOCATION], remove.as_str());
    assert!(
        app.get(&plan).await.body.contains("SEN 1.2"),
        "nothing removed yet"
    );
    let ask = app.get(&remove).await;
    assert!(
        ask.body.contains("Odebrat opatření SEN 1.2?"),
        "{}",
        ask.body
    );
    let removed = app.through_confirmation(&remove).await;
    let (_, notice) = app.follow(&removed).await;
    assert_eq!(notice.as_deref(), Some("Opatření bylo odstraněno."));
    let detail = app.get(&plan).await;
    assert!(
        !detail.body.contains("SEN 1.2"),
        "the removed measure is gone"
    );
    assert!(detail.body.contains("Navýšit kapacitu odlehčovací služby"));

    // Not yet public: a draft is hidden from the public.
    let detail = app.get(&plan).await;
    assert!(
        detail.body.contains("2028: 3\u{a0}553\u{a0}000\u{a0}Kč"),
        "{}",
        detail.body
    );
    assert!(
        detail
            .body
            .contains("počet lůžek (lůžek): výchozí 120; 2030: 150")
    );
    assert!(detail.body.contains("SEN 1.1"));
    let version = |body: &str| {
        body.split("name=\"version\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    let v = version(&app.get(&format!("{plan}/pripominkove-rizeni")).await.body);
    let premature = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "1/ZM/1"),
                ("resolution_date", "1. 1. 2027"),
                ("resolution_body", "Zastupitelstvo"),
            ],
        )
        .await;
    assert_eq!(premature.status, StatusCode::CONFLICT);
    assert!(premature.body.contains("prošel"), "{}", premature.body);
    let form = app.get(&format!("{plan}/pripominkove-rizeni")).await.body;
    assert!(form.contains("Připomínky do"));
    let backwards = app
        .post(
            &format!("{plan}/pripominkove-rizeni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("opens_on", "31. 10. 2026"),
                ("closes_on", "1. 10. 2026"),
            ],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.body.contains("value=\"31. 10. 2026\""));
    let opened = app
        .post(
            &format!("{plan}/pripominkove-rizeni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("opens_on", "1. 10. 2026"),
                ("closes_on", "31. 10. 2026"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let v = version(&app.get(&plan).await.body);
    let bad_date = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "3001/ZM2226/40"),
                ("resolution_date", "31. 2. 2026"),
                ("resolution_body", "Zastupitelstvo města Ostravy"),
            ],
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_date.body.contains("value=\"3001/ZM2226/40\""));
    let approved = app
        .post(
            &format!("{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "3001/ZM2226/40"),
                ("resolution_date", "10. 12. 2026"),
                ("resolution_body", "Zastupitelstvo města Ostravy"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let frozen = app
        .post(
            &format!("{plan}/opatreni/nove"),
            &as_fields(&measure("SEN 1.2")),
        )
        .await;
    assert_eq!(frozen.status, StatusCode::CONFLICT);
    assert!(frozen.body.contains("Plán už není návrh"));

    // The next version starts as a draft from the approved plan and is compared with it.
    let next = app
        .post(&format!("{plan}/nova-verze"), &[("csrf", &csrf)])
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
    let next_plan = next.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_ne!(next_plan, plan);
    let form = app.get(&format!("{next_plan}/opatreni/nove")).await;
    let next_goal = form
        .body
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let added = [
        ("csrf", csrf.clone()),
        ("goal", next_goal),
        ("code", "SEN 1.2".to_owned()),
        ("text", "Zřídit kontaktní místo".to_owned()),
        ("timing", String::new()),
    ];
    assert_eq!(
        app.post(&format!("{next_plan}/opatreni/nove"), &as_fields(&added))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let edit = app.get(&format!("{next_plan}/upravit")).await;
    assert!(
        edit.body.contains("value=\"7. komunitní plán\""),
        "the form shows the current title"
    );
    let v = version(&edit.body);
    let renamed = app
        .post(
            &format!("{next_plan}/upravit"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("title", "8. komunitní plán"),
                ("period_from", "2031"),
                ("period_to", "2034"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let stale = app
        .post(
            &format!("{next_plan}/upravit"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("title", "Jiný"),
                ("period_from", "2031"),
                ("period_to", "2034"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(app.get(&next_plan).await.body.contains("2031–2034"));
    let comparison = app.get(&format!("{next_plan}/porovnani")).await;
    assert_eq!(comparison.status, StatusCode::OK);
    assert!(
        comparison.body.contains("1 z 4 částí, cílů a opatření"),
        "{}",
        comparison.body
    );
    assert!(comparison.body.contains("<th scope=\"row\">SEN 1.2</th><td><strong>nové</strong></td><td></td><td>Zřídit kontaktní místo</td>"));
    assert!(
        comparison
            .body
            .contains("<th scope=\"row\">SEN 1.1</th><td>beze změny</td>")
    );

    // The public reads the approved plan with its resolution, not the new draft.
    app.cookie = None;
    assert_eq!(app.get(&next_plan).await.status, StatusCode::NOT_FOUND);
    let public = app.get(&plan).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("usnesení č. 3001/ZM2226/40 ze dne 10.\u{a0}12.\u{a0}2026"),
        "{}",
        public.body
    );
    assert!(
        !public.body.contains("Archivovat"),
        "the public sees no lifecycle buttons"
    );
    // Nor the confirmation page that archiving asks first.
    assert_eq!(
        app.get(&format!("{plan}/stav")).await.status,
        StatusCode::FORBIDDEN
    );

    // The coordinator archives the approved plan: asked first, and only the confirmed form acts.
    app.login_as("koordinator@test.cz").await;
    let csrf = app.csrf(&plan).await;
    let ask = app.get(&format!("{plan}/stav")).await;
    assert!(
        ask.body.contains("Archivovat plán „7. komunitní plán“?"),
        "{}",
        ask.body
    );
    let v = version(&ask.body);
    let unconfirmed = app
        .post(
            &format!("{plan}/stav"),
            &[("csrf", &csrf), ("version", &v), ("action", "archiv")],
        )
        .await;
    assert_eq!(
        unconfirmed.headers[header::LOCATION],
        format!("{plan}/stav")
    );
    assert!(
        app.get(&plan)
            .await
            .body
            .contains("Archivovat (období skončilo)…")
    );
    let archived = app.through_confirmation(&format!("{plan}/stav")).await;
    let (page, notice) = app.follow(&archived).await;
    assert_eq!(notice.as_deref(), Some("Plán byl archivován."));
    assert!(!page.body.contains("Archivovat (období skončilo)…"));
    // Asking again about a plan that is no longer approved: nothing to confirm.
    assert_eq!(
        app.get(&format!("{plan}/stav")).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn drafts_are_hidden_from_the_public_and_only_the_coordinator_starts_plans() {
    let mut app = TestApp::new().await;
    let header = kpss_domain::plan::PlanHeader::parse("Pracovní návrh", "2027", "2030").unwrap();
    let draft = kpss_store::plan::create_plan(&app.db.store, app.tenant, &Actor::system(), &header)
        .await
        .unwrap();
    assert_eq!(
        app.get(&format!("/plany/{}", draft.id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/plany").await.body.contains("Pracovní návrh"));
    app.login_as("poskytovatel@test.cz").await;
    assert!(
        app.get("/plany").await.body.contains("Pracovní návrh"),
        "members of the planning see drafts"
    );
    assert_eq!(app.get("/plany/novy").await.status, StatusCode::FORBIDDEN);
    let csrf = app.csrf("/ucet/heslo").await;
    let refused = app
        .post(
            "/plany/novy",
            &[
                ("csrf", &csrf),
                ("title", "Můj plán"),
                ("period_from", "2027"),
                ("period_to", "2028"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        kpss_store::plan::plans(&app.db.store, app.tenant, true)
            .await
            .unwrap()
            .len(),
        1
    );
}
