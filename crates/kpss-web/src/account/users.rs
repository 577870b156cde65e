//! The coordinator's accounts: the list, inviting a person, and an account over its life
//! (editing, deactivating and reactivating, a new one-time password).

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kpss_docs::table::Cell;
use kpss_domain::account::list::{AccountQuery, AccountRow};
use kpss_domain::account::{Role, parse_login_email};
use kpss_domain::listing::sort_and_page;
use kpss_domain::{FieldError, FieldErrors};
use kpss_store::account::{self as store, Account, AccountChange, NewAccount};

use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection};
use crate::listing::{Format, Frame, export};
use crate::{AppState, Error};

/// Routes of the accounts pages.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/sprava/uzivatele", get(users_page).post(add_user))
        .route("/sprava/uzivatele.csv", get(users_csv))
        .route("/sprava/uzivatele.xlsx", get(users_xlsx))
        .route(
            "/sprava/uzivatele/{id}",
            get(account_page).post(save_account),
        )
        .route("/sprava/uzivatele/{id}/aktivita", post(set_active))
        .route("/sprava/uzivatele/{id}/heslo", post(reset_password))
}

#[derive(Template)]
#[template(path = "account/users.html")]
struct UsersPage {
    layout: Layout,
    form: FormView,
    query: AccountQuery,
    accounts: Vec<AccountRow>,
    list: Frame,
    organisations: Vec<(i32, String)>,
    /// The groups a manager may lead: (code, „SEN – Senioři“).
    groups: Vec<(String, String)>,
    roles: Vec<(&'static str, &'static str)>,
    created: Option<(String, String)>,
}

/// The tenant's organisations for the organisation select, by name.
async fn organisation_choices(state: &AppState, tenant: i32) -> Result<Vec<(i32, String)>, Error> {
    Ok(kpss_store::catalogue::organisations(&state.store, tenant)
        .await?
        .into_iter()
        .map(|o| (o.id, format!("{} (IČO {})", o.draft.name, o.draft.ico)))
        .collect())
}

/// The tenant's groups for the manager's checkboxes, in the order of the group list.
async fn group_choices(state: &AppState, tenant: i32) -> Result<Vec<(String, String)>, Error> {
    Ok(kpss_store::work_group::work_groups(&state.store, tenant)
        .await?
        .into_iter()
        .map(|g| {
            (
                g.draft.code.clone(),
                format!("{} – {}", g.draft.code, g.draft.name),
            )
        })
        .collect())
}

fn roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL.iter().map(|r| (r.code(), r.name())).collect()
}

/// The tenant's accounts as list rows, with the names of their organisations.
async fn account_rows(
    state: &AppState,
    tenant: i32,
    organisations: &[(i32, String)],
) -> Result<Vec<AccountRow>, Error> {
    Ok(store::all(&state.store, tenant)
        .await?
        .into_iter()
        .map(|a| AccountRow {
            organisations: a
                .organisations
                .iter()
                .filter_map(|id| organisations.iter().find(|(i, _)| i == id))
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            id: a.id,
            email: a.email,
            name: a.name,
            role: a.role,
            active: a.active,
        })
        .collect())
}

async fn users_view(
    ctx: &Ctx,
    state: &AppState,
    form: FormView,
    created: Option<(String, String)>,
    query: AccountQuery,
) -> Result<UsersPage, Error> {
    let organisations = organisation_choices(state, ctx.tenant.id).await?;
    let rows: Vec<AccountRow> = account_rows(state, ctx.tenant.id, &organisations)
        .await?
        .into_iter()
        .filter(|r| query.keeps(r))
        .collect();
    let total = rows.len();
    let (accounts, page, pages) = sort_and_page(rows, |a, b| query.compare(a, b), &query.order);
    let count = kpss_domain::czech::count(total, "účet", "účty", "účtů");
    let list = Frame::new(
        "/sprava/uzivatele",
        count,
        (&query.order, page, pages),
        |p| query.to_query_string(p),
    );
    Ok(UsersPage {
        layout: ctx.layout(),
        form,
        accounts,
        list,
        query,
        organisations,
        groups: group_choices(state, ctx.tenant.id).await?,
        roles: roles(),
        created,
    })
}

async fn users_page(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let query = crate::listing::read(raw, AccountQuery::parse)?;
    let form = FormView::new(ctx.csrf.clone(), &FormData::default());
    Ok(Html(
        users_view(&ctx, &state, form, None, query)
            .await?
            .render()?,
    ))
}

/// The columns of an export: header and width in the workbook.
const COLUMNS: [(&str, f64); 5] = [
    ("E-mail", 32.0),
    ("Jméno", 28.0),
    ("Role", 24.0),
    ("Organizace", 40.0),
    ("Stav", 14.0),
];

