//! The consultation of a draft: the demo's settled consultation of 2022 and its table; a
//! citizen comments on the next plan's draft, the coordinator enters a paper comment and
//! publishes the citizen's, the seniors' manager settles what is the group's, and the plan waits
//! for the rest.

use kpss_domain::consultation::ConsultationPeriod;
use kpss_domain::plan::{PlanAction, PlanStatus};

use super::demo_round::{demo_app, login};
use super::*;

/// The consultation of the demo plan with this status.
async fn consultation_of(app: &TestApp, status: PlanStatus) -> (i32, kpss_store::plan::PlanTree) {
    let store = &app.db.store;
    let plan = kpss_store::plan::plans(store, app.tenant, true)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == status)
        .unwrap();
    let tree = kpss_store::plan::plan(store, app.tenant, plan.id)
        .await
        .unwrap();
    let id = kpss_store::consultation::of_plan(store, app.tenant, plan.id)
        .await
        .unwrap()
        .first()
        .map(|c| c.id)
        .unwrap_or_default();
    (id, tree)
}

/// The number in a summary table's row: `<th scope="row">what</th><td class="num">n</td>`.
fn count_of(body: &str, what: &str) -> usize {
    let row = format!("<th scope=\"row\">{what}</th><td class=\"num\">");
    body.split(&row)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map_or(0, |n| n.parse().unwrap())
}

