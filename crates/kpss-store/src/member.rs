//! The people of community planning and their memberships in groups. A membership with the
//! function „manažer“ is what gives a member's account the group's manager rights.

use std::collections::HashMap;

use kpss_domain::account::Actor;
use kpss_domain::member::{Function, KpRole, MemberDraft, MembershipDraft, RoleCounts};
use kpss_domain::{FieldError, FieldErrors};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::Date;

use crate::entity::{account, member, membership, work_group};
use crate::{Conflict, Error, Result, Store};

/// A stored member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i32,
    pub draft: MemberDraft,
    /// The member's login, if they have one.
    pub account: Option<i32>,
    pub version: i32,
}

impl From<member::Model> for Member {
    fn from(m: member::Model) -> Self {
        Self {
            id: m.id,
            draft: MemberDraft {
                name: m.name,
                email: m.email,
                phone: m.phone,
                organisation: m.organisation_id,
                organisation_name: m.organisation_name,
                publish_contact: m.publish_contact,
            },
            account: m.account_id,
            version: m.version,
        }
    }
}

impl Member {
    /// Where the member comes from: the catalogue's organisation (with its id, named from
    /// `names`) or the one typed.
    #[must_use]
    pub fn organisation(&self, names: &HashMap<i32, String>) -> Option<(Option<i32>, String)> {
        match self.draft.organisation {
            Some(id) => names.get(&id).map(|n| (Some(id), n.clone())),
            None => self.draft.organisation_name.clone().map(|n| (None, n)),
        }
    }
}

/// A stored membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: i32,
    pub member: i32,
    pub draft: MembershipDraft,
}

impl Membership {
    fn from_model(m: membership::Model) -> Result<Self> {
        Ok(Self {
            id: m.id,
            member: m.member_id,
            draft: MembershipDraft {
                group: m.work_group_id,
                kp_role: match m.kp_role {
                    Some(code) => Some(crate::decode("KP role", &code, KpRole::parse)?),
                    None => None,
                },
                function: crate::decode("function", &m.function, Function::parse)?,
                since: m.since,
                until: m.until,
            },
        })
    }
}

/// The tenant's members, by name.
pub async fn members(store: &Store, tenant: i32) -> Result<Vec<Member>> {
    let mut all: Vec<Member> = member::Entity::find()
        .filter(member::Column::TenantId.eq(tenant))
        .all(store.db())
        .await?
        .into_iter()
        .map(Member::from)
        .collect();
    all.sort_by_cached_key(|m| kpss_domain::czech::sort_key(&m.draft.name));
    Ok(all)
}

/// Every membership of the tenant, for lists that show each member's groups.
pub async fn memberships(store: &Store, tenant: i32) -> Result<Vec<Membership>> {
    membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .order_by_asc(membership::Column::Since)
        .order_by_asc(membership::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Membership::from_model)
        .collect()
}

/// One member of the tenant with their memberships, newest first.
pub async fn member(store: &Store, tenant: i32, id: i32) -> Result<(Member, Vec<Membership>)> {
    let found = find(store.db(), tenant, id).await?;
    let spans = spans(store.db(), tenant, id).await?;
    Ok((found, spans))
}

