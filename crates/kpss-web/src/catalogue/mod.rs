//! The catalogue on the web: public search and detail pages, the JSON API, and editing.

pub(crate) mod api;
mod edit;
pub(crate) mod public;
pub(crate) mod view;

pub use view::query_string;

use axum::Router;
use axum::routing::get;
use kpss_store::tenant::{ListItem, ListKind, Scope};

use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/katalog", get(public::search))
        .route("/katalog.csv", get(public::search_csv))
        .route("/katalog.xlsx", get(public::search_xlsx))
        .route("/katalog/sluzby/{id}", get(public::service))
        .route("/katalog/sluzby/{id}/tisk", get(public::print))
        .route("/katalog/organizace/{id}", get(public::organisation))
        .route("/api/v1/catalogue/services", get(api::services))
        .route("/sprava", get(edit::overview))
        .route("/sprava/organizace.csv", get(edit::organisations_csv))
        .route("/sprava/organizace.xlsx", get(edit::organisations_xlsx))
        .route(
            "/sprava/organizace/nova",
            get(edit::new_organisation).post(edit::create_organisation),
        )
        .route(
            "/sprava/organizace/{id}",
            get(edit::organisation_form).post(edit::update_organisation),
        )
        .route(
            "/sprava/organizace/{id}/historie",
            get(edit::organisation_history),
        )
        .route(
            "/sprava/organizace/{id}/sluzby/nova",
            get(edit::new_service).post(edit::create_service),
        )
        .route(
            "/sprava/sluzby/{id}",
            get(edit::service_form).post(edit::update_service),
        )
        .route("/sprava/sluzby/{id}/historie", get(edit::service_history))
}

/// The tenant's target groups and districts.
#[derive(Debug, Clone)]
pub(crate) struct Lists {
    pub target_groups: Vec<ListItem>,
    pub districts: Vec<ListItem>,
}

impl Lists {
    pub async fn load(state: &AppState, scope: impl Into<Scope>) -> Result<Self, Error> {
        let scope = scope.into();
        Ok(Self {
            target_groups: kpss_store::tenant::list(
                &state.store,
                scope.clone(),
                ListKind::TargetGroups,
            )
            .await?,
            districts: kpss_store::tenant::list(&state.store, scope, ListKind::Districts).await?,
        })
    }

    pub fn target_group_name(&self, code: &str) -> String {
        name_of(&self.target_groups, code)
    }

    pub fn district_name(&self, code: &str) -> String {
        name_of(&self.districts, code)
    }

    fn codes(items: &[ListItem]) -> Vec<String> {
        items.iter().map(|i| i.code.clone()).collect()
    }
}

fn name_of(items: &[ListItem], code: &str) -> String {
    items
        .iter()
        .find(|i| i.code == code)
        .map_or_else(|| code.to_owned(), |i| i.name.clone())
}

/// A path id that is not a number is a page that does not exist.
pub(crate) fn parse_id(raw: &str) -> Result<i32, Error> {
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(Error::NotFound)
}
