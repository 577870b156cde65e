//! The mail queue: one message per cause, claimed once, retried after a failure.

use kpss_domain::mail::{MailDraft, MailState};
use kpss_domain::meeting::{MeetingDraft, MeetingInput};
use kpss_store::{mail, meeting, work_group};
use time::{Duration, OffsetDateTime};

use super::work_groups::group;
use super::*;

on_both_databases!(invitations_are_queued_once_claimed_once_and_retried);

fn invitation(key: &str) -> MailDraft {
    MailDraft {
        kind: "pozvanka-schuzka",
        key: key.to_owned(),
        to: format!("{key}@example.cz"),
        subject: "Pozvánka".into(),
        text: "Dobrý den".into(),
        html: "<p>Dobrý den</p>".into(),
        attachment: None,
    }
}

async fn invitations_are_queued_once_claimed_once_and_retried(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let sen = work_group::create_work_group(&store, t, &admin, &group("pracovni", "SEN", None))
        .await
        .unwrap();
    let at = |day: time::Date| {
        MeetingDraft::parse(&MeetingInput {
            day: &kpss_domain::czech::format_date(day),
            from: "10:00",
            to: "11:00",
            place: "Radnice",
            agenda: "",
        })
        .unwrap()
    };
    let today = kpss_domain::czech::today();
    let past = meeting::create_meeting(&store, t, &admin, sen.id, &at(today - Duration::days(3)))
        .await
        .unwrap();
    let next = meeting::create_meeting(&store, t, &admin, sen.id, &at(today + Duration::days(10)))
        .await
        .unwrap();
    assert!(matches!(
        meeting::invite(&store, t, &admin, (past.id, past.version), &[invitation("a")]).await,
        Err(Error::Invalid(e)) if e.get("meeting") == Some(&FieldError::MeetingInPast)
    ));
    let drafts = [invitation("a"), invitation("b")];
    assert_eq!(
        meeting::invite(&store, t, &admin, (next.id, next.version), &drafts)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        meeting::invite(&store, t, &admin, (next.id, next.version), &drafts)
            .await
            .unwrap(),
        0,
        "a second click queues nothing"
    );
    let now = OffsetDateTime::now_utc();
    let claimed = mail::claim_due(&store, 10, now).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(
        claimed
            .iter()
            .all(|m| m.state == MailState::Sending && m.attempts == 1)
    );
    assert!(
        mail::claim_due(&store, 10, now).await.unwrap().is_empty(),
        "claimed messages are nobody else's"
    );
    mail::mark_sent(&store, claimed[0].id, now).await.unwrap();
    mail::mark_failed(&store, &claimed[1], "connection refused", now)
        .await
        .unwrap();
    assert!(mail::claim_due(&store, 10, now).await.unwrap().is_empty());
    let later = mail::claim_due(&store, 10, now + Duration::minutes(3))
        .await
        .unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].attempts, 2);
    assert_eq!(later[0].last_error.as_deref(), Some("connection refused"));
    assert_eq!(mail::counts(&store, t).await.unwrap(), [0, 1, 1, 0]);
    let opava = tenant(&store, "opava").await;
    assert!(mail::latest(&store, opava, 10).await.unwrap().is_empty());
}