async fn find<C: ConnectionTrait>(c: &C, tenant: i32, id: i32) -> Result<Member> {
    member::Entity::find_by_id(id)
        .filter(member::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .map(Member::from)
        .ok_or(Error::NotFound)
}

async fn spans<C: ConnectionTrait>(c: &C, tenant: i32, member: i32) -> Result<Vec<Membership>> {
    membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .filter(membership::Column::MemberId.eq(member))
        .order_by_desc(membership::Column::Since)
        .order_by_desc(membership::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(Membership::from_model)
        .collect()
}

fn row(tenant: i32, draft: &MemberDraft) -> member::ActiveModel {
    member::ActiveModel {
        tenant_id: Set(tenant),
        name: Set(draft.name.clone()),
        email: Set(draft.email.clone()),
        phone: Set(draft.phone.clone()),
        organisation_id: Set(draft.organisation),
        organisation_name: Set(draft.organisation_name.clone()),
        publish_contact: Set(draft.publish_contact),
        ..Default::default()
    }
}

/// Adds a member, with their first membership when given; only the coordinator may.
pub async fn create_member(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    draft: &MemberDraft,
    first: Option<&MembershipDraft>,
) -> Result<Member> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let created = insert(&txn, tenant, actor.account_id, draft, None).await?;
    if let Some(span) = first {
        check_group(&txn, tenant, span.group).await?;
        join(&txn, (tenant, actor.account_id), created.id, span).await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// Inserts a membership with its audit entry.
async fn join<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, Option<i32>),
    member: i32,
    draft: &MembershipDraft,
) -> Result<Membership> {
    let created = Membership::from_model(
        membership::Entity::insert(span_row(tenant, member, draft))
            .exec_with_returning(c)
            .await?,
    )?;
    crate::audit::record(
        c,
        tenant,
        actor,
        ("member", member),
        "membership-add",
        None::<&()>,
        Some(&created.draft),
    )
    .await?;
    Ok(created)
}

async fn insert<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    actor: Option<i32>,
    draft: &MemberDraft,
    account: Option<i32>,
) -> Result<Member> {
    let mut new = row(tenant, draft);
    new.account_id = Set(account);
    new.version = Set(1);
    let created: Member = member::Entity::insert(new)
        .exec_with_returning(c)
        .await?
        .into();
    crate::audit::record(
        c,
        tenant,
        actor,
        ("member", created.id),
        "create",
        None::<&()>,
        Some(&created.draft),
    )
    .await?;
    Ok(created)
}

/// Changes a member, if nobody changed them since `version`; only the coordinator may.
pub async fn update_member(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (id, version): (i32, i32),
    draft: &MemberDraft,
) -> Result<Member> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    let before = find(&txn, tenant, id).await?;
    let mut change = row(tenant, draft);
    change.version = Set(version + 1);
    let written = member::Entity::update_many()
        .set(change)
        .filter(member::Column::Id.eq(id))
        .filter(member::Column::TenantId.eq(tenant))
        .filter(member::Column::Version.eq(version))
        .exec(&txn)
        .await?
        .rows_affected;
    if written == 0 {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let after = find(&txn, tenant, id).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("member", id),
        "update",
        Some(&before.draft),
        Some(&after.draft),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Refuses a span that shares a day with another membership of the member in the same group
/// (`except`: the membership being changed). Checked in the writing transaction.
async fn check_overlap<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    member: i32,
    draft: &MembershipDraft,
    except: Option<i32>,
) -> Result<()> {
    let clash = spans(c, tenant, member).await?.into_iter().any(|m| {
        Some(m.id) != except
            && m.draft.group == draft.group
            && m.draft.overlaps(draft.since, draft.until)
    });
    if clash {
        let mut errors = FieldErrors::default();
        errors.add("since", FieldError::MembershipOverlaps);
        return Err(Error::Invalid(errors));
    }
    Ok(())
}

/// The group must be the tenant's.
async fn check_group<C: ConnectionTrait>(c: &C, tenant: i32, group: i32) -> Result<()> {
    let found = work_group::Entity::find_by_id(group)
        .filter(work_group::Column::TenantId.eq(tenant))
        .one(c)
        .await?;
    if found.is_none() {
        let mut errors = FieldErrors::default();
        errors.add("group", FieldError::UnknownValue);
        return Err(Error::Invalid(errors));
    }
    Ok(())
}

fn span_row(tenant: i32, member: i32, draft: &MembershipDraft) -> membership::ActiveModel {
    membership::ActiveModel {
        tenant_id: Set(tenant),
        member_id: Set(member),
        work_group_id: Set(draft.group),
        kp_role: Set(draft.kp_role.map(|r| r.code().to_owned())),
        function: Set(draft.function.code().to_owned()),
        since: Set(draft.since),
        until: Set(draft.until),
        ..Default::default()
    }
}

/// Adds a member to a group for a span of days; only the coordinator may.
pub async fn add_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    member: i32,
    draft: &MembershipDraft,
) -> Result<Membership> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    // The member row is locked first, so two additions for one member are checked in turn.
    lock(&txn, tenant, member).await?;
    check_group(&txn, tenant, draft.group).await?;
    check_overlap(&txn, tenant, member, draft, None).await?;
    let created = join(&txn, (tenant, actor.account_id), member, draft).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a membership (its role, function or days); only the coordinator may.
