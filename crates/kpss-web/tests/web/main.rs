//! HTTP-level tests of the pages and forms, in process, on a temporary SQLite database:
//! one test binary, a module per feature.

mod accounts;
mod action_plan;
mod attachments;
mod catalogue_pages;
mod code_lists;
mod conditional;
mod consultation;
mod demo_round;
mod documents;
mod events;
mod first_run;
mod forecast;
mod hsds;
mod import;
mod lists;
mod login;
mod look;
mod mail;
mod matrix;
mod meetings;
mod members;
mod needs;
mod notices;
mod open_data;
mod plan;
mod plan_writing;
mod publications;
mod register;
mod start;
mod surveys;
mod swot;
mod take_over;
mod tenancy;
mod work_groups;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use kpss_domain::account::{Actor, Role};
use kpss_domain::catalogue::{
    CodeLists, OrganisationDraft, OrganisationInput, ServiceDraft, ServiceInput,
};
use kpss_store::account::{self, NewAccount};
use kpss_store::catalogue;
use kpss_store::tenant::{self, ListItem, ListKind};
use kpss_store::testing::TestDb;
use tower::ServiceExt;

const PASSWORD: &str = "spravne-heslo-123";

struct TestApp {
    router: Router,
    db: TestDb,
    tenant: i32,
    cookie: Option<String>,
    own_service: i32,
    other_service: i32,
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
    /// The body as sent, for downloads.
    bytes: Vec<u8>,
}

impl TestApp {
    async fn new() -> Self {
        let db = TestDb::sqlite().await;
        let store = db.store.clone();
        let t = tenant::ensure(&store, "ostrava", "Statutární město Ostrava")
            .await
            .unwrap();
        let groups = [ListItem {
            code: "seniori".into(),
            name: "Senioři".into(),
        }];
        tenant::set_list(&store, t.id, ListKind::TargetGroups, &groups)
            .await
            .unwrap();
        let districts = [ListItem {
            code: "poruba".into(),
            name: "Poruba".into(),
        }];
        tenant::set_list(&store, t.id, ListKind::Districts, &districts)
            .await
            .unwrap();
        let system = Actor::system();
        let org = |name: &str, ico: &str| {
            OrganisationDraft::parse(&OrganisationInput {
                name: name.into(),
                ico: ico.into(),
                ..Default::default()
            })
            .unwrap()
        };
        let mine = catalogue::create_organisation(
            &store,
            t.id,
            &system,
            &org("Charita Ostrava", "00845451"),
        )
        .await
        .unwrap();
        let theirs = catalogue::create_organisation(
            &store,
            t.id,
            &system,
            &org("Slezská diakonie", "00000060"),
        )
        .await
        .unwrap();
        let codes = (vec!["seniori".to_owned()], vec!["poruba".to_owned()]);
        let service = |name: &str, kind: &str| {
            ServiceDraft::parse(
                &ServiceInput {
                    kind: "sluzba".into(),
                    name: name.into(),
                    service_type: kind.into(),
                    register_id: "1234567".into(),
                    description: "Pomoc seniorům v jejich domácnosti.".into(),
                    forms: vec!["terenni".into()],
                    target_groups: vec!["seniori".into()],
                    capacity: "40".into(),
                    ..Default::default()
                },
                CodeLists {
                    target_groups: &codes.0,
                    districts: &codes.1,
                },
            )
            .unwrap()
        };
        let own = catalogue::create_service(
            &store,
            t.id,
            &system,
            mine.id,
            &service("Pečovatelská služba Charity", "40"),
        )
        .await
        .unwrap();
        let other = catalogue::create_service(
            &store,
            t.id,
            &system,
            theirs.id,
            &service("Hospic svatého Lukáše", "52"),
        )
        .await
        .unwrap();
        catalogue::create_service(
            &store,
            t.id,
            &system,
            theirs.id,
            &service("Chráněné bydlení Lipová", "51"),
        )
        .await
        .unwrap();
        let hash = account::hash_password(PASSWORD);
        for (email, role, orgs) in [
            ("koordinator@test.cz", Role::Admin, vec![]),
            ("poskytovatel@test.cz", Role::ProviderEditor, vec![mine.id]),
        ] {
            account::add(
                &store,
                t.id,
                &system,
                NewAccount {
                    email,
                    name: email,
                    role,
                    password_hash: hash.clone(),
                    organisations: &orgs,
                    groups: &[],
                },
            )
            .await
            .unwrap();
        }
        let index = kpss_search::CatalogueIndex::build(&store).await.unwrap();
        let state = kpss_web::AppState::new(store, Arc::new(index), t.clone());
        let router = kpss_web::router(
            state,
            &kpss_web::Config {
                secure_cookies: false,
            },
        );
        Self {
            router,
            db,
            tenant: t.id,
            cookie: None,
            own_service: own.id,
            other_service: other.id,
        }
    }

