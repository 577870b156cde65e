//! The publications made from the data – the plan, the action plan of a year, the combined
//! evaluation of two years – as pages and PDFs whose text carries the right figures.

use axum::http::StatusCode;
use kpss_domain::czech::format_czk;
use kpss_domain::money::sum;
use kpss_store::action_plan;

use super::demo_round::demo_app;

/// The words of a text in one line: PDF extraction breaks lines and spaces as it likes.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a PDF answer, after checking it is one and no word overprints another.
fn pdf_text(answer: &super::Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/pdf");
    assert!(answer.bytes.starts_with(b"%PDF"));
    kpss_docs::testing::assert_no_overlapping_words(&answer.bytes);
    kpss_docs::testing::assert_czech_line_breaks(&answer.bytes);
    let text = pdf_extract::extract_text_from_mem(&answer.bytes).unwrap();
    flat(&text)
}

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KPSS_PDF_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[tokio::test]
async fn the_plan_document_carries_every_measure_and_the_expected_money() {
    let mut app = demo_app().await;
    let tree = kpss_store::plan::plan(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let total = sum(tree
        .measures()
        .flat_map(|m| &m.funding.costs)
        .map(|(_, _, a)| *a));
    assert!(total > 0, "the demo plan expects money");
    let measure = tree.measures().nth(3).unwrap();
    let resolution = tree.plan.resolution.clone().unwrap();

    let page = app.get("/plany/1/dokument").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&tree.plan.title));
    assert!(
        page.body
            .contains(&format!("Opatření {}", measure.draft.code))
    );
    assert!(
        page.body.contains(&format_czk(total)),
        "the financial summary on the page"
    );
    assert!(page.body.contains("href=\"/plany/1/dokument.pdf\""));

    let pdf = app.get("/plany/1/dokument.pdf").await;
    keep("plan.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    for expected in [
        tree.plan.title.clone(),
        format!("usnesením č. {}", resolution.number),
        "Organizační struktura".to_owned(),
        "Finanční souhrn".to_owned(),
        format!("Opatření {}: {}", measure.draft.code, measure.draft.text),
        format_czk(total),
        format!("/plany/1#opatreni-{}", measure.id),
    ] {
        let expected = flat(&expected);
        assert!(text.contains(&expected), "PDF of the plan: {expected}");
    }
}

#[tokio::test]
async fn a_draft_plan_is_no_document_for_the_public() {
    let mut app = demo_app().await;
    let draft = kpss_store::plan::plans(&app.db.store, app.tenant, true)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == kpss_domain::plan::PlanStatus::Draft)
        .expect("the demo's next plan is a draft");
    for uri in [
        format!("/plany/{}/dokument", draft.id),
        format!("/plany/{}/dokument.pdf", draft.id),
    ] {
        let answer = app.get(&uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.body.contains("Stránka nenalezena"), "{uri}");
    }
    let listed = app.get("/dokumenty").await;
    assert!(
        !listed
            .body
            .contains(&format!("/plany/{}/dokument", draft.id))
    );
    assert!(listed.body.contains("/plany/1/dokument.pdf"));
}

