//! Who belongs where on a day: a group's people, the counts per KP role, a member's login.

use super::*;

/// The people of a group on `day`: each member with their membership, managers first, then by
/// function and name.
pub async fn group_people(
    store: &Store,
    tenant: i32,
    group: i32,
    day: Date,
) -> Result<Vec<(Member, Membership)>> {
    let spans = people_on(store.db(), tenant, group, day).await?;
    let ids: Vec<i32> = spans.iter().map(|(m, _)| *m).collect();
    let mut people: HashMap<i32, Member> = member::Entity::find()
        .filter(member::Column::TenantId.eq(tenant))
        .filter(member::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| (m.id, Member::from(m)))
        .collect();
    let mut out: Vec<(Member, Membership)> = spans
        .into_iter()
        .filter_map(|(id, s)| people.remove(&id).map(|m| (m, s)))
        .collect();
    out.sort_by_cached_key(|(m, s)| {
        (
            s.draft.function,
            kpss_domain::czech::sort_key(&m.draft.name),
        )
    });
    Ok(out)
}

/// The members of a group on `day` (their ids) with their memberships.
pub(crate) async fn people_on<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    group: i32,
    day: Date,
) -> Result<Vec<(i32, Membership)>> {
    membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .filter(membership::Column::WorkGroupId.eq(group))
        .filter(active_on(day))
        .all(c)
        .await?
        .into_iter()
        .map(|m| Membership::from_model(m).map(|s| (s.member, s)))
        .collect()
}

/// The member an account belongs to, if any.
pub async fn of_account(store: &Store, tenant: i32, account: i32) -> Result<Option<Member>> {
    Ok(member::Entity::find()
        .filter(member::Column::TenantId.eq(tenant))
        .filter(member::Column::AccountId.eq(account))
        .one(store.db())
        .await?
        .map(Member::from))
}

/// The login of a member, if they have one.
pub(crate) async fn account_of<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    member: i32,
) -> Result<Option<i32>> {
    Ok(member::Entity::find_by_id(member)
        .filter(member::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .and_then(|m| m.account_id))
}

/// How many members of each KP role every group of the tenant has on `day`, and how many
/// distinct people all groups have together (a person in two groups counts once there).
pub async fn role_counts(
    store: &Store,
    tenant: i32,
    day: Date,
) -> Result<(HashMap<i32, RoleCounts>, RoleCounts)> {
    // A dissolved group has no members any more, whatever their memberships say.
    let meeting: Vec<i32> = crate::work_group::work_groups(store, tenant)
        .await?
        .into_iter()
        .filter(|g| g.draft.is_active(day))
        .map(|g| g.id)
        .collect();
    let active: Vec<Membership> = memberships(store, tenant)
        .await?
        .into_iter()
        .filter(|m| m.draft.is_active(day) && meeting.contains(&m.draft.group))
        .collect();
    let mut by_group: HashMap<i32, RoleCounts> = HashMap::new();
    let mut people: HashMap<i32, Option<KpRole>> = HashMap::new();
    for m in &active {
        by_group
            .entry(m.draft.group)
            .or_default()
            .add(m.draft.kp_role);
        // A person's role overall: the first one known.
        let seen = people.entry(m.member).or_insert(m.draft.kp_role);
        if seen.is_none() {
            *seen = m.draft.kp_role;
        }
    }
    let mut total = RoleCounts::default();
    for role in people.into_values() {
        total.add(role);
    }
    Ok((by_group, total))
}