pub async fn update_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (member, id): (i32, i32),
    draft: &MembershipDraft,
) -> Result<Membership> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let before = spans(&txn, tenant, member)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)?;
    check_group(&txn, tenant, draft.group).await?;
    check_overlap(&txn, tenant, member, draft, Some(id)).await?;
    let mut change = span_row(tenant, member, draft);
    change.id = Set(id);
    let after = Membership::from_model(membership::Entity::update(change).exec(&txn).await?)?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("member", member),
        "membership-update",
        Some(&before.draft),
        Some(&after.draft),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes a membership entered by mistake (one that ended is kept with its last day instead);
/// only the coordinator may.
pub async fn remove_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (member, id): (i32, i32),
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let before = spans(&txn, tenant, member)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)?;
    membership::Entity::delete_by_id(id).exec(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("member", member),
        "membership-remove",
        Some(&before.draft),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Raises the member's version, which also locks the row until the transaction ends (and
/// tells an open member form that something changed).
async fn lock<C: ConnectionTrait>(c: &C, tenant: i32, member: i32) -> Result<()> {
    let written = member::Entity::update_many()
        .col_expr(
            member::Column::Version,
            Expr::col(member::Column::Version).add(1),
        )
        .filter(member::Column::Id.eq(member))
        .filter(member::Column::TenantId.eq(tenant))
        .exec(c)
        .await?
        .rows_affected;
    if written == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Memberships that last on `day`.
fn active_on(day: Date) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(membership::Column::Since.lte(day))
        .add(
            sea_orm::Condition::any()
                .add(membership::Column::Until.is_null())
                .add(membership::Column::Until.gte(day)),
        )
}

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

/// The codes of the groups each of these accounts leads on `day` (a „manažer“ membership of
/// the account's member).
pub(crate) async fn led_codes<C: ConnectionTrait>(
    c: &C,
    accounts: &[i32],
    day: Date,
) -> Result<HashMap<i32, Vec<String>>> {
    if accounts.is_empty() {
        return Ok(HashMap::new());
    }
    let people: HashMap<i32, i32> = member::Entity::find()
        .filter(member::Column::AccountId.is_in(accounts.iter().copied()))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|m| m.account_id.map(|a| (m.id, a)))
        .collect();
    if people.is_empty() {
        return Ok(HashMap::new());
    }
    let spans = membership::Entity::find()
        .filter(membership::Column::MemberId.is_in(people.keys().copied()))
        .filter(membership::Column::Function.eq(Function::Manager.code()))
        .filter(active_on(day))
        .all(c)
        .await?;
    // A dissolved group is led by nobody.
    let codes: HashMap<i32, String> = work_group::Entity::find()
        .filter(work_group::Column::Id.is_in(spans.iter().map(|s| s.work_group_id)))
        .filter(
            sea_orm::Condition::any()
                .add(work_group::Column::Dissolved.is_null())
                .add(work_group::Column::Dissolved.gt(day)),
        )
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for s in spans {
        if let (Some(account), Some(code)) = (people.get(&s.member_id), codes.get(&s.work_group_id))
        {
            let led = out.entry(*account).or_default();
            if !led.contains(code) {
                led.push(code.clone());
            }
        }
    }
    for led in out.values_mut() {
        led.sort();
    }
    Ok(out)
}