#[tokio::test]
async fn the_action_plan_document_lists_its_cards_with_their_costs() {
    let mut app = demo_app().await;
    let aps = action_plan::action_plans(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let ap = aps.iter().find(|a| a.year == 2025).unwrap();
    let cards = action_plan::cards(&app.db.store, app.tenant, ap.id)
        .await
        .unwrap();
    let total = sum(cards.iter().flat_map(|c| &c.draft.costs).map(|(_, a)| *a));
    let card = &cards[0];

    let pdf = app
        .get(&format!("/akcni-plany/{}/dokument.pdf", ap.id))
        .await;
    keep("action-plan.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    for expected in [
        "Akční plán – karty aktivit na rok 2025".to_owned(),
        format!("Akční plán obsahuje {} karet", cards.len()),
        format_czk(total),
        card.draft.title.clone(),
        format!("/karty/{}", card.id),
    ] {
        let expected = flat(&expected);
        assert!(
            text.contains(&expected),
            "PDF of the action plan: {expected}"
        );
    }
    let page = app.get(&format!("/akcni-plany/{}/dokument", ap.id)).await;
    assert!(
        page.body
            .contains(&format!("href=\"http://localhost/karty/{}\"", card.id))
    );
    let listed = app.get("/dokumenty").await;
    assert!(
        listed
            .body
            .contains(&format!("/akcni-plany/{}/dokument.pdf", ap.id))
    );
}

#[tokio::test]
async fn the_combined_evaluation_sets_two_years_side_by_side() {
    let mut app = demo_app().await;
    let aps = action_plan::action_plans(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let first = aps.iter().map(|a| a.year).min().unwrap();
    let earlier = aps.iter().find(|a| a.year == first).unwrap();
    let later = aps.iter().find(|a| a.year == first + 1).unwrap();
    let actual = |r: &kpss_domain::report::Report, year: i32| {
        sum(r
            .summary
            .costs
            .iter()
            .filter(|((_, y), _)| *y == year)
            .map(|(_, (_, a))| *a))
    };
    let reports = [
        kpss_store::report::action_plan_report(&app.db.store, app.tenant, earlier.id)
            .await
            .unwrap(),
        kpss_store::report::action_plan_report(&app.db.store, app.tenant, later.id)
            .await
            .unwrap(),
    ];

    let pdf = app
        .get(&format!(
            "/akcni-plany/{}/vyhodnoceni-dvou-let.pdf",
            later.id
        ))
        .await;
    keep("two-years.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    let expected = flat(&format!(
        "Skutečné náklady {} {}",
        format_czk(actual(&reports[0], first)),
        format_czk(actual(&reports[1], first + 1))
    ));
    assert!(text.contains(&format!("Vyhodnocení AP {first} a AP {}", first + 1)));
    assert!(text.contains(&expected), "PDF: {expected}");
    assert!(text.contains(&flat(&format!(
        "Karty aktivit {} {}",
        reports[0].cards, reports[1].cards
    ))));

    let none = app
        .get(&format!("/akcni-plany/{}/vyhodnoceni-dvou-let", earlier.id))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(
        none.body
            .contains(&format!("akční plán na rok {}", first - 1))
    );
}

#[tokio::test]
async fn the_catalogue_book_holds_the_services_of_its_year_with_indexes() {
    let mut app = demo_app().await;
    let services = kpss_store::catalogue::tenant_services(&app.db.store, app.tenant)
        .await
        .unwrap();
    let active: Vec<_> = services
        .iter()
        .filter(|s| {
            s.draft.active_from.is_none_or(|d| d.year() <= 2026)
                && s.draft.active_to.is_none_or(|d| d.year() >= 2026)
        })
        .collect();
    assert!(active.len() > 10, "the demo catalogue has services");
    let counselling = active
        .iter()
        .find(|s| s.draft.service_type.as_deref() == Some("37"))
        .expect("the demo has counselling");

    let page = app.get("/katalog/kniha/2026").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("class=\"publication-item\"").count(),
        active.len(),
        "every service active in 2026 once"
    );
    assert!(page.body.contains("§ 37 Odborné sociální poradenství"));
    assert!(page.body.contains("Rejstřík organizací"));

    let pdf = app.get("/katalog/kniha/2026.pdf").await;
    keep("catalogue-book.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    for expected in [
        "Katalog sociálních služeb a souvisejících aktivit 2026",
        "Rejstřík městských obvodů",
        &counselling.draft.name,
        &counselling.organisation_name,
        &format!("/katalog/sluzby/{}", counselling.id),
    ] {
        assert!(
            text.contains(&flat(expected)),
            "PDF of the book: {expected}"
        );
    }

    let wrong = app.get("/katalog/kniha/dvacet").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong
            .body
            .contains("Rok katalogu musí být číslo od 2000 do 2100.")
    );
    let listed = app.get("/dokumenty").await;
    assert!(listed.body.contains("/katalog/kniha/2026.pdf"));
}

