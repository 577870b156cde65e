//! Files attached to the minutes of the seniors' next meeting: what lies about its type, is too
//! large or comes after the publication is refused; the public downloads them once the minutes
//! are published.

use super::demo_round::{demo_app, login};
use super::*;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";

#[tokio::test]
async fn the_manager_attaches_files_to_the_minutes_and_the_public_reads_them_once_published() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let sen = kpss_store::work_group::work_groups(&store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.draft.code == "SEN")
        .unwrap();
    let meeting = kpss_store::meeting::meetings(&store, app.tenant, sen.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.published_at.is_none())
        .expect("the seniors' next meeting");
    let page = format!("/schuzky/{}", meeting.id);
    let upload = format!("{page}/prilohy");

    let csrf = login(&mut app, "manazer@demo.kpss.cz").await;
    assert!(app.get(&page).await.body.contains("Nahrát přílohu"));
    let fields = [("csrf", csrf.as_str())];
    let taken = app
        .post_named_file(&upload, &fields, ("C:\\Zápisy\\prezence.pdf", PDF))
        .await;
    let (shown, notice) = app.follow(&taken).await;
    assert_eq!(
        notice.as_deref(),
        Some("Příloha „prezence.pdf“ byla přidána k zápisu.")
    );
    assert!(shown.body.contains(">prezence.pdf</a> (1\u{a0}kB)"));
    for (name, body, why) in [
        ("prezence.pdf", PNG, "a picture that calls itself a PDF"),
        (
            "skript.html",
            b"<script>alert(1)</script>".as_slice(),
            "not a kept kind",
        ),
        ("prazdny.pdf", b"".as_slice(), "empty"),
    ] {
        let refused = app.post_named_file(&upload, &fields, (name, body)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(refused.body.contains("Příloha:"), "{why}: {}", refused.body);
    }
    let mut large = PDF.to_vec();
    large.resize(10 * 1024 * 1024 + 1, b' ');
    let refused = app
        .post_named_file(&upload, &fields, ("velky.pdf", &large))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Soubor je větší než 10 MB"));
    let no_token = app
        .post_named_file(&upload, &[], ("prezence.pdf", PDF))
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    let stored = kpss_store::meeting::attachments(&store, app.tenant, meeting.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "nothing refused was kept");
    let file = format!("{page}/prilohy/{}/prezence.pdf", stored[0].id);
    assert!(shown.body.contains(&format!("href=\"{file}\"")));
    let got = app.get(&file).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(got.headers["x-content-type-options"], "nosniff");
    assert_eq!(got.bytes, PDF);
    let second = app
        .post_named_file(&upload, &fields, ("fotka.png", PNG))
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let png = kpss_store::meeting::attachments(&store, app.tenant, meeting.id)
        .await
        .unwrap()[1]
        .id;
    let removed = app
        .post(&format!("{page}/prilohy/{png}/odebrat"), &[("csrf", &csrf)])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);

    // Unpublished files are the manager's; published ones everyone's, and fixed.
    let public = |app: &mut TestApp| {
        app.cookie = None;
    };
    let cookie = app.cookie.clone();
    public(&mut app);
    assert_eq!(app.get(&file).await.status, StatusCode::NOT_FOUND);
    app.cookie = cookie;
    let published = app
        .post(
            &format!("{page}/zapis"),
            &[
                ("csrf", &csrf),
                ("version", &meeting.version.to_string()),
                ("minutes", "## Závěry\n\n- Prezenční listina v příloze."),
                ("action", "zverejnit"),
            ],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let late = app
        .post_named_file(&upload, &fields, ("dodatek.pdf", PDF))
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("Zápis je schválený a zveřejněný"));
    public(&mut app);
    let read = app.get(&page).await.body;
    assert!(read.contains(">prezence.pdf</a>") && !read.contains("fotka.png"));
    let got = app.get(&file).await;
    assert_eq!((got.status, got.bytes.as_slice()), (StatusCode::OK, PDF));
}
