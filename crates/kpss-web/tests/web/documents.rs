//! The document library on the web: a manager files a document of the group, a visitor finds
//! the public ones (and the reports kpss makes) on „Dokumenty“ but never an internal one; a
//! file that is not what its name says, too large or infected is refused with the form kept.

use super::demo_round::{demo_app, demo_app_with, login};
use super::*;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";

/// Documents the demo files.
const DEMO_DOCUMENTS: usize = 6;

async fn count(app: &TestApp) -> usize {
    kpss_store::document::documents(&app.db.store, app.tenant)
        .await
        .unwrap()
        .len()
}

fn fields<'a>(csrf: &'a str, title: &'a str, public: bool) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("title", title),
        ("kind", "analyza"),
        ("issued_on", "14. 9. 2026"),
        ("description", "Podklad pro 7. komunitní plán."),
        ("plan", ""),
        ("group", "SEN"),
        ("note", "první verze"),
    ];
    if public {
        f.push(("public", "ano"));
    }
    f
}

#[tokio::test]
async fn a_manager_files_documents_and_visitors_find_only_the_public_ones() {
    let mut app = demo_app().await;
    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    let form = app.get("/dokumenty/novy").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        !form.body.contains("<option value=\"\">žádná</option>"),
        "a manager files under a group of theirs"
    );

    // Refused uploads keep what was typed and store nothing.
    let public = fields(&csrf, "Analýza potřeb seniorů 2026", true);
    for (name, body, message) in [
        ("analyza.pdf", PNG, "přípona souboru musí odpovídat"),
        (
            "analyza.exe",
            b"MZ\x90\x00".as_slice(),
            "Přiložit lze jen PDF",
        ),
        ("analyza.pdf", b"".as_slice(), "Soubor: Vyplňte"),
    ] {
        let refused = app
            .post_named_file("/dokumenty/novy", &public, (name, body))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            refused.body.contains(message),
            "{message}: {}",
            refused.body
        );
        assert!(
            refused
                .body
                .contains("value=\"Analýza potřeb seniorů 2026\"")
        );
        assert!(refused.body.contains("vyberte soubor prosím znovu"));
    }
    let mut large = PDF.to_vec();
    large.resize(50 * 1024 * 1024 + 1, b' ');
    let too_big = app
        .post_named_file("/dokumenty/novy", &public, ("velky.pdf", &large))
        .await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_big.body.contains("Soubor je větší než 50 MB"));
    let mut bad_day = public.clone();
    bad_day[3] = ("issued_on", "31. 2. 2026");
    let refused = app
        .post_named_file("/dokumenty/novy", &bad_day, ("analyza.pdf", PDF))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Datum vydání"), "{}", refused.body);
    let mut foreign = public.clone();
    foreign[6] = ("group", "ZP");
    let forbidden = app
        .post_named_file("/dokumenty/novy", &foreign, ("analyza.pdf", PDF))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(&app).await,
        DEMO_DOCUMENTS,
        "nothing refused was kept"
    );

    let created = app
        .post_named_file("/dokumenty/novy", &public, ("../../Analýza 2026.pdf", PDF))
        .await;
    let (page, notice) = app.follow(&created).await;
    assert_eq!(notice.as_deref(), Some("Dokument byl uložen do knihovny."));
    assert!(page.body.contains("<h1>Analýza potřeb seniorů 2026</h1>"));
    let href = "/verze/1/Anal%C3%BDza+2026.pdf";
    assert!(page.body.contains(href), "{}", page.body);
    let internal = app
        .post_named_file(
            "/dokumenty/novy",
            &fields(&csrf, "Pracovní verze SWOT seniorů", false),
            ("swot.png", PNG),
        )
        .await;
    assert_eq!(internal.status, StatusCode::SEE_OTHER);
    let docs = kpss_store::document::documents(&app.db.store, app.tenant)
        .await
        .unwrap();
    let id_of = |title: &str| docs.iter().find(|d| d.draft.title == title).unwrap().id;
    let (analysis, swot) = (
        id_of("Analýza potřeb seniorů 2026"),
        id_of("Pracovní verze SWOT seniorů"),
    );

    // A second version becomes the one to download.
    let version = app
        .post_named_file(
            &format!("/dokumenty/{analysis}/verze"),
            &[("csrf", &csrf), ("note", "opravené kapacity")],
            ("analyza-v2.pdf", PDF),
        )
        .await;
    let (page, notice) = app.follow(&version).await;
    assert_eq!(notice.as_deref(), Some("Nahrána verze 2 dokumentu."));
    assert!(page.body.contains("opravené kapacity"));
    assert!(page.body.contains("2\u{a0}verze dokumentu"));

    // The public: the analysis and the reports, never the internal SWOT.
    app.cookie = None;
    let list = app.get("/dokumenty").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Analýza potřeb seniorů 2026"));
    assert!(!list.body.contains("Pracovní verze SWOT"));
    assert!(!list.body.contains("Pracovní poznámky ke SWOT"));
    assert!(list.body.contains("Manuál loga komunitního plánování"));
    assert!(
        list.body.contains("Vyhodnocení akčního plánu 2025"),
        "{}",
        list.body
    );
    assert!(list.body.contains("/akcni-plany/"));
    assert!(list.body.contains("Vypořádání připomínek"));
    assert_eq!(
        app.get(&format!("/dokumenty/{swot}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/dokumenty/{swot}/verze/1/swot.png"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let got = app
        .get(&format!("/dokumenty/{analysis}/verze/2/analyza-v2.pdf"))
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, PDF);
    assert_eq!(got.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(
        got.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''analyza-v2.pdf")
    );

    // Filters narrow both lists and refuse what they do not know.
    let found = app
        .get("/dokumenty?text=senioru&druh=analyza&rok=2026")
        .await;
    assert!(
        found.body.contains("Analýza potřeb seniorů 2026"),
        "{}",
        found.body
    );
    assert!(
        found
            .body
            .contains("Výběru neodpovídá žádný sestavený dokument.")
    );
    let minutes = app.get("/dokumenty?druh=zapis").await;
    assert!(
        minutes
            .body
            .contains("Zápis z jednání pracovní skupiny Senioři")
    );
    assert!(!minutes.body.contains("Analýza potřeb seniorů 2026"));
    let none = app.get("/dokumenty?druh=zapis&rok=2020").await;
    assert!(
        none.body
            .contains("Výběru neodpovídá žádný dokument knihovny.")
    );
    let bad = app.get("/dokumenty?druh=letak").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Neznámá hodnota filtru druh dokumentu"));

    // A member reads the internal one but keeps nothing.
    login(&mut app, "clen@demo.kpss.cz").await;
    assert_eq!(
        app.get(&format!("/dokumenty/{swot}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/dokumenty/{swot}/upravit")).await.status,
        StatusCode::FORBIDDEN
    );

    // The coordinator removes it through the confirmation.
    login(&mut app, "koordinator@demo.kpss.cz").await;
    let removed = app
        .through_confirmation(&format!("/dokumenty/{swot}/odstranit"))
        .await;
    let (_, notice) = app.follow(&removed).await;
    assert_eq!(
        notice.as_deref(),
        Some("Dokument „Pracovní verze SWOT seniorů“ byl odstraněn.")
    );
    assert_eq!(
        app.get(&format!("/dokumenty/{swot}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_virus_scanner_decides_whether_a_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    // A scanner as clamdscan answers: 1 for a file carrying the EICAR mark, 0 otherwise; 2
    // (it could not scan) while the file `mode` says so.
    let (scanner, mode) = (dir.path().join("scan.sh"), dir.path().join("mode"));
    std::fs::write(
        &scanner,
        format!(
            "#!/bin/sh\nif grep -q broken '{}'; then exit 2; fi\nif grep -q EICAR; then exit 1; fi\nexit 0\n",
            mode.display()
        ),
    )
    .unwrap();
    std::fs::write(&mode, "ok").unwrap();
    let command: Vec<String> = vec!["sh".to_owned(), scanner.display().to_string()];
    let mut app = demo_app_with(|state| state.virus_scan = Some(command.into())).await;
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let mut infected = PDF.to_vec();
    infected.extend_from_slice(b"X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE");
    let form = fields(&csrf, "Manuál loga", true);
    let refused = app
        .post_named_file("/dokumenty/novy", &form, ("manual.pdf", &infected))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Antivirová kontrola v souboru našla"));
    let kept = app
        .post_named_file("/dokumenty/novy", &form, ("manual.pdf", PDF))
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);

    std::fs::write(&mode, "broken").unwrap();
    let unavailable = app
        .post_named_file("/dokumenty/novy", &form, ("manual.pdf", PDF))
        .await;
    assert_eq!(unavailable.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        unavailable
            .body
            .contains("Antivirová kontrola souboru se nepodařila")
    );
    assert_eq!(
        count(&app).await,
        DEMO_DOCUMENTS + 1,
        "only the clean file was kept"
    );
}

#[tokio::test]
async fn a_library_document_is_put_to_comments_and_settled_by_its_next_version() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let docs = kpss_store::document::documents(&store, app.tenant)
        .await
        .unwrap();
    let id_of = |title: &str| {
        docs.iter()
            .find(|d| d.draft.title.starts_with(title))
            .unwrap()
            .id
    };
    let (manual, analysis, internal) = (
        id_of("Manuál loga"),
        id_of("Analýza potřeb sociálních služeb"),
        id_of("Pracovní poznámky ke SWOT"),
    );

    // The demo's analysis went through comments in October: its table names the versions.
    let demo = kpss_store::consultation::of_document(&store, app.tenant, analysis)
        .await
        .unwrap();
    let overview = app.get(&format!("/pripominkovani/{}", demo[0].id)).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview
            .body
            .contains("Připomínkové řízení k dokumentu „Analýza potřeb")
    );
    assert!(overview.body.contains("verze 1 (analyza-potreb-2026.pdf)"));
    assert!(overview.body.contains("Znění po vypořádání připomínek:"));
    assert!(
        overview
            .body
            .contains("verze 2 (analyza-potreb-2026-v2.pdf)")
    );
    let table = app
        .get(&format!("/pripominkovani/{}/vyporadani", demo[0].id))
        .await;
    assert!(table.body.contains("celý dokument"), "{}", table.body);
    assert!(table.body.contains("Údaje o čekatelích doplněny"));
    assert!(
        table.body.contains("nová verze dokumentu"),
        "the linked change in words"
    );
    assert!(
        table.body.contains("verze 2 (analyza-potreb-2026-v2.pdf, "),
        "the version and its file, not bare audit values: {}",
        table.body
    );
    assert!(table.body.contains("Čeho se týká"));

    // The coordinator puts the logo manual to comments; dates are checked, an internal
    // document is refused.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let page = app.get(&format!("/dokumenty/{manual}")).await;
    assert!(page.body.contains("Předložit k připomínkám"));
    let open = format!("/dokumenty/{manual}/pripominkovani");
    let bad = app
        .post(
            &open,
            &[
                ("csrf", &csrf),
                ("opens_on", "1. 12. 2026"),
                ("closes_on", "1. 11. 2026"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("value=\"1. 11. 2026\""),
        "the form keeps what was typed"
    );
    let refused = app
        .post(
            &format!("/dokumenty/{internal}/pripominkovani"),
            &[
                ("csrf", &csrf),
                ("opens_on", "1. 12. 2026"),
                ("closes_on", "31. 12. 2026"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("jen veřejný dokument"));
    let today = kpss_domain::czech::today();
    let (from, to) = (
        kpss_domain::czech::format_date(today),
        kpss_domain::czech::format_date(today + time::Duration::days(30)),
    );
    let opened = app
        .post(
            &open,
            &[("csrf", &csrf), ("opens_on", &from), ("closes_on", &to)],
        )
        .await;
    let (overview, notice) = app.follow(&opened).await;
    assert_eq!(
        notice.as_deref(),
        Some("Dokument „Manuál loga komunitního plánování“ byl předložen k připomínkám.")
    );
    assert!(overview.body.contains("Celý dokument: Manuál loga"));
    let c = kpss_store::consultation::of_document(&store, app.tenant, manual)
        .await
        .unwrap()[0]
        .id;
    let again = app
        .post(
            &open,
            &[("csrf", &csrf), ("opens_on", &from), ("closes_on", &to)],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("už probíhá nebo je naplánované"));

    // A citizen comments on the whole document, never on a plan's part of it.
    app.cookie = None;
    let home = app.get("/").await;
    assert!(
        home.body.contains("Manuál loga komunitního plánování"),
        "invited on the home page"
    );
    assert_eq!(
        app.get(&format!("/pripominkovani/{c}/plan")).await.status,
        StatusCode::NOT_FOUND
    );
    let section = format!("/pripominkovani/{c}/dokument");
    let csrf = app.csrf(&section).await;
    let sent = app
        .post(
            &section,
            &[
                ("csrf", &csrf),
                ("remark", "Logo by mělo mít i černobílou verzi."),
                ("web", ""),
            ],
        )
        .await;
    let (thanks, _) = app.follow(&sent).await;
    assert!(thanks.body.contains("Děkujeme, připomínka byla přijata."));
    let comments = kpss_store::consultation::comments(&store, app.tenant, c)
        .await
        .unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].section,
        kpss_domain::consultation::Section::Document
    );

    // Consulted, the manual stays in the library.
    let csrf = login(&mut app, "koordinator@demo.kpss.cz").await;
    let kept = app
        .post(
            &format!("/dokumenty/{manual}/odstranit"),
            &[("csrf", &csrf), ("potvrzeno", "ano")],
        )
        .await;
    assert_eq!(kept.status, StatusCode::BAD_REQUEST);
    assert!(kept.body.contains("nelze odstranit"));
}
