//! The people of community planning and their memberships in groups. A membership with the
//! function „manažer“ is what gives a member's account the group's manager rights.

use std::collections::HashMap;

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::member::{Function, KpRole, MemberDraft, MembershipDraft, RoleCounts};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use time::Date;

use crate::entity::{account, member, membership, work_group};
use crate::{Conflict, Error, Result, Store};

mod lead;
mod people;
mod span;

pub use lead::invite;
pub(crate) use lead::{led_codes, set_led};
pub(crate) use people::{account_of, people_on};
pub use people::{group_people, of_account, role_counts};
pub use span::{add_membership, remove_membership, update_membership};
use span::{check_group, span_row};

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
    /// The group's manager named the member an editor of the group's part of a draft plan.
    pub edits_plan: bool,
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
            edits_plan: m.edits_plan,
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

/// These members of the tenant (others are left out), in no particular order.
pub async fn members_by_id(store: &Store, tenant: i32, ids: &[i32]) -> Result<Vec<Member>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        out.extend(
            member::Entity::find()
                .filter(member::Column::TenantId.eq(tenant))
                .filter(member::Column::Id.is_in(chunk.iter().copied()))
                .all(store.db())
                .await?
                .into_iter()
                .map(Member::from),
        );
    }
    Ok(out)
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
pub(crate) fn active_on(day: Date) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(membership::Column::Since.lte(day))
        .add(
            sea_orm::Condition::any()
                .add(membership::Column::Until.is_null())
                .add(membership::Column::Until.gte(day)),
        )
}
