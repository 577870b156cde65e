//! `/api/hsds/…`: the catalogue as an Open Referral HSDS 3.0 read API with kpss's Czech
//! profile (see `kpss_docs::hsds`): organisations, services, services at locations,
//! taxonomies and their terms, paged, services narrowed by organisation, kind of service and
//! the moment of their last change. Anyone may read it; answers are JSON, errors too.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kpss_docs::hsds::{self, Context, Page, ServiceRow, ids, ids::Kind, query::ListQuery};
use kpss_store::catalogue::{Organisation, Service, ServiceFilter};
use kpss_store::tenant::ListKind;
use serde::Serialize;

use crate::auth::Ctx;
use crate::{ApiError, AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/hsds", get(root))
        // The base address with a slash, as harvesters often write it, leads to the one
        // documented address.
        .route(
            "/api/hsds/",
            get(|| async { axum::response::Redirect::permanent("/api/hsds") }),
        )
        .route("/api/hsds/profil", get(profile))
        .route("/api/hsds/services", get(services))
        .route("/api/hsds/services/{id}", get(service))
        .route("/api/hsds/organizations", get(organizations))
        .route("/api/hsds/organizations/{id}", get(organization))
        .route("/api/hsds/service_at_locations", get(service_at_locations))
        .route(
            "/api/hsds/service_at_locations/{id}",
            get(service_at_location),
        )
        .route("/api/hsds/taxonomies", get(taxonomies))
        .route("/api/hsds/taxonomies/{id}", get(taxonomy))
        .route("/api/hsds/taxonomy_terms", get(taxonomy_terms))
        .route("/api/hsds/taxonomy_terms/{id}", get(taxonomy_term))
}

/// The tenant's lists an answer names things by.
struct Lists {
    tenant: i32,
    city: String,
    target_groups: Vec<(String, String)>,
    districts: Vec<(String, String)>,
}

impl Lists {
    async fn load(ctx: &Ctx, state: &AppState) -> Result<Self, Error> {
        let pairs = |items: Vec<kpss_store::tenant::ListItem>| {
            items.into_iter().map(|i| (i.code, i.name)).collect()
        };
        let list = |kind| kpss_store::tenant::list(&state.store, ctx.tenant.id, kind);
        Ok(Self {
            tenant: ctx.tenant.id,
            city: city(&ctx.tenant.name),
            target_groups: pairs(list(ListKind::TargetGroups).await?),
            districts: pairs(list(ListKind::Districts).await?),
        })
    }

    fn context(&self) -> Context<'_> {
        Context {
            tenant: self.tenant,
            city: &self.city,
            target_groups: &self.target_groups,
            districts: &self.districts,
        }
    }
}

/// The city of a tenant named „Statutární město Ostrava“: its last words after „město“.
fn city(tenant_name: &str) -> String {
    tenant_name
        .rsplit_once("město ")
        .or_else(|| tenant_name.rsplit_once("Město "))
        .map_or(tenant_name, |(_, c)| c)
        .trim()
        .to_owned()
}

fn json<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

fn query(raw: Option<String>, tenant: i32, filters: &[&str]) -> Result<ListQuery, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    ListQuery::parse(&pairs, tenant, filters).map_err(|m| ApiError(Error::BadRequest(m)))
}

/// A record's id of `kind` in the path; any other text is not found.
fn row_of(id: &str, kind: Kind, tenant: i32) -> Result<(i32, u16), ApiError> {
    ids::parse(id, kind, tenant).ok_or(ApiError(Error::NotFound))
}

fn row<'a>(s: &'a Service, o: &'a Organisation) -> ServiceRow<'a> {
    ServiceRow {
        id: s.id,
        organisation: (o.id, &o.draft),
        draft: &s.draft,
        updated_at: s.updated_at,
    }
}

/// The API's version and where its profile is.
#[derive(Serialize, utoipa::ToSchema)]
struct Root {
    version: &'static str,
    profile: &'static str,
}

#[utoipa::path(get, path = "/api/hsds", tag = "hsds",
    responses((status = 200, description = "Verze HSDS a odkaz na profil.", body = Root)))]
/// Verze HSDS a odkaz na český profil.
pub(crate) async fn root() -> Result<Response, ApiError> {
    json(&Root {
        version: hsds::VERSION,
        profile: "/api/hsds/profil",
    })
}

