//! What the card form offers: the measures the actor may plan under, and the organisation
//! and its services, listed when few and searched for when many.

use kpss_domain::account::Actor;
use kpss_store::catalogue::{self, OrganisationChoice, OrganisationPick};
use kpss_store::tenant::ListItem;

use crate::action_plan::MeasureInfo;
use crate::form::FormData;
use crate::{AppState, Error};

/// Organisations a select lists at most; with more the form searches instead (a national
/// tenant has tens of thousands, and listing them made the form megabytes long).
const LISTED_ORGANISATIONS: u64 = 100;
/// Organisations one search offers.
const FOUND_ORGANISATIONS: usize = 20;

/// What the planning form may offer this actor.
pub(super) struct Choices {
    pub measures: Vec<MeasureInfo>,
    /// All the organisations the actor may choose when they are few; otherwise those a search
    /// found and the one chosen.
    pub organisations: Vec<OrganisationChoice>,
    /// Too many to list: the form searches by name or IČO and offers what it found.
    pub search: bool,
    /// A search was made and found nothing.
    pub nothing_found: bool,
    /// The chosen organisation, whose services are offered.
    pub chosen: Option<i32>,
    /// (id, name) of the chosen organisation's services.
    pub services: Vec<(i32, String)>,
    pub sources: Vec<ListItem>,
}

/// The organisations a search for `text` finds: through the catalogue index (stems, typos,
/// any word of a service or its organisation), then by name or IČO for those without a service.
async fn find_organisations(
    state: &AppState,
    tenant: i32,
    text: &str,
) -> Result<Vec<OrganisationChoice>, Error> {
    let results = state.index.search(&kpss_search::Query {
        tenants: vec![tenant],
        text: text.to_owned(),
        filters: kpss_search::Filters::default(),
        sort: kpss_search::Sort::Relevance,
        page: 1,
        per_page: 50,
    })?;
    let ids: Vec<i32> = results.hits.iter().map(|h| h.id).collect();
    let mut owners: Vec<i32> = Vec::new();
    for service in catalogue::services_by_ids(&state.store, tenant, &ids).await? {
        if !owners.contains(&service.organisation_id) && owners.len() < FOUND_ORGANISATIONS {
            owners.push(service.organisation_id);
        }
    }
    let limit = FOUND_ORGANISATIONS as u64;
    let mut found = catalogue::organisation_choices(
        &state.store,
        tenant,
        OrganisationPick::Ids(&owners),
        limit,
    )
    .await?;
    for more in catalogue::organisation_choices(
        &state.store,
        tenant,
        OrganisationPick::Matching(text),
        limit,
    )
    .await?
    {
        if found.len() < FOUND_ORGANISATIONS && !found.iter().any(|o| o.id == more.id) {
            found.push(more);
        }
    }
    found.sort_by(|a, b| kpss_domain::czech::compare(&a.name, &b.name));
    Ok(found)
}

/// What the form offers, given what it holds: the organisation chosen and the text searched.
pub(super) async fn choices(
    state: &AppState,
    tenant: i32,
    actor: &Actor,
    all: Vec<MeasureInfo>,
    data: &FormData,
) -> Result<Choices, Error> {
    let wanted = data.get("organisation").parse::<i32>().ok();
    let lists_all = actor.is_admin() || actor.leads_any();
    let total = if lists_all {
        catalogue::organisation_count(&state.store, tenant).await?
    } else {
        0
    };
    let search = total > LISTED_ORGANISATIONS;
    let mut nothing_found = false;
    let mut organisations = if !lists_all {
        let own = &actor.organisations;
        catalogue::organisation_choices(&state.store, tenant, OrganisationPick::Ids(own), 1_000)
            .await?
    } else if !search {
        catalogue::organisation_choices(
            &state.store,
            tenant,
            OrganisationPick::All,
            LISTED_ORGANISATIONS,
        )
        .await?
    } else {
        let text = data.get("organisation_query").trim();
        let found = if text.is_empty() {
            Vec::new()
        } else {
            find_organisations(state, tenant, text).await?
        };
        nothing_found = !text.is_empty() && found.is_empty();
        found
    };
    if search && let Some(id) = wanted.filter(|id| !organisations.iter().any(|o| o.id == *id)) {
        let chosen =
            catalogue::organisation_choices(&state.store, tenant, OrganisationPick::Ids(&[id]), 1)
                .await?;
        organisations.splice(0..0, chosen);
    }
    let chosen = wanted.filter(|id| organisations.iter().any(|o| o.id == *id));
    let services = match chosen {
        Some(id) => catalogue::services_of_organisation(&state.store, tenant, id).await?,
        None => Vec::new(),
    };
    let measures = all
        .into_iter()
        .filter(|m| actor.role != kpss_domain::account::Role::Manager || actor.leads(&m.group))
        .collect();
    Ok(Choices {
        measures,
        organisations,
        search,
        nothing_found,
        chosen,
        services,
        sources: kpss_store::tenant::funding_sources(&state.store, tenant).await?,
    })
}
