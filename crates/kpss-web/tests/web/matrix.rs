//! Every route × every kind of visitor: the router's own list of routes, each requested as an
//! anonymous visitor, each role of the demo city, a provider of another organisation and the
//! coordinator of another tenant, and each answer compared with the permission table
//! `docs/permissions.md`. A route without a row there fails the test, and so does a row for a
//! route that no longer exists.
//!
//! Forms are sent without their CSRF token, so nothing is changed: a visitor who may use the
//! form gets as far as the token check („Formulář nebyl přijat“), one who may not is refused
//! before it. A form that accepts a request without the token fails the test.

use axum::http::Method;
use kpss_domain::account::Role;
use kpss_store::{action_plan, evaluation, plan};

use super::demo_round::{DEMO_TEST_PASSWORD, demo_app};
use super::*;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/permissions.md");

/// The visitors, in the table's column order.
const VISITORS: [&str; 7] = [
    "anonym",
    "člen",
    "poskytovatel",
    "jiný poskytovatel",
    "manažer",
    "koordinátor",
    "jiný kraj/obec",
];

/// The routes the router holds, as (method, path pattern), read from its `Debug` form: axum has
/// no public list, and this is the list it routes by. HEAD follows GET and is left out.
fn routes(router: &Router) -> Vec<(Method, String)> {
    let text: String = format!("{router:?}")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text.replace(",)", ")");
    let (routes_part, rest) = text
        .split_once("node:Node{paths:{")
        .expect("axum's Debug form of a Router changed: update routes()");
    let paths_part = rest.split_once("}}").map_or(rest, |(p, _)| p);
    let id_of = |s: &str| -> Option<(String, usize)> {
        let end = s.find(')')?;
        Some((s[..end].to_owned(), end + 1))
    };
    let mut paths = std::collections::HashMap::new();
    for chunk in paths_part.split("RouteId(").skip(1) {
        let (id, after) = id_of(chunk).unwrap();
        let path = chunk[after..]
            .trim_start_matches(':')
            .trim_start_matches('"')
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        paths.insert(id, path);
    }
    let mut found = Vec::new();
    for chunk in routes_part.split("RouteId(").skip(1) {
        let (id, _) = id_of(chunk).unwrap();
        let Some(allow) = chunk
            .split_once("allow_header:Bytes(b\"")
            .and_then(|(_, a)| a.split('"').next())
        else {
            continue;
        };
        let path = &paths[&id];
        if path.contains("__private__axum_fallback") {
            continue;
        }
        for method in allow.split(',').filter(|m| *m != "HEAD") {
            found.push((Method::from_bytes(method.as_bytes()).unwrap(), path.clone()));
        }
    }
    found.sort_by(|a, b| (&a.1, a.0.as_str()).cmp(&(&b.1, b.0.as_str())));
    assert!(
        found.len() > 60,
        "only {} routes read from the router: did axum's Debug form change?",
        found.len()
    );
    found
}

/// The table's rows: „METHOD /path“ → the expected outcome per visitor.
fn table() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(TABLE).expect("docs/permissions.md");
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect()
}

/// The records the routes are asked about, all of the demo city.
struct Records {
    attachment: i32,
    event: i32,
    event_date: i32,
    plan: i32,
    /// The draft of the next plan, based on `plan` (what a comparison compares).
    next_plan: i32,
    action_plan: i32,
    card: i32,
    measure: i32,
    part: i32,
    organisation: i32,
    service: i32,
    account: i32,
    work_group: i32,
    /// The demo manager as a member, and their membership of the seniors' group.
    member: i32,
    membership: i32,
    /// A past meeting of the seniors' group, and a task of its minutes.
    meeting: i32,
    task: i32,
    /// The consultation of `plan`'s draft, and a comment of it.
    consultation: i32,
    comment: i32,
    /// The demo's survey of providers (its results are not public), and its first question.
    survey: i32,
    question: i32,
    /// An item of the seniors' SWOT for the next plan.
    swot_item: i32,
    /// The first need of the demo, and its target group's code.
    need: i32,
    /// The demo's first need ratio of the forecast.
    ratio: i32,
    target_group: String,
    /// The demo's public minutes of the seniors' group in the library.
    document: i32,
    /// The demo's register file waiting for review.
    register_upload: i32,
    tenant: i32,
}