/// What the Czech profile adds to HSDS, for a harvester to read.
#[derive(Serialize, utoipa::ToSchema)]
struct Profile {
    name: &'static str,
    description: &'static str,
    taxonomies: Vec<hsds::Taxonomy>,
    organization_identifier_scheme: &'static str,
}

#[utoipa::path(get, path = "/api/hsds/profil", tag = "hsds",
    responses((status = 200, description = "Český profil: taxonomie a schéma IČO.", body = Profile)))]
/// Český profil HSDS 3.0.
pub(crate) async fn profile(ctx: Result<Ctx, Error>) -> Result<Response, ApiError> {
    let ctx = ctx?;
    json(&Profile {
        name: "kpss – český profil HSDS 3.0",
        description: "Katalog sociálních služeb komunitního plánování. Druhy sociálních služeb \
                      podle zákona č. 108/2006 Sb. (s paragrafem), formy poskytování a cílové \
                      skupiny města jsou taxonomie připojené ke službám jako atributy; IČO je \
                      identifikátor organizace ve schématu CZ-ICO; adresy jsou české (obvod \
                      jako region, bez úrovně státu).",
        taxonomies: hsds::taxonomies(ctx.tenant.id),
        organization_identifier_scheme: "CZ-ICO",
    })
}

#[utoipa::path(get, path = "/api/hsds/services", tag = "hsds",
    params(crate::openapi::Paging, crate::openapi::ServiceFilters),
    responses((status = 200, description = "Stránka služeb.", body = Page<hsds::Service>), (status = 400, description = "Neznámý parametr nebo chybná hodnota; zpráva česky.", body = crate::openapi::ErrorBody), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Služby katalogu po stránkách.
pub(crate) async fn services(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let filters = ["modified_after", "organization_id", "taxonomy_term_id"];
    let q = query(raw, ctx.tenant.id, &filters)?;
    let service_type = match q.taxonomy_term {
        None => None,
        Some((hsds::SERVICE_TYPES, index)) => Some(
            kpss_domain::catalogue::service_types()
                .get(usize::from(index))
                .map(|t| t.code.clone())
                .ok_or(ApiError(Error::NotFound))?,
        ),
        Some(_) => {
            return Err(ApiError(Error::BadRequest(
                "Služby lze vybírat jen podle pojmu taxonomie druhů sociálních služeb.".into(),
            )));
        }
    };
    let filter = ServiceFilter {
        organisation: q.organization,
        modified_after: q.modified_after,
        service_type,
    };
    let (total, rows) =
        kpss_store::catalogue::services_page(&state.store, ctx.tenant.id, &filter, q.window())
            .await?;
    let lists = Lists::load(&ctx, &state).await?;
    let today = kpss_domain::czech::today();
    let contents = rows
        .iter()
        .map(|(s, o)| hsds::service_summary(&lists.context(), row(s, o), today))
        .collect();
    json(&Page::new(contents, total, (q.page, q.per_page)))
}

#[utoipa::path(get, path = "/api/hsds/services/{id}", tag = "hsds",
    params(("id" = String, Path, description = "Id záznamu (UUID).")),
    responses((status = 200, description = "Služba se vším.", body = hsds::Service), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Jedna služba.
pub(crate) async fn service(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (number, _) = row_of(&id, Kind::Service, ctx.tenant.id)?;
    let s = kpss_store::catalogue::service(&state.store, ctx.tenant.id, number).await?;
    let o =
        kpss_store::catalogue::organisation(&state.store, ctx.tenant.id, s.organisation_id).await?;
    let lists = Lists::load(&ctx, &state).await?;
    let today = kpss_domain::czech::today();
    json(&hsds::service(&lists.context(), row(&s, &o), today))
}

#[utoipa::path(get, path = "/api/hsds/organizations", tag = "hsds",
    params(crate::openapi::Paging),
    responses((status = 200, description = "Stránka organizací.", body = Page<hsds::Organization>), (status = 400, description = "Neznámý parametr nebo chybná hodnota; zpráva česky.", body = crate::openapi::ErrorBody)))]