#[tokio::test]
async fn the_guide_for_seniors_is_an_a5_leaflet_ordered_by_need() {
    let mut app = demo_app().await;
    let pdf = app.get("/katalog/pruvodce/seniori.pdf").await;
    keep("guide-seniors.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    assert!(text.contains("Kam se obrátit: Senioři"));
    let steps: Vec<usize> = [
        "Potřebuji pomoc doma",
        "Chci docházet do služby",
        "Potřebuji bydlet tam, kde mi pomohou",
        "Další pomoc a aktivity",
    ]
    .iter()
    .map(|step| text.find(step).unwrap_or_else(|| panic!("{step}")))
    .collect();
    assert!(
        steps.is_sorted(),
        "where to turn first comes first: {steps:?}"
    );
    assert!(text.contains("Klub seniorů"), "related activities too");
    // The activities of 22 districts, two or three each, flow on: no page for each district.
    let pages = kpss_docs::testing::words(&pdf.bytes)
        .map(|words| words.iter().map(|w| w.page).max().unwrap_or(0));
    assert!(pages.is_none_or(|n| n < 30), "{pages:?} pages");
    // A5 portrait: 148 × 210 mm in points.
    let raw = String::from_utf8_lossy(&pdf.bytes);
    assert!(
        raw.contains("/MediaBox[0 0 419.52 595.27")
            || raw.contains("/MediaBox[0 0 419.52756 595.2756]"),
        "A5 pages"
    );

    // Asked again, the kept PDF; after a service changed, a new one that says so.
    let again = app.get("/katalog/pruvodce/seniori.pdf").await;
    assert_eq!(again.bytes, pdf.bytes);
    let store = app.db.store.clone();
    let services = kpss_store::catalogue::tenant_services(&store, app.tenant)
        .await
        .unwrap();
    let club = services
        .iter()
        .find(|s| s.draft.name.starts_with("Klub seniorů"))
        .unwrap();
    // A leaflet item: its description's opening sentences and a QR code, no address to type.
    let description = club.draft.description.clone().unwrap_or_default();
    let brief = kpss_domain::catalogue::guide::brief(&description);
    assert!(
        !brief.is_empty() && brief.len() < description.len(),
        "{description}"
    );
    assert!(text.contains(&flat(brief)), "{brief}");
    assert!(!text.contains(&flat(&description[brief.len()..])));
    assert!(!text.contains(&format!("/katalog/sluzby/{}", club.id)));
    let mut renamed = club.draft.clone();
    renamed.name = "Klub seniorů Podzimní pohoda".to_owned();
    kpss_store::catalogue::update_service(
        &store,
        app.tenant,
        &kpss_domain::account::Actor::system(),
        club.id,
        club.version,
        &renamed,
    )
    .await
    .unwrap();
    let changed = pdf_text(&app.get("/katalog/pruvodce/seniori.pdf").await);
    assert!(
        changed.contains("Klub seniorů Podzimní pohoda"),
        "{changed}"
    );
    assert!(!text.contains("Podzimní pohoda"));

    let page = app.get("/katalog/pruvodce/seniori").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Chci docházet do služby") || page.body.contains("Potřebuji pomoc doma")
    );
    assert_eq!(
        app.get("/katalog/pruvodce/neznama").await.status,
        StatusCode::NOT_FOUND
    );
    let listed = app.get("/dokumenty").await;
    assert!(listed.body.contains("/katalog/pruvodce/seniori.pdf"));
}