async fn records(app: &TestApp) -> Records {
    let store = &app.db.store;
    let t = app.tenant;
    let provider = account::find_for_login(store, t, "poskytovatel@demo.kpss.cz")
        .await
        .unwrap()
        .unwrap()
        .0;
    let manager = account::find_for_login(store, t, "manazer@demo.kpss.cz")
        .await
        .unwrap()
        .unwrap()
        .0;
    let member = account::find_for_login(store, t, "clen@demo.kpss.cz")
        .await
        .unwrap()
        .unwrap()
        .0;
    let organisation = provider.organisations[0];
    let mut open_round = None;
    for p in plan::plans(store, t, false).await.unwrap() {
        for ap in action_plan::action_plans(store, t, p.id).await.unwrap() {
            if let Some(r) = evaluation::round(store, t, ap.id).await.unwrap()
                && !r.closed
            {
                open_round = Some((p.id, ap.id));
            }
        }
    }
    let (plan_id, action_plan_id) = open_round.expect("the demo city has an open round");
    let tree = plan::plan(store, t, plan_id).await.unwrap();
    let group = &manager.groups[0];
    let part = tree.parts.iter().find(|p| &p.draft.code == group).unwrap();
    let measures: Vec<i32> = part.measures().map(|m| m.id).collect();
    let card = action_plan::cards(store, t, action_plan_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| {
            c.placement.organisation_id == organisation
                && measures.contains(&c.placement.measure_id)
        })
        .expect("a card of the demo provider in the manager's group");
    let service = catalogue::organisation_services(store, t, organisation)
        .await
        .unwrap()
        .first()
        .unwrap()
        .id;
    let next_plan = plan::plans(store, t, true)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.based_on == Some(plan_id))
        .expect("the demo city's draft of the next plan")
        .id;
    let person = kpss_store::member::members(store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.account == Some(manager.id))
        .expect("the demo manager is a member");
    let (_, spans) = kpss_store::member::member(store, t, person.id)
        .await
        .unwrap();
    let work_group = kpss_store::work_group::work_groups(store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.draft.code == "SEN")
        .expect("the demo city's seniors' group")
        .id;
    let meeting = kpss_store::meeting::meetings(store, t, work_group)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.published_at.is_some())
        .expect("a meeting with published minutes");
    let task = kpss_store::meeting::tasks(store, t, meeting.id)
        .await
        .unwrap()[0]
        .id;
    // An event of the manager's group that has been held, so its dates take attendance.
    let event = kpss_store::event::events(store, t, Some(&measures))
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.dates.iter().any(|d| d.walk_ins.is_some()))
        .expect("a held event of the manager's group");
    let attachment = kpss_store::meeting::attachments(store, t, meeting.id)
        .await
        .unwrap()
        .first()
        .expect("the demo's minutes have their attendance sheet")
        .id;
    let consultation = kpss_store::consultation::of_plan(store, t, plan_id)
        .await
        .unwrap()[0]
        .id;
    let comment = kpss_store::consultation::comments(store, t, consultation)
        .await
        .unwrap()[0]
        .id;
    let survey = kpss_store::survey::surveys(store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.draft.audience == kpss_domain::survey::Audience::Providers)
        .unwrap()
        .id;
    let question = kpss_store::survey::questions(store, survey).await.unwrap()[0].id;
    let swot_item = kpss_store::swot::items(store, t, next_plan, Some(work_group))
        .await
        .unwrap()[0]
        .id;
    let first_need = kpss_store::need::needs(store, t).await.unwrap().remove(0);
    let ratio = kpss_store::forecast::ratios(store, t).await.unwrap()[0].0;
    let document = kpss_store::document::documents(store, t)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.draft.public && d.draft.group.as_deref() == Some("SEN"))
        .unwrap()
        .id;
    let register_upload = kpss_store::catalogue::register::uploads(store, t)
        .await
        .unwrap()[0]
        .0;
    Records {
        tenant: t,
        register_upload,
        document,
        ratio,
        need: first_need.id,
        target_group: first_need.draft.target_group,
        swot_item,
        survey,
        question,
        consultation,
        comment,
        attachment,
        event: event.id,
        event_date: event.dates[0].id,
        meeting: meeting.id,
        task,
        member: person.id,
        membership: spans[0].id,
        plan: plan_id,
        next_plan,
        action_plan: action_plan_id,
        card: card.id,
        measure: card.placement.measure_id,
        part: part.id,
        organisation,
        service,
        account: member.id,
        work_group,
    }
}