/// The filtered accounts as a file.
async fn users_file(
    ctx: Ctx,
    state: AppState,
    raw: Option<String>,
    format: Format,
) -> Result<Response, Error> {
    ctx.require_admin()?;
    let query = crate::listing::read(raw, AccountQuery::parse)?;
    let organisations = organisation_choices(&state, ctx.tenant.id).await?;
    let mut rows: Vec<AccountRow> = account_rows(&state, ctx.tenant.id, &organisations)
        .await?
        .into_iter()
        .filter(|r| query.keeps(r))
        .collect();
    rows.sort_by(query.order.apply(|a, b| query.compare(a, b)));
    let cells = rows
        .into_iter()
        .map(|r| {
            vec![
                Cell::Text(r.email),
                Cell::Text(r.name),
                Cell::Text(r.role.name().to_owned()),
                Cell::Text(r.organisations),
                Cell::Text(
                    if r.active {
                        "aktivní"
                    } else {
                        "deaktivovaný"
                    }
                    .to_owned(),
                ),
            ]
        })
        .collect();
    Ok(export(
        format,
        "uzivatele",
        "Uživatelé".into(),
        &COLUMNS,
        cells,
    ))
}

async fn users_csv(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    users_file(ctx, state, raw, Format::Csv).await
}

async fn users_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    users_file(ctx, state, raw, Format::Xlsx).await
}

/// An account form as typed: e-mail, name, role, the organisation of a provider and the groups
/// of a manager, each checked.
struct Parsed {
    email: String,
    name: String,
    role: Role,
    organisations: Vec<i32>,
    groups: Vec<String>,
}

impl Parsed {
    fn change(&self) -> AccountChange<'_> {
        AccountChange {
            email: &self.email,
            name: &self.name,
            role: self.role,
            organisations: &self.organisations,
            groups: &self.groups,
        }
    }
}

async fn parse_account(
    state: &AppState,
    tenant: i32,
    form: &FormData,
) -> Result<Parsed, FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = errors.take("email", parse_login_email(form.get("email")));
    let name = errors.take(
        "full_name",
        kpss_domain::field::required_text(form.get("full_name"), 200),
    );
    let role = errors.take("role", Role::parse(form.get("role")));
    let organisation = form.get("organisation").parse::<i32>().ok();
    let groups = errors
        .take(
            "groups",
            kpss_domain::account::parse_groups(&form.all("groups").join(",")),
        )
        .unwrap_or_default();
    if role == Some(Role::Manager) && groups.is_empty() && errors.get("groups").is_none() {
        errors.add("groups", FieldError::Required);
    }
    if role == Some(Role::ProviderEditor) {
        let known =
            kpss_store::catalogue::organisation(&state.store, tenant, organisation.unwrap_or(-1))
                .await;
        if known.is_err() {
            errors.add("organisation", FieldError::Required);
        }
    }
    match (email, name, role) {
        (Some(email), Some(name), Some(role)) if errors.is_empty() => Ok(Parsed {
            email,
            name,
            role,
            // Only what the role uses is kept: a manager speaks for no organisation.
            organisations: if role == Role::ProviderEditor {
                organisation.into_iter().collect()
            } else {
                Vec::new()
            },
            groups: if role == Role::Manager {
                groups
            } else {
                Vec::new()
            },
        }),
        _ => Err(errors),
    }
}

/// A one-time password and its hash, hashed off the async workers.
pub(crate) async fn one_time_password() -> Result<(String, String), Error> {
    let password = store::one_time_password();
    let to_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || store::hash_password(&to_hash))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok((password, hash))
}