#[tokio::test]
async fn the_plain_version_carries_the_coordinators_texts_and_the_plans_numbers() {
    let mut app = demo_app().await;
    let tree = kpss_store::plan::plan(&app.db.store, app.tenant, 1)
        .await
        .unwrap();
    let goals: usize = tree.parts.iter().map(|p| p.goals.len()).sum();
    let pdf = app.get("/plany/1/srozumitelna-verze.pdf").await;
    keep("plain.pdf", &pdf.bytes);
    let text = pdf_text(&pdf);
    for expected in [
        "Tento plán říká, jak bude Ostrava v letech 2023 až 2026 pomáhat lidem".to_owned(),
        "Chceme, aby senioři mohli žít co nejdéle doma.".to_owned(),
        format!(
            "Plán má 9 částí, {goals} cílů a {} opatření.",
            tree.measures().count()
        ),
        "Jak poznáme, že se daří".to_owned(),
    ] {
        assert!(text.contains(&flat(&expected)), "plain PDF: {expected}");
    }
    assert!(String::from_utf8_lossy(&pdf.bytes).contains("/MediaBox[0 0 419.52756 595.2756]"));
    let listed = app.get("/dokumenty").await;
    assert!(listed.body.contains("/plany/1/srozumitelna-verze.pdf"));

    // The coordinator writes a goal's text; the editor tells what reads hard.
    assert_eq!(
        app.get("/plany/1/srozumitelna-verze/upravit").await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = super::demo_round::login(&mut app, "koordinator@demo.kpss.cz").await;
    let editor = app.get("/plany/1/srozumitelna-verze/upravit").await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(
        editor.body.contains("Čitelnost: 6\u{a0}vět, průměrně"),
        "hint of the opening: {}",
        editor
            .body
            .split("Čitelnost")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect::<String>()
    );
    let goal = &tree.parts[0].goals[0];
    let key = format!("goal-{}", goal.id);
    let long = "Prostřednictvím deinstitucionalizace pobytových sociálních služeb dojde \
                k postupnému zvyšování kvality poskytované péče v souladu se standardy kvality \
                a s respektem k individuálním potřebám uživatelů.";
    let mut fields: Vec<(String, String)> = editor
        .body
        .split("<textarea id=\"")
        .skip(1)
        .map(|t| {
            let name = t
                .split("name=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let value = t
                .split('>')
                .nth(1)
                .unwrap()
                .split("</textarea")
                .next()
                .unwrap();
            (name.to_owned(), html_escape(value))
        })
        .collect();
    fields.retain(|(name, _)| *name != key);
    fields.push((key.clone(), long.to_owned()));
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf), ("version", "1")];
    form.extend(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let saved = app.post("/plany/1/srozumitelna-verze/upravit", &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let editor = app.get("/plany/1/srozumitelna-verze/upravit").await;
    assert!(editor.body.contains("Srozumitelná verze byla uložena."));
    assert!(editor.body.contains("Dlouhé věty: 1 – rozdělte je."));
    assert!(editor.body.contains("deinstitucionalizace"));
    let page = app.get("/plany/1/srozumitelna-verze").await;
    assert!(page.body.contains("Prostřednictvím deinstitucionalizace"));
    assert!(
        page.body.contains("Tento plán říká"),
        "the other texts stay"
    );

    // A form opened before that save, or a text too long, changes nothing and keeps the typing.
    let stale = app.post("/plany/1/srozumitelna-verze/upravit", &form).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let too_long = "Dlouhý text. ".repeat(300);
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf), ("version", "2")];
    form.push(("plan", &too_long));
    let refused = app.post("/plany/1/srozumitelna-verze/upravit", &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Text je příliš dlouhý, nejvýše 3"),
        "Czech message"
    );
    assert!(
        refused.body.contains("Dlouhý text. Dlouhý text."),
        "what was typed stays"
    );
    let page = app.get("/plany/1/srozumitelna-verze").await;
    assert!(page.body.contains("Prostřednictvím deinstitucionalizace"));
}

/// The text of a textarea as the browser would send it back.
fn html_escape(html: &str) -> String {
    html.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}