/// The path with its parameters filled in by the demo city's records.
fn concrete(pattern: &str, r: &Records) -> String {
    let segments: Vec<&str> = pattern.split('/').collect();
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let before = if i > 0 { segments[i - 1] } else { "" };
        let value = match (*s, before) {
            ("{id}", "plany") if pattern.ends_with("/porovnani") => r.next_plan.to_string(),
            ("{id}", "plany") if pattern.contains("/swot") => r.next_plan.to_string(),
            ("{id}", "plany") => r.plan.to_string(),
            ("{id}", "akcni-plany") => r.action_plan.to_string(),
            ("{id}", "karty") => r.card.to_string(),
            ("{id}", "organizace") => r.organisation.to_string(),
            ("{id}", "sluzby") => r.service.to_string(),
            ("{id}", "uzivatele") => r.account.to_string(),
            ("{id}", "skupiny") => r.work_group.to_string(),
            ("{id}", "lide") => r.member.to_string(),
            ("{id}", "schuzky") => r.meeting.to_string(),
            ("{id}", "ukoly") => r.task.to_string(),
            ("{id}", "akce") => r.event.to_string(),
            ("{id}", "pripominkovani") => r.consultation.to_string(),
            ("{id}", "pripominky") => r.comment.to_string(),
            ("{id}", "dotazniky") => r.survey.to_string(),
            ("{id}", "dokumenty") => r.document.to_string(),
            (
                "{id}",
                "services"
                | "organizations"
                | "service_at_locations"
                | "taxonomies"
                | "taxonomy_terms",
            ) => {
                use kpss_docs::hsds::ids::{Kind, id};
                let (kind, row) = match before {
                    "services" => (Kind::Service, (r.service, 0)),
                    "organizations" => (Kind::Organization, (r.organisation, 0)),
                    "service_at_locations" => (Kind::ServiceAtLocation, (r.service, 0)),
                    "taxonomies" => (Kind::Taxonomy, (1, 0)),
                    _ => (Kind::TaxonomyTerm, (1, 0)),
                };
                id(kind, r.tenant, row).to_string()
            }
            ("{dataset}", _) => "akcni-plany-karty".to_owned(),
            ("{id}", "registr") => r.register_upload.to_string(),
            ("{file}", "otevrena-data") => "akcni-plany-karty.csv".to_owned(),
            ("{number}", _) => "1".to_owned(),
            ("{question}", _) => r.question.to_string(),
            ("{group}", "mapa-potreb" | "pruvodce") => r.target_group.clone(),
            ("{year}", "kniha") => "2026".to_owned(),
            ("{group}", _) => r.work_group.to_string(),
            ("{id}", "potreby") => r.need.to_string(),
            ("{id}", "ukazatele") => r.ratio.to_string(),
            ("{item}", "swot") => r.swot_item.to_string(),
            ("{section}", _) => "plan".to_owned(),
            ("{attachment}", _) => r.attachment.to_string(),
            ("{name}", _) => "prezencni-listina.pdf".to_owned(),
            ("{date}", _) => r.event_date.to_string(),
            ("{membership}", _) => r.membership.to_string(),
            ("{measure}", _) => r.measure.to_string(),
            ("{part}", _) => r.part.to_string(),
            ("{list}", _) => "obvody".to_owned(),
            ("{kind}", _) => "casti".to_owned(),
            ("{item}", _) => r.part.to_string(),
            ("{token}", _) => "neplatny-odkaz".to_owned(),
            ("{*path}", _) => "kpss.css".to_owned(),
            (s, _) if s.starts_with('{') => panic!("no record for {s} in {pattern}"),
            (s, _) => s.to_owned(),
        };
        out.push(value);
    }
    out.join("/")
}

