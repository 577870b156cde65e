//! The consultation of a draft: comments online and from other channels, moderation by the
//! coordinator, settlement by the coordinator or the section's group manager, and no approval
//! while a comment waits.

use kpss_domain::consultation::{
    Channel, CommentDraft, CommentInput, ConsultationPeriod, Decision, Moderation, Origin, Section,
    Settlement,
};
use kpss_domain::plan::funding::MeasureFunding;
use kpss_domain::plan::{PlanAction, Resolution};
use kpss_store::consultation;

use super::*;

on_both_databases!(comments_are_moderated_and_settled_before_the_plan_is_approved);

fn remark(text: &str) -> CommentDraft {
    CommentDraft::parse(&CommentInput {
        text,
        ..CommentInput::default()
    })
    .unwrap()
}

fn settled(decision: &str) -> Settlement {
    Settlement::parse(decision, "Zapracováno do opatření.").unwrap()
}

async fn comments_are_moderated_and_settled_before_the_plan_is_approved(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan, measures) =
        kpss_store::testing::draft_plan(&store, t, &["SEN", "ZP"], &MeasureFunding::default())
            .await;
    kpss_store::testing::link_work_group_codes(&store).await;
    let (sen, zp) = (Section::Measure(measures[0]), Section::Measure(measures[1]));
    let today = kpss_domain::czech::today();
    let period = ConsultationPeriod {
        opens_on: today - time::Duration::days(3),
        closes_on: today + time::Duration::days(27),
    };
    kpss_store::plan::transition(
        &store,
        t,
        &admin,
        plan,
        1,
        &PlanAction::OpenConsultation(period),
    )
    .await
    .unwrap();
    let opened = consultation::of_plan(&store, t, plan).await.unwrap();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].period, period);
    let c = opened[0].id;
    let manager = Actor {
        account_id: None,
        role: Role::Manager,
        organisations: Vec::new(),
        groups: vec!["SEN".to_owned()],
    };

    // A citizen comments online; a section outside the draft is refused.
    let online = consultation::add_online(
        &store,
        t,
        (c, "adresa-1"),
        sen,
        &remark("Více odlehčovacích služeb."),
        None,
    )
    .await
    .unwrap();
    assert_eq!(online.moderation, Moderation::Pending);
    assert_eq!(online.channel, Channel::Web);
    assert!(matches!(
        consultation::add_online(&store, t, (c, "adresa-1"), Section::Measure(999_999), &remark("x"), None).await,
        Err(Error::Invalid(e)) if e.get("section") == Some(&FieldError::UnknownValue)
    ));
    assert_eq!(
        consultation::recent_from(&store, "adresa-1").await.unwrap(),
        1
    );

    // Paper comes through the coordinator only, published as entered.
    let origin = Origin {
        channel: Channel::Paper,
        received_on: today,
    };
    assert!(matches!(
        consultation::add_staff(&store, t, &manager, (c, zp), origin, &remark("Papír")).await,
        Err(Error::Forbidden)
    ));
    let paper = consultation::add_staff(
        &store,
        t,
        &admin,
        (c, zp),
        origin,
        &remark("Chybí chráněné bydlení."),
    )
    .await
    .unwrap();
    assert_eq!(paper.moderation, Moderation::Published);
    // A scan goes with a comment from another channel, one per comment, for the coordinator.
    let pdf = |text: &str| format!("%PDF-1.4 {text}").into_bytes();
    consultation::attach_scan(
        &store,
        t,
        &admin,
        paper.id,
        ("dopis.pdf", "application/pdf", pdf("1")),
    )
    .await
    .unwrap();
    consultation::attach_scan(
        &store,
        t,
        &admin,
        paper.id,
        ("dopis-2.pdf", "application/pdf", pdf("22")),
    )
    .await
    .unwrap();
    let (info, body) = consultation::scan(&store, t, paper.id).await.unwrap();
    assert_eq!(
        (info.name.as_str(), body),
        ("dopis-2.pdf", pdf("22")),
        "replaced"
    );
    assert_eq!(
        consultation::scan_info(&store, t, paper.id)
            .await
            .unwrap()
            .map(|i| i.size),
        Some(11)
    );
    assert!(matches!(
        consultation::attach_scan(
            &store,
            t,
            &manager,
            paper.id,
            ("x.pdf", "application/pdf", pdf("3"))
        )
        .await,
        Err(Error::Forbidden)
    ));
    assert!(
        matches!(
            consultation::attach_scan(
                &store,
                t,
                &admin,
                online.id,
                ("x.pdf", "application/pdf", pdf("4"))
            )
            .await,
            Err(Error::Invalid(_))
        ),
        "a web comment has no scan"
    );
    assert_eq!(
        consultation::scan_info(&store, t, online.id).await.unwrap(),
        None
    );

    // Nothing is approved while a comment waits.
    let resolution = Resolution::parse("1/ZM/2026", "1. 12. 2026", "Zastupitelstvo").unwrap();
    assert!(matches!(
        kpss_store::plan::transition(
            &store,
            t,
            &admin,
            plan,
            2,
            &PlanAction::Approve(resolution.clone())
        )
        .await,
        Err(Error::Conflict(Conflict::Unsettled(2)))
    ));

    // The manager of SEN settles SEN's comments only, and only once they are published.
    assert!(matches!(
        consultation::settle(
            &store,
            t,
            &manager,
            (paper.id, 1),
            (&settled("vyhoveno"), None)
        )
        .await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        consultation::settle(
            &store,
            t,
            &manager,
            (online.id, 1),
            (&settled("vyhoveno"), None)
        )
        .await,
        Err(Error::Conflict(Conflict::Transition))
    ));
    assert!(matches!(
        consultation::moderate(
            &store,
            t,
            &manager,
            (online.id, 1),
            (Moderation::Published, None)
        )
        .await,
        Err(Error::Forbidden)
    ));
    consultation::moderate(
        &store,
        t,
        &admin,
        (online.id, 1),
        (Moderation::Published, None),
    )
    .await
    .unwrap();
    assert!(matches!(
        consultation::settle(
            &store,
            t,
            &manager,
            (online.id, 1),
            (&settled("castecne"), None)
        )
        .await,
        Err(Error::Conflict(Conflict::StaleVersion))
    ));
    // The draft goes back to work the comment in; its settlement links the change it caused.
    kpss_store::plan::transition(&store, t, &admin, plan, 2, &PlanAction::ReturnToDraft)
        .await
        .unwrap();
    let tree = kpss_store::plan::plan(&store, t, plan).await.unwrap();
    let measure = tree.measures().next().unwrap();
    let mut reworded = measure.draft.clone();
    reworded.text = "Odlehčovací služby i o víkendech".into();
    kpss_store::plan::update_measure(&store, t, &admin, (measure.id, measure.version), &reworded)
        .await
        .unwrap();
    let online_now = consultation::comment(&store, t, online.id).await.unwrap();
    let linkable = consultation::changes(&store, t, &online_now).await.unwrap();
    assert_eq!(linkable.len(), 1, "the change of the commented measure");
    assert!(
        linkable[0]
            .after
            .as_deref()
            .unwrap()
            .contains("o víkendech")
    );
    assert!(
        consultation::changes(&store, t, &paper)
            .await
            .unwrap()
            .is_empty(),
        "not ZP's"
    );
    assert!(matches!(
        consultation::settle(&store, t, &manager, (online.id, 2), (&settled("castecne"), Some(999_999))).await,
        Err(Error::Invalid(e)) if e.get("change") == Some(&FieldError::UnknownValue)
    ));
    consultation::settle(
        &store,
        t,
        &manager,
        (online.id, 2),
        (&settled("castecne"), Some(linkable[0].id)),
    )
    .await
    .unwrap();
    consultation::settle(
        &store,
        t,
        &admin,
        (paper.id, 1),
        (&settled("na-vedomi"), None),
    )
    .await
    .unwrap();
    // An abusive comment, hidden with its reason, waits for nothing.
    let abuse = consultation::add_online(
        &store,
        t,
        (c, "adresa-2"),
        Section::Plan,
        &remark("Hloupost!"),
        None,
    )
    .await
    .unwrap();
    consultation::moderate(
        &store,
        t,
        &admin,
        (abuse.id, 1),
        (Moderation::Abusive, Some("Urážky".into())),
    )
    .await
    .unwrap();
    let all = consultation::comments(&store, t, c).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].settlement.as_ref().map(|s| s.decision),
        Some(Decision::PartlyAccepted)
    );
    assert_eq!(all[2].moderation_note.as_deref(), Some("Urážky"));
    assert_eq!(all[0].change, Some(linkable[0].id));
    // The reworked draft is consulted again, and approved.
    kpss_store::plan::transition(
        &store,
        t,
        &admin,
        plan,
        3,
        &PlanAction::OpenConsultation(period),
    )
    .await
    .unwrap();
    kpss_store::plan::transition(&store, t, &admin, plan, 4, &PlanAction::Approve(resolution))
        .await
        .unwrap();
    // The approved plan's settlement table stays as it was.
    assert!(matches!(
        consultation::settle(
            &store,
            t,
            &admin,
            (paper.id, 2),
            (&settled("vyhoveno"), None)
        )
        .await,
        Err(Error::Conflict(Conflict::NotEditable))
    ));

    // A consultation that closed takes no more online comments.
    let (later, later_measures) =
        kpss_store::testing::draft_plan(&store, t, &["SEN"], &MeasureFunding::default()).await;
    let past = ConsultationPeriod {
        opens_on: today - time::Duration::days(40),
        closes_on: today - time::Duration::days(10),
    };
    kpss_store::plan::transition(
        &store,
        t,
        &admin,
        later,
        1,
        &PlanAction::OpenConsultation(past),
    )
    .await
    .unwrap();
    let closed = consultation::of_plan(&store, t, later).await.unwrap()[0].id;
    assert!(matches!(
        consultation::add_online(&store, t, (closed, "adresa-3"), Section::Measure(later_measures[0]), &remark("Pozdě"), None).await,
        Err(Error::Invalid(e)) if e.get("remark") == Some(&FieldError::ConsultationClosed)
    ));
}