/// Organizace po stránkách.
pub(crate) async fn organizations(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let q = query(raw, ctx.tenant.id, &[])?;
    let (total, rows) =
        kpss_store::catalogue::organisations_page(&state.store, ctx.tenant.id, q.window()).await?;
    let lists = Lists::load(&ctx, &state).await?;
    let contents = rows
        .iter()
        .map(|o| hsds::organization(&lists.context(), (o.id, &o.draft), None))
        .collect();
    json(&Page::new(contents, total, (q.page, q.per_page)))
}

#[utoipa::path(get, path = "/api/hsds/organizations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "Id záznamu (UUID).")),
    responses((status = 200, description = "Organizace s jejími službami.", body = hsds::Organization), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Jedna organizace.
pub(crate) async fn organization(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (number, _) = row_of(&id, Kind::Organization, ctx.tenant.id)?;
    let o = kpss_store::catalogue::organisation(&state.store, ctx.tenant.id, number).await?;
    let services =
        kpss_store::catalogue::organisation_services(&state.store, ctx.tenant.id, o.id).await?;
    let lists = Lists::load(&ctx, &state).await?;
    let today = kpss_domain::czech::today();
    let full = services
        .iter()
        .map(|s| {
            let mut one = hsds::service(&lists.context(), row(s, &o), today);
            // The organisation is the answer itself.
            one.organization = None;
            one
        })
        .collect();
    json(&hsds::organization(
        &lists.context(),
        (o.id, &o.draft),
        Some(full),
    ))
}

/// Every place of every service of the tenant, in the order of services: (service, its
/// organisation, the place's index).
async fn places(
    state: &AppState,
    tenant: i32,
) -> Result<Vec<(Service, Organisation, usize)>, ApiError> {
    let services = kpss_store::catalogue::tenant_services(&state.store, tenant).await?;
    let organisations = kpss_store::catalogue::organisations(&state.store, tenant).await?;
    Ok(services
        .into_iter()
        .filter_map(|s| {
            let o = organisations
                .iter()
                .find(|o| o.id == s.organisation_id)?
                .clone();
            Some((s, o))
        })
        .flat_map(|(s, o)| {
            (0..s.draft.locations.len())
                .map(|i| (s.clone(), o.clone(), i))
                .collect::<Vec<_>>()
        })
        .collect())
}

#[utoipa::path(get, path = "/api/hsds/service_at_locations", tag = "hsds",
    params(crate::openapi::Paging, crate::openapi::OrganizationFilter),
    responses((status = 200, description = "Stránka služeb na místech.", body = Page<hsds::ServiceAtLocation>), (status = 400, description = "Neznámý parametr nebo chybná hodnota; zpráva česky.", body = crate::openapi::ErrorBody)))]
/// Služby na místech poskytování po stránkách.
pub(crate) async fn service_at_locations(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let q = query(raw, ctx.tenant.id, &["organization_id"])?;
    let mut all = places(&state, ctx.tenant.id).await?;
    if let Some(org) = q.organization {
        all.retain(|(_, o, _)| o.id == org);
    }
    let lists = Lists::load(&ctx, &state).await?;
    let today = kpss_domain::czech::today();
    let contents = q
        .slice(&all)
        .iter()
        .map(|(s, o, i)| {
            let c = lists.context();
            let mut sal = hsds::service_at_location(&c, row(s, o), (*i, &s.draft.locations[*i]));
            sal.service = Some(Box::new(hsds::service_summary(&c, row(s, o), today)));
            sal
        })
        .collect();
    json(&Page::new(contents, all.len() as u64, (q.page, q.per_page)))
}

#[utoipa::path(get, path = "/api/hsds/service_at_locations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "Id záznamu (UUID).")),
    responses((status = 200, description = "Služba na jednom místě.", body = hsds::ServiceAtLocation), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Jedna služba na jednom místě.
pub(crate) async fn service_at_location(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (number, part) = row_of(&id, Kind::ServiceAtLocation, ctx.tenant.id)?;
    let s = kpss_store::catalogue::service(&state.store, ctx.tenant.id, number).await?;
    let place = s
        .draft
        .locations
        .get(usize::from(part))
        .ok_or(ApiError(Error::NotFound))?;
    let o =
        kpss_store::catalogue::organisation(&state.store, ctx.tenant.id, s.organisation_id).await?;
    let lists = Lists::load(&ctx, &state).await?;
    let c = lists.context();
    let today = kpss_domain::czech::today();
    let mut sal = hsds::service_at_location(&c, row(&s, &o), (usize::from(part), place));
    let mut full = hsds::service(&c, row(&s, &o), today);
    full.service_at_locations.clear();
    sal.service = Some(Box::new(full));
    json(&sal)
}

#[utoipa::path(get, path = "/api/hsds/taxonomies", tag = "hsds",
    params(crate::openapi::Paging),
    responses((status = 200, description = "Taxonomie českého profilu.", body = Page<hsds::Taxonomy>), (status = 400, description = "Neznámý parametr nebo chybná hodnota; zpráva česky.", body = crate::openapi::ErrorBody)))]