/// What a visitor met: `ok` when the route served them (a form: got as far as its token
/// check), otherwise the status that refused them.
async fn outcome(app: &mut TestApp, method: &Method, uri: &str, host: &str) -> String {
    let mut request = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::HOST, host);
    if let Some(cookie) = &app.cookie {
        request = request.header(header::COOKIE, cookie.clone());
    }
    let multipart = uri.contains("/import/")
        || uri.ends_with("/obyvatelstvo")
        || uri.ends_with("/sken")
        || uri.ends_with("/dokumenty/novy")
        || uri.ends_with("/verze")
        || uri.ends_with("/sprava/registr");
    let body = if multipart && method == Method::POST {
        // The uploads are multipart; a part without the token reaches the token check.
        request = request.header(header::CONTENT_TYPE, "multipart/form-data; boundary=X");
        Body::from(
            "--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"karty.xlsx\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nPK\r\n--X--\r\n",
        )
    } else if method == Method::POST {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        Body::from("x=1")
    } else {
        Body::empty()
    };
    let cookie = app.cookie.clone();
    let answer = app.send(request.body(body).unwrap()).await;
    // A refused request may start an anonymous session; the visitor keeps their own.
    app.cookie = cookie;
    let status = answer.status;
    assert!(
        !status.is_server_error(),
        "{method} {uri}: {status}\n{}",
        answer.body
    );
    if method == Method::POST {
        assert!(
            status.is_client_error(),
            "{method} {uri} accepted a form without its CSRF token: {status}"
        );
        if status == StatusCode::FORBIDDEN && answer.body.contains("Formulář nebyl přijat") {
            return "ok".to_owned();
        }
        return status.as_u16().to_string();
    }
    match status.as_u16() {
        200..=399 => "ok".to_owned(),
        code => code.to_string(),
    }
}

