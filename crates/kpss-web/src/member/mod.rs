//! `/sprava/lide` – the people of community planning: the coordinator keeps each member, their
//! memberships in groups over time (KP role, function, days) and, when wanted, their login.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_domain::member::{
    Function, KpRole, MemberDraft, MemberInput, MembershipDraft, MembershipInput,
};
use kpss_store::member::{self as store, Member, Membership};
use serde::Deserialize;

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView};
use crate::{AppState, Error};

mod list;
mod person;
mod span;

use list::{ListQuery, list};
use person::{create, edit_form, invite, new_form, update};
use span::{add_membership, membership_form, new_membership, remove_membership, update_membership};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sprava/lide", get(list))
        .route("/sprava/lide/novy", get(new_form).post(create))
        .route("/sprava/lide/{id}", get(edit_form).post(update))
        .route("/sprava/lide/{id}/ucet", post(invite))
        .route(
            "/sprava/lide/{id}/clenstvi/nove",
            get(new_membership).post(add_membership),
        )
        .route(
            "/sprava/lide/{id}/clenstvi/{membership}",
            get(membership_form).post(update_membership),
        )
        .route(
            "/sprava/lide/{id}/clenstvi/{membership}/odebrat",
            post(remove_membership),
        )
}

/// The choices a membership form offers.
pub(super) struct Choices {
    groups: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    functions: Vec<(String, String)>,
}

impl Choices {
    async fn load(state: &AppState, tenant: i32) -> Result<Self, Error> {
        let today = kpss_domain::czech::today();
        Ok(Self {
            // A dissolved group stays on offer, so its memberships can be ended or corrected.
            groups: kpss_store::work_group::work_groups(&state.store, tenant)
                .await?
                .iter()
                .map(|g| {
                    let title = g.draft.title();
                    let title = if g.draft.is_active(today) {
                        title
                    } else {
                        format!("{title} (zrušena)")
                    };
                    (g.id.to_string(), title)
                })
                .collect(),
            roles: KpRole::ALL
                .iter()
                .map(|r| (r.code().to_owned(), r.name().to_owned()))
                .collect(),
            functions: Function::ALL
                .iter()
                .map(|f| (f.code().to_owned(), f.name().to_owned()))
                .collect(),
        })
    }
}

pub(super) async fn parse_membership(
    state: &AppState,
    tenant: i32,
    data: &FormData,
) -> Result<Result<MembershipDraft, kpss_domain::FieldErrors>, Error> {
    let groups: Vec<i32> = kpss_store::work_group::work_groups(&state.store, tenant)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    Ok(MembershipDraft::parse(
        &MembershipInput {
            group: data.get("group"),
            kp_role: data.get("kp_role"),
            function: data.get("function"),
            since: data.get("since"),
            until: data.get("until"),
        },
        &groups,
    ))
}
