//! `/skupiny` – the groups as the public sees them: who leads each, which organisations take
//! part, how many people of each KP role; personal contacts only where the person agreed.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use kpss_domain::member::{Function, KpRole, RoleCounts, named_publicly};
use kpss_domain::work_group::GroupKind;
use kpss_store::member;
use kpss_store::work_group::{self as store, WorkGroup};

use crate::auth::{Ctx, Layout};
use crate::catalogue::{Lists, parse_id};
use crate::{AppState, Error};

/// A group as the public list shows it.
struct Row {
    id: i32,
    code: String,
    name: String,
    kind: &'static str,
    subgroup: bool,
    /// The names of its managers.
    led_by: String,
    counts: RoleCounts,
}

#[derive(Template)]
#[template(path = "work_group/public_list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    /// How many people in how many groups.
    summary: String,
    /// KP role names with the number of people of each, all groups together.
    roles: Vec<(&'static str, usize)>,
    unknown: usize,
    role_names: Vec<&'static str>,
}

/// The managers' names of each group today.
async fn managers(
    state: &AppState,
    tenant: i32,
    groups: &[WorkGroup],
) -> Result<HashMap<i32, Vec<String>>, Error> {
    let today = kpss_domain::czech::today();
    let spans = member::memberships(&state.store, tenant).await?;
    let leading: Vec<_> = spans
        .iter()
        .filter(|s| s.draft.function == Function::Manager && s.draft.is_active(today))
        .collect();
    if leading.is_empty() {
        return Ok(HashMap::new());
    }
    let people: HashMap<i32, (String, bool)> = member::members(&state.store, tenant)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.draft.name, m.draft.publish_contact)))
        .collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for s in leading {
        if groups.iter().any(|g| g.id == s.draft.group)
            && let Some((name, consent)) = people.get(&s.member)
            && named_publicly(&s.draft, *consent)
        {
            out.entry(s.draft.group).or_default().push(name.clone());
        }
    }
    Ok(out)
}

pub(super) async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Html<String>, Error> {
    let tenant = ctx.tenant.id;
    let today = kpss_domain::czech::today();
    let groups: Vec<WorkGroup> = store::work_groups(&state.store, tenant)
        .await?
        .into_iter()
        .filter(|g| g.draft.is_active(today))
        .collect();
    let (mut counts, all) = member::role_counts(&state.store, tenant, today).await?;
    let mut led = managers(&state, tenant, &groups).await?;
    let rows: Vec<Row> = groups
        .iter()
        .map(|g| Row {
            id: g.id,
            code: g.draft.code.clone(),
            name: g.draft.name.clone(),
            kind: g.draft.kind.name(),
            subgroup: g.draft.kind == GroupKind::Subgroup,
            led_by: led.remove(&g.id).unwrap_or_default().join(", "),
            counts: counts.remove(&g.id).unwrap_or_default(),
        })
        .collect();
    let summary = format!(
        "Lidé ve skupinách: {} (kdo je ve více skupinách, je započten jednou). Činné skupiny: {}.",
        kpss_domain::czech::group_thousands(i64::try_from(all.total()).unwrap_or(i64::MAX)),
        rows.len()
    );
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            summary,
            roles: KpRole::ALL
                .iter()
                .zip(all.by_role)
                .map(|(r, n)| (r.plural(), n))
                .collect(),
            unknown: all.unknown,
            role_names: KpRole::ALL.iter().map(|r| r.plural()).collect(),
            rows,
        }
        .render()?,
    ))
}