#[tokio::test]
async fn the_settled_consultation_of_2022_is_public_with_its_table() {
    let mut app = demo_app().await;
    let (id, tree) = consultation_of(&app, PlanStatus::Approved).await;
    let overview = app.get(&format!("/pripominkovani/{id}")).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview
            .body
            .contains("1.\u{a0}6.\u{a0}2022 – 30.\u{a0}6.\u{a0}2022")
    );
    assert!(overview.body.contains("připomínky se nyní nepřijímají"));
    assert!(overview.body.contains(&tree.parts[0].draft.name));
    let table = app
        .get(&format!("/pripominkovani/{id}/vyporadani"))
        .await
        .body;
    let rows = table.matches("<tr id=\"pripominka-").count();
    assert!(rows > 20, "{rows} comments");
    assert!(
        !table.contains("k ničemu"),
        "the hidden comment stays hidden"
    );
    assert!(!table.contains("čeká na vypořádání"), "all were settled");
    // The counts by channel, by decision and by part each add up to the comments listed.
    let decisions: usize = [
        "vyhověno",
        "částečně vyhověno",
        "nevyhověno",
        "bere se na vědomí",
    ]
    .iter()
    .map(|d| count_of(&table, d))
    .sum();
    assert_eq!(decisions, rows);
    let channels: usize = kpss_domain::consultation::Channel::ALL
        .iter()
        .map(|c| count_of(&table, c.name()))
        .sum();
    assert_eq!(channels, rows);
    let parts: usize = std::iter::once("celý plán".to_owned())
        .chain(
            tree.parts
                .iter()
                .map(|p| format!("{} – {}", p.draft.code, p.draft.name)),
        )
        .map(|p| count_of(&table, &p))
        .sum();
    assert_eq!(parts, rows);

    // The workbook and the PDF list the same comments with the same counts.
    use calamine::{Data, Reader, Xlsx};
    let xlsx = app
        .get(&format!("/pripominkovani/{id}/vyporadani.xlsx"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let comments = book.worksheet_range("Připomínky").unwrap();
    assert_eq!(
        comments.get_size().0,
        rows + 1,
        "a header and every comment"
    );
    let summary = book.worksheet_range("Souhrn").unwrap();
    let count = |what: &str| {
        summary
            .rows()
            .find(|r| r[0] == Data::String(what.into()))
            .map(|r| r[1].clone())
    };
    #[allow(clippy::cast_precision_loss)]
    let all = Data::Float(rows as f64);
    assert_eq!(count("Celkem připomínek"), Some(all));
    #[allow(clippy::cast_precision_loss)]
    let accepted = Data::Float(count_of(&table, "vyhověno") as f64);
    assert_eq!(count("vyhověno"), Some(accepted));
    let pdf = app
        .get(&format!("/pripominkovani/{id}/vyporadani.pdf"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes)
        .unwrap()
        .replace('\u{a0}', " ");
    assert!(
        text.contains(&format!("{rows} připomínek celkem")),
        "{text}"
    );
    assert!(text.contains("Podle vypořádání"));
    assert!(!text.contains("k ničemu"));
    // The section page has no form after the consultation closed.
    let measure = tree.measures().next().unwrap().id;
    let section = app
        .get(&format!("/pripominkovani/{id}/opatreni-{measure}"))
        .await
        .body;
    assert!(section.contains("nyní připomínky nepřijímá"));
    assert!(!section.contains("name=\"remark\""));
    assert_eq!(
        app.get(&format!("/pripominkovani/{id}/opatreni-999999"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn comments_are_sent_moderated_and_settled_by_the_groups_before_approval() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let (_, draft) = consultation_of(&app, PlanStatus::Draft).await;
    let today = kpss_domain::czech::today();
    let period = ConsultationPeriod {
        opens_on: today,
        closes_on: today + time::Duration::days(30),
    };
    kpss_store::plan::transition(
        &store,
        app.tenant,
        &kpss_domain::account::Actor::system(),
        draft.plan.id,
        draft.plan.version,
        &PlanAction::OpenConsultation(period),
    )
    .await
    .unwrap();
    let (id, tree) = consultation_of(&app, PlanStatus::InConsultation).await;
    let sen = tree.parts.iter().find(|p| p.group == "SEN").unwrap();
    let other = tree.parts.iter().find(|p| p.group != "SEN").unwrap();
    let sen_measure = sen.measures().next().unwrap().id;
    let other_measure = other.measures().next().unwrap().id;
    let page = format!("/pripominkovani/{id}/opatreni-{sen_measure}");

    // A citizen: a name without consent is refused and the text kept; then sent.
    let csrf = app.csrf(&page).await;
    let fields = |consent: &'static str, web: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            (
                "remark",
                "Prosím o víkendovou odlehčovací službu.".to_owned(),
            ),
            ("full_name", "Jana Nová".to_owned()),
            ("email", "Jana@Example.cz".to_owned()),
            ("consent", consent.to_owned()),
            ("web", web.to_owned()),
        ]
    };
    let refused = app.post(&page, &as_fields(&fields("", ""))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("potvrďte prosím souhlas"));
    assert!(
        refused
            .body
            .contains("Prosím o víkendovou odlehčovací službu.")
    );
    let robot = app
        .post(&page, &as_fields(&fields("ano", "http://spam")))
        .await;
    assert_eq!(robot.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sent = app.post(&page, &as_fields(&fields("ano", ""))).await;
    let (thanks, _) = app.follow(&sent).await;
    assert!(thanks.body.contains("Děkujeme, připomínka byla přijata."));
    assert!(
        !thanks.body.contains("Prosím o víkendovou"),
        "not public before moderation"
    );
    let mail = &kpss_store::mail::latest(&store, app.tenant, 1)
        .await
        .unwrap()[0];
    assert_eq!(mail.to, "jana@example.cz");
    assert!(mail.text.contains("Dobrý den, Jana Nová,"));
    assert!(
        mail.text
            .contains("Vaše připomínka: Prosím o víkendovou odlehčovací službu.")
    );
    let comments = kpss_store::consultation::comments(&store, app.tenant, id)
        .await
        .unwrap();
    let online = comments.last().unwrap().id;

    // The seniors' manager sees only what is published, and moderates nothing.
    let _ = login(&mut app, "manazer@demo.kpss.cz").await;
    let queue = app.get(&format!("/pripominkovani/{id}/sprava")).await.body;
    assert!(!queue.contains("víkendovou"));
    assert_eq!(
        app.get(&format!("/pripominky/{online}")).await.status,
        StatusCode::FORBIDDEN
    );

    // The coordinator enters a paper comment on another group's measure and publishes the
    // citizen's.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let entry = format!("/pripominkovani/{id}/nova");
    let empty = app.post(&entry, &[("csrf", &csrf)]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .body
            .contains("Jak připomínka přišla: Vyplňte prosím tento údaj.")
    );
    let section = format!("opatreni-{other_measure}");
    let paper = app
        .post(
            &entry,
            &[
                ("csrf", &csrf),
                ("channel", "papir"),
                ("received_on", &kpss_domain::czech::format_date(today)),
                ("section", &section),
                ("remark", "Chybí chráněné bydlení v Hrabové."),
            ],
        )
        .await;
    let (paper_page, notice) = app.follow(&paper).await;
    assert_eq!(
        notice.as_deref(),
        Some("Připomínka byla zapsána a zveřejněna.")
    );
    assert!(paper_page.body.contains("písemně na kontaktním místě"));
    // Its scan: a file that is no PDF or picture is refused, a PDF kept for staff only.
    let paper_comment = paper.headers[header::LOCATION].to_str().unwrap().to_owned();
    let scan = format!("{paper_comment}/sken");
    let not_a_scan = app
        .post_named_file(
            &scan,
            &[("csrf", &csrf)],
            ("sken.pdf", b"just text, not a scan"),
        )
        .await;
    assert_eq!(not_a_scan.status, StatusCode::UNPROCESSABLE_ENTITY);
    let scanned = app
        .post_named_file(
            &scan,
            &[("csrf", &csrf)],
            ("C:\\sken dopisu.pdf", b"%PDF-1.4\n%scan\n"),
        )
        .await;
    let (with_scan, _) = app.follow(&scanned).await;
    assert!(
        with_scan.body.contains("sken dopisu.pdf"),
        "{}",
        with_scan.body
    );
    let file = app.get(&scan).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.bytes.starts_with(b"%PDF"));
    let hide_without_reason = app
        .post(
            &format!("/pripominky/{online}/moderace"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("moderation", "nevhodne"),
            ],
        )
        .await;
    assert_eq!(hide_without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let published = app
        .post(
            &format!("/pripominky/{online}/moderace"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("moderation", "zverejneno"),
            ],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    assert!(app.get(&page).await.body.contains("Prosím o víkendovou"));

    // The manager settles the seniors' comment, with a reasoning, and not the other.
    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    assert_eq!(
        app.get(&scan).await.status,
        StatusCode::OK,
        "staff read scans"
    );
    let paper_id = kpss_store::consultation::comments(&store, app.tenant, id)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    assert_eq!(
        app.post(
            &format!("/pripominky/{paper_id}/vyporadani"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("decision", "vyhoveno"),
                ("reasoning", "Ano.")
            ],
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let bare = app
        .post(
            &format!("/pripominky/{online}/vyporadani"),
            &[("csrf", &csrf), ("version", "2"), ("decision", "vyhoveno")],
        )
        .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("Zdůvodnění: Vyplňte prosím tento údaj."));
    let settled = app
        .post(
            &format!("/pripominky/{online}/vyporadani"),
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("decision", "vyhoveno"),
                ("reasoning", "Víkendový provoz doplněn do opatření."),
            ],
        )
        .await;
    assert_eq!(settled.status, StatusCode::SEE_OTHER);

    // The table counts both; the plan waits for the paper comment.
    let table = app
        .get(&format!("/pripominkovani/{id}/vyporadani"))
        .await
        .body;
    assert!(table.contains("Víkendový provoz doplněn do opatření."));
    assert_eq!(count_of(&table, "vyhověno"), 1);
    assert_eq!(count_of(&table, "čeká na vypořádání"), 1);
    assert!(table.contains("Jana Nová") && !table.contains("jana@example.cz"));
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let plan = tree.plan.id;
    let v = kpss_store::plan::plan(&store, app.tenant, plan)
        .await
        .unwrap()
        .plan
        .version
        .to_string();
    let early = app
        .post(
            &format!("/plany/{plan}/schvaleni"),
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("resolution_number", "1/ZM/2026"),
                ("resolution_date", "1. 12. 2026"),
                ("resolution_body", "Zastupitelstvo"),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.body.contains("čeká 1\u{a0}připomínka"),
        "{}",
        early.body
    );

    // The draft goes back to work the comments in; the settlement links the change it caused.
    let system = kpss_domain::account::Actor::system();
    let now = kpss_store::plan::plan(&store, app.tenant, plan)
        .await
        .unwrap();
    kpss_store::plan::transition(
        &store,
        app.tenant,
        &system,
        plan,
        now.plan.version,
        &PlanAction::ReturnToDraft,
    )
    .await
    .unwrap();
    let measure = now.measures().find(|m| m.id == sen_measure).unwrap();
    let mut reworded = measure.draft.clone();
    reworded.text = "Odlehčovací služby i o víkendech".into();
    kpss_store::plan::update_measure(
        &store,
        app.tenant,
        &system,
        (measure.id, measure.version),
        &reworded,
    )
    .await
    .unwrap();
    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let form = app.get(&format!("/pripominky/{online}")).await.body;
    let change = form
        .split("name=\"change\"")
        .nth(1)
        .and_then(|select| select.split("<option value=\"").nth(2))
        .and_then(|option| option.split('"').next())
        .expect("the change offered")
        .to_owned();
    let linked = app
        .post(
            &format!("/pripominky/{online}/vyporadani"),
            &[
                ("csrf", &csrf),
                ("version", "3"),
                ("decision", "vyhoveno"),
                ("reasoning", "Víkendový provoz doplněn do opatření."),
                ("change", &change),
            ],
        )
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let table = app
        .get(&format!("/pripominkovani/{id}/vyporadani"))
        .await
        .body;
    assert!(table.contains("Změna v návrhu: úprava opatření"));
    assert!(table.contains("Odlehčovací služby i o víkendech"));
    // The section shows the settled wording with the one the public commented on beside it.
    let section = app.get(&page).await.body;
    assert!(section.contains("Odlehčovací služby i o víkendech"));
    assert!(
        section.contains(&format!(
            "Znění připomínkované veřejností:</strong> {}",
            measure.draft.text
        )),
        "{section}"
    );
}

#[tokio::test]
async fn a_flood_of_comments_from_one_address_is_stopped() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let (_, draft) = consultation_of(&app, PlanStatus::Draft).await;
    let today = kpss_domain::czech::today();
    kpss_store::plan::transition(
        &store,
        app.tenant,
        &kpss_domain::account::Actor::system(),
        draft.plan.id,
        draft.plan.version,
        &PlanAction::OpenConsultation(ConsultationPeriod {
            opens_on: today,
            closes_on: today,
        }),
    )
    .await
    .unwrap();
    let (id, _) = consultation_of(&app, PlanStatus::InConsultation).await;
    let page = format!("/pripominkovani/{id}/plan");
    let csrf = app.csrf(&page).await;
    let limit = kpss_domain::consultation::COMMENTS_PER_ADDRESS;
    for n in 0..limit {
        let text = format!("Připomínka {n}");
        let sent = app.post(&page, &[("csrf", &csrf), ("remark", &text)]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{n}");
    }
    let flood = app
        .post(&page, &[("csrf", &csrf), ("remark", "Další")])
        .await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        kpss_store::consultation::comments(&store, app.tenant, id)
            .await
            .unwrap()
            .len(),
        usize::try_from(limit).unwrap()
    );
}

#[tokio::test]
async fn the_next_plans_draft_was_consulted_in_september_and_every_comment_settled() {
    let mut app = demo_app().await;
    let (id, tree) = consultation_of(&app, PlanStatus::Draft).await;
    let table = app
        .get(&format!("/pripominkovani/{id}/vyporadani"))
        .await
        .body;
    let rows = table.matches("<tr id=\"pripominka-").count();
    assert!((100..=140).contains(&rows), "{rows} comments");
    assert!(!table.contains("čeká na vypořádání"));
    let channels = kpss_domain::consultation::Channel::ALL
        .iter()
        .filter(|c| count_of(&table, c.name()) > 0)
        .count();
    assert!(channels >= 5, "comments came by {channels} channels");
    let _ = login(&mut app, "koordinator@demo.kpss.cz").await;
    let plan = app.get(&format!("/plany/{}", tree.plan.id)).await.body;
    assert!(plan.contains("1.\u{a0}9.\u{a0}2026 – 30.\u{a0}9.\u{a0}2026"));
}
