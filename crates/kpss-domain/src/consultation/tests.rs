use time::macros::date;

use super::*;

#[test]
fn sections_read_back_from_their_codes() {
    for s in [
        Section::Plan,
        Section::Part(3),
        Section::Goal(12),
        Section::Measure(456),
        Section::Document,
    ] {
        assert_eq!(Section::parse(&s.code()), Some(s));
    }
    for bad in [
        "",
        "opatreni",
        "opatreni-",
        "opatreni-x",
        "opatreni-0",
        "cast--1",
        "jiny-4",
    ] {
        assert_eq!(Section::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_period_runs_from_its_first_to_its_last_day() {
    let p = ConsultationPeriod::parse("1. 10. 2026", "31. 10. 2026").unwrap();
    assert!(!p.is_open(date!(2026 - 09 - 30)));
    assert!(p.is_open(date!(2026 - 10 - 01)));
    assert!(p.is_open(date!(2026 - 10 - 31)));
    assert!(!p.is_open(date!(2026 - 11 - 01)));
    let e = ConsultationPeriod::parse("31. 10. 2026", "1. 10. 2026").unwrap_err();
    assert_eq!(e.get("closes_on"), Some(&FieldError::EndBeforeStart));
    let e = ConsultationPeriod::parse("", "zítra").unwrap_err();
    assert_eq!(e.get("opens_on"), Some(&FieldError::Required));
    assert_eq!(e.get("closes_on"), Some(&FieldError::InvalidDate));
}

#[test]
fn a_comment_needs_its_text_and_consent_to_personal_data() {
    let anonymous = CommentDraft::parse(&CommentInput {
        text: "  Chybí odlehčovací služba v Porubě. ",
        ..CommentInput::default()
    })
    .unwrap();
    assert_eq!(anonymous.text, "Chybí odlehčovací služba v Porubě.");
    assert_eq!(anonymous.email, None);
    let unconsented = CommentInput {
        text: "Text",
        name: "Jana Nová",
        email: "Jana@Example.cz",
        ..CommentInput::default()
    };
    let e = CommentDraft::parse(&unconsented).unwrap_err();
    assert_eq!(e.get("consent"), Some(&FieldError::ConsentMissing));
    let signed = CommentDraft::parse(&CommentInput {
        consent: true,
        ..unconsented
    })
    .unwrap();
    assert_eq!(signed.email.as_deref(), Some("jana@example.cz"));
    assert_eq!(signed.name.as_deref(), Some("Jana Nová"));
    let long = "ř".repeat(MAX_TEXT + 1);
    let e = CommentDraft::parse(&CommentInput {
        text: &long,
        email: "jana",
        consent: true,
        ..CommentInput::default()
    })
    .unwrap_err();
    assert!(matches!(e.get("remark"), Some(FieldError::TooLong { .. })));
    assert_eq!(e.get("email"), Some(&FieldError::InvalidEmail));
}

#[test]
fn staff_enter_comments_of_other_channels_received_by_today() {
    let today = date!(2026 - 10 - 15);
    let o = Origin::parse(
        StaffInput {
            channel: "papir",
            received_on: "14. 10. 2026",
        },
        today,
    )
    .unwrap();
    assert_eq!(o.channel, Channel::Paper);
    let e = Origin::parse(
        StaffInput {
            channel: "web",
            received_on: "16. 10. 2026",
        },
        today,
    )
    .unwrap_err();
    assert_eq!(e.get("channel"), Some(&FieldError::UnknownValue));
    assert_eq!(e.get("received_on"), Some(&FieldError::InFuture));
}

#[test]
fn hiding_keeps_its_reason_and_a_settlement_its_reasoning() {
    assert_eq!(
        parse_moderation("zverejneno", "").unwrap(),
        (Moderation::Published, None)
    );
    let e = parse_moderation("nevhodne", " ").unwrap_err();
    assert_eq!(e.get("note"), Some(&FieldError::Required));
    assert_eq!(
        parse_moderation("ceka", "").unwrap_err().get("moderation"),
        Some(&FieldError::UnknownValue)
    );
    let s = Settlement::parse("castecne", "Doplněno do opatření SEN 1.2.").unwrap();
    assert_eq!(s.decision, Decision::PartlyAccepted);
    let e = Settlement::parse("", "").unwrap_err();
    assert_eq!(e.get("decision"), Some(&FieldError::Required));
    assert_eq!(e.get("reasoning"), Some(&FieldError::Required));
}

#[test]
fn hidden_comments_are_not_counted_and_the_unsettled_come_last() {
    let c = |channel, moderation, decision| Counted {
        channel,
        moderation,
        decision,
    };
    let counts = Counts::of(&[
        c(
            Channel::Web,
            Moderation::Published,
            Some(Decision::Accepted),
        ),
        c(Channel::Web, Moderation::Pending, None),
        c(Channel::Web, Moderation::Abusive, None),
        c(Channel::Paper, Moderation::Published, Some(Decision::Noted)),
        c(Channel::Paper, Moderation::Published, None),
        c(
            Channel::Hearing,
            Moderation::Published,
            Some(Decision::Accepted),
        ),
    ]);
    assert_eq!(counts.total, 5);
    assert_eq!(
        counts.by_channel,
        vec![
            (Channel::Web, 2),
            (Channel::Paper, 2),
            (Channel::Hearing, 1)
        ]
    );
    assert_eq!(
        counts.by_decision,
        vec![
            (Some(Decision::Accepted), 2),
            (Some(Decision::Noted), 1),
            (None, 2)
        ]
    );
    assert_eq!(counts.unsettled(), 2);
    assert_eq!(Counts::of(&[]).unsettled(), 0);
}

#[test]
fn the_coordinator_moderates_and_the_groups_manager_settles() {
    let mut actor = Actor::system();
    assert!(may_moderate(&actor) && may_settle(&actor, None));
    actor.role = crate::account::Role::Manager;
    actor.groups = vec!["SEN".into()];
    assert!(!may_moderate(&actor));
    assert!(may_settle(&actor, Some("SEN")));
    assert!(!may_settle(&actor, Some("ZP")));
    assert!(
        !may_settle(&actor, None),
        "the whole plan is the coordinator's"
    );
}
