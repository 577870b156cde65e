//! Stored codes kpss never writes (a newer version's state, a hand edit) are refused, never read
//! as an editable state or a role.

use kpss_domain::plan::PartDraft;
use kpss_store::testing::execute_raw;
use kpss_store::{action_plan, plan};

use super::*;

on_both_databases!(unknown_stored_states_and_roles_refuse_to_load,);

fn unreadable(err: Error, what: &str, value: &str) {
    match err {
        Error::Unreadable { what: w, value: v } => assert_eq!((w, v.as_str()), (what, value)),
        other => panic!("expected Unreadable {what}, got {other:?}"),
    }
}

async fn unknown_stored_states_and_roles_refuse_to_load(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let (plan_id, _) = kpss_store::testing::approved_plan(&store, t, &["SEN"]).await;
    let ap = action_plan::create_action_plan(&store, t, &admin, plan_id, 2025)
        .await
        .unwrap();

    let draft = plan::create_plan(
        &store,
        t,
        &admin,
        &kpss_domain::plan::PlanHeader::parse("7. plán", "2027", "2030").unwrap(),
    )
    .await
    .unwrap();
    let part = plan::add_part(
        &store,
        t,
        &admin,
        draft.id,
        &PartDraft::parse("SEN", "Senioři").unwrap(),
    )
    .await
    .unwrap();
    execute_raw(
        &store,
        &format!("UPDATE plan SET status = 'frozen' WHERE id = {}", draft.id),
    )
    .await;
    unreadable(
        plan::plan(&store, t, draft.id).await.unwrap_err(),
        "plan status",
        "frozen",
    );
    // Before, an unknown status read as a draft, which the coordinator could change.
    let tree_version = 1;
    unreadable(
        plan::update_part(
            &store,
            t,
            &admin,
            (part, tree_version, None),
            &PartDraft::parse("SEN", "Jiný název").unwrap(),
        )
        .await
        .unwrap_err(),
        "plan status",
        "frozen",
    );

    execute_raw(
        &store,
        &format!(
            "UPDATE action_plan SET state = 'paused' WHERE id = {}",
            ap.id
        ),
    )
    .await;
    unreadable(
        action_plan::action_plan(&store, t, ap.id)
            .await
            .unwrap_err(),
        "action plan state",
        "paused",
    );

    let jana = account::add(
        &store,
        t,
        &admin,
        NewAccount {
            email: "jana@ostrava.cz",
            name: "Jana",
            role: Role::Member,
            password_hash: "x".into(),
            organisations: &[],
            groups: &[],
        },
    )
    .await
    .unwrap();
    execute_raw(
        &store,
        &format!("UPDATE account SET role = 'root' WHERE id = {}", jana.id),
    )
    .await;
    unreadable(
        account::get(&store, t, jana.id).await.unwrap_err(),
        "role",
        "root",
    );
}
