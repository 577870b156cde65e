//! Mail that people act on: the invitation of a new account and the reset of a forgotten
//! password by a one-time expiring link, the round opened, a report returned with its reason,
//! and reminders before and after the deadline, each queued once.

use kpss_domain::account::Role;

use super::demo_round::{demo_app, login};
use super::*;

/// The newest queued mail of the demo tenant.
async fn newest(app: &TestApp) -> kpss_store::mail::Mail {
    kpss_store::mail::latest(&app.db.store, app.tenant, 1)
        .await
        .unwrap()
        .remove(0)
}

/// The path of the password link in a mail's text.
fn link_in(text: &str) -> String {
    let at = text.find("/heslo/").expect("a password link");
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_new_account_sets_its_password_through_a_link_that_works_once() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let created = app
        .post(
            "/sprava/uzivatele",
            &[
                ("csrf", &csrf),
                ("email", "nova.clenka@ostrava.cz"),
                ("full_name", "Nová Členka"),
                ("role", Role::Member.code()),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert!(created.body.contains("odešla pozvánka s odkazem"));
    let mail = newest(&app).await;
    assert_eq!(
        (mail.kind.as_str(), mail.to.as_str()),
        ("pozvanka-ucet", "nova.clenka@ostrava.cz")
    );
    assert!(mail.text.contains("Dobrý den, Nová Členka,"));
    assert!(mail.text.contains("Odkaz platí 7 dní"));
    let link = link_in(&mail.text);
    assert!(mail.html.contains(&format!("http://localhost{link}")));

    app.cookie = None;
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vítejte, Nová Členka"));
    let csrf = app.csrf(&link).await;
    let short = app
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("new_password", "kratke"),
                ("new_password_again", "kratke"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let password = "moje-nove-heslo-2026";
    let set = app
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("new_password", password),
                ("new_password_again", password),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let login_page = app.get("/prihlaseni?heslo=nastaveno").await;
    assert!(
        login_page
            .body
            .contains("Heslo je nastavené; přihlaste se jím.")
    );
    let csrf = app.csrf("/prihlaseni").await;
    let logged = app
        .post(
            "/prihlaseni",
            &[
                ("csrf", &csrf),
                ("email", "nova.clenka@ostrava.cz"),
                ("password", password),
            ],
        )
        .await;
    assert_eq!(
        logged.status,
        StatusCode::SEE_OTHER,
        "the new password works"
    );
    app.cookie = None;
    let again = app.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE, "a link works once");
    assert!(again.body.contains("Odkaz už byl použit"));
    assert_eq!(
        app.get("/heslo/vymysleny-odkaz").await.status,
        StatusCode::GONE
    );
}

#[tokio::test]
async fn a_forgotten_password_is_reset_without_telling_who_has_an_account() {
    let mut app = demo_app().await;
    let csrf = app.csrf("/zapomenute-heslo").await;
    let empty = app
        .post("/zapomenute-heslo", &[("csrf", &csrf), ("email", "")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = kpss_store::mail::latest(&app.db.store, app.tenant, 1000)
        .await
        .unwrap()
        .len();
    let unknown = app
        .post(
            "/zapomenute-heslo",
            &[("csrf", &csrf), ("email", "nikdo@ostrava.cz")],
        )
        .await;
    let known = app
        .post(
            "/zapomenute-heslo",
            &[("csrf", &csrf), ("email", "poskytovatel@demo.kpss.cz")],
        )
        .await;
    assert_eq!(
        (unknown.status, known.status),
        (StatusCode::OK, StatusCode::OK)
    );
    let said = |body: &str| body.contains("Je-li adresa u nás registrovaná");
    assert!(said(&unknown.body) && said(&known.body), "the same answer");
    let queued = kpss_store::mail::latest(&app.db.store, app.tenant, 1000)
        .await
        .unwrap();
    assert_eq!(queued.len(), before + 1, "only the known address gets mail");
    assert_eq!(queued[0].kind, "obnova-hesla");
    assert!(queued[0].text.contains("Odkaz platí 1 hodinu"));
    let first_link = link_in(&queued[0].text);
    // A second request replaces the first link; three an hour at most.
    for _ in 0..4 {
        app.post(
            "/zapomenute-heslo",
            &[("csrf", &csrf), ("email", "poskytovatel@demo.kpss.cz")],
        )
        .await;
    }
    let queued = kpss_store::mail::latest(&app.db.store, app.tenant, 1000)
        .await
        .unwrap();
    assert_eq!(queued.len(), before + 3);
    assert_eq!(app.get(&first_link).await.status, StatusCode::GONE);
    assert_eq!(
        app.get(&link_in(&queued[0].text)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_round_a_returned_report_and_the_deadline_are_told_by_mail() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let t = app.tenant;
    // The 2025 round is open; the demo provider's cards are among those owed.
    let plan = kpss_store::plan::plans(&store, t, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Approved)
        .unwrap()
        .id;
    let plans = kpss_store::action_plan::action_plans(&store, t, plan)
        .await
        .unwrap();
    let ap2025 = plans.iter().find(|a| a.year == 2025).unwrap().id;
    let round = kpss_store::evaluation::round(&store, t, ap2025)
        .await
        .unwrap()
        .unwrap();
    let reminders = kpss_web::mail::reminders::Reminders {
        base_url: "https://kp.example.cz".into(),
        days_before: 7,
    };
    let queued = reminders
        .queue_due(&store, round.deadline - time::Duration::days(30))
        .await
        .unwrap();
    assert_eq!(queued, 0, "too early");
    let before = reminders
        .queue_due(&store, round.deadline - time::Duration::days(3))
        .await
        .unwrap();
    assert!(before > 0);
    assert_eq!(
        reminders
            .queue_due(&store, round.deadline - time::Duration::days(2))
            .await
            .unwrap(),
        0,
        "the same reminder is queued once"
    );
    let late = reminders
        .queue_due(&store, round.deadline + time::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        late, before,
        "every owing organisation hears once more after the deadline"
    );
    let mail = newest(&app).await;
    assert_eq!(mail.kind, "pripominka");
    assert!(mail.subject.contains("po termínu"));
    assert!(mail.text.contains(&format!(
        "https://kp.example.cz/akcni-plany/{ap2025}/hodnoceni"
    )));

    // A report the coordinator returns tells its provider why.
    let submitted = kpss_store::action_plan::cards(&store, t, ap2025)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.report.state == kpss_domain::evaluation::ReportState::Submitted)
        .expect("a submitted report in the demo's open round");
    // The organisation's editor, who hears of it.
    kpss_store::account::add(
        &store,
        t,
        &kpss_domain::account::Actor::system(),
        kpss_store::account::NewAccount {
            email: "hodnoceni@charita.example.cz",
            name: "Editorka Charity",
            role: Role::ProviderEditor,
            password_hash: kpss_store::account::hash_password("heslo-pro-test-1"),
            organisations: &[submitted.placement.organisation_id],
            groups: &[],
        },
    )
    .await
    .unwrap();
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let card = format!("/karty/{}", submitted.id);
    let version = app.hidden(&card, "version").await;
    let returned = app
        .post(
            &format!("{card}/posouzeni"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("action", "vratit"),
                ("reason", "Chybí počet klientů za 4. čtvrtletí."),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let returned_to: Vec<String> = kpss_store::mail::latest(&store, t, 20)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "hodnoceni-vraceno")
        .inspect(|m| assert!(m.text.contains("Chybí počet klientů za 4. čtvrtletí.")))
        .map(|m| m.to)
        .collect();
    assert!(returned_to.contains(&"hodnoceni@charita.example.cz".to_owned()));
    let accounts = kpss_store::account::all(&store, t).await.unwrap();

    // Opening a round tells the managers (and the providers with cards).
    let ap2026 = kpss_store::action_plan::create_action_plan(
        &store,
        t,
        &kpss_domain::account::Actor::system(),
        plan,
        2026,
    )
    .await
    .unwrap()
    .id;
    let opened = app
        .post(
            &format!("/akcni-plany/{ap2026}/hodnoceni"),
            &[("csrf", &csrf), ("deadline", "31. 1. 2027")],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let mail = newest(&app).await;
    assert_eq!(mail.kind, "kolo-otevreno");
    assert_eq!(mail.subject, "Hodnocení akčního plánu 2026 je otevřené");
    assert!(mail.text.contains("do 31.\u{a0}1.\u{a0}2027"));
    let manager = accounts
        .iter()
        .find(|a| a.email == "manazer@demo.kpss.cz")
        .unwrap();
    let to_manager = kpss_store::mail::latest(&store, t, 50)
        .await
        .unwrap()
        .into_iter()
        .any(|m| m.kind == "kolo-otevreno" && m.to == manager.email);
    assert!(to_manager);
}