#[tokio::test]
async fn every_route_answers_every_visitor_as_the_permission_table_says() {
    let mut app = demo_app().await;
    let store = app.db.store.clone();
    let r = records(&app).await;
    let hash = account::hash_password(DEMO_TEST_PASSWORD);
    // A provider of another organisation of the same city…
    let others: Vec<i32> = catalogue::organisations(&store, app.tenant)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .filter(|id| *id != r.organisation)
        .take(1)
        .collect();
    let system = Actor::system();
    account::add(
        &store,
        app.tenant,
        &system,
        NewAccount {
            email: "jiny-poskytovatel@demo.kpss.cz",
            name: "Jiný poskytovatel",
            role: Role::ProviderEditor,
            password_hash: hash.clone(),
            organisations: &others,
            groups: &[],
        },
    )
    .await
    .unwrap();
    // …and the coordinator of another municipality, at its own address.
    let opava = tenant::add(
        &store,
        tenant::NewTenant {
            slug: "opava",
            name: "Opava",
            kind: kpss_domain::tenant::TenantKind::Municipality,
            parent: None,
            host: Some("kp.opava.cz"),
        },
    )
    .await
    .unwrap();
    account::add(
        &store,
        opava.id,
        &system,
        NewAccount {
            email: "koordinator@opava.cz",
            name: "Koordinátor Opavy",
            role: Role::Admin,
            password_hash: hash,
            organisations: &[],
            groups: &[],
        },
    )
    .await
    .unwrap();

    let logins: [(Option<&str>, &str); 7] = [
        (None, "localhost"),
        (Some("clen@demo.kpss.cz"), "localhost"),
        (Some("poskytovatel@demo.kpss.cz"), "localhost"),
        (Some("jiny-poskytovatel@demo.kpss.cz"), "localhost"),
        (Some("manazer@demo.kpss.cz"), "localhost"),
        (Some("koordinator@demo.kpss.cz"), "localhost"),
        (Some("koordinator@opava.cz"), "kp.opava.cz"),
    ];
    let mut cookies = Vec::new();
    for (email, host) in logins {
        app.cookie = None;
        if let Some(email) = email {
            let csrf = app.csrf_at("/prihlaseni", host).await;
            let body = format!(
                "csrf={csrf}&email={}&password={DEMO_TEST_PASSWORD}",
                email.replace('@', "%40")
            );
            let mut request = Request::builder()
                .method(Method::POST)
                .uri("/prihlaseni")
                .header(header::HOST, host)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(cookie) = &app.cookie {
                request = request.header(header::COOKIE, cookie.clone());
            }
            let answer = app.send(request.body(Body::from(body)).unwrap()).await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "login {email}");
        }
        cookies.push((app.cookie.clone(), host));
    }

    let routes = routes(&app.router);
    let mut observed = Vec::new();
    for (method, pattern) in &routes {
        let uri = concrete(pattern, &r);
        let mut row = Vec::new();
        for (cookie, host) in &cookies {
            app.cookie.clone_from(cookie);
            row.push(outcome(&mut app, method, &uri, host).await);
        }
        observed.push((format!("{method} {pattern}"), row));
    }

    // The other tenant's coordinator, now with a valid token of their own session: a write aimed
    // at the demo city's record is still 404, never a success.
    let (cookie, host) = cookies[VISITORS.len() - 1].clone();
    app.cookie = cookie;
    let csrf = app.csrf_at("/ucet/heslo", host).await;
    for (method, pattern) in &routes {
        if method != Method::POST || !pattern.contains("{id}") || pattern.contains("/import/") {
            continue;
        }
        let uri = concrete(pattern, &r);
        let request = Request::builder()
            .method(Method::POST)
            .uri(&uri)
            .header(header::HOST, host)
            .header(header::COOKIE, app.cookie.clone().unwrap())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={csrf}&version=1&action=schvalit&aktivni=ne"
            )))
            .unwrap();
        let answer = app.send(request).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "POST {uri} from another tenant with a valid token"
        );
    }

    if std::env::var_os("KPSS_WRITE_PERMISSIONS").is_some() {
        write_table(&observed);
        return;
    }
    let expected = table();
    let mut problems = Vec::new();
    for (route, row) in &observed {
        match expected.iter().find(|(r, _)| r == route) {
            None => problems.push(format!("{route}: no row in docs/permissions.md")),
            Some((_, want)) => {
                for (i, (got, want)) in row.iter().zip(want).enumerate() {
                    if got != want {
                        problems.push(format!(
                            "{route} as {}: expected {want}, got {got}",
                            VISITORS[i]
                        ));
                    }
                }
            }
        }
    }
    for (route, _) in &expected {
        if !observed.iter().any(|(r, _)| r == route) {
            problems.push(format!("{route}: in docs/permissions.md but not routed"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Rewrites the table's rows from what was observed (`KPSS_WRITE_PERMISSIONS=1`), keeping its
/// introduction; a reviewer reads the diff.
fn write_table(observed: &[(String, Vec<String>)]) {
    let text = std::fs::read_to_string(TABLE).unwrap_or_default();
    let intro: String = text
        .lines()
        .take_while(|l| !l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = intro;
    out.push_str(&format!("| Cesta | {} |\n", VISITORS.join(" | ")));
    out.push_str(&format!("|---|{}\n", "---|".repeat(VISITORS.len())));
    for (route, row) in observed {
        out.push_str(&format!("| `{route}` | {} |\n", row.join(" | ")));
    }
    std::fs::write(TABLE, out).unwrap();
}

/// Every route that answers JSON (to anyone: asked anonymously, then as the coordinator) is
/// in the OpenAPI document, and every operation there is a route.
#[tokio::test]
async fn the_openapi_document_lists_every_json_route() {
    let mut app = demo_app().await;
    let r = records(&app).await;
    let doc = app.get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&doc.bytes).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let routes = routes(&app.router);
    let gets: Vec<&String> = routes
        .iter()
        .filter(|(m, _)| *m == Method::GET)
        .map(|(_, p)| p)
        .collect();
    for path in &documented {
        assert!(gets.contains(&path), "{path} is documented but not routed");
    }
    let mut json_routes = Vec::new();
    for visitor in [None, Some("koordinator@demo.kpss.cz")] {
        if let Some(email) = visitor {
            super::demo_round::login(&mut app, email).await;
        }
        for pattern in &gets {
            let answer = app.get(&concrete(pattern, &r)).await;
            let json = answer
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|t| t.to_str().ok())
                .is_some_and(|t| t.contains("json"));
            if json && !json_routes.contains(pattern) {
                json_routes.push(*pattern);
            }
        }
    }
    assert!(
        json_routes.len() >= 15,
        "the HSDS, catalogue and open data routes answer JSON: {json_routes:?}"
    );
    for pattern in json_routes {
        assert!(
            documented.contains(pattern),
            "{pattern} answers JSON but the OpenAPI document does not list it"
        );
    }
}
