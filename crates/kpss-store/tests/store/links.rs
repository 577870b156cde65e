//! One-time password links: issued with their mail, spent once, replaced by a newer one, and
//! limited per hour for resets.

use kpss_domain::account::link::LinkPurpose;
use kpss_domain::mail::MailDraft;
use kpss_store::account::link;

use super::*;

on_both_databases!(a_password_link_is_mailed_works_once_and_a_newer_one_replaces_it);

fn mail(token: &str) -> MailDraft {
    MailDraft {
        kind: "obnova-hesla",
        key: String::new(),
        to: "jana@ostrava.cz".into(),
        subject: "Obnova hesla".into(),
        text: format!("/heslo/{token}"),
        html: String::new(),
        attachment: None,
    }
}

async fn a_password_link_is_mailed_works_once_and_a_newer_one_replaces_it(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let jana = account::add(
        &store,
        t,
        &Actor::system(),
        NewAccount {
            email: "jana@ostrava.cz",
            name: "Jana",
            role: Role::Member,
            password_hash: account::hash_password("puvodni-heslo-1"),
            organisations: &[],
            groups: &[],
        },
    )
    .await
    .unwrap();
    let mut tokens = Vec::new();
    for i in 0..4 {
        let sent = link::issue(&store, t, None, (jana.id, LinkPurpose::Reset), |token| {
            tokens.push(token.to_owned());
            mail(token)
        })
        .await
        .unwrap();
        assert_eq!(sent, i < 3, "three resets an hour");
    }
    assert_eq!(tokens.len(), 3);
    let queued = kpss_store::mail::latest(&store, t, 10).await.unwrap();
    assert_eq!(queued.len(), 3);
    assert_eq!(queued[0].text, format!("/heslo/{}", tokens[2]));
    // Only the newest link works, and only once.
    assert!(
        link::account_of(&store, t, &tokens[0])
            .await
            .unwrap()
            .is_none()
    );
    let (found, purpose) = link::account_of(&store, t, &tokens[2])
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.id, purpose), (jana.id, LinkPurpose::Reset));
    let other = tenant(&store, "opava").await;
    assert!(
        link::account_of(&store, other, &tokens[2])
            .await
            .unwrap()
            .is_none()
    );
    let hash = account::hash_password("nove-heslo-2026");
    assert_eq!(
        link::redeem(&store, t, &tokens[2], hash.clone())
            .await
            .unwrap(),
        jana.id
    );
    let (_, stored) = account::find_for_login(&store, t, "jana@ostrava.cz")
        .await
        .unwrap()
        .unwrap();
    assert!(account::verify_password("nove-heslo-2026", &stored));
    match link::redeem(&store, t, &tokens[2], hash).await {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.get("new_password"), Some(&FieldError::LinkExpired));
        }
        other => panic!("{other:?}"),
    }
}