/// Makes the account lead exactly the groups of `codes` from `day`: a „manažer“ membership is
/// added for a group it does not lead yet and ended the day before for one it no longer leads
/// (or removed, when it began that very day). The account's member is made when it has none.
pub(crate) async fn set_led<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, Option<i32>),
    account: &account::Model,
    codes: &[String],
    day: Date,
) -> Result<()> {
    let groups: Vec<work_group::Model> = work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .all(c)
        .await?;
    let mut wanted = Vec::new();
    for code in codes {
        match groups.iter().find(|g| &g.code == code) {
            Some(g) => wanted.push(g.id),
            None => {
                let mut errors = FieldErrors::default();
                errors.add("groups", FieldError::UnknownValue);
                return Err(Error::Invalid(errors));
            }
        }
    }
    let existing = member::Entity::find()
        .filter(member::Column::TenantId.eq(tenant))
        .filter(member::Column::AccountId.eq(account.id))
        .one(c)
        .await?;
    let person = match existing {
        Some(m) => m.id,
        None if wanted.is_empty() => return Ok(()),
        None => {
            let draft = MemberDraft {
                name: account.name.clone(),
                email: Some(account.email.clone()),
                phone: None,
                organisation: None,
                organisation_name: None,
                publish_contact: false,
            };
            insert(c, tenant, actor, &draft, Some(account.id)).await?.id
        }
    };
    lock(c, tenant, person).await?;
    let current = spans(c, tenant, person).await?;
    let leads = |m: &&Membership| m.draft.function == Function::Manager && m.draft.is_active(day);
    let before: Vec<i32> = current
        .iter()
        .filter(leads)
        .map(|m| m.draft.group)
        .collect();
    if before.iter().all(|g| wanted.contains(g)) && wanted.iter().all(|g| before.contains(g)) {
        return Ok(());
    }
    for m in current.iter().filter(leads) {
        if !wanted.contains(&m.draft.group) {
            end_span(c, m, day).await?;
        }
    }
    for group in wanted.iter().copied().filter(|g| !before.contains(g)) {
        // The role the person has in the group already (or had last anywhere) carries over.
        let role = current
            .iter()
            .find(|m| m.draft.group == group && m.draft.kp_role.is_some())
            .or_else(|| current.iter().find(|m| m.draft.kp_role.is_some()))
            .and_then(|m| m.draft.kp_role);
        // A membership of the group from today on gives way: the person now leads it.
        for m in current
            .iter()
            .filter(|m| m.draft.group == group && m.draft.until.is_none_or(|u| u >= day))
        {
            end_span(c, m, day).await?;
        }
        let draft = MembershipDraft {
            group,
            kp_role: role,
            function: Function::Manager,
            since: day,
            until: None,
        };
        join(c, (tenant, actor), person, &draft).await?;
    }
    crate::audit::record(
        c,
        tenant,
        actor,
        ("member", person),
        "lead",
        Some(&before),
        Some(&wanted),
    )
    .await?;
    Ok(())
}

/// Ends a membership the day before `day`, or removes it when it begins on `day` or later.
async fn end_span<C: ConnectionTrait>(c: &C, m: &Membership, day: Date) -> Result<()> {
    if m.draft.since >= day {
        membership::Entity::delete_by_id(m.id).exec(c).await?;
    } else {
        membership::Entity::update_many()
            .col_expr(membership::Column::Until, Expr::value(day.previous_day()))
            .filter(membership::Column::Id.eq(m.id))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// Gives a member a login: an account with the member's name and e-mail, a manager's when the
/// member leads a group today, else a member's. Returns the new account's id.
pub async fn invite(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    member: i32,
    password_hash: String,
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let person = find(&txn, tenant, member).await?;
    if person.account.is_some() {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let Some(email) = person.draft.email.as_deref() else {
        let mut errors = FieldErrors::default();
        errors.add("email", FieldError::Required);
        return Err(Error::Invalid(errors));
    };
    let today = kpss_domain::czech::today();
    let leads = spans(&txn, tenant, member)
        .await?
        .iter()
        .any(|m| m.draft.function == Function::Manager && m.draft.is_active(today));
    let role = if leads {
        kpss_domain::account::Role::Manager
    } else {
        kpss_domain::account::Role::Member
    };
    let created = crate::account::insert(
        &txn,
        tenant,
        actor.account_id,
        crate::account::NewAccount {
            email,
            name: &person.draft.name,
            role,
            password_hash,
            organisations: &[],
            groups: &[],
        },
    )
    .await?;
    member::Entity::update_many()
        .col_expr(member::Column::AccountId, Expr::value(created.id))
        .filter(member::Column::Id.eq(member))
        .filter(member::Column::TenantId.eq(tenant))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(created.id)
}