/// Taxonomie: druhy služeb, formy, cílové skupiny.
pub(crate) async fn taxonomies(
    ctx: Result<Ctx, Error>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let q = query(raw, ctx.tenant.id, &[])?;
    let all = hsds::taxonomies(ctx.tenant.id);
    let total = all.len() as u64;
    let contents = q.slice(&all).to_vec();
    json(&Page::new(contents, total, (q.page, q.per_page)))
}

#[utoipa::path(get, path = "/api/hsds/taxonomies/{id}", tag = "hsds",
    params(("id" = String, Path, description = "Id záznamu (UUID).")),
    responses((status = 200, description = "Taxonomie.", body = hsds::Taxonomy), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Jedna taxonomie.
pub(crate) async fn taxonomy(
    ctx: Result<Ctx, Error>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (number, _) = row_of(&id, Kind::Taxonomy, ctx.tenant.id)?;
    if !(hsds::SERVICE_TYPES..=hsds::TARGET_GROUPS).contains(&number) {
        return Err(ApiError(Error::NotFound));
    }
    json(&hsds::taxonomy(ctx.tenant.id, number))
}

#[utoipa::path(get, path = "/api/hsds/taxonomy_terms", tag = "hsds",
    params(crate::openapi::Paging, crate::openapi::TermFilters),
    responses((status = 200, description = "Stránka pojmů taxonomií.", body = Page<hsds::TaxonomyTerm>), (status = 400, description = "Neznámý parametr nebo chybná hodnota; zpráva česky.", body = crate::openapi::ErrorBody)))]
/// Pojmy taxonomií po stránkách.
pub(crate) async fn taxonomy_terms(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let q = query(raw, ctx.tenant.id, &["taxonomy_id"])?;
    let lists = Lists::load(&ctx, &state).await?;
    let c = lists.context();
    let all: Vec<hsds::TaxonomyTerm> = [hsds::SERVICE_TYPES, hsds::FORMS, hsds::TARGET_GROUPS]
        .into_iter()
        .filter(|t| q.taxonomy.is_none_or(|wanted| wanted == *t))
        .flat_map(|t| hsds::terms(&c, t))
        .collect();
    let total = all.len() as u64;
    let contents = q.slice(&all).to_vec();
    json(&Page::new(contents, total, (q.page, q.per_page)))
}

#[utoipa::path(get, path = "/api/hsds/taxonomy_terms/{id}", tag = "hsds",
    params(("id" = String, Path, description = "Id záznamu (UUID).")),
    responses((status = 200, description = "Pojem taxonomie.", body = hsds::TaxonomyTerm), (status = 404, description = "Záznam neexistuje.", body = crate::openapi::ErrorBody)))]
/// Jeden pojem taxonomie.
pub(crate) async fn taxonomy_term(
    ctx: Result<Ctx, Error>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = ctx?;
    let (taxonomy, index) = row_of(&id, Kind::TaxonomyTerm, ctx.tenant.id)?;
    let lists = Lists::load(&ctx, &state).await?;
    let term = hsds::terms(&lists.context(), taxonomy)
        .into_iter()
        .nth(usize::from(index))
        .filter(|_| (hsds::SERVICE_TYPES..=hsds::TARGET_GROUPS).contains(&taxonomy))
        .ok_or(ApiError(Error::NotFound))?;
    json(&term)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_city_is_the_tenants_name_after_mesto() {
        assert_eq!(super::city("Statutární město Ostrava"), "Ostrava");
        assert_eq!(super::city("Město Kopřivnice"), "Kopřivnice");
        assert_eq!(super::city("Kopřivnice"), "Kopřivnice");
    }
}
