//! The document library: a document and its first version come together or not at all,
//! versions are numbered and read back byte for byte across chunks, a manager keeps only
//! the groups' documents, and removal takes every version with it.

use kpss_domain::document::{DocumentDraft, DocumentKind};
use kpss_store::document::{self, CHUNK, NewFile};
use time::macros::date;

use super::*;

on_both_databases!(documents_keep_their_versions_whole_and_their_keepers_apart);

fn file<'a>(name: &str, body: &'a [u8]) -> NewFile<'a> {
    NewFile {
        name: name.to_owned(),
        media_type: "application/pdf",
        body,
        note: None,
    }
}

async fn read_back(store: &Store, file_id: i32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut seq = 0;
    while let Some(piece) = document::chunk(store, file_id, seq).await.unwrap() {
        out.extend(piece);
        seq += 1;
    }
    out
}

async fn documents_keep_their_versions_whole_and_their_keepers_apart(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let other = tenant(&store, "opava").await;
    let admin = Actor::system();
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    let draft = DocumentDraft {
        title: "Analýza potřeb seniorů".into(),
        kind: DocumentKind::Analysis,
        issued_on: date!(2026 - 09 - 14),
        description: Some("Pro 7. komunitní plán".into()),
        plan: None,
        group: Some("SEN".into()),
        public: false,
    };
    // Two chunks and a bit: the pieces come back in order.
    let big: Vec<u8> = (0..(2 * CHUNK + 17)).map(|i| (i % 251) as u8).collect();
    let id = document::create(&store, t, &manager, &draft, &file("analyza.pdf", &big))
        .await
        .unwrap();
    let (found, versions) = document::document(&store, t, id).await.unwrap();
    assert_eq!(found.draft, draft);
    assert_eq!(found.current.number, 1);
    assert_eq!(found.current.size, big.len());
    assert_eq!(versions.len(), 1);
    assert_eq!(read_back(&store, found.current.id).await, big);

    // Another tenant sees nothing of it.
    assert!(matches!(
        document::document(&store, other, id).await,
        Err(Error::NotFound)
    ));

    // A manager may not hand the document to another group nor touch another group's.
    let moved = DocumentDraft {
        group: Some("DET".into()),
        ..draft.clone()
    };
    assert!(matches!(
        document::update(&store, t, &manager, (id, found.version), &moved).await,
        Err(Error::Forbidden)
    ));
    let theirs = document::create(&store, t, &admin, &moved, &file("d.pdf", b"%PDF-1.7"))
        .await
        .unwrap();
    assert!(matches!(
        document::add_version(&store, t, &manager, theirs, &file("d2.pdf", b"%PDF")).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        document::remove(&store, t, &manager, theirs).await,
        Err(Error::Forbidden)
    ));

    // A plan of another tenant is refused as the field's error, and nothing is written.
    let foreign_plan = DocumentDraft {
        plan: Some(999_999),
        ..draft.clone()
    };
    assert!(matches!(
        document::create(&store, t, &admin, &foreign_plan, &file("x.pdf", b"%PDF")).await,
        Err(Error::Invalid(_))
    ));
    assert_eq!(document::documents(&store, t).await.unwrap().len(), 2);

    // A new version becomes the current one; the old stays readable.
    let number = document::add_version(&store, t, &manager, id, &file("analyza-v2.pdf", b"%PDF-2"))
        .await
        .unwrap();
    assert_eq!(number, 2);
    let (found, versions) = document::document(&store, t, id).await.unwrap();
    assert_eq!(found.current.name, "analyza-v2.pdf");
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(read_back(&store, versions[1].id).await, big);

    // A stale description is refused.
    let renamed = DocumentDraft {
        title: "Analýza potřeb seniorů 2026".into(),
        ..draft.clone()
    };
    document::update(&store, t, &manager, (id, found.version), &renamed)
        .await
        .unwrap();
    assert!(matches!(
        document::update(&store, t, &manager, (id, found.version), &renamed).await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));

    document::remove(&store, t, &manager, id).await.unwrap();
    assert!(matches!(
        document::document(&store, t, id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        document::chunk(&store, versions[1].id, 0).await.unwrap(),
        None
    );
    let log = audit::history(&store, t, "document", id).await.unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["remove", "update", "add_version", "create"]
    );
}

on_both_databases!(a_public_document_is_consulted_and_its_comments_settled_by_a_new_version);

async fn a_public_document_is_consulted_and_its_comments_settled_by_a_new_version(store: Store) {
    use kpss_domain::consultation::{
        Channel, CommentDraft, CommentInput, ConsultationPeriod, Moderation, Origin, Section,
        Settlement,
    };
    use kpss_store::consultation::{self, Subject};

    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".into()],
    };
    let draft = DocumentDraft {
        title: "Analýza potřeb seniorů".into(),
        kind: DocumentKind::Analysis,
        issued_on: date!(2026 - 09 - 14),
        description: None,
        plan: None,
        group: Some("SEN".into()),
        public: false,
    };
    let id = document::create(&store, t, &admin, &draft, &file("analyza.pdf", b"%PDF-1"))
        .await
        .unwrap();
    let today = kpss_domain::czech::today();
    let period = ConsultationPeriod {
        opens_on: today,
        closes_on: today + time::Duration::days(30),
    };
    // Only the coordinator, only a public document, only one consultation at a time.
    assert!(matches!(
        consultation::open_document(&store, t, &admin, id, &period).await,
        Err(Error::Invalid(e)) if e.get("document") == Some(&FieldError::InternalDocument)
    ));
    let public = DocumentDraft {
        public: true,
        ..draft.clone()
    };
    document::update(&store, t, &admin, (id, 1), &public)
        .await
        .unwrap();
    assert!(matches!(
        consultation::open_document(&store, t, &manager, id, &period).await,
        Err(Error::Forbidden)
    ));
    let c = consultation::open_document(&store, t, &admin, id, &period)
        .await
        .unwrap();
    assert!(matches!(
        consultation::open_document(&store, t, &admin, id, &period).await,
        Err(Error::Invalid(e)) if e.get("document") == Some(&FieldError::ConsultationRunning)
    ));
    let found = consultation::consultation(&store, t, c).await.unwrap();
    assert_eq!((found.plan_id, found.document), (None, Some((id, 1))));
    assert_eq!(
        consultation::titles(&store, t, std::slice::from_ref(&found))
            .await
            .unwrap(),
        vec!["Analýza potřeb seniorů".to_owned()]
    );

    // Comments are on the whole document; a plan's section is not in it.
    let remark = |text: &str| {
        CommentDraft::parse(&CommentInput {
            text,
            ..CommentInput::default()
        })
        .unwrap()
    };
    assert!(matches!(
        consultation::add_online(&store, t, (c, "adresa"), Section::Plan, &remark("x"), None).await,
        Err(Error::Invalid(e)) if e.get("section") == Some(&FieldError::UnknownValue)
    ));
    let online = consultation::add_online(
        &store,
        t,
        (c, "adresa"),
        Section::Document,
        &remark("Chybí data o domácí péči."),
        None,
    )
    .await
    .unwrap();
    consultation::moderate(
        &store,
        t,
        &admin,
        (online.id, online.version),
        (Moderation::Published, None),
    )
    .await
    .unwrap();
    let origin = Origin {
        channel: Channel::Letter,
        received_on: today,
    };
    let letter = consultation::add_staff(
        &store,
        t,
        &admin,
        (c, Section::Document),
        origin,
        &remark("Doplňte prognózu."),
    )
    .await
    .unwrap();

    // The new version works the comment in; the group's manager links it to the settlement.
    document::add_version(&store, t, &manager, id, &file("analyza-v2.pdf", b"%PDF-2"))
        .await
        .unwrap();
    let online = consultation::comment(&store, t, online.id).await.unwrap();
    let changes = consultation::changes(&store, t, &online).await.unwrap();
    assert_eq!(
        changes
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        vec!["add_version"],
        "the description's change to public came before the consultation"
    );
    let settlement = Settlement::parse("vyhoveno", "Doplněno ve verzi 2.").unwrap();
    consultation::settle(
        &store,
        t,
        &manager,
        (online.id, online.version),
        (&settlement, Some(changes[0].id)),
    )
    .await
    .unwrap();
    let other = Actor {
        groups: vec!["ZP".into()],
        ..manager.clone()
    };
    assert!(matches!(
        consultation::settle(
            &store,
            t,
            &other,
            (letter.id, letter.version),
            (&settlement, None)
        )
        .await,
        Err(Error::Forbidden)
    ));
    let settled = consultation::comment(&store, t, online.id).await.unwrap();
    assert_eq!(settled.change, Some(changes[0].id));

    let subject = consultation::subject(&store, t, &found).await.unwrap();
    let Subject::Document { .. } = &subject else {
        panic!("a document's consultation");
    };
    let (put, newest) = subject.document_versions().unwrap();
    assert_eq!((put.number, newest.map(|v| v.number)), (1, Some(2)));
    assert_eq!(subject.group(Section::Document).as_deref(), Some("SEN"));

    // The consulted document stays.
    assert!(matches!(
        document::remove(&store, t, &admin, id).await,
        Err(Error::Invalid(e)) if e.get("document") == Some(&FieldError::Consulted)
    ));
    assert_eq!(
        consultation::of_document(&store, t, id)
            .await
            .unwrap()
            .len(),
        1
    );
}