    async fn send(&mut self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        // The session cookie; a login also sets the device cookie, which tests read themselves.
        if let Some(set) = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("kpss_session="))
        {
            self.cookie = Some(set.split(';').next().unwrap().to_owned());
        }
        let status = response.status();
        let headers = response.headers().clone();
        // Downloads are binary; pages are UTF-8.
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let bytes = bytes.to_vec();
        Answer {
            status,
            headers,
            body,
            bytes,
        }
    }

    async fn get(&mut self, uri: &str) -> Answer {
        self.get_at(uri, "localhost").await
    }

    async fn get_at(&mut self, uri: &str, host: &str) -> Answer {
        let mut request = Request::get(uri).header(header::HOST, host);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// The page a 303 answer leads to, and the notice it shows once (`None` without one).
    async fn follow(&mut self, answer: &Answer) -> (Answer, Option<String>) {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let to = answer.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned();
        let page = self.get(&to).await;
        let flash = page
            .body
            .split("<div class=\"notice success flash\" role=\"alert\"><p>")
            .nth(1)
            .map(|rest| rest.split("</p>").next().unwrap().to_owned());
        if flash.is_some() {
            let again = self.get(&to).await;
            assert!(
                !again.body.contains("notice success flash"),
                "a notice is shown once"
            );
        }
        (page, flash)
    }

    /// Does an irreversible action through its confirmation page: `uri` answers GET with a page
    /// that says what will happen, and its form is sent as it stands (with its hidden fields).
    async fn through_confirmation(&mut self, uri: &str) -> Answer {
        let page = self.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        assert!(page.body.contains("<h2>Co se stane</h2>"), "{}", page.body);
        let form = page
            .body
            .split(&format!("<form method=\"post\" action=\"{uri}\">"))
            .nth(1)
            .and_then(|rest| rest.split("</form>").next())
            .expect("the confirmation form posts to the action")
            .to_owned();
        let fields: Vec<(String, String)> = form
            .split("<input type=\"hidden\" name=\"")
            .skip(1)
            .map(|s| {
                let name = s.split('"').next().unwrap().to_owned();
                let value = s
                    .split("value=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                (name, value.to_owned())
            })
            .collect();
        assert!(fields.iter().any(|(n, v)| n == "potvrzeno" && v == "ano"));
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        self.post(uri, &fields).await
    }

    /// Posts a multipart form with text fields and one file field named `file`.
    async fn post_file(&mut self, uri: &str, fields: &[(&str, &str)], file: &[u8]) -> Answer {
        self.post_named_file(uri, fields, ("karty.xlsx", file))
            .await
    }

    /// A multipart form with `fields` and the file `(name, content)`.
    async fn post_named_file(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        (file_name, file): (&str, &[u8]),
    ) -> Answer {
        const BOUNDARY: &str = "kpss-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let mut request = Request::post(uri).header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// The CSRF token of the form on a page.
    async fn csrf(&mut self, uri: &str) -> String {
        self.csrf_at(uri, "localhost").await
    }

    /// The CSRF token of the form on a page of the tenant served at `host`.
    async fn csrf_at(&mut self, uri: &str, host: &str) -> String {
        let page = self.get_at(uri, host).await;
        let at = page
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a CSRF token")
            + 19;
        page.body[at..at + 64].to_owned()
    }

    /// The value of a hidden field of the form on a page (e.g. the record's `version`).
    async fn hidden(&mut self, uri: &str, name: &str) -> String {
        let page = self.get(uri).await;
        let marker = format!("name=\"{name}\" value=\"");
        let at = page.body.find(&marker).expect("the hidden field") + marker.len();
        page.body[at..].split('"').next().unwrap().to_owned()
    }

    async fn login_as(&mut self, email: &str) {
        let csrf = self.csrf("/prihlaseni").await;
        let answer = self
            .post(
                "/prihlaseni",
                &[("csrf", &csrf), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }

    async fn service_name(&self, id: i32) -> String {
        catalogue::service(&self.db.store, self.tenant, id)
            .await
            .unwrap()
            .draft
            .name
    }
}

/// Owned form fields as the `post` helper takes them.
fn as_fields<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn service_fields<'a>(
    csrf: &'a str,
    version: &'a str,
    name: &'a str,
    capacity: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", version),
        ("kind", "sluzba"),
        ("name", name),
        ("service_type", "40"),
        ("register_id", "1234567"),
        ("forms", "terenni"),
        ("target_groups", "seniori"),
        ("capacity", capacity),
        ("capacity_unit", "klienti"),
    ]
}
