//! `/sprava/lide`: the tenant's people, filtered by group, a page at a time.

use super::*;

/// Members shown on one page of the list.
pub(super) const PER_PAGE: usize = 100;

/// The list's query: one group, one page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    #[serde(default)]
    pub(super) skupina: String,
    #[serde(default)]
    strana: String,
}

/// A member as the list shows them.
pub(super) struct Row {
    id: i32,
    name: String,
    organisation: String,
    /// „SEN (manažer / vedoucí), ZP (člen)“: the memberships of today.
    groups: String,
    publish_contact: bool,
    has_account: bool,
}

#[derive(Template)]
#[template(path = "member/list.html")]
pub(super) struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    count: String,
    groups: Vec<(String, String)>,
    group: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The tenant's organisations by id, for showing a member's.
pub(super) async fn organisation_names(
    state: &AppState,
    tenant: i32,
) -> Result<std::collections::HashMap<i32, String>, Error> {
    Ok(kpss_store::catalogue::organisations(&state.store, tenant)
        .await?
        .into_iter()
        .map(|o| (o.id, o.draft.name))
        .collect())
}

pub(super) async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let tenant = ctx.tenant.id;
    let groups = kpss_store::work_group::work_groups(&state.store, tenant).await?;
    let spans = store::memberships(&state.store, tenant).await?;
    let names = organisation_names(&state, tenant).await?;
    let today = kpss_domain::czech::today();
    let group = query.skupina.parse::<i32>().ok();
    let code_of = |id: i32| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map_or_else(String::new, |g| g.draft.code.clone())
    };
    let rows: Vec<Row> = store::members(&state.store, tenant)
        .await?
        .into_iter()
        .filter_map(|m| {
            let current: Vec<&Membership> = spans
                .iter()
                .filter(|s| s.member == m.id && s.draft.is_active(today))
                .collect();
            if group.is_some_and(|g| !current.iter().any(|s| s.draft.group == g)) {
                return None;
            }
            Some(Row {
                id: m.id,
                organisation: m.organisation(&names).map(|(_, n)| n).unwrap_or_default(),
                groups: current
                    .iter()
                    .map(|s| format!("{} ({})", code_of(s.draft.group), s.draft.function.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
                publish_contact: m.draft.publish_contact,
                has_account: m.account.is_some(),
                name: m.draft.name,
            })
        })
        .collect();
    let total = rows.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = query
        .strana
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=pages).contains(p))
        .unwrap_or(1);
    let link = |p: usize| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(g) = group {
            q.append_pair("skupina", &g.to_string());
        }
        q.append_pair("strana", &p.to_string());
        format!("/sprava/lide?{}", q.finish())
    };
    Ok(Html(
        ListPage {
            layout: ctx.layout(),
            count: kpss_domain::czech::count(total, "člověk", "lidé", "lidí"),
            rows: rows
                .into_iter()
                .skip((page - 1) * PER_PAGE)
                .take(PER_PAGE)
                .collect(),
            groups: groups
                .iter()
                .map(|g| (g.id.to_string(), g.draft.title()))
                .collect(),
            group: group.map(|g| g.to_string()).unwrap_or_default(),
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
        .render()?,
    ))
}