/// Creates an account and sends it an invitation link; the one-time password shown is the
/// way in when the mail does not arrive.
async fn add_user(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    form: FormData,
) -> Result<Response, Error> {
    let admin = ctx.require_admin()?.actor();
    form.check_csrf(&ctx.session).await?;
    let reject = |errors: &FieldErrors| FormView::new(ctx.csrf.clone(), &form).with_errors(errors);
    let parsed = match parse_account(&state, ctx.tenant.id, &form).await {
        Ok(parsed) => parsed,
        Err(errors) => {
            let page =
                users_view(&ctx, &state, reject(&errors), None, AccountQuery::default()).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
    };
    let (password, hash) = one_time_password().await?;
    let new = NewAccount {
        email: &parsed.email,
        name: &parsed.name,
        role: parsed.role,
        password_hash: hash,
        organisations: &parsed.organisations,
        groups: &parsed.groups,
    };
    match store::add(&state.store, ctx.tenant.id, &admin, new).await {
        Ok(account) => {
            crate::account::invite(&ctx, &state, &headers, (admin.account_id, &account)).await?;
            let form = FormView::new(ctx.csrf.clone(), &FormData::default());
            let created = Some((account.email, password));
            Ok(Html(
                users_view(&ctx, &state, form, created, AccountQuery::default())
                    .await?
                    .render()?,
            )
            .into_response())
        }
        Err(kpss_store::Error::Invalid(errors)) => {
            let page =
                users_view(&ctx, &state, reject(&errors), None, AccountQuery::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(kpss_store::Error::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("email", FieldError::AlreadyUsed);
            let page =
                users_view(&ctx, &state, reject(&errors), None, AccountQuery::default()).await?;
            Ok((StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "account/user.html")]
struct AccountPage {
    layout: Layout,
    account: Account,
    form: FormView,
    organisations: Vec<(i32, String)>,
    groups: Vec<(String, String)>,
    roles: Vec<(&'static str, &'static str)>,
    /// A new one-time password to hand over, shown once.
    password: Option<String>,
    /// Why a valid form was not saved.
    conflict: Option<&'static str>,
    /// Whether this is the coordinator's own account (no deactivation offered).
    own: bool,
}

/// The account's stored values as the form shows them.
fn account_form(account: &Account) -> FormData {
    FormData(
        vec![
            ("email".into(), account.email.clone()),
            ("full_name".into(), account.name.clone()),
            ("role".into(), account.role.code().to_owned()),
            (
                "organisation".into(),
                account
                    .organisations
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            ("version".into(), account.version.to_string()),
        ]
        .into_iter()
        .chain(account.groups.iter().map(|g| ("groups".into(), g.clone())))
        .collect(),
    )
}

async fn account_view(
    ctx: &Ctx,
    state: &AppState,
    account: Account,
    form: FormView,
) -> Result<AccountPage, Error> {
    let own = ctx.user.as_ref().is_some_and(|u| u.id == account.id);
    Ok(AccountPage {
        layout: ctx.layout(),
        form,
        organisations: organisation_choices(state, ctx.tenant.id).await?,
        groups: group_choices(state, ctx.tenant.id).await?,
        roles: roles(),
        password: None,
        conflict: None,
        own,
        account,
    })
}

/// The coordinator and the account a form on its page acts on: who may and which account
/// before the token.
async fn target(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    form: &FormData,
) -> Result<(kpss_domain::account::Actor, Account), Error> {
    let admin = ctx.require_admin()?.actor();
    let account = store::find(&state.store, ctx.tenant.id, parse_id(id)?).await?;
    form.check_csrf(&ctx.session).await?;
    Ok((admin, account))
}

/// The account page again, with what was sent and why it was not saved.
async fn rejected(
    ctx: &Ctx,
    state: &AppState,
    account: Account,
    data: &FormData,
    err: kpss_store::Error,
) -> Result<Response, Error> {
    let (status, view, conflict) = rejection(ctx, data, err)?;
    let mut page = account_view(ctx, state, account, view).await?;
    page.conflict = conflict;
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /sprava/uzivatele/{id}`
async fn account_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let account = store::find(&state.store, ctx.tenant.id, parse_id(&id)?).await?;
    let form = FormView::new(ctx.csrf.clone(), &account_form(&account));
    let page = account_view(&ctx, &state, account, form).await?;
    Ok(Html(page.render()?))
}

/// `POST /sprava/uzivatele/{id}` – saves the coordinator's changes to an account.
async fn save_account(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let (admin, account) = target(&ctx, &state, &id, &form).await?;
    let version = crate::form::version(&form)?;
    let saved = match parse_account(&state, ctx.tenant.id, &form).await {
        Ok(p) => store::update(
            &state.store,
            ctx.tenant.id,
            &admin,
            (account.id, version),
            &p.change(),
        )
        .await
        .map(drop),
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/sprava/uzivatele/{}", account.id),
                format!("Změny účtu {} byly uloženy.", account.email),
            )
            .await
        }
        Err(err) => rejected(&ctx, &state, account, &form, err).await,
    }
}

/// `POST /sprava/uzivatele/{id}/aktivita` – deactivates (`aktivni=ne`) or reactivates an
/// account.
async fn set_active(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let (admin, account) = target(&ctx, &state, &id, &form).await?;
    let active = match form.get("aktivni") {
        "ano" => true,
        "ne" => false,
        _ => return Err(Error::BadRequest("Neznámá změna stavu účtu.".into())),
    };
    let version = crate::form::version(&form)?;
    let key = (account.id, version);
    match store::set_active(&state.store, ctx.tenant.id, &admin, key, active).await {
        Ok(()) => {
            let done = if active {
                format!("Účet {} byl znovu aktivován.", account.email)
            } else {
                format!(
                    "Účet {} byl deaktivován; jeho přihlášení byla ukončena.",
                    account.email
                )
            };
            let to = format!("/sprava/uzivatele/{}", account.id);
            crate::flash::redirect(&ctx.session, &to, done).await
        }
        Err(err) => {
            let data = account_form(&account);
            rejected(&ctx, &state, account, &data, err).await
        }
    }
}

/// `POST /sprava/uzivatele/{id}/heslo` – a new one-time password, shown once; the old one and
/// every session of the account stop working.
async fn reset_password(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, Error> {
    let (admin, account) = target(&ctx, &state, &id, &form).await?;
    let (password, hash) = one_time_password().await?;
    store::reset_password(&state.store, ctx.tenant.id, &admin, account.id, hash).await?;
    // The reset raised the version; the form below must carry the new one.
    let account = store::find(&state.store, ctx.tenant.id, account.id).await?;
    let form = FormView::new(ctx.csrf.clone(), &account_form(&account));
    let mut page = account_view(&ctx, &state, account, form).await?;
    page.password = Some(password);
    Ok(Html(page.render()?).into_response())
}