/// A person the group page names: a manager, deputy or contact person.
struct Person {
    name: String,
    function: &'static str,
    organisation: String,
    /// E-mail and telephone, only with the person's consent.
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Template)]
#[template(path = "work_group/public_group.html")]
struct GroupPage {
    layout: Layout,
    group: WorkGroup,
    kind: &'static str,
    target_groups: String,
    founded: String,
    /// „zrušena 30. 6. 2024“ for a group that meets no more.
    dissolved: Option<String>,
    parent: Option<(i32, String)>,
    subgroups: Vec<(i32, String)>,
    people: Vec<Person>,
    /// The organisations of the members: the catalogue's with their page, others as typed.
    organisations: Vec<(Option<i32>, String)>,
    roles: Vec<(&'static str, usize)>,
    unknown: usize,
    total: String,
    /// Meetings to come, the nearest first, and the past ones, the latest first.
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    /// Tasks of the published minutes, open first.
    tasks: Vec<crate::meeting::TaskRow>,
    /// Where a task's button returns: this page.
    back: String,
    may_run: bool,
    events: crate::event::GroupEvents,
}

/// A meeting as the group page lists it.
struct MeetingRow {
    id: i32,
    when: String,
    place: String,
    /// Whether its minutes are published.
    minutes: bool,
}

pub(super) async fn group(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let tenant = ctx.tenant.id;
    let today = kpss_domain::czech::today();
    let group = store::work_group(&state.store, tenant, parse_id(&id)?).await?;
    let all = store::work_groups(&state.store, tenant).await?;
    let lists = Lists::load(&state, tenant).await?;
    let names: HashMap<i32, String> = kpss_store::catalogue::organisations(&state.store, tenant)
        .await?
        .into_iter()
        .map(|o| (o.id, o.draft.name))
        .collect();
    let members = member::group_people(&state.store, tenant, group.id, today).await?;
    let mut counts = RoleCounts::default();
    let mut organisations: Vec<(Option<i32>, String)> = Vec::new();
    let mut people = Vec::new();
    for (m, span) in &members {
        counts.add(span.draft.kp_role);
        let consent = m.draft.publish_contact;
        // A user's or carer's organisation (their provider, their club) would point at them.
        let organisation = m
            .organisation(&names)
            .filter(|_| consent || span.draft.kp_role.is_some_and(|r| !r.is_sensitive()));
        if let Some((id, name)) = organisation.clone()
            && !organisations.iter().any(|(i, n)| *i == id && *n == name)
        {
            organisations.push((id, name));
        }
        if named_publicly(&span.draft, consent) {
            people.push(Person {
                name: m.draft.name.clone(),
                function: span.draft.function.name(),
                organisation: organisation.map(|(_, n)| n).unwrap_or_default(),
                email: m.draft.email.clone().filter(|_| consent),
                phone: m.draft.phone.clone().filter(|_| consent),
            });
        }
    }
    organisations.sort_by(|a, b| kpss_domain::czech::compare(&a.1, &b.1));
    let now = time::OffsetDateTime::now_utc();
    let (mut upcoming, past): (Vec<_>, Vec<_>) =
        kpss_store::meeting::meetings(&state.store, tenant, group.id)
            .await?
            .into_iter()
            .partition(|m| m.ends_at >= now);
    upcoming.reverse();
    let row = |m: &kpss_store::meeting::Meeting| MeetingRow {
        id: m.id,
        when: crate::meeting::when(m),
        place: m.draft.place.clone(),
        minutes: m.published_at.is_some(),
    };
    let may_run = crate::meeting::may_run(&ctx, &group);
    let published =
        kpss_store::meeting::published_tasks(&state.store, tenant, (Some(group.id), None)).await?;
    // Only the tasks' owners: a national tenant has tens of thousands of members.
    let owner_ids: Vec<i32> = published
        .iter()
        .filter_map(|t| t.task.draft.owner)
        .collect();
    let owners = kpss_store::member::members_by_id(&state.store, tenant, &owner_ids).await?;
    let account_of: HashMap<i32, Option<i32>> = owners.iter().map(|m| (m.id, m.account)).collect();
    let tasks = crate::meeting::task_rows(
        published,
        &if may_run {
            owners.into_iter().map(|m| (m.id, m.draft.name)).collect()
        } else {
            crate::meeting::public_names(&state, tenant, group.id).await?
        },
        |t| {
            let owner = t
                .task
                .draft
                .owner
                .and_then(|o| account_of.get(&o).copied().flatten());
            ctx.user.as_ref().is_some_and(|u| {
                kpss_domain::meeting::may_mark(&u.actor(), &group.draft.code, owner)
            })
        },
    );
    let events = crate::event::of_group(&state, &ctx, group.id).await?;
    let d = &group.draft;
    Ok(Html(
        GroupPage {
            layout: ctx.layout(),
            kind: d.kind.name(),
            target_groups: d
                .target_groups
                .iter()
                .map(|c| lists.target_group_name(c))
                .collect::<Vec<_>>()
                .join(", "),
            founded: d
                .founded
                .map(kpss_domain::czech::format_date)
                .unwrap_or_default(),
            dissolved: d.dissolved.filter(|_| !d.is_active(today)).map(|day| {
                format!(
                    "Skupina byla zrušena k {}.",
                    kpss_domain::czech::format_date(day)
                )
            }),
            parent: d
                .parent
                .and_then(|p| all.iter().find(|g| g.id == p))
                .map(|g| (g.id, g.draft.name.clone())),
            subgroups: all
                .iter()
                .filter(|g| g.draft.parent == Some(group.id) && g.draft.is_active(today))
                .map(|g| (g.id, g.draft.name.clone()))
                .collect(),
            people,
            organisations,
            roles: KpRole::ALL
                .iter()
                .zip(counts.by_role)
                .map(|(r, n)| (r.plural(), n))
                .collect(),
            unknown: counts.unknown,
            total: kpss_domain::czech::count(counts.total(), "člen", "členové", "členů"),
            upcoming: upcoming.iter().map(row).collect(),
            past: past.iter().take(10).map(row).collect(),
            tasks,
            back: format!("/skupiny/{}", group.id),
            may_run,
            events,
            group,
        }
        .render()?,
    ))
}
